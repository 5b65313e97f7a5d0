/**
 * The first start's demo load, timed part by part: `npm run bench:demo`.
 *
 * Creates a fresh database `party_building_demo_bench` on the server of DATABASE_URL (or the
 * embedded PostgreSQL), applies the migrations, loads the demo dataset exactly as the first
 * `npm start` does (seedDemoDataIfEmpty) and prints the time of each part and the total.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';
import { seedDemoDataIfEmpty } from '../src/seed/demo.js';

const DATABASE = 'party_building_demo_bench';
const config = { ...loadConfig(), LOG_LEVEL: 'silent' as const };
const quiet = { info() {}, debug() {}, error: (message: string) => console.error(message) };
const embedded = config.DATABASE_URL
  ? undefined
  : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'postgres', log: quiet });
const server = new URL(config.DATABASE_URL ?? embedded!.url);
const admin = new pg.Client({ connectionString: server.toString() });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DATABASE}`);
await admin.end();
server.pathname = `/${DATABASE}`;
const url = server.toString();

let started = performance.now();
await applyMigrations(url);
console.log(`${'migrations'.padEnd(43)}${((performance.now() - started) / 1000).toFixed(1)} s`);
const app = await buildApp({ ...config, DATABASE_URL: url });
const lines: string[] = [];
started = performance.now();
await seedDemoDataIfEmpty(app.services, app.db, {
  info: (message: string) => {
    if (/^demo data: .* in [\d.]+ s \(\d+ statements\)$/.test(message)) lines.push(message);
  },
  warn: (message: string) => console.error(message),
});
for (const line of lines) {
  const [, part, time, statements] = /^demo data: (.*) in ([\d.]+ s) \((\d+) statements\)$/.exec(line)!;
  console.log(`${part!.padEnd(43)}${time!.padStart(7)}${statements!.padStart(8)} statements`);
}
console.log(`${'demo load in all'.padEnd(43)}${((performance.now() - started) / 1000).toFixed(1)} s`);
await app.close();
await embedded?.stop();
