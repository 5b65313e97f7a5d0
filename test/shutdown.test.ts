import http from 'node:http';
import pg from 'pg';
import t from 'tap';
import { createTestDatabase, databaseUrl } from './helper.js';
import { startServer, waitFor } from './process.js';

/**
 * The real process (src/server.ts), signalled as an orchestrator does: requests in flight when
 * SIGTERM arrives finish within the grace period, and the process then exits on its own.
 * The requests are held open by a lock on the table they read, taken from outside.
 */

t.test('SIGTERM lets requests in flight finish, then the process exits', async (t) => {
  const database = await createTestDatabase(t);
  const url = databaseUrl(database);
  const server = await startServer({
    DATABASE_URL: url,
    MIGRATE_ON_START: 'false',
    SEED_DEMO_DATA: 'false',
    ADMIN_PASSWORD: 'shutdown-test-password',
    SHUTDOWN_GRACE_MS: '10000',
  });
  const { child, exited, base } = server;
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, 60_000);
  const signIn = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'shutdown-test-password' }),
  });
  const { accessToken } = (await signIn.json()) as { accessToken: string };

  // Hold every read of organisations behind a lock taken from outside.
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  t.teardown(() => locker.end());
  // Another connection watches: inside the locker's transaction pg_stat_activity is a snapshot.
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  t.teardown(() => watcher.end());
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE organization_versions IN ACCESS EXCLUSIVE MODE');

  // Nine connections of their own (fetch would share a few keep-alive sockets).
  const inFlight = Array.from(
    { length: 9 },
    () =>
      new Promise<{ status: number; body: string }>((resolve) => {
        const request = http.get(`${base}/api/v1/organizations?first=5`, { agent: false, headers: { authorization: `Bearer ${accessToken}` } }, (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        });
        request.on('error', (error) => resolve({ status: 0, body: String(error) }));
      }),
  );
  // Wait until all nine are waiting on the lock inside the database.
  await waitFor(async () => {
    const { rows } = await watcher.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows[0]!.n >= 9;
  }, 20_000).catch(async (error: unknown) => {
    const { rows } = await watcher.query(`SELECT state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity WHERE datname = $1`, [database]);
    t.comment(JSON.stringify(rows));
    t.comment(server.output().slice(-2000));
    const settled = await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(() => resolve('pending'), 2000))]);
    t.comment(JSON.stringify(settled).slice(0, 1000));
    throw error;
  });

  const signalledAt = Date.now();
  child.kill('SIGTERM');
  // New connections are refused (or answered 503) while the nine finish.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  t.equal(child.exitCode, null, 'the process waits for the requests in flight');
  await locker.query('ROLLBACK');

  const answers = await Promise.all(inFlight);
  t.same(
    answers.map((answer) => answer.status),
    Array(9).fill(200),
    'every request in flight when SIGTERM arrived was answered',
  );
  const exit = await exited;
  t.equal(exit.code, 0, `the process exited cleanly: ${server.output().slice(-500)}`);
  t.ok(exit.at - signalledAt < 10_000, 'within the grace period');
});
