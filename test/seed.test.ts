import t from 'tap';
import { seedDemoData, seedDemoDataIfEmpty } from '../src/seed/demo.js';
import { buildTestApp } from './helper.js';

t.test('the demo province, before and after the 2025 restructuring', async (t) => {
  const { app, gql } = await buildTestApp(t);
  const messages: string[] = [];
  const log = { info: (message: string) => messages.push(message) };
  const { organizations, members } = await seedDemoData(app.services, app.db, log);
  t.equal(organizations, 266, '1 province, 2 blocs, 97 grassroots organisations, 164 branches, 2 committees of 2025');
  t.equal(members, 4992, 'about 5,000 members (4,976 and 16 veterans of the agencies’ bloc)');
  t.ok(messages.includes('demo data: 266/266 restructuring steps'), 'progress is reported: the tree');
  t.ok(messages.includes('demo data: 4976/4976 members'), 'progress is reported: the members');

  const count = async (asOf: string, filter: object) =>
    (await gql(`query ($asOf: Date, $filter: OrganizationFilter) { organizations(asOf: $asOf, filter: $filter, first: 100) { edges { node { code } } pageInfo { hasNextPage } } }`, { asOf, filter }))
      .body.data.organizations;
  t.same((await count('2024-12-31', { kind: 'UPPER_GRASSROOTS_COMMITTEE' })).edges.map((e: any) => e.node.code), ['T40-KCQ', 'T40-KDN']);
  t.same((await count('2025-02-01', { kind: 'UPPER_GRASSROOTS_COMMITTEE' })).edges.map((e: any) => e.node.code), ['T40-CQD', 'T40-UBND']);
  const grassroots = await app.services.organizations.count({ asOf: '2025-06-30', filter: { kind: 'GRASSROOTS_COMMITTEE' } });
  const grassrootsBranches = await app.services.organizations.count({ asOf: '2025-06-30', filter: { kind: 'GRASSROOTS_BRANCH' } });
  t.equal(grassroots + grassrootsBranches, 97, 'about a hundred grassroots organisations');
  t.equal(await app.services.organizations.count({ asOf: '2025-06-30', filter: { kind: 'BRANCH' } }), 164);

  const lineage = await gql(`{
    before: organizations(asOf: "2024-12-31", filter: { search: "ngoai thuong" }) { edges { node { name ancestors { code } } } }
    after: organizations(asOf: "2025-02-01", filter: { search: "ngoai thuong" }) { edges { node { name ancestors { code } } } }
  }`);
  t.same(lineage.body.data, {
    before: { edges: [{ node: { name: 'Đảng bộ Ngân hàng TMCP Ngoại thương chi nhánh Vinh', ancestors: [{ code: 'T40' }, { code: 'T40-KDN' }] } }] },
    after: { edges: [{ node: { name: 'Đảng bộ Ngân hàng TMCP Ngoại thương chi nhánh Vinh', ancestors: [{ code: 'T40' }, { code: 'T40-UBND' }] } }] },
  });

  const province = await gql(`{
    organizations(filter: { kind: "PROVINCIAL_COMMITTEE" }, asOf: "2026-11-01") {
      edges { node { memberCounts { total probationary official suspended deceased expelled removedFromRoll } } }
    }
    events: members(asOf: "2026-11-01", first: 1, filter: { search: "nguyen" }) { edges { node { events { type } positions { role } } } }
  }`);
  const counts = province.body.data.organizations.edges[0].node.memberCounts;
  const inParty = await app.db.prisma.memberPeriod.count({
    where: { status: { in: ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'] }, validFrom: { lte: new Date('2026-11-01') }, OR: [{ validTo: null }, { validTo: { gt: new Date('2026-11-01') } }] },
  });
  t.equal(counts.total, inParty, 'the province counts every member in the Party on the day');
  t.ok(counts.probationary > 0 && counts.official > 4000 && counts.deceased > 0 && counts.expelled > 0, 'a few years of events');
  t.equal(await app.db.prisma.term.count(), 2 * (41 + 220), 'terms 2020–2025 and 2025–2030 of every grassroots committee and branch');
  t.ok((await app.db.prisma.committeePosition.count({ where: { role: 'SECRETARY' } })) > 400, 'with their secretaries');

  // The blocs' reports of 2024, as in the articles.
  const blocs = (await app.services.organizations.list({ asOf: '2024-12-31', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' } })).items;
  const q1 = await app.services.indicators.results(blocs.find((b) => b.code === 'T40-KCQ')!.id, { year: 2024, quarter: 1 });
  const culture = q1.find((r) => r.indicator.code === 'CULTURE_REGISTERED')!;
  t.equal(q1.find((r) => r.indicator.code === 'MEMBERS_DISCIPLINED')!.actual, 10, '10 members disciplined in Q1 2024');
  const inspection = await app.services.inspectionStatistics.forPeriod(blocs.find((b) => b.code === 'T40-KCQ')!.id, '2024-01-01', '2024-03-31');
  t.match(
    inspection,
    { disciplinedMembers: [{ form: 'REPRIMAND', count: 2 }, { form: 'EXPULSION', count: 8 }], organizationsInspected: 5, organizationsInspectedOnSigns: 1, membersInspectedOnSigns: 3, memberSuspensions: 2, memberReinstatements: 3 },
    'the demo’s Q1 2024 inspection figures of the agencies’ bloc',
  );
  t.same([culture.actual, culture.numerator, culture.denominator], [71.9, 87, 121], '87 of 121 units registered');
  // 325 candidates trained in 3 classes: 40.63 % of the year's 800 (the article truncates to 40.62 %).
  const candidates = q1.find((r) => r.indicator.code === 'CANDIDATES_TRAINED')!;
  t.same([candidates.actual, candidates.yearTarget, candidates.yearProgress], [325, 800, 40.63], '325 candidates trained in Q1 2024, of the year’s 800');
  const classesOfQ1 = await app.db.prisma.trainingClass.findMany({ where: { startsOn: { gte: new Date('2024-01-01'), lte: new Date('2024-03-31') } }, include: { _count: { select: { attendances: { where: { result: 'COMPLETED' } } } } }, orderBy: { startsOn: 'asc' } });
  t.same(classesOfQ1.map((c) => [c.type, c._count.attendances]), [['PARTY_AWARENESS', 109], ['PARTY_AWARENESS', 108], ['NEW_MEMBER', 145], ['PARTY_AWARENESS', 108]], 'three classes for candidates, one for 145 new members');
  const year = await app.services.indicators.results(blocs.find((b) => b.code === 'T40-KDN')!.id, { year: 2024 });
  const revenue = year.find((r) => r.indicator.code === 'REVENUE')!;
  t.same([revenue.actual, revenue.change], [26235.86, 26.09], 'revenue +26.09 % year on year');
  const ratings = await app.services.ratings.distribution(blocs[0]!.id, 2024, 'ORGANIZATION');
  t.ok(ratings.total > 60 && ratings.goodOrAbovePercent! > 85, `grassroots organisations rated in 2024: ${ratings.excellent}/${ratings.good}/${ratings.completed}`);

  // Party badges of 3/2/2024 and the commendations of 2023.
  const agencies = blocs.find((b) => b.code === 'T40-KCQ')!.id;
  const enterprises = blocs.find((b) => b.code === 'T40-KDN')!.id;
  t.match(
    await app.services.commendations.statistics(agencies, '2024-01-01', '2024-03-31'),
    { badgesByMilestone: [{ milestone: 30, count: 14 }], badgesByBasis: [{ basis: 'REGULAR', count: 14 }], badgesTotal: 14 },
    '14 Party badges of 3/2/2024 in the agencies’ bloc',
  );
  t.match(
    await app.services.commendations.statistics(enterprises, '2024-01-01', '2024-12-31'),
    { commendations: [{ form: 'CERTIFICATE_OF_MERIT', subject: 'ORGANIZATION', count: 10 }, { form: 'CERTIFICATE_OF_MERIT', subject: 'MEMBER', count: 34 }], commendationsTotal: 44 },
    '44 collectives and individuals commended',
  );
  const may = await app.services.partyBadges.eligibility(agencies, '2024-05-19');
  t.same(may.map((c) => [c.milestone, c.status, c.nextAwardDate]), [[30, 'DEFERRED_AFTER_DISCIPLINE', '2024-09-02']], 'on 19/5/2024 only the reprimanded veteran is due, and waits');
  const september = await app.services.partyBadges.eligibility(agencies, '2024-09-02');
  t.same(september.map((c) => [c.status, c.daysOutsideParty]).sort(), [['ELIGIBLE', 0]], 'on 2/9/2024: the reprimanded veteran');
  // The blocs were merged in 2025: in 2027 the veteran is found under the province.
  const provinceId = (await app.db.prisma.organization.findUniqueOrThrow({ where: { code: 'T40' } })).id;
  const readmitted = (await app.services.partyBadges.eligibility(provinceId, '2027-05-19')).filter((c) => c.daysOutsideParty > 0);
  t.same(readmitted.map((c) => [c.milestone, c.status, c.daysOutsideParty]), [[30, 'ELIGIBLE', 1096]], 'the veteran readmitted after 1,096 days outside reaches 30 years on 4/2/2027, for the award day of 19/5/2027');

  // Two years of branch life (issue 17): the meeting statistics equal a direct count of the rows.
  const meetings = await app.services.meetingStatistics.forPeriod(provinceId, '2025-01-01', '2025-12-31', '2026-12-03');
  const [direct] = await app.db.prisma.$queryRaw<{ regular: number; thematic: number; expected: number; present: number; unexcused: number }[]>`
    SELECT count(DISTINCT m.id) FILTER (WHERE m.kind = 'REGULAR')::int AS regular, count(DISTINCT m.id) FILTER (WHERE m.kind = 'THEMATIC')::int AS thematic,
      count(*) FILTER (WHERE p.role <> 'HIGHER_COMMITTEE' AND p.attendance <> 'EXEMPT')::int AS expected,
      count(*) FILTER (WHERE p.role <> 'HIGHER_COMMITTEE' AND p.attendance = 'PRESENT')::int AS present,
      count(*) FILTER (WHERE p.attendance = 'ABSENT_WITHOUT_REASON')::int AS unexcused
    FROM meetings m JOIN meeting_participants p ON p.meeting_id = m.id WHERE m.status = 'HELD' AND m.held_on BETWEEN '2025-01-01' AND '2025-12-31'`;
  t.same(
    [meetings.regularMeetingsHeld, meetings.thematicMeetingsHeld, meetings.attendance.expected, meetings.attendance.present, meetings.attendance.absentWithoutReason],
    [direct!.regular, direct!.thematic, direct!.expected, direct!.present, direct!.unexcused],
    'the statistics of 2025 equal a direct count',
  );
  t.same([direct!.regular, direct!.thematic], [72, 24], 'six branches: twelve regular and four thematic meetings each');
  t.ok(meetings.attendance.ratePercent! > 85 && meetings.attendance.ratePercent! < 100, `attendance ${meetings.attendance.ratePercent}%`);
  t.equal(meetings.branchesHeldAllRegular, 6, 'the six demo branches held every regular meeting; the others none');
  const year2026 = await app.services.meetingStatistics.forPeriod(provinceId, '2026-01-01', '2026-12-31', '2026-11-30');
  t.ok(
    year2026.membersReachingThreshold.some((r) => ['2026-03-01', '2026-06-01', '2026-09-01'].every((m) => r.months.includes(m))),
    'the member who missed three regular meetings of 2026 is listed with the months',
  );
  const arrears = await app.services.dues.arrears(provinceId, '2026-01-01', '2026-11-15');
  t.ok(arrears.reachingThreshold.some((r) => r.year === 2026 && r.months.join() === '2026-08-01,2026-09-01,2026-10-01'), 'the member who left August to October unpaid reaches three months');
  t.ok(arrears.members.length > 1 && arrears.members.length < 30, `a few members in arrears (${arrears.members.length})`);
  const february = (await app.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM dues_payments WHERE month IN ('2026-01-01', '2026-02-01')`)[0]!.n;
  t.ok(february > 100, 'dues paid on both sides of 1/2/2026');

  const again: string[] = [];
  await seedDemoDataIfEmpty(app.services, app.db, { info: (message) => again.push(message), warn: (message) => again.push(message) });
  t.same(again, [], 'a database with data is left alone');
});
