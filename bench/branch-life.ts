/**
 * Benchmark of branch life at scale (issue 17): `npm run bench:branch-life -- [members] [seed]`.
 *
 * On the member dataset of `npm run bench` (made here first when the database has none), adds
 * two years of branch life by set-based SQL: every branch's regular meeting of each month from
 * December 2024 to November 2026 (about 3 % of months missed), a thematic meeting each quarter,
 * each member's attendance (90 % present, 7 % absent with a reason, 3 % without), a salary
 * basis for every member in the Party and the monthly dues paid (about 95 % of months), then
 * times the service's meeting statistics, due items, arrears, remittance and a branch's dues
 * sheet (median of 7 runs after a warm-up) with their statement counts. Timings are printed,
 * never asserted: the tests assert the statement counts.
 */
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { applyMigrations } from '../src/db/migrate.js';
import { SYSTEM_ACTOR } from '../src/modules/auth/access.js';
import { RuleBook } from '../src/rules/rule.js';
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
const services = createServices(db, SYSTEM_ACTOR, { secret: new TextEncoder().encode('bench-only-secret-not-used-for-tokens'), accessTtlSeconds: 60, refreshTtlDays: 1 }, new Sealer(DEVELOPMENT_PROTECTED_DATA_KEY), new RuleBook(prisma));

if ((await prisma.member.count()) < target) {
  if ((await prisma.organization.count()) > 0) throw new Error('the bench database has a partial dataset: drop it and run again');
  const loaded = await generateDataset(services, db, { url, members: target, seed, log });
  log.info(`generated ${loaded.members} members in ${loaded.organizations} organisations in ${loaded.seconds} s`);
}

/** The same random choices on every run: a hash of the row's ids, not random(). */
const chance = (expression: string) => `(('x' || substr(md5(${expression}), 1, 8))::bit(32)::int & 2147483647) / 2147483647.0`;

