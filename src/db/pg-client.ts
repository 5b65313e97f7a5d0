import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';

// prisma/orm#27403: @prisma/adapter-pg cannot map the catalog column type `name` (oid 19),
// so every migrate command that reads pg_catalog fails with "Column type 'name' could not be
// deserialized". Reporting it as `text` (oid 25) is exact: pg already returns its text form.
// (`"char"`, oid 18, needs more than a text type: see migrate-adapter.ts.)
const CATALOG_TEXT_TYPES = new Set([19]);
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] } | { fields?: { dataTypeID: number }[] }[];

function reportCatalogTypesAsText<T>(result: T): T {
  const results = (Array.isArray(result) ? result : [result]) as { fields?: { dataTypeID: number }[] }[];
  for (const r of results) {
    for (const field of r?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

/** Counts every statement sent through pools of this client, for metrics and for tests. */
export const statementCounter = { count: 0 };

/**
 * The pg client every pool of this service uses (the app's and Prisma Migrate's).
 * `query` has a promise form and a callback form (pg.Pool uses the callback one): both are
 * covered.
 */
export class ServiceClient extends pg.Client {
  // pg's overloads cannot be restated one by one; the wrapper forwards whatever it gets.
  override query(...args: unknown[]): never {
    statementCounter.count++;
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (err: Error | null, res: QueryResultLike) => void;
      args[args.length - 1] = (err: Error | null, res: QueryResultLike) =>
        callback(err, err ? res : reportCatalogTypesAsText(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const config = args[0] as { callback?: (err: Error | null, res: QueryResultLike) => void } | undefined;
    if (config && typeof config === 'object' && typeof config.callback === 'function') {
      const callback = config.callback;
      config.callback = (err, res) => callback(err, err ? res : reportCatalogTypesAsText(res));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      return (returned as Promise<QueryResultLike>).then(reportCatalogTypesAsText) as never;
    }
    return returned as never;
  }
}

/**
 * Discrete connection fields from a URL. Prisma's shadow database for `migrate dev` is
 * created by spreading the pool config with another `database`: a `connectionString`
 * would win over it and the shadow would connect to the main database.
 */
export function poolConfigFromUrl(url: string, extra: pg.PoolConfig = {}): pg.PoolConfig {
  const parsed = parseConnectionString(url);
  return {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    database: parsed.database ?? undefined,
    ...(parsed.options ? { options: parsed.options } : {}),
    Client: ServiceClient,
    ...extra,
  };
}
