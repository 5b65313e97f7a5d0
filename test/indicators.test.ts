import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from './helper.js';
import { buildTree, createDecision, docGid, orgGid } from './factories.js';

/** `count` admissions into `branch` spread over [from, to] (and recognitions a year later when asked). */
async function admissions(app: FastifyInstance, branch: string, count: number, from: string, decisionId: string, recognize = false) {
  const day = (i: number) => new Date(new Date(`${from}T00:00:00Z`).getTime() + (i % 28) * 86400_000).toISOString().slice(0, 10);
  await app.services.members.importHistories(
    Array.from({ length: count }, (_, i) => ({
      person: { fullName: `Đảng viên ${branch.slice(-4)} ${i}`, gender: i % 2 ? 'MALE' : 'FEMALE', dateOfBirth: '1995-03-03' },
      events: [
        { type: 'ADMITTED', occurredOn: day(i), decisionId, organizationId: branch },
        ...(recognize ? [{ type: 'RECOGNIZED_OFFICIAL' as const, occurredOn: `${Number(day(i).slice(0, 4)) + 1}${day(i).slice(4)}`, decisionId }] : []),
      ],
    })),
  );
}

const RESULTS = `query ($id: ID!, $year: Int!, $quarter: Int) {
  indicatorResults(organizationId: $id, year: $year, quarter: $quarter) {
    indicator { code } period targetPeriod target actual numerator denominator achievement met yearToDate yearTarget yearProgress previous change
  }
}`;

async function results(api: TestApp, id: string, year: number, quarter?: number) {
  const { body } = await api.gql(RESULTS, { id: orgGid(id), year, quarter });
  if (!body.data) throw new Error(JSON.stringify(body.errors));
  return Object.fromEntries(body.data.indicatorResults.map((r: any) => [r.indicator.code, r]));
}

const TARGET = `mutation ($input: SetIndicatorTargetInput!) { result: setIndicatorTarget(input: $input) { __typename ... on Error { code message } ... on ValidationError { problems { field message } } } }`;
const VALUES = `mutation ($input: EnterIndicatorValuesInput!) { result: enterIndicatorValues(input: $input) { __typename ... on IndicatorValuesPayload { count } ... on Error { code message } ... on ValidationError { problems { field message } } } }`;

