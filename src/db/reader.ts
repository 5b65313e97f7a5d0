import pg from 'pg';
import { Prisma } from '../generated/prisma/client.js';

/**
 * Reads sent straight to the pool, for the statements every request pays for (who is
 * calling, a member by id, its events). Prisma 6.19's client engine compiles every query,
 * raw ones included, into a plan in WebAssembly on the event loop at each call (no plan
 * cache before Prisma 7.4, prisma/orm#29038): on a member read by id that compile was a
 * quarter of the process's CPU, more than the statements cost. The statements are the same
 * `Prisma.sql` templates, bound as parameters; rows come back as Prisma returns them
 * (DATE columns as Dates at UTC midnight, timestamps without zone as UTC), which
 * test/reader.test.ts checks field by field against Prisma for the models read this way.
 *
 * Only for reads outside a transaction: whatever runs inside one goes through its `tx`.
 */
export type Reader = {
  rows<T>(query: Prisma.Sql): Promise<T[]>;
};

const DATE = 1082;
const TIMESTAMP = 1114;
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === DATE) return (value: string) => new Date(`${value}T00:00:00Z`);
    if (oid === TIMESTAMP) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export function poolReader(pool: pg.Pool): Reader {
  return {
    async rows<T>(query: Prisma.Sql): Promise<T[]> {
      // A Date goes as its UTC instant: pg would write it in the process's zone, and a DATE
      // column compared with it would take the local day (the day before, west of Greenwich).
      const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
      const result = await pool.query({ text: query.text, values, types: TYPES });
      return result.rows as T[];
    },
  };
}

/**
 * The select list of a model's scalar columns under `alias`, named as Prisma names the
 * fields (`m.full_name AS "fullName"`): the rows read are the model's type. Columns are the
 * fields' snake_case, as every `@map` of the schema writes them (checked by the test).
 */
export function modelColumns(fields: Record<string, string>, alias: string, prefix = ''): Prisma.Sql {
  return Prisma.raw(
    Object.keys(fields)
      .map((field) => `${alias}."${field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)}" AS "${prefix}${field}"`)
      .join(', '),
  );
}

/** A joined row split in two: the fields selected under `prefix` (without it), and the others. */
export function splitRow<Inner, Rest>(row: Record<string, unknown>, prefix: string): [Inner, Rest] {
  const inner: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const key in row) {
    if (key.startsWith(prefix)) inner[key.slice(prefix.length)] = row[key];
    else rest[key] = row[key];
  }
  return [inner as Inner, rest as Rest];
}
