/**
 * `npm run check:scale-out` (a CI step, issue 19): the service as a deployment runs it, on this
 * machine. Two instances (separate processes, ports of their own) on the machine's PostgreSQL
 * (the primary) and Redis, and a streaming replica made from the primary with pg_basebackup
 * into a scratch folder and started on another port. Then, from outside, over HTTP and
 * WebSockets:
 *
 * - the rate limit is counted across both instances;
 * - reads land on the replica (its pg_stat_activity, by application_name), a write's answer
 *   comes from the primary, and the writer reads it back at once on the other instance while
 *   others read the replica (its replay paused);
 * - a replica further behind than allowed is skipped (/health/ready says so), and used again
 *   when it has caught up;
 * - a subscription on B hears a job running on A; A is killed with SIGKILL mid-job; B takes
 *   the job over when its lease runs out and finishes it, once (the members counted);
 * - with the replica stopped, reads go to the primary without an error.
 *
 * Needs DATABASE_URL (a PostgreSQL server whose superuser it connects as), Redis at REDIS_URL
 * (default redis://127.0.0.1:6379), and PostgreSQL's server programs (pg_basebackup, pg_ctl)
 * of the primary's version. The primary must allow replication connections from 127.0.0.1:
 * when it does not and this runs as root with its pg_hba.conf writable (CI's machine), a line
 * is added for the run and removed after. Prints `ok`/`not ok` lines; exits 1 if any failed.
 * `--serve` makes the same deployment and leaves it running (see serve()).
 */
import WebSocket from 'ws';
import { APPLICATION_NAME } from '../src/db/replicas.js';
import { toGlobalId } from '../src/shared/ids.js';
import { addDays, todayInVietnam } from '../src/shared/dates.js';
import {
  ADMIN_PASSWORD,
  cleanUp,
  deploy,
  http,
  instanceLogs,
  logDir,
  MAX_LAG_SECONDS,
  RATE_LIMIT,
  REDIS_URL,
  replica,
  replicaState,
  signIn,
  sql,
  until,
  type Instance,
} from './deployment.js';

