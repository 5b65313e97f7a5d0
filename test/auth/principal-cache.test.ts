/**
 * Who is behind a session or an API key is kept between requests only while the database
 * announces every change to it (src/modules/auth/principal-cache.ts): a revocation acts at
 * once, whether made through the service or straight in the database, and nothing is kept
 * while the announcements cannot be heard.
 */
import t, { type Test } from 'tap';
import { buildTestApp, type Client } from '../helper.js';
import { buildTree } from '../factories.js';

/** Waits (bounded) for a condition; fails the test when it does not come. */
async function until(t: Test, what: string, condition: () => boolean | Promise<boolean>, ms = 5_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  t.fail(`${what}: not within ${ms} ms`);
  return false;
}

const ME = '{ me { name grants { role } } }';

t.test('the caller is read once and kept; a change made anywhere is heard and acts at once', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  await until(t, 'listening', () => app.principals.active);
  const statementsOf = async (client: Client) => {
    const before = app.db.statementCount();
    const answer = await client.gql(ME);
    return { status: answer.status, body: answer.body, statements: app.db.statementCount() - before };
  };

  const viewer = await api.signInAs('VIEWER', null);
  app.principals.forget(null);
  t.match(await statementsOf(viewer), { status: 200, statements: 1 }, 'first request: the principal read');
  t.match(await statementsOf(viewer), { status: 200, statements: 0 }, 'second request: kept, nothing read');

  // A session ended in the database by anything but the service (a script, psql): refused as
  // soon as the announcement arrives (the entry would otherwise be served for a minute).
  await app.db.pool.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1::uuid`, [viewer.userId]);
  await until(t, 'the revoked session refused', async () => (await viewer.gql(ME)).status === 401);

  // A grant revoked through the service: the very next request no longer has it.
  const officer = await api.signInAs('ORGANIZATION_OFFICER', null);
  t.same((await officer.gql(ME)).body.data.me.grants, [{ role: 'ORGANIZATION_OFFICER' }]);
  t.equal((await statementsOf(officer)).statements, 0, 'kept');
  const grant = await app.db.prisma.roleGrant.findFirstOrThrow({ where: { userId: officer.userId } });
  await app.services.auth.revokeGrant(grant.id);
  t.same((await officer.gql(ME)).body.data.me.grants, [], 'the next request after the revocation has no grant');

  // A user disabled straight in the database.
  const other = await api.signInAs('VIEWER', null);
  t.equal((await other.gql(ME)).status, 200);
  await app.db.pool.query(`UPDATE users SET disabled_at = now() WHERE id = $1::uuid`, [other.userId]);
  await until(t, 'the disabled user refused', async () => (await other.gql(ME)).status === 401);

  // API keys: revoked through the service (at once), and in the database (once heard).
  const keyHolder = await api.signInAs('VIEWER', null);
  const keys = await Promise.all([0, 1].map((i) => app.services.auth.createApiKey({ userId: keyHolder.userId, name: `Khóa ${i}` })));
  const withKey = (key: string) => app.inject({ method: 'POST', url: '/graphql', headers: { 'x-api-key': key }, payload: { query: ME } });
  for (const { key } of keys) t.equal((await withKey(key)).statusCode, 200);
  const before = app.db.statementCount();
  t.equal((await withKey(keys[0]!.key)).statusCode, 200);
  t.equal(app.db.statementCount() - before, 0, 'a key is kept too');
  await app.services.auth.revokeApiKey(keys[0]!.apiKey.id);
  t.equal((await withKey(keys[0]!.key)).statusCode, 401, 'revoked through the service: refused at the next request');
  await app.db.pool.query(`UPDATE api_keys SET revoked_at = now() WHERE id = $1::uuid`, [keys[1]!.apiKey.id]);
  await until(t, 'the key revoked in the database refused', async () => (await withKey(keys[1]!.key)).statusCode === 401);

  // A grant's organisation moved: the grant's path is the new one once announced (everyone's
  // entries go: the holders of grants below it are concerned too).
  const tree = await buildTree(app, '2015-01-01');
  const local = await api.signInAs('ADMIN', tree.G2);
  const path = async () => (await local.gql('{ me { grants { organization { ancestors { code } } } } }')).body.data.me.grants[0].organization.ancestors.map((a: { code: string }) => a.code);
  t.same(await path(), ['P', 'U1']);
  await app.services.organizations.move({ organizationId: tree.G2, newParentId: tree.U2, effectiveOn: '2020-01-01', decisionId: tree.decision.id });
  await until(t, 'the moved organisation heard', async () => JSON.stringify(await path()) === JSON.stringify(['P', 'U2']));
});

t.test('while the announcements cannot be heard, nothing is kept and a change acts at once', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  await until(t, 'listening', () => app.principals.active);
  const viewer = await api.signInAs('VIEWER', null);
  t.equal((await viewer.gql(ME)).status, 200);

  // The announcements' connection is cut (a restart of PostgreSQL, a network fault, an
  // administrator ending backends): the process stops serving what it kept.
  const { rows } = await app.db.pool.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN principals_changed'`,
  );
  t.equal(rows.length, 1, 'one listening connection');
  await app.db.pool.query(`SELECT pg_terminate_backend($1)`, [rows[0]!.pid]);
  await until(t, 'the loss noticed', () => !app.principals.active, 2_000);
  // Revoked in the database while nobody hears: refused at the very next request, because
  // nothing is served from the cache until it listens again.
  if (!app.principals.active) {
    const before = app.db.statementCount();
    t.equal((await viewer.gql(ME)).status, 200);
    t.equal(app.db.statementCount() - before, 1, 'read at every request meanwhile');
    await app.db.pool.query(`UPDATE sessions SET revoked_at = now() WHERE user_id = $1::uuid`, [viewer.userId]);
    t.equal((await viewer.gql(ME)).status, 401, 'refused at once');
  }
  // It listens again by itself, and keeps again.
  await until(t, 'listening again', () => app.principals.active);
  const again = await api.signInAs('VIEWER', null);
  await again.gql(ME);
  const before = app.db.statementCount();
  t.equal((await again.gql(ME)).status, 200);
  t.equal(app.db.statementCount() - before, 0, 'kept again');
});

t.test('PRINCIPAL_CACHE_SECONDS=0: read at every request, no listening connection', async (t) => {
  const api = await buildTestApp(t, { PRINCIPAL_CACHE_SECONDS: '0' });
  const { app } = api;
  const viewer = await api.signInAs('VIEWER', null);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(app.principals.active, false);
  for (let i = 0; i < 3; i++) {
    const before = app.db.statementCount();
    t.equal((await viewer.gql(ME)).status, 200);
    t.equal(app.db.statementCount() - before, 1);
  }
  const { rows } = await app.db.pool.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN principals_changed'`);
  t.equal(rows.length, 0);
});