t.test('the articles’ arithmetic, reproduced from data', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const resolution = await createDecision(api.app, { type: 'RESOLUTION', number: '05-NQ/ĐUK', issuedOn: '2020-10-15' });
  const report = await createDecision(api.app, { type: 'REPORT', number: '120-BC/ĐUK', issuedOn: '2023-01-10' });
  const target = async (indicatorCode: string, year: number, targetValue: number, quarter?: number) => {
    const { body } = await api.gql(TARGET, { input: { organizationId: orgGid(tree.U1), indicatorCode, period: { year, quarter }, targetValue, resolutionId: docGid(resolution.id) } });
    t.equal(body.data.result.__typename, 'IndicatorTarget', `target ${indicatorCode} ${year}`);
  };

  // Sóc Trăng 2022: 183 admitted against a target of 180 → 101.67 %, met.
  await admissions(api.app, tree.B1, 100, '2022-03-01', tree.decision.id);
  await admissions(api.app, tree.G2, 83, '2022-08-01', tree.decision.id);
  await admissions(api.app, tree.B3, 40, '2022-05-01', tree.decision.id); // outside U1
  await target('MEMBERS_ADMITTED', 2022, 180);
  const y2022 = await results(api, tree.U1, 2022);
  t.same(
    [y2022.MEMBERS_ADMITTED.actual, y2022.MEMBERS_ADMITTED.target, y2022.MEMBERS_ADMITTED.achievement, y2022.MEMBERS_ADMITTED.met],
    [183, 180, 101.67, true],
    '183 of 180 → 101.67 %, met',
  );

  // A bloc, Q1 2024: 181 admitted of the year's 600 → 30.17 %.
  await admissions(api.app, tree.B2, 181, '2024-01-15', tree.decision.id);
  await admissions(api.app, tree.B2, 50, '2024-05-02', tree.decision.id);
  await target('MEMBERS_ADMITTED', 2024, 600);
  const q1 = await results(api, tree.U1, 2024, 1);
  t.same(
    [q1.MEMBERS_ADMITTED.period, q1.MEMBERS_ADMITTED.targetPeriod, q1.MEMBERS_ADMITTED.actual, q1.MEMBERS_ADMITTED.achievement, q1.MEMBERS_ADMITTED.met, q1.MEMBERS_ADMITTED.yearToDate, q1.MEMBERS_ADMITTED.yearProgress],
    ['2024-Q1', '2024', 181, 30.17, false, 181, 30.17],
    '181 of 600 → 30.17 %',
  );
  const q2 = await results(api, tree.U1, 2024, 2);
  t.same([q2.MEMBERS_ADMITTED.actual, q2.MEMBERS_ADMITTED.yearToDate, q2.MEMBERS_ADMITTED.yearProgress], [50, 231, 38.5], 'quarters add up toward the year');

  // 87 of 121 units registered for the cultural standard → 71.90 %.
  await target('CULTURE_REGISTERED', 2024, 80);
  const registered = await api.gql(VALUES, {
    input: { rows: [{ organizationId: orgGid(tree.U1), indicatorCode: 'CULTURE_REGISTERED', period: { year: 2024, quarter: 1 }, numerator: 87, denominator: 121, sourceDocumentId: docGid(report.id) }] },
  });
  t.same(registered.body.data.result, { __typename: 'IndicatorValuesPayload', count: 1 });
  const culture = (await results(api, tree.U1, 2024, 1)).CULTURE_REGISTERED;
  t.same([culture.actual, culture.numerator, culture.denominator, culture.met], [71.9, 87, 121, false], '87 of 121 → 71.90 %');

  // Revenue 26,235.86 bn đồng, +26.09 % year on year; values of two enterprises roll up.
  await target('REVENUE', 2021, 20000);
  await target('REVENUE', 2022, 25000);
  const rows = [
    { organizationId: orgGid(tree.G1), indicatorCode: 'REVENUE', period: { year: 2021 }, value: 12000 },
    { organizationId: orgGid(tree.G2), indicatorCode: 'REVENUE', period: { year: 2021 }, value: 8807 },
    { organizationId: orgGid(tree.G1), indicatorCode: 'REVENUE', period: { year: 2022 }, value: 15000.5 },
    { organizationId: orgGid(tree.G2), indicatorCode: 'REVENUE', period: { year: 2022 }, value: 11235.36 },
  ];
  // The grassroots organisations report against the bloc's targets: targets cover the whole subtree.
  for (const org of [tree.G1, tree.G2]) {
    for (const year of [2021, 2022]) {
      await api.gql(TARGET, { input: { organizationId: orgGid(org), indicatorCode: 'REVENUE', period: { year }, targetValue: 1, resolutionId: docGid(resolution.id) } });
    }
  }
  t.same((await api.gql(VALUES, { input: { rows } })).body.data.result, { __typename: 'IndicatorValuesPayload', count: 4 });
  const revenue = (await results(api, tree.U1, 2022)).REVENUE;
  t.same([revenue.actual, revenue.previous, revenue.change, revenue.met], [26235.86, 20807, 26.09, true], '26,235.86 bn đồng, +26.09 %');
});