let failures = 0;
let passes = 0;
function check(ok: boolean, what: string, detail?: unknown) {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}${!ok && detail !== undefined ? `\n  # ${JSON.stringify(detail)}` : ''}`);
}
async function run() {
  const { a, b, database, replicaUrl } = await deploy();
  for (const instance of [a, b]) {
    const state = await until(`${instance.name} using the replica`, async () => ((await replicaState(instance))?.state === 'ok' ? replicaState(instance) : null), 30_000);
    check(state.state === 'ok' && state.lagSeconds !== null, `${instance.name}: /health/ready shows the replica in use, ${state.lagSeconds} s behind`, state);
  }

  const admin = await signIn(a, 'admin', ADMIN_PASSWORD);
  const user = async (username: string, role: string) => {
    const created = await http(a, 'POST', '/api/v1/users', { token: admin, body: { username, displayName: username, password: ADMIN_PASSWORD } });
    await http(a, 'POST', `/api/v1/users/${created.body.id}/grants`, { token: admin, body: { role } });
    return signIn(b, username, ADMIN_PASSWORD);
  };
  const viewer = await user('viewer', 'VIEWER');
  const counted = await user('counted', 'VIEWER');

  // ---- the rate limit, across both
  {
    let allowed = 0;
    let limited: { status: number; body: any } | null = null;
    for (let i = 0; i < RATE_LIMIT + 5 && !limited; i++) {
      const answer = await http(i % 2 === 0 ? a : b, 'GET', '/api/v1/auth/me', { token: counted });
      if (answer.status === 429) limited = answer;
      else allowed++;
    }
    check(allowed === RATE_LIMIT && limited?.body.code === 'RATE_LIMITED', `rate limit: ${allowed} requests allowed in a minute across A and B (limit ${RATE_LIMIT}), then 429`, { allowed, limited });
  }

  // ---- reads on the replica
  const [branch] = await sql<{ id: string; code: string }>(database, `SELECT id::text, code FROM organizations WHERE code = 'CB-0001'`);
  const branchId = toGlobalId('Organization', branch!.id);
  for (const instance of [a, b]) {
    const answer = await http(instance, 'GET', `/api/v1/members?underId=${encodeURIComponent(branchId)}&first=5`, { token: viewer });
    check(answer.status === 200 && answer.body.items?.length > 0, `${instance.name}: GET the branch's members (${answer.body.items?.length} read)`, answer.status);
  }
  const onReplica = await sql<{ application_name: string; query: string }>(replicaUrl, `SELECT application_name, query FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [APPLICATION_NAME.replica]);
  check(
    onReplica.length > 0 && onReplica.every((row) => /^\s*(SELECT|WITH)\b/i.test(row.query)),
    `the replica's pg_stat_activity: ${onReplica.length} connections named ${APPLICATION_NAME.replica}, their last statements the requests' reads`,
    onReplica.map((row) => row.query.slice(0, 80)),
  );
  const onPrimary = await sql<{ count: number }>(database, `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [APPLICATION_NAME.replica]);
  check(onPrimary[0]!.count === 0, 'no replica-read connection on the primary');

  // ---- a write's answer from the primary; its writer reads it on B at once; others read the replica
  await sql(replicaUrl, 'SELECT pg_wal_replay_pause()');
  const planned = await http(a, 'POST', '/graphql', {
    token: admin,
    body: {
      query: 'mutation ($input: PlanMeetingInput!) { planMeeting(input: $input) { ... on MeetingPayload { meeting { id organization { name } } } ... on Error { code message } } }',
      variables: { input: { organizationId: branchId, kind: 'THEMATIC', topic: 'Học tập chuyên đề năm', plannedOn: addDays(todayInVietnam(), 3), startTime: '14:00', place: 'Phòng họp' } },
    },
  });
  const meetingId = planned.body.data?.planMeeting?.meeting?.id as string | undefined;
  check(Boolean(meetingId && planned.body.data.planMeeting.meeting.organization.name), `the mutation's answer (read back in its transaction, on the primary) names the meeting's branch`, planned.body);
  const byWriter = await http(b, 'GET', `/api/v1/meetings/${meetingId}`, { token: admin });
  const byOther = await http(b, 'GET', `/api/v1/meetings/${meetingId}`, { token: viewer });
  check(byWriter.status === 200, 'the writer reads it at once on B: from the primary (the replica, paused, has not replayed it; where the writer wrote is in Redis)', byWriter.status);
  check(byOther.status === 404, 'another caller on B reads the replica, a moment behind: not there yet', byOther.status);

  // ---- too far behind: skipped, then used again
  const behind = await until('B to find the replica behind', async () => {
    const state = await replicaState(b);
    return state?.state === 'behind' ? state : null;
  }, 30_000);
  check(behind.state === 'behind' && behind.lagSeconds! >= MAX_LAG_SECONDS, `/health/ready: the replica is behind (${behind.lagSeconds} s, more than ${MAX_LAG_SECONDS}) and skipped`, behind);
  const skipped = await http(b, 'GET', `/api/v1/meetings/${meetingId}`, { token: viewer });
  check(skipped.status === 200, 'with the replica skipped, the other caller reads the primary', skipped.status);
  await sql(replicaUrl, 'SELECT pg_wal_replay_resume()');
  const back = await until('the replica to catch up', async () => {
    const state = await replicaState(b);
    return state?.state === 'ok' ? state : null;
  }, 30_000);
  const caughtUp = await http(b, 'GET', `/api/v1/meetings/${meetingId}`, { token: viewer });
  check(back.state === 'ok' && caughtUp.status === 200, `caught up (${back.lagSeconds} s behind): in use again, and it has the meeting`, { back, status: caughtUp.status });

  // ---- a job queued on A: its instance's events heard on the other; that instance killed, the other finishes it
  const rows = 20_000;
  const csv = ['Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng'];
  for (let i = 0; i < rows; i++) csv.push(`Nguyễn Văn Thử ${i},Nam,${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${1960 + (i % 40)},CB-0001,01/06/2015`);
  const membersBefore = (await sql<{ count: number }>(database, 'SELECT count(*)::int AS count FROM members'))[0]!.count;
  const queued = await http(a, 'POST', '/api/v1/imports?kind=members&step=commit', { token: admin, body: csv.join('\n'), headers: { 'content-type': 'text/csv' } });
  const jobId = queued.body.id as string;
  const jobUuid = Buffer.from(jobId, 'base64').toString().split(':')[1];
  check(queued.status === 202 && Boolean(jobId), `a ${rows.toLocaleString('en')}-member import queued on A (${queued.status})`, queued.body);
  // Subscribed on both instances: the job runs on whichever took it (A at once, as it was queued
  // there, unless B's poll came first), and is watched from the other.
  const watch = async (instance: Instance) => {
    const heard: { status: string; phase: string; done: number; at: number }[] = [];
    const state = { heard, completed: false, socket: new WebSocket(`${instance.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws') };
    await new Promise<void>((resolve, reject) => {
      state.socket.on('error', reject);
      state.socket.on('open', () => state.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${admin}` } })));
      state.socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { type: string; payload?: any };
        if (message.type === 'connection_ack') {
          state.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription ($id: ID!) { jobProgress(id: $id) { status phase done } }', variables: { id: jobId } } }));
          resolve();
        }
        if (message.type === 'next' && message.payload.data) heard.push({ ...message.payload.data.jobProgress, at: Date.now() });
        if (message.type === 'complete') state.completed = true;
      });
    });
    return state;
  };
  const watchers = new Map([[a, await watch(a)], [b, await watch(b)]]);
  const taken = await until('the job to be taken', async () => {
    const [row] = await sql<{ lease_owner: string | null; waited_ms: number }>(database, 'SELECT lease_owner, (extract(epoch FROM started_at - created_at) * 1000)::int AS waited_ms FROM jobs WHERE id = $1::uuid', [jobUuid]);
    return row!.lease_owner ? row! : null;
  });
  const owner = taken.lease_owner!;
  const runner = [a, b].find((instance) => owner.split(':')[1] === String(instance.process.pid))!;
  const survivor = runner === a ? b : a;
  const watcher = watchers.get(survivor)!;
  check(Boolean(runner), `the job runs on ${runner?.name}, taken ${taken.waited_ms} ms after it was queued (lease owner ${owner}; A's pid ${a.process.pid}, B's ${b.process.pid})`);
  const heardBeforeKill = await until(`an event of ${runner.name} heard on ${survivor.name}`, async () => watcher.heard.find((event) => event.status === 'RUNNING' && event.phase !== 'QUEUED'), 120_000);
  runner.process.kill('SIGKILL');
  const killedAt = Date.now();
  await new Promise((resolve) => runner.process.once('exit', resolve));
  const midJob = (await sql<{ status: string }>(database, 'SELECT status FROM jobs WHERE id = $1::uuid', [jobUuid]))[0]!.status === 'RUNNING';
  check(midJob, `${survivor.name} heard ${runner.name}'s events (${heardBeforeKill.phase}, ${heardBeforeKill.done} rows) through Redis; ${runner.name} killed with SIGKILL mid-job`);
  await until('the job to end', async () => watcher.completed, 300_000);
  const last = watcher.heard.at(-1)!;
  const job = (await sql<{ status: string; attempts: number }>(database, 'SELECT status, attempts FROM jobs WHERE id = $1::uuid', [jobUuid]))[0]!;
  check(
    last.status === 'SUCCEEDED' && job.status === 'SUCCEEDED' && job.attempts === 2,
    `${survivor.name} took the job over when its lease ran out and finished it ${((last.at - killedAt) / 1000).toFixed(1)} s after the kill (attempt ${job.attempts})`,
    { last, job },
  );
  const membersAfter = (await sql<{ count: number }>(database, 'SELECT count(*)::int AS count FROM members'))[0]!.count;
  check(membersAfter - membersBefore === rows, `the import wrote ${membersAfter - membersBefore} members: all of them, once`);
  for (const state of watchers.values()) state.socket.close();

  // ---- the replica stopped: reads on the primary, no error
  replica!.stop('fast');
  const answers = [];
  for (let i = 0; i < 20; i++) answers.push((await http(survivor, 'GET', `/api/v1/members?underId=${encodeURIComponent(branchId)}&first=5`, { token: viewer })).status);
  check(answers.every((status) => status === 200), `replica stopped: 20 reads on ${survivor.name} right after, all 200 (${[...new Set(answers)].join(', ')})`, answers);
  const down = await until(`${survivor.name} to report the replica down`, async () => {
    const answer = await http(survivor, 'GET', '/health/ready');
    return answer.body.replicas?.[0]?.state === 'down' ? answer : null;
  }, 10_000);
  check(down.status === 200, '/health/ready: ready, the replica down', down.body);
}

/**
 * `--serve`: the same deployment, left running for trying it by hand (or probing it) until
 * SIGINT or SIGTERM: prints the instances' and the replica's addresses and the admin password.
 */
async function serve() {
  const { a, b, replicaUrl, env } = await deploy();
  console.log(`A: ${a.url}\nB: ${b.url}\nprimary: ${env.DATABASE_URL}\nreplica: ${replicaUrl}\nredis: ${REDIS_URL} (keys under ${env.REDIS_KEY_PREFIX})\nadmin password: ${ADMIN_PASSWORD}\nlogs: ${logDir}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

const started = Date.now();
try {
  if (process.argv.includes('--serve')) await serve();
  else await run();
} catch (error) {
  check(false, `the run stopped: ${(error as Error).message}`);
  console.log(instanceLogs());
} finally {
  await cleanUp();
}
console.log(`# ${passes} passed, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failures > 0 ? 1 : 0);
