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

/**
 * Counts every statement sent through pools of this client, for metrics and for tests, and the
 * round trips: a statement's depth is one more than the deepest statement answered when it is
 * sent, so statements sent together (the loaders of one GraphQL level, on several connections)
 * share a depth, and `roundTrips` (the deepest so far) grows by the waits made in turn.
 *
 * In `lockstep` (tests only) the answers are held until every statement in flight has
 * answered and nothing more is sent, then handed over together: what one answer leads to is
 * sent before any later answer arrives, so the depth is the chain of statements that truly
 * wait for each other, not an accident of which answer came first.
 */
export const statementCounter = { count: 0, roundTrips: 0, answeredDepth: 0, lockstep: false };

let inFlight = 0;
let held: { depth: number; deliver: () => void }[] = [];

/** Counts a statement being sent; the function returned hands over its answer. */
function sent(): (deliver: () => void) => void {
  statementCounter.count++;
  const depth = statementCounter.answeredDepth + 1;
  if (depth > statementCounter.roundTrips) statementCounter.roundTrips = depth;
  inFlight++;
  return (deliver) => {
    inFlight--;
    if (!statementCounter.lockstep && held.length === 0) {
      if (depth > statementCounter.answeredDepth) statementCounter.answeredDepth = depth;
      deliver();
      return;
    }
    held.push({ depth, deliver });
    if (inFlight === 0) settle();
  };
}

/**
 * Hands the held answers over once nothing has been sent for a moment: Prisma sends a
 * statement some turns of the event loop after it is asked for, and a statement asked for
 * together with the others belongs to their round trip.
 */
function settle(): void {
  setTimeout(() => {
    if (inFlight > 0 || held.length === 0) return;
    const answers = held;
    held = [];
    for (const answer of answers) if (answer.depth > statementCounter.answeredDepth) statementCounter.answeredDepth = answer.depth;
    for (const answer of answers) answer.deliver();
  }, 5);
}

/**
 * The pg client every pool of this service uses (the app's and Prisma Migrate's).
 * `query` has a promise form and a callback form (pg.Pool uses the callback one): both are
 * covered.
 */
export class ServiceClient extends pg.Client {
  // pg's overloads cannot be restated one by one; the wrapper forwards whatever it gets.
  override query(...args: unknown[]): never {
    const answer = sent();
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as (err: Error | null, res: QueryResultLike) => void;
      args[args.length - 1] = (err: Error | null, res: QueryResultLike) =>
        answer(() => callback(err, err ? res : reportCatalogTypesAsText(res)));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const config = args[0] as { callback?: (err: Error | null, res: QueryResultLike) => void } | undefined;
    if (config && typeof config === 'object' && typeof config.callback === 'function') {
      const callback = config.callback;
      config.callback = (err, res) => answer(() => callback(err, err ? res : reportCatalogTypesAsText(res)));
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    let returned: unknown;
    try {
      returned = (super.query as (...a: unknown[]) => unknown)(...args);
    } catch (error) {
      answer(() => {});
      throw error;
    }
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      return new Promise((resolve, reject) => {
        (returned as Promise<QueryResultLike>).then(
          (result) => answer(() => resolve(reportCatalogTypesAsText(result))),
          (error: unknown) => answer(() => reject(error)),
        );
      }) as never;
    }
    // A submittable (a cursor or a stream) reports its own end: counted as answered at once.
    answer(() => {});
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
    // No JIT compilation on the service's connections: its statements are short, and the
    // planner prices a subtree's page by all a walk could read, not the page it stops at, which
    // started JIT compiling at every subtree page: 350–600 ms for a 10 ms answer at 5,600,000
    // members.
    options: [parsed.options, '-c jit=off'].filter(Boolean).join(' '),
    Client: ServiceClient,
    ...extra,
  };
}