t.test('computed indicators equal a direct SQL count, for a subtree and a quarter', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const resolution = await createDecision(api.app, { type: 'RESOLUTION', number: '01-NQ/ĐUK', issuedOn: '2023-12-01' });
  await admissions(api.app, tree.B1, 17, '2023-02-10', tree.decision.id, true);
  await admissions(api.app, tree.G2, 9, '2024-01-03', tree.decision.id, true);
  await admissions(api.app, tree.B3, 11, '2024-02-20', tree.decision.id, true);
  for (const code of ['MEMBERS_ADMITTED', 'MEMBERS_RECOGNIZED']) {
    await api.app.services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: code, period: { year: 2024, quarter: 1 }, targetValue: 10, resolutionId: resolution.id });
  }
  const computed = await results(api, tree.U1, 2024, 1);
  const [direct] = await api.app.db.prisma.$queryRawUnsafe<{ admitted: number; recognized: number }[]>(`
    SELECT count(*) FILTER (WHERE e.type = 'ADMITTED')::int AS admitted, count(*) FILTER (WHERE e.type = 'RECOGNIZED_OFFICIAL')::int AS recognized
    FROM member_events e
    JOIN member_periods p ON p.event_id = e.id
    JOIN organizations o ON o.id = p.organization_id
    JOIN organization_versions u1 ON u1.organization_id = '${tree.U1}' AND u1.valid_to IS NULL
    JOIN organization_versions v ON v.organization_id = o.id AND v.valid_to IS NULL
    WHERE e.effective_on BETWEEN '2024-01-01' AND '2024-03-31' AND v.path @> ARRAY[u1.path[cardinality(u1.path)]]`);
  t.same([computed.MEMBERS_ADMITTED.actual, computed.MEMBERS_RECOGNIZED.actual], [direct!.admitted, direct!.recognized]);
  t.same([direct!.admitted, direct!.recognized], [9, 17], 'the fixture: 9 admitted in G2 (the 11 in B3 are outside), 17 recognised in B1');
});

