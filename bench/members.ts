/**
 * Benchmark of member queries at scale: `npm run bench -- [members] [seed]` (default 100,000).
 *
 * Generates N members in a tree of the national shape (bench/dataset.ts) in DATABASE_URL (or the embedded PostgreSQL, database
 * `party_building_bench`), then times the service's queries and prints the PostgreSQL plan
 * of the name search, so the index it uses can be checked. Timings are printed, never
 * asserted: tests assert SQL statement counts instead.
 */
import { RuleBook } from '../src/rules/rule.js';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/access.js';
import { DEVELOPMENT_PROTECTED_DATA_KEY, Sealer } from '../src/shared/sealing.js';
import { createServices } from '../src/services.js';
import { capturingDatabase } from './capture.js';
import { generateDataset } from './dataset.js';

const target = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 20_251_121);
const config = loadConfig();
const log = pino({ level: 'info' });

let url = config.DATABASE_URL;
const embedded = url
  ? undefined
  : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: 'party_building_bench', log });
url ??= embedded!.url;
await applyMigrations(url);

const db = capturingDatabase(url);
const { prisma, pool, statements } = db;
const ruleBook = new RuleBook(prisma);
const services = createServices(db, SYSTEM_ACTOR, { secret: new TextEncoder().encode('bench-only-secret-not-used-for-tokens'), accessTtlSeconds: 60, refreshTtlDays: 1 }, new Sealer(DEVELOPMENT_PROTECTED_DATA_KEY), ruleBook);

if ((await prisma.member.count()) < target) {
  if ((await prisma.organization.count()) > 0) throw new Error('the bench database has a partial dataset: drop it and run again');
  const loaded = await generateDataset(services, db, { url, members: target, seed, log });
  log.info(`generated ${loaded.members} members in ${loaded.organizations} organisations in ${loaded.seconds} s`);
}

const members = await prisma.member.count();
const province = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'PROVINCIAL_COMMITTEE' } })).items[0]!;
const bloc = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' } })).items[0]!;
const grassroots = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'GRASSROOTS_COMMITTEE' } })).items[0]!;

async function time(name: string, work: () => Promise<unknown>, runs = 7) {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const before = statements.length;
  await work();
  console.log(`${name.padEnd(58)} median ${samples[Math.floor(runs / 2)]!.toFixed(1).padStart(7)} ms  (${statements.length - before} statements)`);
}

console.log(`\n${members} members, ${await prisma.organization.count()} organisations\n`);
await time('members: search "nguyen van an", page of 20', () => services.members.list({ asOf: '2026-11-01', first: 20, filter: { search: 'nguyen van an' } }));
await time('members: search "tran thi hoa" under a bloc, page of 20', () =>
  services.members.list({ asOf: '2026-11-01', first: 20, filter: { search: 'tran thi hoa', underId: bloc.id } }));
await time('members: first page of a bloc, by given name', () => services.members.list({ asOf: '2026-11-01', first: 50, filter: { underId: bloc.id } }));
await time('members: first page of the province', () => services.members.list({ asOf: '2026-11-01', first: 50, filter: { underId: province.id } }));
await time('members: first page of a grassroots organisation', () => services.members.list({ asOf: '2026-11-01', first: 50, filter: { underId: grassroots.id } }));
await time('members: party age ≥ 30 years, women, page of 50', () =>
  services.members.list({ asOf: '2026-11-01', first: 50, filter: { partyAgeMin: 30, gender: 'FEMALE' } }));
for (const asOf of ['2015-12-31', '2024-12-31', '2026-11-01']) {
  await time(`counts by status of the province as of ${asOf}`, () => services.members.counts([{ id: province.id, pathKey: province.pathKey }], asOf));
}
for (const awardDate of ['2024-02-03', '2026-11-07']) {
  await time(`Party badge eligibility of the province on ${awardDate}`, () => services.partyBadges.eligibility(province.id, awardDate));
}

// The plan of the name search, exactly as the service sends it.
statements.length = 0;
await services.members.list({ asOf: '2026-11-01', first: 20, filter: { search: 'nguyen van an' } });
const search = statements[0]!;
const plan = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${search.query}`, search.params);
console.log('\nPlan of the name search:\n' + plan.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n'));

await db.close();
await embedded?.stop();
