import t from 'tap';
import pg from 'pg';
import { createTestDatabase, databaseUrl } from './helper.js';
import { startServer, waitFor } from './process.js';

/**
 * The first start as a new user meets it, on the real process: the port opens at once and
 * tells what is being done; a demo load killed with SIGKILL half way is undone and done again
 * on the next start, so the database ends with the whole demo, never part of it.
 */
t.test('the port opens at once; a demo load killed half way is undone and loaded whole on the next start', async (t) => {
  const database = await createTestDatabase(t);
  const url = databaseUrl(database);
  const env = { DATABASE_URL: url, MIGRATE_ON_START: 'false', SEED_DEMO_DATA: 'true', ADMIN_PASSWORD: 'startup-test-password' };
  const first = await startServer(env);
  t.teardown(() => {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  });

  await waitFor(async () => (await fetch(`${first.base}/health/live`)).ok, 60_000, 'the port');
  // Part of the members are in: the load is well under way.
  await waitFor(
    async () => {
      const ready = await fetch(`${first.base}/health/ready`);
      const body = (await ready.json()) as { phase?: string; progress?: string | null };
      return ready.status === 503 && body.phase === 'loading demo data' && /^\d+\/\d+ members$/.test(body.progress ?? '');
    },
    240_000,
    'the members of the demo',
  );
  const api = await fetch(`${first.base}/api/v1/organizations`);
  t.equal(api.status, 503, 'the API answers 503 while starting');
  t.equal(api.headers.get('retry-after'), '5');
  t.match(await api.json(), { code: 'SERVICE_STARTING', phase: 'loading demo data' });
  first.child.kill('SIGKILL');
  await first.exited;
  const counts = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ organizations: number; members: number; complete: number; incomplete: number; users: number }>(
        `SELECT (SELECT count(*)::int FROM organizations) AS organizations, (SELECT count(*)::int FROM members) AS members,
                (SELECT count(*)::int FROM demo_loads WHERE completed_at IS NOT NULL) AS complete,
                (SELECT count(*)::int FROM demo_loads WHERE completed_at IS NULL) AS incomplete,
                (SELECT count(*)::int FROM users) AS users`,
      );
      return rows[0]!;
    } finally {
      await client.end();
    }
  };
  const killed = await counts();
  t.equal(killed.organizations, 266, 'killed after the tree');
  t.ok(killed.members > 0 && killed.members < 4992, `killed half way through the members (${killed.members})`);
  t.same([killed.complete, killed.incomplete], [0, 1], 'the load is marked unfinished');

  const second = await startServer(env);
  t.teardown(() => {
    if (second.child.exitCode === null) second.child.kill('SIGKILL');
  });
  await waitFor(async () => (await fetch(`${second.base}/health/ready`)).ok, 280_000, 'the second start');
  t.match(second.output(), /did not finish: undoing it/, 'the next start says what it found');
  t.same(await counts(), { organizations: 266, members: 4992, complete: 1, incomplete: 0, users: 1 }, 'the whole demo, once, and the administrator');
  second.child.kill('SIGTERM');
  await second.exited;
});
