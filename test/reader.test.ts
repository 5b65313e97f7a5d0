import t from 'tap';
import { Prisma } from '../src/generated/prisma/client.js';
import { modelColumns, poolReader } from '../src/db/reader.js';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree } from './factories.js';

/**
 * The reader (src/db/reader.ts) sends statements past Prisma and must hand back the rows
 * Prisma would: every scalar field of the models it reads, with the same values and types
 * (DATE columns as Dates at UTC midnight, timestamps, JSON, nulls). Compared here row by row
 * with Prisma's own reads of the same tables, in a process whose time zone is not UTC.
 */
// Node applies a change of TZ at once: this process reads dates as an office in Hà Nội would.
process.env.TZ = 'Asia/Ho_Chi_Minh';

t.test('the reader returns the rows Prisma returns, field by field', async (t) => {
  const { app } = await buildTestApp(t);
  const tree = await buildTree(app, '2015-01-01');
  const members = app.services.members;
  const first = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '2016-02-29', dateOfBirth: '1980-12-31' });
  const second = await admitMember(app, tree.B2, tree.decision.id, { admittedOn: '2018-01-01', gender: 'FEMALE' });
  await members.recordEvent(first, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-03-01', decisionId: tree.decision.id });
  await members.recordEvent(second, 'SUSPENDED', { occurredOn: '2019-09-01', decisionId: tree.decision.id });

  const { prisma, reader } = app.db;
  const cases = [
    { table: 'members', fields: Prisma.MemberScalarFieldEnum, prisma: () => prisma.member.findMany({ orderBy: { id: 'asc' } }) },
    { table: 'member_periods', fields: Prisma.MemberPeriodScalarFieldEnum, prisma: () => prisma.memberPeriod.findMany({ orderBy: { id: 'asc' } }) },
    { table: 'member_events', fields: Prisma.MemberEventScalarFieldEnum, prisma: () => prisma.memberEvent.findMany({ orderBy: { id: 'asc' } }) },
  ];
  for (const c of cases) {
    const expected = await c.prisma();
    const read = await reader.rows(Prisma.sql`SELECT ${modelColumns(c.fields, 'x')} FROM ${Prisma.raw(c.table)} x ORDER BY x.id`);
    t.ok(expected.length >= 2, `${c.table}: rows to compare`);
    t.strictSame(read, expected, `${c.table}: the reader's rows are Prisma's`);
  }
  // Events read as JSON with their member (a member's page) are the events Prisma reads.
  const ids = [first, second];
  const together = await members.byIdsWithEvents(ids, '2020-01-01');
  t.strictSame(together.members, await members.byIds(ids, '2020-01-01'), 'the members, as byIds gives them');
  for (const id of ids) {
    const expected = await prisma.memberEvent.findMany({ where: { memberId: id }, orderBy: [{ effectiveOn: 'asc' }, { recordedAt: 'asc' }] });
    t.ok(expected.length >= 2);
    t.strictSame(together.events.get(id), expected, 'the events of a member read with it are Prisma\'s');
  }
  const periods = await prisma.memberPeriod.findMany({ where: { memberId: second } });
  t.ok(
    periods.some((period) => period.suspensionFrom && period.validTo === null) && periods.some((period) => period.validTo),
    'open and closed periods, a suspension date among them, were compared',
  );
  t.equal(new Date('2020-01-01T00:00:00').getTimezoneOffset(), -420, 'the suite runs in Asia/Ho_Chi_Minh (UTC+7): a local-midnight date would differ');
});

t.test('a Date bound by the reader is its UTC instant, whatever the zone of the process', async (t) => {
  const { app } = await buildTestApp(t);
  const zone = process.env.TZ;
  t.teardown(() => void (process.env.TZ = zone));
  for (const tz of ['America/New_York', 'Asia/Ho_Chi_Minh', 'UTC']) {
    process.env.TZ = tz;
    const [row] = await app.db.reader.rows<{ day: string }>(Prisma.sql`SELECT ${new Date('2026-11-01T00:00:00Z')}::date::text AS day`);
    t.equal(row!.day, '2026-11-01', `the day in ${tz}`);
  }
});

t.test('a prepared lookup returns what the same statement returns unprepared, and is parsed once per connection', async (t) => {
  const { app } = await buildTestApp(t);
  await buildTree(app, '2015-01-01');
  // One connection of the app's pool, to see its prepared statements.
  const client = await app.db.pool.connect();
  t.teardown(() => client.release());
  const reader = poolReader(client);
  const lookup = (key: number) => Prisma.sql`SELECT o.id::text, o.code FROM organizations o WHERE o.path_key = ${key} ORDER BY o.id`;
  const keys = (await reader.rows<{ k: number }>(Prisma.sql`SELECT path_key AS k FROM organizations ORDER BY path_key`)).map((row) => row.k);
  t.ok(keys.length >= 3);
  for (let round = 0; round < 3; round++) {
    for (const key of keys) t.strictSame(await reader.prepared(lookup(key)), await reader.rows(lookup(key)), `key ${key}, round ${round}`);
  }
  const prepared = await reader.rows<{ statement: string; plans: number }>(Prisma.sql`SELECT statement, (generic_plans + custom_plans)::int AS plans FROM pg_prepared_statements`);
  t.same(
    prepared.map((row) => [row.statement, row.plans]),
    [[lookup(0).text, keys.length * 3]],
    'one prepared statement, run for every key in every round',
  );
});
