import type { Tx } from './database.js';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** Rows per statement: one JSON parameter of a few megabytes at most. */
const ROWS_PER_STATEMENT = 5_000;

/** The column of a model field: the schema maps every field to its snake_case name (a test holds it). */
export function columnOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * Inserts rows (keyed by model field, as Prisma's createMany takes them) in one statement per
 * 5,000 rows. The rows travel as one JSON parameter that `jsonb_populate_recordset` turns
 * into the table's own row type, so PostgreSQL converts every value to its column's type
 * (dates, enums, arrays, jsonb) and the client serialises one string: Prisma's createMany
 * spends seconds in its query compiler on a batch of 5,000 members. Columns left out take
 * their database defaults (not Prisma's: give `id` and `updatedAt` where the schema has
 * `@default(uuid(7))` or `@updatedAt`). The columns are the union of the rows' keys: a key a row lacks is NULL there.
 */
export async function insertRows(tx: Tx, table: string, rows: readonly Record<string, unknown>[]): Promise<number> {
  if (rows.length === 0) return 0;
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns = fields.map(columnOf);
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`insertRows: ${name} is not a plain identifier`);
  }
  const list = columns.map((column) => `"${column}"`).join(', ');
  const sql = `INSERT INTO "${table}" (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`;
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + ROWS_PER_STATEMENT).map((row) => {
      const record: Record<string, unknown> = {};
      fields.forEach((field, index) => {
        record[columns[index]!] = row[field] ?? null;
      });
      return record;
    });
    inserted += await tx.$executeRawUnsafe(sql, JSON.stringify(chunk));
  }
  return inserted;
}
