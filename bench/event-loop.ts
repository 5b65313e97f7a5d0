/**
 * Event-loop responsiveness under expensive queries: `npm run bench:event-loop -- [options]`.
 *
 * Starts the service on 127.0.0.1 (a free port) over DATABASE_URL, or the embedded PostgreSQL
 * with the database `party_building_event_loop` (the demo dataset is loaded into it on the
 * first run, about 40 s; `--bench-dataset` uses `party_building_bench` of `npm run bench`
 * instead). A worker thread — its own event loop, so that it measures the server's — then
 * sends `GET /health/live` at a fixed rate, first idle, then while the expensive requests
 * below run over and over, and prints the latency of the probes (p50/p99/max, measured from
 * the moment each was due, so a blocked loop cannot hide) and the status and time of each
 * expensive request. Every request is bounded by AbortSignal.timeout; timings are printed,
 * never asserted.
 *
 * Options: --samples N (probes under load, default 200), --rate N (probes a second, default
 * 20), --timeout MS (per expensive request, default 30000), --bench-dataset.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';
import { seedDemoDataIfEmpty } from '../src/seed/demo.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const samples = option('samples', 200);
const rate = option('rate', 20);
const timeoutMs = option('timeout', 30_000);
const benchDataset = args.includes('--bench-dataset');

const config = loadConfig();
const log = pino({ level: 'info' });

let url = config.DATABASE_URL;
const embedded = url
  ? undefined
  : await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: benchDataset ? 'party_building_bench' : 'party_building_event_loop',
      log,
    });
url ??= embedded!.url;
await applyMigrations(url);

const app = await buildApp({ ...config, DATABASE_URL: url, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: 1_000_000, GRAPHIQL: false });
if (benchDataset) {
  if ((await app.db.prisma.member.count()) === 0) throw new Error('the bench dataset is empty: run `npm run bench` first');
} else {
  await seedDemoDataIfEmpty(app.services, app.db, log);
}

// An administrator of the whole province for the bench (created once, with a fixed password:
// the bench databases are local).
const USERNAME = 'bench-event-loop';
const PASSWORD = 'bench-event-loop-password';
const existing = await app.db.prisma.user.findUnique({ where: { username: USERNAME } });
if (!existing) {
  const user = await app.services.auth.createUser({ username: USERNAME, displayName: 'Event-loop bench', password: PASSWORD });
  await app.services.auth.grant({ userId: user.id, role: 'ADMIN', organizationId: null });
}
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
const signIn = await fetch(`${base}/api/v1/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
});
if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
const { accessToken } = (await signIn.json()) as { accessToken: string };

// 100 ids for `nodes`: members and organisations of the dataset.
const memberIds = await app.db.prisma.member.findMany({ select: { id: true }, take: 60, orderBy: { id: 'asc' } });
const organizationIds = await app.db.prisma.organization.findMany({ select: { id: true }, take: 100 - memberIds.length, orderBy: { id: 'asc' } });
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
const ids = [...memberIds.map(({ id }) => gid('Member', id)), ...organizationIds.map(({ id }) => gid('Organization', id))];

const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const expensive: { name: string; query: string; variables?: Record<string, unknown> }[] = [
  { name: 'members(first: 1, asOf: "2100-12-31") age partyAge', query: `{ members(first: 1, asOf: "2100-12-31") { edges { node { age partyAge { years } } } } }` },
  { name: `nodes(ids: [${ids.length} ids])`, query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, variables: { ids } },
  { name: '200 aliases of organizations { children { id } }', query: aliases(200, 'organizations { edges { node { children { id } } } }') },
  { name: '500 aliases of indicators { code }', query: aliases(500, 'indicators { code }') },
  { name: 'workingDaysBetween(1930-01-01, 2100-12-31)', query: `{ workingDaysBetween(from: "1930-01-01", to: "2100-12-31") }` },
  { name: 'workingDayDeadline(1930-01-01, 3650 days)', query: `{ workingDayDeadline(start: "1930-01-01", days: 3650) }` },
];

/** The load generator, in plain JavaScript so that the worker needs no TypeScript loader. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const { base, token, expensive, samples, rate, timeoutMs } = workerData;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function probes(count, perSecond) {
  const latencies = [];
  let failed = 0;
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      fetch(base + '/health/live', { signal: AbortSignal.timeout(5000) })
        .then(async (response) => { await response.arrayBuffer(); if (!response.ok) failed++; latencies.push(performance.now() - due); })
        .catch(() => { failed++; latencies.push(performance.now() - due); }),
    );
  }
  await Promise.all(pending);
  return { latencies, failed };
}

const stop = { done: false };
async function loop(request) {
  const runs = [];
  while (!stop.done) {
    const started = performance.now();
    let status;
    try {
      const response = await fetch(base + '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify({ query: request.query, variables: request.variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = await response.json().catch(() => null);
      const code = body && body.errors && body.errors[0] && body.errors[0].extensions && body.errors[0].extensions.code;
      status = String(response.status) + (code ? ' ' + code : '');
    } catch (error) {
      status = error && error.name === 'TimeoutError' ? 'timeout' : 'failed: ' + (error && error.message);
    }
    runs.push({ status, ms: performance.now() - started });
  }
  return runs;
}

(async () => {
  const idle = await probes(Math.min(100, samples), rate * 2);
  const loops = expensive.map((request) => loop(request));
  await sleep(300);
  const loaded = await probes(samples, rate);
  stop.done = true;
  const runs = await Promise.all(loops);
  parentPort.postMessage({ idle, loaded, runs });
  // Should the server's event loop be blocked for good, it never takes this message: say so and end.
  setTimeout(() => {
    require('node:fs').writeSync(2, 'the server did not take the results within 15 s (its event loop is blocked): ' + JSON.stringify(runs.map((r) => r.map((x) => x.status))) + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, 15000).unref();
})();
`;

const delay = monitorEventLoopDelay({ resolution: 10 });
const started = performance.now();
const worker = new Worker(CLIENT, { eval: true, workerData: { base, token: accessToken, expensive, samples, rate, timeoutMs } });
type Result = { idle: { latencies: number[]; failed: number }; loaded: { latencies: number[]; failed: number }; runs: { status: string; ms: number }[][] };
delay.enable();
const result = await new Promise<Result>((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});
await worker.terminate();

// Then each expensive request alone, to see which one holds the event loop: its time and the
// longest the server's event loop was held meanwhile.
const loaded = { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 };
const alone: { status: string; ms: number; stall: number }[] = [];
for (const request of expensive) {
  delay.reset();
  const start = performance.now();
  let status: string;
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await response.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
    status = `${response.status}${body?.errors?.[0]?.extensions?.code ? ` ${body.errors[0].extensions.code}` : ''}`;
  } catch (error) {
    status = (error as Error).name === 'TimeoutError' ? 'timeout' : `failed: ${(error as Error).message}`;
  }
  alone.push({ status, ms: performance.now() - start, stall: delay.max / 1e6 });
}
delay.disable();

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]! : NaN;
};
const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;
const members = await app.db.prisma.member.count();
const organizations = await app.db.prisma.organization.count();
console.log(`\n${members} members, ${organizations} organisations; ${samples} probes at ${rate}/s, expensive requests bounded by ${timeoutMs} ms; ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
console.log(`${'GET /health/live'.padEnd(44)} ${'n'.padStart(5)} ${'p50'.padStart(11)} ${'p99'.padStart(11)} ${'max'.padStart(11)}  failed`);
for (const [name, { latencies, failed }] of [
  ['idle', result.idle],
  ['while the expensive requests run', result.loaded],
] as const) {
  console.log(`${name.padEnd(44)} ${String(latencies.length).padStart(5)} ${ms(quantile(latencies, 0.5))} ${ms(quantile(latencies, 0.99))} ${ms(Math.max(...latencies))}  ${failed}`);
}
console.log(
  `${'server event-loop delay (idle, then loaded)'.padEnd(44)} ${''.padStart(5)} ${ms(loaded.p50)} ${ms(loaded.p99)} ${ms(loaded.max)}`,
);
console.log(`\n${'expensive request'.padEnd(52)} ${'runs'.padStart(4)} ${'median'.padStart(11)} ${'max'.padStart(11)}  statuses under load; alone: time, longest event-loop stall, status`);
expensive.forEach((request, i) => {
  const runs = result.runs[i]!;
  const statuses = new Map<string, number>();
  for (const run of runs) statuses.set(run.status, (statuses.get(run.status) ?? 0) + 1);
  const times = runs.map((run) => run.ms);
  console.log(
    `${request.name.padEnd(52)} ${String(runs.length).padStart(4)} ${ms(quantile(times, 0.5))} ${ms(Math.max(...times))}  ${[...statuses].map(([status, count]) => `${status} ×${count}`).join(', ')}; alone:${ms(alone[i]!.ms)},${ms(alone[i]!.stall)}, ${alone[i]!.status}`,
  );
});

await app.close();
await embedded?.stop();
