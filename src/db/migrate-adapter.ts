import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils';
import { poolConfigFromUrl } from './pg-client.js';
import { splitSqlStatements } from './sql-script.js';

type Query = object;
type PgResult = { fields?: { dataTypeID: number }[] };
type RawResult = { columnTypes: number[] };
type Queryable = {
  performIO(query: Query): Promise<PgResult>;
  queryRaw(query: Query): Promise<RawResult>;
  startTransaction?(...args: unknown[]): Promise<Queryable>;
};

const CHAR_OID = 18;
const TEXT_OID = 25;

/**
 * prisma/orm#27403, second half: the catalog type `"char"` (oid 18, e.g.
 * pg_constraint.contype) is unsupported by @prisma/adapter-pg, and reporting it as text is
 * not enough: the schema describer reads it as a character and the JS schema engine aborts
 * with "RuntimeError: unreachable" as soon as the schema has a CHECK or EXCLUDE constraint.
 * Such columns are fetched as text and reported to the engine as `Character`.
 */
function reportCharColumnsAsCharacter<T>(adapter: T): T {
  // performIO is private in the adapter's types: this is a patch of its internals.
  const queryable = adapter as unknown as Queryable;
  const charColumns = new WeakMap<Query, number[]>();
  const performIO = queryable.performIO.bind(queryable);
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const indexes: number[] = [];
    // A multi-statement script returns an array of results; only single queries are read.
    (Array.isArray(result) ? [] : (result.fields ?? [])).forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) {
        field.dataTypeID = TEXT_OID;
        indexes.push(index);
      }
    });
    if (indexes.length > 0) charColumns.set(query, indexes);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query);
    for (const index of charColumns.get(query) ?? []) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  if (queryable.startTransaction) {
    const startTransaction = queryable.startTransaction.bind(queryable);
    queryable.startTransaction = async (...args) => reportCharColumnsAsCharacter(await startTransaction(...args));
  }
  return adapter;
}

/**
 * A migration script run statement by statement, split where statements end: the stock
 * `executeScript` (adapter-pg 6.19) splits at every `;`, which cuts a function body in pieces.
 * Each statement goes through the adapter's own query path, so errors are reported as before.
 */
function splitScriptsAtStatementEnds<T>(adapter: T): T {
  // client and onError are private in the adapter's types: this is a patch of its internals,
  // doing what the stock executeScript does for each statement.
  const scripted = adapter as unknown as { client: pg.ClientBase; onError(error: unknown): never; executeScript(script: string): Promise<void> };
  scripted.executeScript = async (script) => {
    for (const statement of splitSqlStatements(script)) {
      try {
        await scripted.client.query(statement);
      } catch (error) {
        scripted.onError(error);
      }
    }
  };
  return adapter;
}

/**
 * The driver adapter Prisma Migrate's JS schema engine runs on (see prisma.config.ts).
 *
 * Also overrides the shadow database for `migrate dev` / `migrate diff --from-migrations`:
 * the stock one (adapter-pg 6.19) connects the shadow pool with a spread of the main
 * pool's config, so a `connectionString` keeps pointing at the main database, and it drops
 * the shadow database before closing that pool, so the drop fails with "being accessed by
 * other users".
 */
export class MigratePg extends PrismaPg {
  constructor(private readonly fields: pg.PoolConfig) {
    super(fields);
  }

  override async connect() {
    return splitScriptsAtStatementEnds(reportCharColumnsAsCharacter(await super.connect()));
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadow = await new MigratePg({ ...this.fields, database }).connect();
    const disposeShadowPool = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await disposeShadowPool();
      try {
        await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      } finally {
        await main.dispose();
      }
    };
    return shadow;
  }
}

export function migrateAdapterFor(url: string): MigratePg {
  // The CLI never disposes the adapter: idle connections must not keep the process alive
  // (they did, for pg's 10 s idle timeout, after every command).
  return new MigratePg(poolConfigFromUrl(url, { max: 4, allowExitOnIdle: true }));
}
