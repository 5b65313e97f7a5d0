/**
 * `npm test`: prepares PostgreSQL for the suite, then runs tap with the given arguments.
 *
 * - With DATABASE_URL set, that server is used (CI also runs the suite on the machine's
 *   PostgreSQL 15); otherwise an embedded PostgreSQL 17 starts in .data/test-postgres.
 * - One template database gets the migrations once; every test file then clones it
 *   (CREATE DATABASE … TEMPLATE …, test/helper.ts), so files run in parallel on their own data.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded.js';
import { applyMigrations, projectRoot } from '../src/db/migrate.js';

const config = loadConfig();
const log = pino({ level: 'warn' });
const runId = `${process.pid}`;
const template = `pbs_template_${runId}`;

/** A port nothing listens on now, so that two test runs on one machine do not collide. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let embedded: EmbeddedDatabase | undefined;
let adminUrl = config.DATABASE_URL;
if (!adminUrl) {
  embedded = await startEmbeddedPostgres({
    dataDir: `${config.DATA_DIR}/test`,
    port: process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort(),
    database: 'postgres',
    log,
  });
  adminUrl = embedded.url;
}

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function dropRunDatabases() {
  await admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname = $2`,
      [`pbs_test_${runId}_%`, template],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  });
}

let exitCode: number;
try {
  await dropRunDatabases();
  await admin((client) => client.query(`CREATE DATABASE "${template}"`));
  await applyMigrations(withDatabase(adminUrl, template));
  const tap = path.join(projectRoot, 'node_modules/tap/dist/esm/run.mjs');
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [tap, ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: {
        ...process.env,
        TEST_ADMIN_URL: adminUrl,
        TEST_TEMPLATE_DATABASE: template,
        TEST_RUN_ID: runId,
      },
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
} finally {
  await dropRunDatabases().catch((error: unknown) => console.error('could not drop test databases:', error));
  await embedded?.stop();
}
process.exit(exitCode);