t.test('bad input: clear errors, nothing written (bulk requests included)', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const resolution = await createDecision(api.app, { type: 'RESOLUTION', number: '02-NQ/ĐUK', issuedOn: '2023-12-01' });
  await api.app.services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'TASKS_COMPLETED', period: { year: 2024 }, targetValue: 90, resolutionId: resolution.id });
  const before = await api.snapshot();
  const target = (input: object) => api.gql(TARGET, { input: { organizationId: orgGid(tree.U1), period: { year: 2024 }, resolutionId: docGid(resolution.id), ...input } });
  t.same((await target({ indicatorCode: 'TASKS_COMPLETED', targetValue: 120 })).body.data.result.problems, [{ field: 'targetValue', message: 'a percentage is between 0 and 100, got 120' }]);
  t.same((await target({ indicatorCode: 'NO_SUCH', targetValue: 1 })).body.data.result.problems, [{ field: 'indicatorCode', message: 'unknown indicator "NO_SUCH"' }]);
  t.same((await target({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 2.5 })).body.data.result.problems, [{ field: 'targetValue', message: 'a count is a whole number, 0 or more' }]);
  t.same((await target({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 10, period: { year: 2024, quarter: 5 } })).body.data.result.problems, [{ field: 'period.quarter', message: 'is 1, 2, 3 or 4' }]);

  const row = (extra: object) => ({ organizationId: orgGid(tree.U1), indicatorCode: 'TASKS_COMPLETED', period: { year: 2024 }, ...extra });
  const bulk = await api.gql(VALUES, {
    input: {
      rows: [
        row({ numerator: 9429, denominator: 11014 }),
        row({ period: { year: 2023 }, numerator: 1, denominator: 2 }),
        row({ numerator: 130, denominator: 121 }),
        row({ indicatorCode: 'MEMBERS_ADMITTED', value: 5 }),
        row({ value: 50 }),
      ],
    },
  });
  t.same(bulk.body.data.result, {
    __typename: 'ValidationError',
    code: 'VALIDATION_FAILED',
    message: bulk.body.data.result.message,
    problems: [
      { field: 'rows.2.numerator', message: '130 of 121 is not a ratio of parts' },
      { field: 'rows.3.indicatorCode', message: 'MEMBERS_ADMITTED is computed from the data: it is not entered' },
      { field: 'rows.4.numerator', message: 'TASKS_COMPLETED is a ratio: give numerator and denominator ("87 of 121")' },
    ],
  }, 'every bad row is named; the good first row is not written either');
  const restBad = await api.request({ method: 'POST', url: '/api/v1/indicator-values', payload: { rows: [row({ numerator: 9429, denominator: 11014 }), row({ numerator: 130, denominator: 121 })] } });
  t.same([restBad.status, restBad.body.code, restBad.body.problems.length], [400, 'VALIDATION_FAILED', 1]);
  t.same(await api.snapshot(), before, 'nothing written by any refused request');

  const good = await api.request({ method: 'POST', url: '/api/v1/indicator-values', payload: { rows: [row({ numerator: 9429, denominator: 11014 })] } });
  t.same([good.status, good.body.count], [201, 1]);
  const rows = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/indicator-results?year=2024` });
  t.same(rows.body.items.map((r: any) => [r.indicator, r.actual, r.numerator, r.denominator, r.met]), [['TASKS_COMPLETED', 85.61, 9429, 11014, false]], '9,429 of 11,014 tasks done');
  const catalogue = await api.request({ method: 'GET', url: '/api/v1/indicators' });
  t.equal(catalogue.body.items.length, 20);
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const forbidden = await viewer.request({ method: 'POST', url: '/api/v1/indicator-values', payload: { rows: [row({ numerator: 1, denominator: 2 })] } });
  t.same([forbidden.status, forbidden.body.code], [403, 'FORBIDDEN']);
});

t.test('results for a subtree of 100 organisations cost a constant number of statements', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const resolution = await createDecision(api.app, { type: 'RESOLUTION', number: '03-NQ/ĐUK', issuedOn: '2023-12-01' });
  const establish = async (under: string, count: number, prefix: string) => {
    for (let i = 0; i < count; i++) {
      await api.app.services.organizations.establish({ code: `${prefix}${i}`, name: `Chi bộ cơ sở ${prefix}${i}`, kindCode: 'GRASSROOTS_BRANCH', sector: 'PRIVATE_ENTERPRISE', parentId: under, effectiveOn: '2024-02-01', decisionId: tree.decision.id });
    }
  };
  await establish(tree.U1, 96, 'PA');
  await establish(tree.U2, 8, 'PB');
  for (const id of [tree.U1, tree.U2]) {
    for (const code of ['MEMBERS_ADMITTED', 'MEMBERS_RECOGNIZED', 'MEMBERS_TRANSFERRED', 'PRIVATE_SECTOR_ORGANIZATIONS', 'CANDIDATES_TRAINED', 'TASKS_COMPLETED']) {
      await api.app.services.indicators.setTarget({ organizationId: id, indicatorCode: code, period: { year: 2024 }, targetValue: 10, resolutionId: resolution.id });
    }
  }
  const large = await api.countStatements(() => results(api, tree.U1, 2024, 1));
  const small = await api.countStatements(() => results(api, tree.U2, 2024, 1));
  t.equal(large.result.PRIVATE_SECTOR_ORGANIZATIONS.actual, 96, 'the 96 new grassroots organisations in private enterprises under U1');
  t.equal(small.result.PRIVATE_SECTOR_ORGANIZATIONS.actual, 8);
  // The caller (1), the organisation (1), the targets with their indicators and the bases of
  // rate targets (1), the values entered without a target (1), one statement per computation
  // (5), the entered values with their organisations' paths (1): relations are joined into the
  // statement that loads their records.
  t.equal(large.statements, 10, 'statements for the subtree of 100 organisations');
  t.equal(small.statements, large.statements, 'the same for 10 organisations');
});

t.test('a term’s targets: 413 new members since the term began', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const congress = await createDecision(api.app, { type: 'RESOLUTION', number: '01-NQ/ĐH', issuedOn: '2020-10-15' });
  const term = await api.app.services.committees.openTerm({ organizationId: tree.U1, name: '2020–2025', startsOn: '2020-10-20', endsOn: '2025-10-20', congressOn: '2020-10-15', congressDecisionId: congress.id });
  const termId = Buffer.from(`Term:${term.id}`).toString('base64');
  await admissions(api.app, tree.B1, 12, '2020-09-01', tree.decision.id); // before the term
  await admissions(api.app, tree.B1, 200, '2021-04-01', tree.decision.id);
  await admissions(api.app, tree.G2, 213, '2023-06-01', tree.decision.id);
  const set = await api.gql(TARGET, { input: { organizationId: orgGid(tree.U1), indicatorCode: 'MEMBERS_ADMITTED', period: { termId }, targetValue: 400, resolutionId: docGid(congress.id) } });
  t.equal(set.body.data.result.__typename, 'IndicatorTarget');
  const { body } = await api.gql(`query ($id: ID!, $termId: ID!) { indicatorResults(organizationId: $id, termId: $termId) { period actual target achievement met } }`, { id: orgGid(tree.U1), termId });
  t.same(body.data.indicatorResults, [{ period: '2020–2025', actual: 413, target: 400, achievement: 103.25, met: true }]);
  const both = await api.gql(TARGET, { input: { organizationId: orgGid(tree.U1), indicatorCode: 'MEMBERS_ADMITTED', period: { termId, year: 2021 }, targetValue: 1, resolutionId: docGid(congress.id) } });
  t.same(both.body.data.result.problems, [{ field: 'period', message: 'give one of: a year (and a quarter), a termId, an ad hoc period' }]);
});

t.test('indicators an office defines: added to the catalogue by a national administrator, values entered without a target and reported', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const ADD = `mutation ($input: AddIndicatorInput!) { result: addIndicator(input: $input) { __typename ... on IndicatorPayload { indicator { code source unit } } ... on ValidationError { problems { field message } } ... on Error { code message } } }`;
  const meetings = { code: 'BRANCH_MEETINGS_HELD', nameVi: 'Số cuộc sinh hoạt chi bộ thường kỳ', nameEn: 'Regular branch meetings held', unit: 'cuộc', valueKind: 'COUNT', direction: 'AT_LEAST', rollup: 'SUM' };
  const local = await api.signInAs('ADMIN', tree.U1);
  const before = await api.snapshot();
  t.equal((await local.gql(ADD, { input: meetings })).body.data.result.code, 'FORBIDDEN', 'an administrator of a subtree does not change the national catalogue');
  t.same((await api.gql(ADD, { input: { ...meetings, code: 'meetings', rollup: 'RATIO_OF_SUMS' } })).body.data.result.problems.map((p: { field: string }) => p.field), ['code', 'rollup']);
  t.same(await api.snapshot(), before, 'nothing written');
  t.same((await api.gql(ADD, { input: meetings })).body.data.result, { __typename: 'IndicatorPayload', indicator: { code: 'BRANCH_MEETINGS_HELD', source: 'MANUAL', unit: 'cuộc' } });
  t.equal((await api.gql(ADD, { input: meetings })).body.data.result.code, 'CONFLICT', 'a code once');
  const rest = await api.request({ method: 'POST', url: '/api/v1/indicators', payload: { ...meetings, code: 'THEMATIC_MEETINGS_HELD', nameVi: 'Số cuộc sinh hoạt chuyên đề' } });
  t.same([rest.status, rest.body.code], [201, 'THEMATIC_MEETINGS_HELD']);
  t.equal(await api.app.db.prisma.auditEvent.count({ where: { action: 'indicator.add' } }), 2, 'audited');

  // A value for 2024 without inventing a target: entered, and reported without one.
  const report = await createDecision(api.app, { type: 'REPORT', number: '05-BC/ĐUK', issuedOn: '2025-01-10' });
  await api.app.services.indicators.enterValues([{ organizationId: tree.U1, indicatorCode: 'BRANCH_MEETINGS_HELD', period: { year: 2024 }, value: 1210, sourceDocumentId: report.id }]);
  const { body } = await api.gql(`query ($id: ID!) { indicatorResults(organizationId: $id, year: 2024) { indicator { code } target targetPeriod actual met resolution { id } } }`, { id: orgGid(tree.U1) });
  t.same(body.data.indicatorResults, [{ indicator: { code: 'BRANCH_MEETINGS_HELD' }, target: null, targetPeriod: null, actual: 1210, met: null, resolution: null }]);
});

t.test('targets as resolutions write them: a range ("from 1 to 2") and a rate of the membership at the start ("3 to 4 %")', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const resolution = await createDecision(api.app, { type: 'RESOLUTION', number: '07-NQ/ĐUK', issuedOn: '2023-12-01' });
  // 200 members in U1 on 1/1/2024 (and 30 in U2, not counted); 7 admitted in 2024.
  await admissions(api.app, tree.B1, 200, '2020-03-01', tree.decision.id);
  await admissions(api.app, tree.B3, 30, '2020-03-01', tree.decision.id);
  await admissions(api.app, tree.B2, 7, '2024-02-01', tree.decision.id);
  const set = (input: Record<string, unknown>) =>
    api.gql(TARGET, { input: { organizationId: orgGid(tree.U1), period: { year: 2024 }, resolutionId: docGid(resolution.id), ...input } }).then((r) => r.body.data.result);
  const RATES = `query ($id: ID!) { indicatorResults(organizationId: $id, year: 2024) {
    indicator { code } target targetMax rate { base { code } baseValue from to } actual achievement met } }`;

  const outsider = await api.signInAs('ADMIN', tree.U2);
  const before = await api.snapshot();
  t.same((await set({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 3, targetMax: 2 })).problems, [{ field: 'targetMax', message: 'the high end of a range must be above its low end (3)' }]);
  t.same((await set({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 0, targetMax: 140, baseIndicatorCode: 'MEMBERSHIP_AT_START' })).problems, [
    { field: 'targetValue', message: 'a rate is a percentage above 0 and at most 100, got 0' },
    { field: 'targetMax', message: 'a rate is a percentage above 0 and at most 100, got 140' },
  ]);
  t.same((await set({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 3, baseIndicatorCode: 'MEMBERS_ADMITTED' })).problems, [{ field: 'baseIndicatorCode', message: 'a target is not a rate of its own indicator' }]);
  t.same((await set({ indicatorCode: 'TASKS_COMPLETED', targetValue: 3, baseIndicatorCode: 'MEMBERSHIP_AT_START' })).problems, [
    { field: 'indicatorCode', message: 'TASKS_COMPLETED is a RATIO: only a count or an amount is set as a rate of another quantity' },
  ]);
  t.same((await set({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 3, baseIndicatorCode: 'NO_SUCH' })).problems, [{ field: 'baseIndicatorCode', message: 'unknown indicator "NO_SUCH"' }]);
  const refused = await outsider.gql(TARGET, { input: { organizationId: orgGid(tree.U1), indicatorCode: 'NO_SUCH', period: { year: 2024 }, targetValue: 1, resolutionId: docGid(resolution.id) } });
  t.equal(refused.body.data.result.code, 'FORBIDDEN', 'another subtree’s administrator is refused before the indicator is looked at');
  t.same(await api.snapshot(), before, 'nothing written');

  // "Kết nạp từ 3 đến 4 % tổng số đảng viên đầu năm": 6 to 8 of the 200; 7 admitted → met.
  t.equal((await set({ indicatorCode: 'MEMBERS_ADMITTED', targetValue: 3, targetMax: 4, baseIndicatorCode: 'MEMBERSHIP_AT_START' })).__typename, 'IndicatorTarget');
  // "Thành lập từ 1 đến 2 tổ chức cơ sở đảng trong doanh nghiệp ngoài nhà nước": none yet → not met.
  t.equal((await set({ indicatorCode: 'PRIVATE_SECTOR_ORGANIZATIONS', targetValue: 1, targetMax: 2 })).__typename, 'IndicatorTarget');
  const { body } = await api.gql(RATES, { id: orgGid(tree.U1) });
  t.same(body.data.indicatorResults, [
    { indicator: { code: 'MEMBERS_ADMITTED' }, target: 6, targetMax: 8, rate: { base: { code: 'MEMBERSHIP_AT_START' }, baseValue: 200, from: 3, to: 4 }, actual: 7, achievement: 116.67, met: true },
    { indicator: { code: 'PRIVATE_SECTOR_ORGANIZATIONS' }, target: 1, targetMax: 2, rate: null, actual: 0, achievement: 0, met: false },
  ]);
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/indicator-results?year=2024` });
  t.same(rest.body.items[0].rate, { base: 'MEMBERSHIP_AT_START', baseValue: 200, from: 3, to: 4 }, 'REST gives the rate too');
});
