/**
 * Several instances (issue 19), inside one process: two apps on one database sharing Redis (the
 * rate limit and the throttle of unknown usernames counted together, a job's events and a
 * subtree's changes reaching subscribers of the other instance), and reads routed to a replica.
 * A replica here is another database of the same server, read only: one that stays as it was
 * when made (a replica infinitely behind that does not know it), which shows where each read
 * went. The same with real processes, a streaming replica and kill -9: scripts/scale-out.ts
 * (a CI step).
 */
import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { buildTree, orgGid } from './factories.js';
import { buildTestApp, createTestDatabase, databaseUrl, readOnlyReplicaUrl, type TestApp } from './helper.js';
import { addDays, todayInVietnam } from '../src/shared/dates.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SHARED = { JWT_SECRET: 'scale-out-test-secret-0123456789abcdefghijklmnopqrstuv' };

/** Whether a Redis answers there (the machine's, on CI); the tests that need one say so when it does not. */
const redisAnswers = await new Promise<boolean>((resolve) => {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = createConnection({ host: hostname, port: Number(port || 6379) });
  socket.setTimeout(1_000);
  socket.on('connect', () => socket.write('PING\r\n'));
  socket.on('data', (data) => {
    resolve(String(data).startsWith('+PONG'));
    socket.destroy();
  });
  socket.on('error', () => resolve(false));
  socket.on('timeout', () => {
    resolve(false);
    socket.destroy();
  });
});
const needsRedis = redisAnswers ? {} : { skip: `no Redis answers at ${REDIS_URL} (set TEST_REDIS_URL)` };

type Message = { type: string; id?: string; payload?: any };

