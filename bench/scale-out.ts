/**
 * `npm run bench:scale-out -- [seconds] [connections]` (defaults 10, 20): what routing reads to a
 * replica and sharing state through Redis cost one instance, and what two instances carry
 * together, on this machine. The deployment of `npm run check:scale-out` (scripts/deployment.ts:
 * the demo province on DATABASE_URL's server, a streaming replica, Redis, instances A and B) plus
 * instance C on the same database without replica or Redis. Three reads, each under autocannon
 * (from bench/peers: `npm --prefix bench/peers install` once): a member by id, a page of 50
 * members of a bloc, a province's member counts. Prints one markdown table.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { toGlobalId } from '../src/shared/ids.js';
import { freePort } from '../scripts/free-port.js';
import { cleanUp, deploy, http, instanceLogs, ready, signIn, sql, startInstance, instances, ADMIN_PASSWORD, type Instance } from '../scripts/deployment.js';

type Run = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
const peers = createRequire(new URL('./peers/package.json', import.meta.url));
const autocannon = peers('autocannon') as (options: Record<string, unknown>) => Promise<Run>;

const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 20);
const rssOf = (instance: Instance) => {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${instance.process.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
};

try {
  // No rate limit in the way of the load.
  const { a, b, database, env } = await deploy({ RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'error' });
  const { DATABASE_REPLICA_URLS: _replicas, REDIS_URL: _redis, REDIS_KEY_PREFIX: _prefix, ...plain } = env;
  const c = startInstance('C', await freePort(), { ...plain, SEED_DEMO_DATA: 'false' });
  instances.push(c);
  await ready(c);
  const admin = await signIn(a, 'admin', ADMIN_PASSWORD);
  const created = await http(a, 'POST', '/api/v1/users', { token: admin, body: { username: 'reader', displayName: 'reader', password: ADMIN_PASSWORD } });
  await http(a, 'POST', `/api/v1/users/${created.body.id}/grants`, { token: admin, body: { role: 'VIEWER' } });
  const token = await signIn(a, 'reader', ADMIN_PASSWORD);
  const id = async (query: string) => (await sql<{ id: string }>(database, query))[0]!.id;
  const member = toGlobalId('Member', await id(`SELECT id::text FROM members ORDER BY id LIMIT 1 OFFSET 100`));
  const bloc = toGlobalId('Organization', await id(`SELECT id::text FROM organizations WHERE code = 'T40-KCQ'`));
  const province = toGlobalId('Organization', await id(`SELECT id::text FROM organizations WHERE code = 'T40'`));
  const [{ members }] = (await sql<{ members: number }>(database, 'SELECT count(*)::int AS members FROM members')) as [{ members: number }];
  const reads = [
    { name: 'a member by id', path: `/api/v1/members/${member}` },
    { name: "a bloc's members, page of 50", path: `/api/v1/members?underId=${encodeURIComponent(bloc)}&first=50` },
    { name: "a province's member counts", path: `/api/v1/organizations/${province}/member-counts` },
  ];
  const load = (instance: Instance, path: string, clients: number) =>
    autocannon({ url: `${instance.url}${path}`, headers: { authorization: `Bearer ${token}` }, connections: clients, duration: seconds, timeout: 60 });
  const rows: string[] = [];
  for (const read of reads) {
    for (const target of [c, a, b]) {
      const check = await http(target, 'GET', read.path, { token });
      if (check.status !== 200) throw new Error(`${read.name} on ${target.name}: ${check.status} ${JSON.stringify(check.body).slice(0, 200)}`);
    }
    const cells: string[] = [];
    for (const [label, runs] of [
      ['C', () => [load(c, read.path, connections)]],
      ['A', () => [load(a, read.path, connections)]],
      ['A+B', () => [load(a, read.path, connections / 2), load(b, read.path, connections / 2)]],
    ] as const) {
      const results = await Promise.all(runs());
      for (const result of results) if (result.non2xx > 0 || result.errors > 0) throw new Error(`${read.name} / ${label}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const rps = results.reduce((sum, result) => sum + result.requests.average, 0);
      const p50 = Math.max(...results.map((result) => result.latency.p50));
      const p99 = Math.max(...results.map((result) => result.latency.p99));
      cells.push(`${Math.round(rps)} req/s, p50 ${p50} ms, p99 ${p99} ms`);
      console.error(`${read.name} / ${label}: ${rps.toFixed(1)} req/s`);
    }
    rows.push(`| ${read.name} | ${cells.join(' | ')} |`);
  }
  console.log(`${members} members (the demo province), ${connections} client connections, ${seconds} s a run\n`);
  console.log('| read | C: one instance, primary only | A: one instance, replica + Redis | A and B together (half the clients each) |');
  console.log('|---|---|---|---|');
  for (const row of rows) console.log(row);
  console.log(`\nResident memory after the load: A ${rssOf(a)} MB, B ${rssOf(b)} MB, C ${rssOf(c)} MB`);
} catch (error) {
  console.error(`stopped: ${(error as Error).message}\n${instanceLogs()}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
process.exit();
