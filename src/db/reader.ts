import { createHash } from 'node:crypto';
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
  /**
   * The same for a lookup by key, whose best plan does not depend on the values (members by
   * id, an organisation's children, a subtree's counts): sent as a named statement, parsed once
   * per connection, and planned once for all values when PostgreSQL finds, after five plans
   * for the values, that one plan costs the same. Planning was most of what such a statement
   * cost (two lookups of an as-of count: 2,640 a second unprepared, 4,231 prepared). Never for
   * a statement whose plan depends on its values: a name search, a subtree's page, a filtered
   * list.
   */
  prepared<T>(query: Prisma.Sql): Promise<T[]>;
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

/**
 * Statement names by text: a name is the digest of its text, so that one name never stands for
 * two texts on a connection (pg refuses that). The texts are those of the code's lookups (a
 * few per lookup, by the caller's scope); the map is bounded all the same.
 */
const MAX_NAMES = 1000;
const names = new Map<string, string>();
function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `r${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/** A reader over a pool (or one of its connections). */
export function poolReader(pool: Pick<pg.Pool, 'query'> | pg.PoolClient): Reader {
  const send = async <T>(query: Prisma.Sql, name?: string): Promise<T[]> => {
    // A Date goes as its UTC instant: pg would write it in the process's zone, and a DATE
    // column compared with it would take the local day (the day before, west of Greenwich).
    const values = query.values.map((value) => (value instanceof Date ? value.toISOString() : value));
    const result = await pool.query({ text: query.text, values, types: TYPES, name });
    return result.rows as T[];
  };
  return {
    rows: (query) => send(query),
    prepared: (query) => send(query, statementName(query.text)),
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
