/**
 * Side by side, on one database made by `npm run bench -- N`: the service's GraphQL and REST,
 * PostGraphile v5 (amber preset, bench/peers) and a raw-SQL floor (bench/floor.ts, the
 * service's own statements without the service), each query run under autocannon in turn,
 * round after round, printing one table with the ratios.
 *
 *   npm --prefix bench/peers install        # once: PostGraphile, Node 22, autocannon
 *   DATABASE_URL=… npm run bench:compare -- [seconds per run, 10] [rounds, 2] [connections, 20]
 *
 * Each server is its own process (the load generator is this one). The service runs as in
 * production (NODE_ENV=production) with a rate limit high enough not to count.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleBook } from '../src/rules/rule.js';
import { loadConfig } from '../src/config.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/access.js';
import { DEVELOPMENT_PROTECTED_DATA_KEY, Sealer } from '../src/shared/sealing.js';
import { createServices } from '../src/services.js';
import { toGlobalId } from '../src/shared/ids.js';
import { capturingDatabase } from './capture.js';

type Autocannon = (options: Record<string, unknown>) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;
const peers = createRequire(new URL('./peers/package.json', import.meta.url));
const autocannon = peers('autocannon') as Autocannon;

const seconds = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 2);
const connections = Number(process.argv[4] ?? 20);
const url = loadConfig().DATABASE_URL;
if (!url) throw new Error('DATABASE_URL: the database of a dataset made by `npm run bench -- N`');
const ASOF = '2026-11-01';
const PORTS = { ours: 3301, floor: 3302, postgraphile: 3303 };

// ---------------------------------------------------------------- subjects and the floor's statements

const db = capturingDatabase(url);
const { prisma, pool, statements } = db;
const services = createServices(db, SYSTEM_ACTOR, { secret: randomBytes(32), accessTtlSeconds: 60, refreshTtlDays: 1 }, new Sealer(DEVELOPMENT_PROTECTED_DATA_KEY), new RuleBook(prisma));
const members = await prisma.member.count();
const bloc = (await services.organizations.list({ asOf: ASOF, filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' } })).items[0]!;
const province = (await services.organizations.list({ asOf: ASOF, filter: { kind: 'PROVINCIAL_COMMITTEE' } })).items[0]!;
const someone = (await services.members.list({ asOf: ASOF, first: 1, filter: { underId: bloc.id, search: 'nguyen' } })).items[0]!;
await pool.query(readFileSync(new URL('./peers/peer.sql', import.meta.url), 'utf8'));

async function capture(work: () => Promise<unknown>) {
  statements.length = 0;
  await work();
  return [...statements];
}
const floorStatements = {
  q1: await capture(async () => {
    const page = await services.members.list({ asOf: ASOF, first: 50, filter: { underId: bloc.id } });
    await services.organizations.byIdsWithAncestors([...new Set(page.items.map((m) => m.period.organizationId))], ASOF);
  }),
  q2: await capture(() => services.members.list({ asOf: ASOF, first: 20, filter: { search: 'nguyen van an' } })),
  q2b: await capture(() => services.members.list({ asOf: ASOF, first: 20, filter: { search: 'tran thi hoa' } })),
  q3: await capture(() => services.members.counts([{ id: province.id, pathKey: province.pathKey }], ASOF)),
  // What the tree's loaders ask, level by level: the root, then each level's children and their counts.
  q4: await capture(async () => {
    let level = [...(await services.organizations.byIds([province.id], ASOF)).values()];
    for (let depth = 0; depth < 3; depth++) {
      level = [...(await services.organizations.childrenOf(level.map((o) => o.id), ASOF)).values()].flat();
      await services.members.counts(level, ASOF);
    }
  }),
  q5: await capture(async () => {
    await services.members.byIds([someone.id], ASOF);
    await services.members.eventsOf([someone.id]);
  }),
};
const statementsFile = join(tmpdir(), `bench-floor-${process.pid}.json`);
writeFileSync(statementsFile, JSON.stringify(floorStatements));

// ---------------------------------------------------------------- servers

const children: ChildProcess[] = [];
function start(command: string, args: string[], env: Record<string, string>): ChildProcess {
  // eslint-disable-next-line no-restricted-properties -- the servers started need the environment they run in (PATH, HOME)
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  return child;
}
async function waitFor(address: string, init?: RequestInit) {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(address, init);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${address} did not answer`);
}
process.on('exit', () => children.forEach((child) => child.kill('SIGKILL')));

const adminPassword = 'bench-admin-password-not-secret';
const ours = start(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
  NODE_ENV: 'production',
  DATABASE_URL: url,
  PORT: String(PORTS.ours),
  HOST: '127.0.0.1',
  JWT_SECRET: randomBytes(32).toString('hex'),
  PROTECTED_DATA_KEY: randomBytes(32).toString('hex'),
  ADMIN_PASSWORD: adminPassword,
  RATE_LIMIT_PER_MINUTE: '1000000000',
  ACCESS_TOKEN_TTL_SECONDS: '86400',
  LOG_LEVEL: 'warn',
  SEED_DEMO_DATA: 'false',
});
start(join('bench', 'peers', 'node_modules', '.bin', 'node'), [join('bench', 'peers', 'postgraphile.mjs')], { DATABASE_URL: url, PORT: String(PORTS.postgraphile), GRAPHILE_ENV: 'production' });
start(process.execPath, ['--import', 'tsx', join('bench', 'floor.ts')], { DATABASE_URL: url, PORT: String(PORTS.floor), STATEMENTS_FILE: statementsFile });
await waitFor(`http://127.0.0.1:${PORTS.ours}/health/ready`);
await waitFor(`http://127.0.0.1:${PORTS.floor}/q/q5`);
await waitFor(`http://127.0.0.1:${PORTS.postgraphile}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });

const signIn = await fetch(`http://127.0.0.1:${PORTS.ours}/api/v1/auth/token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: adminPassword }),
});
if (!signIn.ok) throw new Error(`sign-in: ${signIn.status} ${await signIn.text()} (an admin of another password exists in this database?)`);
const token = ((await signIn.json()) as { accessToken: string }).accessToken;

// ---------------------------------------------------------------- the queries

type Target = { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
const gql = (port: number, query: string, variables: object, headers: Record<string, string> = {}): Target => ({
  url: `http://127.0.0.1:${port}/graphql`,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ query, variables }),
});
const auth = { authorization: `Bearer ${token}` };
const rest = (path: string): Target => ({ url: `http://127.0.0.1:${PORTS.ours}/api/v1${path}`, headers: auth });
const floor = (name: string): Target => ({ url: `http://127.0.0.1:${PORTS.floor}/q/${name}` });
const blocGid = toGlobalId('Organization', bloc.id);
const memberGid = toGlobalId('Member', someone.id);

const QUERIES: { name: string; targets: Record<string, Target | null> }[] = [
  {
    name: 'Q1 members page of a bloc (50) with organisation and ancestors',
    targets: {
      graphql: gql(PORTS.ours, `query ($id: ID!, $asOf: Date) { members(first: 50, asOf: $asOf, filter: { underId: $id }) { edges { node { fullName status organization { name ancestors { code } } } } } }`, { id: blocGid, asOf: ASOF }, auth),
      rest: rest(`/members?underId=${encodeURIComponent(blocGid)}&first=50&asOf=${ASOF}`),
      postgraphile: gql(PORTS.postgraphile, `query ($root: UUID!, $asOf: Date!) { peerMembersUnder(root: $root, asOf: $asOf, first: 50) { nodes { status memberByMemberId { fullName } organizationByOrganizationId { peerName peerAncestors { nodes { code } } } } } }`, { root: bloc.id, asOf: ASOF }),
      floor: floor('q1'),
    },
  },
  {
    name: 'Q2 name search without diacritics, 20 rows',
    targets: {
      graphql: gql(PORTS.ours, `{ members(first: 20, filter: { search: "nguyen van an" }) { edges { node { fullName status } } } }`, {}, auth),
      rest: rest(`/members?search=${encodeURIComponent('nguyen van an')}&first=20`),
      postgraphile: gql(PORTS.postgraphile, `{ peerSearchMembers(term: "nguyen van an", first: 20) { nodes { fullName } } }`, {}),
      floor: floor('q2'),
    },
  },
  {
    // The same search with a given name late in the alphabet: a plan that walks the sort key
    // (PostGraphile's, whose function gets the term as a parameter) finds "an" at once and
    // "hoa" only after a third of the members.
    name: 'Q2b name search, another name ("tran thi hoa")',
    targets: {
      graphql: gql(PORTS.ours, `{ members(first: 20, filter: { search: "tran thi hoa" }) { edges { node { fullName status } } } }`, {}, auth),
      rest: rest(`/members?search=${encodeURIComponent('tran thi hoa')}&first=20`),
      postgraphile: gql(PORTS.postgraphile, `{ peerSearchMembers(term: "tran thi hoa", first: 20) { nodes { fullName } } }`, {}),
      floor: floor('q2b'),
    },
  },
  {
    name: 'Q3 member counts by status of a province as of a date',
    targets: {
      graphql: gql(PORTS.ours, `query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCounts { total probationary official suspended exempted } } }`, { id: toGlobalId('Organization', province.id), asOf: ASOF }, auth),
      rest: rest(`/organizations/${encodeURIComponent(toGlobalId('Organization', province.id))}/member-counts?asOf=${ASOF}`),
      postgraphile: gql(PORTS.postgraphile, `query ($root: UUID!, $asOf: Date!) { peerMemberCounts(root: $root, asOf: $asOf) { nodes { probationary official suspended exempted away } } }`, { root: province.id, asOf: ASOF }),
      floor: floor('q3'),
    },
  },
  {
    name: 'Q4 tree three levels below a province with member counts',
    targets: {
      graphql: gql(
        PORTS.ours,
        `query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { name memberCounts { total } children { name memberCounts { total } children { name memberCounts { total } } } } } }`,
        { id: toGlobalId('Organization', province.id), asOf: ASOF },
        auth,
      ),
      rest: null, // no tree route: a client walks children one request at a time
      postgraphile: gql(
        PORTS.postgraphile,
        `query ($id: UUID!, $asOf: Date!) { organizationByRowId(rowId: $id) { peerChildren { nodes { peerName peerMemberTotal(asOf: $asOf) peerChildren { nodes { peerName peerMemberTotal(asOf: $asOf) peerChildren { nodes { peerName peerMemberTotal(asOf: $asOf) } } } } } } } }`,
        { id: province.id, asOf: ASOF },
      ),
      floor: floor('q4'),
    },
  },
  {
    name: 'Q5 one member by id with events',
    targets: {
      graphql: gql(PORTS.ours, `query ($id: ID!) { member(id: $id) { fullName status events { type effectiveOn } } }`, { id: memberGid }, auth),
      rest: null, // two requests in REST (the member, then its events): not one request
      postgraphile: gql(PORTS.postgraphile, `query ($id: UUID!) { memberByRowId(rowId: $id) { fullName memberEventsByMemberId { nodes { type effectiveOn } } } }`, { id: someone.id }),
      floor: floor('q5'),
    },
  },
];

// Every target answers correctly before any is timed.
for (const query of QUERIES) {
  for (const [name, target] of Object.entries(query.targets)) {
    if (!target) continue;
    const response = await fetch(target.url, { method: target.method ?? 'GET', headers: target.headers, body: target.body });
    const text = await response.text();
    if (!response.ok || text.includes('"errors"')) throw new Error(`${query.name} / ${name}: ${response.status} ${text.slice(0, 300)}`);
  }
}

function rssOf(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}
const rssAtRest = rssOf(ours);

type Sample = { rps: number; p50: number; p99: number };
const results = new Map<string, Sample[]>();
for (let round = 1; round <= rounds; round++) {
  for (const query of QUERIES) {
    for (const [name, target] of Object.entries(query.targets)) {
      if (!target) continue;
      // A request may take seconds under load (the tree): answers are awaited a minute.
      const run = await autocannon({ ...target, connections, duration: seconds, timeout: 60 });
      if (run.non2xx > 0 || run.errors > 0) throw new Error(`${query.name} / ${name}: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
      const key = `${query.name}|${name}`;
      results.set(key, [...(results.get(key) ?? []), { rps: run.requests.average, p50: run.latency.p50, p99: run.latency.p99 }]);
      console.error(`round ${round}: ${query.name} / ${name}: ${run.requests.average.toFixed(1)} req/s, p50 ${run.latency.p50} ms`);
    }
  }
}
const rssAfter = rssOf(ours);

// ---------------------------------------------------------------- the table

const best = (samples: Sample[] | undefined) => (samples ? samples.reduce((a, b) => (b.rps > a.rps ? b : a)) : null);
const cell = (sample: Sample | null) => (sample ? `${sample.rps.toFixed(0)} req/s, p50 ${sample.p50} ms` : '—');
const lines = [
  `${members.toLocaleString('en')} members; ${connections} connections, ${seconds} s a run, best of ${rounds} rounds; ${new Date().toISOString().slice(0, 10)}`,
  '',
  '| query | ours GraphQL | ours REST | PostGraphile | raw SQL floor | GraphQL ÷ PostGraphile | GraphQL ÷ REST |',
  '|---|---|---|---|---|---|---|',
];
for (const query of QUERIES) {
  const [graphql, restSample, postgraphile, floorSample] = ['graphql', 'rest', 'postgraphile', 'floor'].map((name) => best(results.get(`${query.name}|${name}`)));
  const ratio = (a: Sample | null | undefined, b: Sample | null | undefined) => (a && b ? (a.rps / b.rps).toFixed(2) : '—');
  lines.push(`| ${query.name} | ${cell(graphql!)} | ${cell(restSample!)} | ${cell(postgraphile!)} | ${cell(floorSample!)} | ${ratio(graphql, postgraphile)} | ${ratio(graphql, restSample)} |`);
}
lines.push('', `The service's resident memory: ${rssAtRest.toFixed(0)} MB at rest, ${rssAfter.toFixed(0)} MB after ${rounds * QUERIES.length * 4 * seconds} s of load.`);
console.log(lines.join('\n'));

await db.close();
process.exit(0);
