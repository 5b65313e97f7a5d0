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
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import WebSocket from 'ws';
import { projectRoot } from '../src/db/migrate.js';
import { freePort } from './free-port.js';
import { APPLICATION_NAME } from '../src/db/replicas.js';
import { toGlobalId } from '../src/shared/ids.js';
import { addDays, todayInVietnam } from '../src/shared/dates.js';

const primaryUrl = process.env.DATABASE_URL;
if (!primaryUrl) throw new Error('set DATABASE_URL to a PostgreSQL server (the check makes its own database there)');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE = 'pbs_scale_out';
const RATE_LIMIT = 300;
const MAX_LAG_SECONDS = 3;
const ADMIN_PASSWORD = randomBytes(12).toString('hex');

let failures = 0;
let passes = 0;
function check(ok: boolean, what: string, detail?: unknown) {
  if (ok) passes++;
  else failures++;
  console.log(`${ok ? 'ok' : 'not ok'} - ${what}${!ok && detail !== undefined ? `\n  # ${JSON.stringify(detail)}` : ''}`);
}
const step = (message: string) => console.log(`# ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

const withDatabase = (url: string, database: string, port?: number) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (port) parsed.port = String(port);
  return parsed.toString();
};

async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------- the replica's server
const asRoot = userInfo().uid === 0;
/** The server programs of the primary's major version (Debian keeps each in its own folder), else those on PATH. */
let PG_BIN = '';
async function findServerPrograms() {
  const { version } = (await sql<{ version: string }>(primaryUrl!, `SELECT current_setting('server_version_num')::int / 10000 AS version`))[0]!;
  const debian = `/usr/lib/postgresql/${version}/bin`;
  PG_BIN = existsSync(path.join(debian, 'pg_basebackup')) ? debian : String(execFileSync('pg_config', ['--bindir'])).trim();
}
/** PostgreSQL's server refuses to run as root: its programs run as the postgres user then. */
function pgProgram(program: string, args: string[], options: { quiet?: boolean } = {}) {
  const binDir = PG_BIN;
  const command = path.join(binDir, program);
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(file, argv, { stdio: options.quiet ? 'pipe' : ['ignore', 'inherit', 'inherit'], timeout: 600_000 });
}

let hbaRestore: { file: string; text: string } | null = null;
async function allowReplication(): Promise<void> {
  const replication = async () => {
    const client = new pg.Client({ connectionString: primaryUrl, replication: 'true' } as pg.ClientConfig);
    try {
      await client.connect();
      await client.query('IDENTIFY_SYSTEM');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  };
  if (await replication()) return;
  const file = (await sql<{ hba_file: string }>(primaryUrl!, 'SHOW hba_file'))[0]!.hba_file;
  if (!asRoot || !existsSync(file)) throw new Error(`the primary refuses replication connections: add "host replication all 127.0.0.1/32 trust" to ${file} (pg_hba.conf)`);
  const text = readFileSync(file, 'utf8');
  hbaRestore = { file: file, text };
  // First, so that no earlier line refuses it.
  writeFileSync(file, `host replication all 127.0.0.1/32 trust # added by scripts/scale-out.ts for its run\n${text}`);
  await sql(primaryUrl!, 'SELECT pg_reload_conf()');
  await until('replication allowed', replication, 10_000);
  step(`replication connections allowed for the run (${file})`);
}

async function startReplica(port: number): Promise<{ dir: string; stop: (mode?: string) => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pbs-replica-'));
  const data = path.join(dir, 'data');
  if (asRoot) chownSync(dir, Number(String(execFileSync('id', ['-u', 'postgres'])).trim()), Number(String(execFileSync('id', ['-g', 'postgres'])).trim()));
  const primary = new URL(primaryUrl!);
  const started = Date.now();
  pgProgram('pg_basebackup', ['-h', primary.hostname, '-p', primary.port || '5432', '-U', decodeURIComponent(primary.username || 'postgres'), '-D', data, '-X', 'stream', '-R', '-c', 'fast'], { quiet: true });
  step(`pg_basebackup took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // The primary's configuration may live outside its data folder (Debian): the replica gets its own.
  const write = (name: string, text: string) => {
    writeFileSync(path.join(data, name), text);
    if (asRoot) execFileSync('chown', ['postgres:postgres', path.join(data, name)]);
  };
  write('postgresql.conf', [`port = ${port}`, `listen_addresses = '127.0.0.1'`, `unix_socket_directories = '${dir}'`, 'hot_standby = on', 'max_connections = 100', 'shared_buffers = 64MB', ''].join('\n'));
  write('pg_hba.conf', 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
  write('pg_ident.conf', '');
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  pgProgram('pg_ctl', ['-D', data, '-l', path.join(dir, 'replica.log'), '-w', '-t', '120', 'start'], { quiet: true });
  return {
    dir,
    stop: (mode = 'fast') => {
      try {
        pgProgram('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'], { quiet: true });
      } catch {
        // already stopped
      }
    },
  };
}

// ---------------------------------------------------------------- the service's instances
type Instance = { name: string; port: number; url: string; process: ChildProcess };
const logDir = mkdtempSync(path.join(tmpdir(), 'pbs-scale-out-logs-'));

function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const log = openSync(path.join(logDir, `${name}.log`), 'a');
  // tsx as a loader in the service's own process: a SIGKILL ends the service itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  return { name, port, url: `http://127.0.0.1:${port}`, process: child };
}

async function http(instance: Instance, method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${instance.url}${url}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined && typeof options.body !== 'string' ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, body, headers: response.headers };
}

async function signIn(instance: Instance, username: string, password: string): Promise<string> {
  const answer = await http(instance, 'POST', '/api/v1/auth/token', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.accessToken as string;
}

async function ready(instance: Instance) {
  return until(`${instance.name} ready`, async () => {
    if (instance.process.exitCode !== null) throw new Error(`${instance.name} exited (${instance.process.exitCode}): see ${logDir}/${instance.name}.log`);
    const answer = await http(instance, 'GET', '/health/ready');
    return answer.status === 200 ? answer.body : null;
  }, 600_000);
}

const replicaState = async (instance: Instance) => (await http(instance, 'GET', '/health/ready')).body.replicas?.[0] as { state: string; lagSeconds: number | null } | undefined;

// ---------------------------------------------------------------- the run
const instances: Instance[] = [];
let replica: Awaited<ReturnType<typeof startReplica>> | null = null;

/** The primary's database, instance A (migrations, the demo), the replica, instance B: all ready. */
async function deploy() {
  const database = withDatabase(primaryUrl!, DATABASE);
  const [portA, portB, replicaPort] = [await freePort(), await freePort(), await freePort()];
  const replicaUrl = withDatabase(`postgresql://${new URL(primaryUrl!).username || 'postgres'}@127.0.0.1`, DATABASE, replicaPort);
  const env = {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database,
    DATABASE_REPLICA_URLS: replicaUrl,
    DATABASE_REPLICA_MAX_LAG_SECONDS: String(MAX_LAG_SECONDS),
    DATABASE_REPLICA_CHECK_SECONDS: '0.5',
    REDIS_URL,
    REDIS_KEY_PREFIX: `scale-out-${randomBytes(4).toString('hex')}:`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PROTECTED_DATA_KEY: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    JOB_POLL_SECONDS: '1',
    JOB_LEASE_SECONDS: '5',
    GRAPHIQL: 'false',
  };

  step('instance A: migrations and the demo province');
  const a = startInstance('A', portA, { ...env, SEED_DEMO_DATA: 'true' });
  instances.push(a);
  await ready(a);
  step('a streaming replica of the primary');
  await findServerPrograms();
  await allowReplication();
  replica = await startReplica(replicaPort);
  step('instance B');
  const b = startInstance('B', portB, { ...env, SEED_DEMO_DATA: 'false' });
  instances.push(b);
  await ready(b);
  return { a, b, database, replicaUrl, env };
}

async function run() {
  await sql(primaryUrl!, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await sql(primaryUrl!, `CREATE DATABASE ${DATABASE}`);
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
  const owner = await until('the job to be taken', async () => (await sql<{ lease_owner: string | null }>(database, 'SELECT lease_owner FROM jobs WHERE id = $1::uuid', [jobUuid]))[0]!.lease_owner);
  const runner = [a, b].find((instance) => owner.split(':')[1] === String(instance.process.pid))!;
  const survivor = runner === a ? b : a;
  const watcher = watchers.get(survivor)!;
  check(Boolean(runner), `the job runs on ${runner?.name} (lease owner ${owner}; A's pid ${a.process.pid}, B's ${b.process.pid})`);
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

async function cleanUp() {
  for (const instance of instances) if (instance.process.exitCode === null) instance.process.kill('SIGKILL');
  replica?.stop('immediate');
  if (replica) rmSync(replica.dir, { recursive: true, force: true });
  if (hbaRestore) {
    writeFileSync(hbaRestore.file, hbaRestore.text);
    await sql(primaryUrl!, 'SELECT pg_reload_conf()').catch(() => {});
  }
  await sql(primaryUrl!, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => {});
}

/**
 * `--serve`: the same deployment, left running for trying it by hand (or probing it) until
 * SIGINT or SIGTERM: prints the instances' and the replica's addresses and the admin password.
 */
async function serve() {
  await sql(primaryUrl!, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await sql(primaryUrl!, `CREATE DATABASE ${DATABASE}`);
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
  for (const instance of instances) console.log(`# ${instance.name}'s log (${logDir}/${instance.name}.log):\n${readFileSync(path.join(logDir, `${instance.name}.log`), 'utf8').split('\n').slice(-20).join('\n')}`);
} finally {
  await cleanUp();
}
console.log(`# ${passes} passed, ${failures} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failures > 0 ? 1 : 0);
