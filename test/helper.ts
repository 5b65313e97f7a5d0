import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import pg from 'pg';
import type { Test } from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import type { Role } from '../src/generated/prisma/client.js';
import { statementCounter } from '../src/db/pg-client.js';

const ADMIN_PASSWORD = 'test-password-1234';

/** Set by test/run.ts (`npm test`). */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is unset: run the suite with \`npm test\` (test/run.ts prepares the database)`);
  return value;
}

export function databaseUrl(database: string): string {
  const url = new URL(required('TEST_ADMIN_URL'));
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: required('TEST_ADMIN_URL') });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** A fresh database for this test file, cloned from the migrated template; dropped at teardown. */
export async function createTestDatabase(t: Test): Promise<string> {
  const name = `pbs_test_${required('TEST_RUN_ID')}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${required('TEST_TEMPLATE_DATABASE')}"`);
  t.teardown(() => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  return name;
}

export type Client = {
  /** Runs a GraphQL operation through HTTP as this client; returns the parsed body and the status. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ status: number; body: { data: T; errors: any[] } }>;
  request(options: InjectOptions): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  headers: Record<string, string>;
};

export type TestApp = Client & {
  app: FastifyInstance;
  /** The name of its database (another instance can be built on it). */
  database: string;
  /** A signed-in user holding `role` on `organizationId` (or everywhere), and their client. */
  signInAs(role: Role, organizationId?: string | null, options?: { memberId?: string }): Promise<Client & { userId: string }>;
  /** A client that sends no credentials. */
  anonymous: Client;
  /**
   * The number of SQL statements `work` sent, and its round trips: the longest chain of
   * statements each waiting for the answer of the one before (answers handed over in lockstep).
   */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number; roundTrips: number }>;
  /** A digest of every table's rows: "nothing changed" is asserted by comparing two of these. */
  snapshot(): Promise<Record<string, string>>;
};

/**
 * The test database as a read replica would serve it: the same data, every transaction read
 * only. Routed to as to a streaming replica without lag (src/db/replicas.ts), so any write sent
 * there fails as on a replica ("cannot execute … in a read-only transaction").
 */
export function readOnlyReplicaUrl(url: string): string {
  const replica = new URL(url);
  replica.searchParams.set('options', '-c default_transaction_read_only=on');
  return replica.toString();
}

export async function buildTestApp(
  t: Test,
  overrides: Record<string, string> = {},
  options: { logStream?: NodeJS.WritableStream; readOnlyReplica?: boolean; database?: string } = {},
): Promise<TestApp> {
  // Another instance of the service on the same database, when given one.
  const database = options.database ?? (await createTestDatabase(t));
  if (options.readOnlyReplica) overrides = { DATABASE_REPLICA_URLS: readOnlyReplicaUrl(databaseUrl(database)), ...overrides };
  const app = await buildApp(
    {
      // The regulation values are kept for the whole test (changes through the service reload
      // them at once), and loaded now, as the server does before it is ready: a statement count
      // never includes their load.
      // The job runner looks at the queue when a job is queued here, not on a timer: a statement
      // count never includes its polling.
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', REGULATIONS_CACHE_SECONDS: '86400', JOB_POLL_SECONDS: '3600', ...overrides }),
      DATABASE_URL: databaseUrl(database),
    },
    options,
  );
  t.teardown(() => app.close());
  // As the server does once migrations have run; the first look at the (empty) queue is over
  // before anything is counted.
  if (overrides.JOB_RUNNER !== 'false') await app.jobs.start();
  await app.rules.current();

  const client = (headers: Record<string, string>): Client => {
    const request: Client['request'] = async (options) => {
      const response = await app.inject({ ...options, headers: { ...headers, ...(options.headers as Record<string, string>) } });
      const type = String(response.headers['content-type'] ?? '');
      return {
        status: response.statusCode,
        headers: response.headers,
        body: type.includes('json') && response.body ? response.json() : response.body,
      };
    };
    return {
      headers,
      request,
      async gql(query, variables) {
        // As today's clients ask (GraphQL over HTTP): request errors are 400 with no data entry.
        const { status, body } = await request({ method: 'POST', url: '/graphql', payload: { query, variables }, headers: { accept: 'application/graphql-response+json, application/json' } });
        return { status, body };
      },
    };
  };
  const signIn = async (username: string, password: string) => {
    const tokens = await app.services.auth.signIn(username, password, { requestId: 'test' });
    return client({ authorization: `Bearer ${tokens.accessToken}` });
  };
  await app.services.auth.ensureAdministrator('admin', ADMIN_PASSWORD);
  const admin = await signIn('admin', ADMIN_PASSWORD);
  let users = 0;

  return {
    app,
    database,
    ...admin,
    anonymous: client({}),
    async signInAs(role, organizationId = null, options = {}) {
      const username = `user${++users}-${role.toLowerCase()}`;
      const user = await app.services.auth.createUser({ username, displayName: username, password: ADMIN_PASSWORD, memberId: options.memberId ?? null });
      await app.services.auth.grant({ userId: user.id, role, organizationId });
      return { ...(await signIn(username, ADMIN_PASSWORD)), userId: user.id };
    },
    async countStatements(work) {
      // Every connection of the pool open beforehand, as in a running service: a statement
      // waiting for a new connection would be sent after answers it does not depend on.
      const connections = await Promise.all(Array.from({ length: app.db.pool.options.max }, () => app.db.pool.connect()));
      for (const connection of connections) connection.release();
      // The caller's principal read as at a first request (the cache would hide it after one):
      // counts are of a request that pays for everything.
      app.principals.forget(null);
      const before = app.db.statementCount();
      const roundTripsBefore = app.db.roundTripCount();
      statementCounter.lockstep = true;
      try {
        const result = await work();
        return { result, statements: app.db.statementCount() - before, roundTrips: app.db.roundTripCount() - roundTripsBefore };
      } finally {
        statementCounter.lockstep = false;
      }
    },
    async snapshot() {
      const tables = await app.db.prisma.$queryRaw<{ name: string }[]>`
        SELECT relname::text AS name FROM pg_class
        WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> '_prisma_migrations'
        ORDER BY relname`;
      const digests = await app.db.prisma.$queryRawUnsafe<{ name: string; digest: string }[]>(
        tables
          .map(
            ({ name }) =>
              `SELECT '${name}' AS name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM "${name}" t`,
          )
          .join(' UNION ALL '),
      );
      return Object.fromEntries(digests.map((row) => [row.name, row.digest]));
    },
  };
}