/** A graphql-transport-ws connection to an app listening, signed in with `authorization`. */
async function subscribe(api: TestApp, authorization: string, query: string, variables: Record<string, unknown>, onMessage: (message: Message) => void) {
  const address = api.app.server.listening ? `http://127.0.0.1:${(api.app.server.address() as { port: number }).port}` : await api.app.listen({ port: 0, host: '127.0.0.1' });
  const socket = new WebSocket(`${address.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
  await new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Message;
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
        resolve();
      } else onMessage(message);
    });
  });
  return socket;
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Two instances on one database, sharing Redis under keys of their own (runs must not meet). */
async function pair(t: Test, overrides: Record<string, string> = {}) {
  const settings = { ...SHARED, REDIS_URL, REDIS_KEY_PREFIX: `test-${randomBytes(6).toString('hex')}:`, DUE_ITEMS_REFRESH_SECONDS: '0.1', ...overrides };
  const a = await buildTestApp(t, settings);
  // B runs no jobs: a job queued anywhere runs on A.
  const b = await buildTestApp(t, { ...settings, JOB_RUNNER: 'false' }, { database: a.database });
  return { a, b };
}

t.test('two instances sharing Redis', needsRedis, async (t) => {
  const { a, b } = await pair(t);
  const tree = await buildTree(a.app, '2015-01-01');

  t.test('the rate limit is counted across both', async (t) => {
    const { a, b } = await pair(t, { RATE_LIMIT_PER_MINUTE: '6' });
    const tree = await buildTree(a.app, '2015-01-01');
    const officer = await a.signInAs('ORGANIZATION_OFFICER', tree.U1);
    const get = (api: TestApp) => api.app.inject({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}`, headers: officer.headers });
    const answers = [];
    for (const api of [a, b, a, b, a, b, a]) answers.push(await get(api));
    t.same(
      answers.map((answer) => answer.statusCode),
      [200, 200, 200, 200, 200, 200, 429],
      'six a minute in all, whichever instance answers',
    );
    t.same(
      answers.slice(0, 6).map((answer) => answer.headers['x-ratelimit-remaining']),
      ['5', '4', '3', '2', '1', '0'],
      'one count',
    );
    t.equal(answers[6]!.json().code, 'RATE_LIMITED');
  });

  t.test('an unknown username is locked across both, as a real account is', async (t) => {
    const { a, b } = await pair(t, { SIGN_IN_MAX_FAILURES: '5' });
    const attempt = (api: TestApp) =>
      api.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'nobody-here', password: 'wrong-password-1' } });
    const codes = [];
    for (const api of [a, b, a, b, a, b]) codes.push((await attempt(api)).json().code);
    t.same(codes, ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);
  });

  t.test("a subscription on B hears a job run on A, to its end", async (t) => {
    // The job waits until B's subscriber is there.
    await a.app.jobs.stop();
    const csv = 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nLê Văn Hai Máy,Nam,01/01/1990,B1,01/06/2020\n';
    const queued = await a.app.inject({ method: 'POST', url: '/api/v1/imports?kind=members', headers: { ...a.headers, 'content-type': 'text/csv' }, payload: csv });
    const id = queued.json().id as string;
    const heard: { status: string; phase: string }[] = [];
    let completed = false;
    const socket = await subscribe(b, a.headers.authorization!, 'subscription ($id: ID!) { jobProgress(id: $id) { id status phase done } }', { id }, (message) => {
      if (message.type === 'next') heard.push(message.payload.data.jobProgress);
      if (message.type === 'complete') completed = true;
    });
    t.teardown(() => socket.close());
    // Subscribed through Redis before the job moves (the SUBSCRIBE has reached Redis).
    await new Promise((resolve) => setTimeout(resolve, 300));
    a.app.jobs.start();
    await until('the job to end on B', () => completed);
    t.ok(heard.some((progress) => progress.phase === 'VALIDATING'), `phases heard on B: ${heard.map((p) => p.phase).join(', ')}`);
    t.match(heard.at(-1), { id, status: 'SUCCEEDED', phase: 'DONE' });
  });

  t.test('items coming due: a change through A reaches a subscriber of that subtree on B, not of another', async (t) => {
    const officer = await a.signInAs('ORGANIZATION_OFFICER', tree.U1);
    const query = 'subscription ($org: ID!) { dueItemsAdded(organizationId: $org, days: 30) { asOf items { kind title subjectType subjectId date organization { name } } } }';
    const heard: any[] = [];
    const errors: any[] = [];
    const socket = await subscribe(b, officer.headers.authorization!, query, { org: orgGid(tree.U1) }, (message) => {
      if (message.type === 'next') (message.payload.errors ? errors : heard).push(message.payload.data?.dueItemsAdded ?? message.payload.errors);
      if (message.type === 'error') errors.push(message.payload);
    });
    t.teardown(() => socket.close());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const plan = (organizationId: string, days: number) =>
      a.gql(`mutation ($input: PlanMeetingInput!) { planMeeting(input: $input) { ... on MeetingPayload { meeting { id } } ... on Error { code message } } }`, {
        input: { organizationId: orgGid(organizationId), kind: 'REGULAR', plannedOn: addDays(todayInVietnam(), days), startTime: '08:00', place: 'Hội trường' },
      });
    // A meeting in the other bloc: nothing for U1's subscriber.
    const other = await plan(tree.B3, 5);
    t.ok(other.body.data?.planMeeting.meeting, JSON.stringify(other.body));
    await new Promise((resolve) => setTimeout(resolve, 500));
    t.same(heard, [], 'a change in another subtree sends nothing');
    const planned = await plan(tree.B1, 7);
    const meetingId = planned.body.data.planMeeting.meeting.id as string;
    await until('the new item on B', () => heard.length > 0);
    t.match(heard[0].items, [{ kind: 'MEETING_PLANNED', subjectType: 'Meeting', subjectId: meetingId, date: addDays(todayInVietnam(), 7) }], 'only the new item');
    t.equal(heard[0].items.length, 1, JSON.stringify(heard[0].items));
    t.same(errors, []);

    // The officer's grant is revoked: the next change ends the subscription with the refusal.
    const grants = await a.app.db.prisma.roleGrant.findMany({ where: { userId: officer.userId } });
    await a.app.services.auth.revokeGrant(grants[0]!.id);
    await plan(tree.B1, 9);
    await until('the refusal', () => errors.length > 0);
    t.match(JSON.stringify(errors), /not allowed/, 'refused');
    t.equal(heard.length, 1, 'nothing more was sent');
  });
});