if ((await prisma.meeting.count()) === 0) {
  const started = performance.now();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`
      INSERT INTO meetings (id, organization_id, kind, status, month, planned_on, start_time, place, agenda, held_on, duration_minutes, minutes, resolutions, revision, updated_at)
      SELECT gen_random_uuid(), v.organization_id, 'REGULAR'::"MeetingKind", 'HELD'::"MeetingStatus", m::date, m::date + 2, '14:00', 'Phòng họp', '{}'::text[], m::date + 2, 95, 'Biên bản', '{}'::text[], 2, now()
      FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code AND k.holds_members
      CROSS JOIN generate_series('2024-12-01'::date, '2026-11-01'::date, interval '1 month') m
      WHERE v.valid_to IS NULL AND v.status = 'ACTIVE' AND ${chance(`v.organization_id::text || m::text`)} > 0.03
      UNION ALL
      SELECT gen_random_uuid(), v.organization_id, 'THEMATIC'::"MeetingKind", 'HELD'::"MeetingStatus", m::date, m::date + 16, '08:00', 'Hội trường', '{}'::text[], m::date + 16, 100, 'Biên bản', '{}'::text[], 2, now()
      FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code AND k.holds_members
      CROSS JOIN generate_series('2025-03-01'::date, '2026-09-01'::date, interval '3 months') m
      WHERE v.valid_to IS NULL AND v.status = 'ACTIVE'`);
    await client.query(`
      INSERT INTO meeting_participants (id, meeting_id, member_id, role, votes, attendance, absence_reason)
      SELECT gen_random_uuid(), t.id, p.member_id, 'MEMBER', true,
        (CASE WHEN x.r < 0.90 THEN 'PRESENT' WHEN x.r < 0.97 THEN 'ABSENT_WITH_REASON' ELSE 'ABSENT_WITHOUT_REASON' END)::"MeetingAttendance",
        CASE WHEN x.r >= 0.90 AND x.r < 0.97 THEN 'Đi công tác' END
      FROM meetings t JOIN member_periods p ON p.organization_id = t.organization_id AND p.valid_from <= t.held_on AND (p.valid_to IS NULL OR p.valid_to > t.held_on)
        AND p.status IN ('PROBATIONARY', 'OFFICIAL') AND p.temporary_organization_id IS NULL
      CROSS JOIN LATERAL (SELECT ${chance(`t.id::text || p.member_id::text`)} AS r) x`);
    // The attendance counted on each meeting, as the service does when it holds one.
    await client.query(`
      UPDATE meetings m SET expected_count = c.expected, present_count = c.present, excused_count = c.excused, unexcused_count = c.unexcused, exempt_count = c.exempt
      FROM (SELECT meeting_id, count(*) FILTER (WHERE attendance <> 'EXEMPT')::int AS expected, count(*) FILTER (WHERE attendance = 'PRESENT')::int AS present,
              count(*) FILTER (WHERE attendance = 'ABSENT_WITH_REASON')::int AS excused, count(*) FILTER (WHERE attendance = 'ABSENT_WITHOUT_REASON')::int AS unexcused,
              count(*) FILTER (WHERE attendance = 'EXEMPT')::int AS exempt
            FROM meeting_participants WHERE role <> 'HIGHER_COMMITTEE' GROUP BY meeting_id) c
      WHERE m.id = c.meeting_id`);
    await client.query(`
      INSERT INTO dues_bases (id, member_id, from_month, "group", base_amount, actor_name)
      SELECT gen_random_uuid(), p.member_id, '2025-01-01', 'SOCIAL_INSURANCE_SALARY', 4000000 + (${chance('p.member_id::text')} * 16)::int * 500000, 'bench'
      FROM member_periods p WHERE p.valid_to IS NULL AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')`);
    await client.query(`
      INSERT INTO dues_payments (id, member_id, month, amount, paid_on, channel, reference, organization_id, actor_name)
      SELECT gen_random_uuid(), p.member_id, m::date, round(b.base_amount / 100.0), m::date + 9,
        CASE WHEN ${chance(`p.member_id::text || m::text || 'c'`)} < 0.5 THEN 'CASH'::"DuesChannel" ELSE 'NATIONAL_PORTAL'::"DuesChannel" END,
        'B-' || p.member_id::text || '-' || to_char(m, 'YYYYMM'), coalesce(p.temporary_organization_id, p.organization_id), 'bench'
      FROM generate_series('2025-01-01'::date, '2026-11-01'::date, interval '1 month') m
      JOIN member_periods p ON p.valid_from <= m::date AND (p.valid_to IS NULL OR p.valid_to > m::date) AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
      JOIN dues_bases b ON b.member_id = p.member_id
      WHERE ${chance(`p.member_id::text || m::text`)} < 0.95`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
  await pool.query('VACUUM ANALYZE meetings, meeting_participants, dues_bases, dues_payments');
  const counts = await pool.query(`SELECT (SELECT count(*) FROM meetings) AS meetings, (SELECT count(*) FROM meeting_participants) AS participants, (SELECT count(*) FROM dues_payments) AS payments`);
  log.info(`branch life: ${JSON.stringify(counts.rows[0])} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

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
  console.log(`${name.padEnd(62)} median ${samples[Math.floor(runs / 2)]!.toFixed(1).padStart(8)} ms  (${statements.length - before} statements)`);
}

const members = await prisma.member.count();
const province = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'PROVINCIAL_COMMITTEE' } })).items[0]!;
const bloc = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' } })).items[0]!;
const grassroots = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'GRASSROOTS_COMMITTEE' } })).items[0]!;
const branch = (await services.organizations.list({ asOf: '2026-11-01', filter: { kind: 'BRANCH' } })).items[0]!;
const sizes = await pool.query(`SELECT (SELECT count(*) FROM meetings) AS meetings, (SELECT count(*) FROM meeting_participants) AS participants, (SELECT count(*) FROM dues_payments) AS payments`);
console.log(`\n${members} members, ${await prisma.organization.count()} organisations, ${JSON.stringify(sizes.rows[0])}\n`);

await time('meeting statistics of the province, 2025', () => services.meetingStatistics.forPeriod(province.id, '2025-01-01', '2025-12-31', '2026-12-03'));
await time('meeting statistics of the province, January–November 2026', () => services.meetingStatistics.forPeriod(province.id, '2026-01-01', '2026-12-31', '2026-11-30'));
await time('meeting statistics of a bloc, 2025', () => services.meetingStatistics.forPeriod(bloc.id, '2025-01-01', '2025-12-31', '2026-12-03'));
await time('meeting statistics of a grassroots organisation, 2025', () => services.meetingStatistics.forPeriod(grassroots.id, '2025-01-01', '2025-12-31', '2026-12-03'));
await time('due items of the province, 30 days', () => services.dueItems.within(province.id, 30, '2026-12-03'));
await time('due items of the province, 90 days', () => services.dueItems.within(province.id, 90, '2026-12-03'));
await time('due items of a bloc, 30 days', () => services.dueItems.within(bloc.id, 30, '2026-12-03'));
await time('due items of a grassroots organisation, 30 days', () => services.dueItems.within(grassroots.id, 30, '2026-12-03'));
await time('dues arrears of the province from January 2026', () => services.dues.arrears(province.id, '2026-01-01', '2026-12-03'));
await time('dues arrears of a grassroots organisation from January 2026', () => services.dues.arrears(grassroots.id, '2026-01-01', '2026-12-03'));
await time('dues remittance of the province, 2025', () => services.dues.remittance(province.id, '2025-01-01', '2025-12-31'));
await time('dues sheet of a branch, November 2026', () => services.dues.sheet(branch.id, '2026-11-01', '2026-12-03'));

await db.close();
await embedded?.stop();
