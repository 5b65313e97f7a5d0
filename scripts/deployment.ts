/**
 * A deployment of the service as several processes on this machine, for the scale-out check
 * (scripts/scale-out.ts) and its benchmark (bench/scale-out.ts): a database on DATABASE_URL's
 * server (the primary), instance A (migrations, the demo province), a streaming replica made
 * with pg_basebackup into a scratch folder on another port, instance B; Redis at REDIS_URL.
 * `cleanUp()` undoes all of it (the pg_hba.conf line included, when one was added).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { projectRoot } from '../src/db/migrate.js';
import { freePort } from './free-port.js';

export const primaryUrl = process.env.DATABASE_URL;
if (!primaryUrl) throw new Error('set DATABASE_URL to a PostgreSQL server (the check makes its own database there)');
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const DATABASE = 'pbs_scale_out';
export const RATE_LIMIT = 300;
export const MAX_LAG_SECONDS = 3;
export const ADMIN_PASSWORD = randomBytes(12).toString('hex');

export const step = (message: string) => console.log(`# ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(100);
  }
}

export const withDatabase = (url: string, database: string, port?: number) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (port) parsed.port = String(port);
  return parsed.toString();
};

export async function sql<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
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
export type Instance = { name: string; port: number; url: string; process: ChildProcess };
export const logDir = mkdtempSync(path.join(tmpdir(), 'pbs-scale-out-logs-'));

export function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const log = openSync(path.join(logDir, `${name}.log`), 'a');
  // tsx as a loader in the service's own process: a SIGKILL ends the service itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  return { name, port, url: `http://127.0.0.1:${port}`, process: child };
}

export async function http(instance: Instance, method: string, url: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
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

export async function signIn(instance: Instance, username: string, password: string): Promise<string> {
  const answer = await http(instance, 'POST', '/api/v1/auth/token', { body: { username, password } });
  if (answer.status !== 200) throw new Error(`sign-in of ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.accessToken as string;
}

export async function ready(instance: Instance) {
  return until(`${instance.name} ready`, async () => {
    if (instance.process.exitCode !== null) throw new Error(`${instance.name} exited (${instance.process.exitCode}): see ${logDir}/${instance.name}.log`);
    const answer = await http(instance, 'GET', '/health/ready');
    return answer.status === 200 ? answer.body : null;
  }, 600_000);
}

export const replicaState = async (instance: Instance) => (await http(instance, 'GET', '/health/ready')).body.replicas?.[0] as { state: string; lagSeconds: number | null } | undefined;

// ---------------------------------------------------------------- the deployment
export const instances: Instance[] = [];
export let replica: Awaited<ReturnType<typeof startReplica>> | null = null;

/** The primary's database, instance A (migrations, the demo), the replica, instance B: all ready. */
export async function deploy(overrides: Record<string, string> = {}) {
  await sql(primaryUrl!, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await sql(primaryUrl!, `CREATE DATABASE ${DATABASE}`);
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
    ...overrides,
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

/** Stops and removes everything the deployment made. */
export async function cleanUp() {
  for (const instance of instances) if (instance.process.exitCode === null) instance.process.kill('SIGKILL');
  replica?.stop('immediate');
  if (replica) rmSync(replica.dir, { recursive: true, force: true });
  if (hbaRestore) {
    writeFileSync(hbaRestore.file, hbaRestore.text);
    await sql(primaryUrl!, 'SELECT pg_reload_conf()').catch(() => {});
  }
  await sql(primaryUrl!, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`).catch(() => {});
}

/** The last lines of each instance's log (when a run stops). */
export function instanceLogs(): string {
  return instances.map((instance) => `# ${instance.name}'s log (${logDir}/${instance.name}.log):\n${readFileSync(path.join(logDir, `${instance.name}.log`), 'utf8').split('\n').slice(-20).join('\n')}`).join('\n');
}