t.test('reads on a replica, writes and their readers on the primary', async (t) => {
  // The "replica": the test database through read-only connections (a write sent there fails).
  const api = await buildTestApp(t, { DATABASE_REPLICA_CHECK_SECONDS: '60' }, { readOnlyReplica: true });
  const { app } = api;
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  t.match(ready.json(), { status: 'ready', replicas: [{ replica: 1, state: 'ok', lagSeconds: 0 }] }, 'the replica is in use');
  t.notOk('reads' in ready.json().replicas[0], 'the counts of reads are not shown');
  const tree = await buildTree(app, '2015-01-01');
  await app.db.replicas!.check();
  const reads = () => app.db.replicas!.status()[0]!.reads;
  const read = (client: { headers: Record<string, string> }) => app.inject({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}`, headers: client.headers });
  const viewer = await api.signInAs('VIEWER', null);
  let before = reads();
  t.equal((await read(viewer)).statusCode, 200);
  t.ok(reads() > before, 'a GET reads from the replica');
  before = reads();
  const query = await viewer.gql(`query ($id: ID!) { organization(id: $id) { name } }`, { id: orgGid(tree.B1) });
  t.equal(query.body.data.organization.name, 'Chi bộ Văn phòng');
  t.ok(reads() > before, 'a GraphQL query sent by POST reads from the replica too');

  before = reads();
  const planned = await api.gql(`mutation ($input: PlanMeetingInput!) { planMeeting(input: $input) { ... on MeetingPayload { meeting { id organization { name } } } ... on Error { code message } } }`, {
    input: { organizationId: orgGid(tree.B1), kind: 'REGULAR', plannedOn: '2025-03-03', startTime: '08:00', place: 'Hội trường' },
  });
  t.equal(planned.body.data.planMeeting.meeting?.organization.name, 'Chi bộ Văn phòng', `a mutation and its answer are on the primary: ${JSON.stringify(planned.body)}`);
  t.equal(reads(), before, 'nothing of the mutation read on the replica');
  t.equal((await read(api)).statusCode, 200);
  t.equal(reads(), before, 'the writer reads at once from the primary: the replica has not been seen to replay their write');
  t.equal((await read(viewer)).statusCode, 200);
  t.ok(reads() > before, 'everyone else still from the replica');

  // An export started by GET writes its job: on the primary, and its writer reads it back.
  before = reads();
  const exporting = await app.inject({ method: 'GET', url: '/api/v1/organizations/export?format=csv', headers: { ...api.headers, prefer: 'respond-async' } });
  t.equal(exporting.statusCode, 202);
  t.equal(reads(), before, 'a GET that starts a job is on the primary');

  // The replica is checked again: it has replayed past the writer's write (it is the same
  // server), so the writer's reads go there again.
  await app.db.replicas!.check();
  before = reads();
  t.equal((await read(api)).statusCode, 200);
  t.ok(reads() > before, 'the writer too, once the replica has caught up');
});

t.test('another database of the cluster is not taken for a replica', async (t) => {
  const other = await createTestDatabase(t);
  const api = await buildTestApp(t, { DATABASE_REPLICA_URLS: readOnlyReplicaUrl(databaseUrl(other)), DATABASE_REPLICA_CHECK_SECONDS: '60' });
  const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
  t.match(ready.json(), { status: 'ready', replicas: [{ replica: 1, state: 'not a replica' }] });
  t.equal(await api.app.readRouteFor(null), null, 'reads stay on the primary');
});

t.test('an import is committed once, even by a runner that went on after losing its lease', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  await buildTree(app, '1990-01-01');
  const csv = 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nLê Văn Một Lần,Nam,01/01/1990,B1,01/06/2020\n';
  const committed = await app.inject({ method: 'POST', url: '/api/v1/imports?kind=members&step=commit', headers: { ...api.headers, 'content-type': 'text/csv', prefer: 'wait=30' }, payload: csv });
  t.equal(committed.json().status, 'SUCCEEDED');
  const id = Buffer.from(committed.json().id as string, 'base64').toString().split(':')[1]!;
  const count = async () => (await app.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM members`)).rows[0]!.n;
  const before = await count();
  // As a stalled runner resuming would: the same job run again, its file and state as they were.
  const [job] = (await app.db.pool.query(`SELECT * FROM jobs WHERE id = $1::uuid`, [id])).rows;
  await app.db.pool.query(`UPDATE jobs SET status = 'RUNNING', lease_owner = 'stalled', lease_until = now() - interval '1 second', finished_at = NULL, input = $2 WHERE id = $1::uuid`, [id, Buffer.from(csv)]);
  t.ok(job);
  await app.jobs.stop();
  await app.jobs.start();
  const [after] = (await app.db.pool.query<{ status: string; attempts: number; result: unknown; problems: unknown }>(`SELECT status, attempts, result, problems FROM jobs WHERE id = $1::uuid`, [id])).rows;
  t.equal(after!.status, 'FAILED', 'the second commit of the job is refused');
  t.equal(await count(), before, 'no member written twice');
});

t.test('a replica that is down is skipped: reads on the primary, without errors', async (t) => {
  const api = await buildTestApp(t, { DATABASE_REPLICA_URLS: readOnlyReplicaUrl(databaseUrl('no_such_database_here')), DATABASE_REPLICA_CHECK_SECONDS: '60' });
  const { app } = api;
  const tree = await buildTree(app, '2015-01-01');
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 200, 'ready: the primary answers');
  t.match(ready.json(), { status: 'ready', replicas: [{ replica: 1, state: 'down', lagSeconds: null }] });
  t.notMatch(ready.body, /no_such_database_here|127\.0\.0\.1/, 'addresses are not shown');
  t.equal(await app.readRouteFor(null), null, 'no route: the primary');
  const viewer = await api.signInAs('VIEWER', null);
  const answer = await app.inject({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}`, headers: viewer.headers });
  t.equal(answer.statusCode, 200);
});
