import t from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, createDecision, docGid, memberGid, orgGid } from './factories.js';

const RECORD = `mutation ($input: RecordRatingsInput!) { result: recordRatings(input: $input) { __typename ... on RecordRatingsPayload { count warnings { code message } } ... on Error { code message } ... on ValidationError { problems { field message } } } }`;

t.test('ratings of grassroots organisations, 2021 → 2022: 17/85/10 → 19/95/6', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const decision = await createDecision(api.app, { number: '45-QĐ/ĐUK', issuedOn: '2022-12-20' });
  const ids: string[] = [];
  for (let i = 0; i < 120; i++) {
    const established = i < 112 ? '2019-01-01' : '2022-03-01';
    ids.push(
      (await api.app.services.organizations.establish({ code: `CS${i}`, name: `Chi bộ cơ sở số ${i}`, kindCode: 'GRASSROOTS_BRANCH', sector: 'STATE_ENTERPRISE', parentId: tree.U1, effectiveOn: established, decisionId: tree.decision.id }))
        .organizationIds[0]!,
    );
  }
  const rate = (year: number, levels: [string, number][]) => {
    let next = 0;
    const rows = levels.flatMap(([level, count]) => Array.from({ length: count }, () => ({ organizationId: orgGid(ids[next++]!), level })));
    return api.gql(RECORD, { input: { subject: 'ORGANIZATION', ratedById: orgGid(tree.U1), year, decisionId: docGid(decision.id), rows } });
  };
  t.same((await rate(2021, [['EXCELLENT', 17], ['GOOD', 85], ['COMPLETED', 10]])).body.data.result, { __typename: 'RecordRatingsPayload', count: 112, warnings: [] });
  t.same((await rate(2022, [['EXCELLENT', 19], ['GOOD', 95], ['COMPLETED', 6]])).body.data.result.count, 120);
  const { body } = await api.gql(`query ($id: ID!) { ratingDistribution(organizationId: $id, year: 2022, subject: ORGANIZATION) { year excellent good completed notCompleted total goodOrAbovePercent previous { year excellent good completed notCompleted total goodOrAbovePercent } } }`, { id: orgGid(tree.U1) });
  t.same(body.data.ratingDistribution, {
    year: 2022, excellent: 19, good: 95, completed: 6, notCompleted: 0, total: 120, goodOrAbovePercent: 95,
    previous: { year: 2021, excellent: 17, good: 85, completed: 10, notCompleted: 0, total: 112, goodOrAbovePercent: 91.07 },
  });
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/rating-distribution?year=2022&subject=ORGANIZATION` });
  t.same([rest.body.excellent, rest.body.good, rest.body.completed, rest.body.previous.excellent], [19, 95, 6, 17]);

  // The share of grassroots organisations rated GOOD or above, as a computed indicator.
  await api.app.services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'ORGANIZATIONS_GOOD_OR_ABOVE', period: { year: 2022 }, targetValue: 85, resolutionId: decision.id });
  const results = await api.gql(`query ($id: ID!) { indicatorResults(organizationId: $id, year: 2022) { indicator { code } actual numerator denominator met previous } }`, { id: orgGid(tree.U1) });
  t.same(results.body.data.indicatorResults, [{ indicator: { code: 'ORGANIZATIONS_GOOD_OR_ABOVE' }, actual: 95, numerator: 114, denominator: 120, met: true, previous: 91.07 }]);
});

t.test('bad ratings: clear errors by row, nothing written; the EXCELLENT quota warns (Hướng dẫn 21-HD/BTCTW)', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const d = docGid(tree.decision.id);
  const members = [];
  for (let i = 0; i < 3; i++) members.push(await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2020-01-01' }));
  const outsider = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2020-01-01' });
  const reprimanded = await admitMember(api.app, tree.B2, tree.decision.id, { admittedOn: '2019-01-01' });
  await api.app.services.discipline.record({
    memberId: reprimanded, form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế làm việc',
    violatedOn: '2023-01-10', decidedOn: '2023-05-05', decisionId: tree.decision.id, authorityId: tree.G1,
  });

  const before = await api.snapshot();
  const members$ = await api.gql(RECORD, {
    input: {
      subject: 'MEMBER',
      ratedById: orgGid(tree.G1),
      year: 2023,
      decisionId: d,
      rows: [
        { memberId: memberGid(members[0]!), level: 'EXCELLENT', score: 75 },
        { memberId: memberGid(outsider), level: 'GOOD' },
        { memberId: memberGid(members[1]!), level: 'GOOD', score: 80 },
        { memberId: memberGid(members[2]!), level: 'COMPLETED', score: 101 },
      ],
    },
  });
  t.same(members$.body.data.result.problems, [
    { field: 'rows.0', message: 'rows.0: a score of 75 is not EXCELLENT (EXCELLENT is from 90 to under 101: Quy định 124-QĐ/TW (4/10/2023) — Hướng dẫn 25-HD/BTCTW; unconfirmed)' },
    { field: 'rows.1', message: 'rows.1: the member does not belong to the rating organisation on 2023-12-31' },
    { field: 'rows.3.score', message: 'is from 0 to 100' },
  ]);
  const organizations = await api.gql(RECORD, {
    input: { subject: 'ORGANIZATION', ratedById: orgGid(tree.P), year: 2023, decisionId: d, rows: [{ organizationId: orgGid(tree.G1), level: 'GOOD' }] },
  });
  t.same(organizations.body.data.result.problems, [{ field: 'rows.0', message: 'rows.0: an organisation is rated by the committee directly above it' }]);
  const capped = await api.gql(RECORD, {
    input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: d, rows: [{ memberId: memberGid(reprimanded), level: 'COMPLETED' }] },
  });
  t.same(capped.body.data.result.problems, [{
    field: 'rows.0',
    message: 'rows.0: the member was disciplined in 2023: it is rated NOT_COMPLETED at most, not COMPLETED (Quy định 124-QĐ/TW (4/10/2023) - disciplined, or a member disciplined, in the year: NOT_COMPLETED unless found and remedied by itself; unconfirmed)',
  }]);
  const restBad = await api.request({ method: 'POST', url: '/api/v1/ratings', payload: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: d, rows: [{ memberId: memberGid(members[0]!), level: 'GOOD' }, { memberId: memberGid(outsider), level: 'GOOD' }] } });
  t.same([restBad.status, restBad.body.code, restBad.body.problems.length], [400, 'VALIDATION_FAILED', 1]);
  t.same(await api.snapshot(), before, 'nothing written');

  const good = await api.gql(RECORD, {
    input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: d, rows: members.map((id, i) => ({ memberId: memberGid(id), level: i < 2 ? 'EXCELLENT' : 'GOOD', score: i < 2 ? 92 : 80 })) },
  });
  t.same(good.body.data.result, {
    __typename: 'RecordRatingsPayload',
    count: 3,
    warnings: [{
      code: 'EXCELLENT_QUOTA',
      message: '2 members rated EXCELLENT: more than 20 % of the 1 rated GOOD by this committee for 2023 (Hướng dẫn 21-HD/BTCTW (18/10/2019) — Quy định 124-QĐ/TW (4/10/2023): EXCELLENT at most 20 % of those rated GOOD; unconfirmed)',
    }],
  }, 'recorded, with the quota warning');
  const rerate = await api.request({ method: 'POST', url: '/api/v1/ratings', payload: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: d, rows: [{ memberId: memberGid(members[0]!), level: 'GOOD', score: 85 }] } });
  t.same([rerate.status, rerate.body.count], [201, 1]);
  const distribution = await api.app.services.ratings.distribution(tree.G1, 2023, 'MEMBER');
  t.same([distribution.excellent, distribution.good, distribution.total], [1, 2, 3], 'a re-rating replaces the earlier one (which is kept)');
  t.equal(await api.app.db.prisma.qualityRating.count(), 4);
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const forbidden = await viewer.request({ method: 'POST', url: '/api/v1/ratings', payload: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: d, rows: [{ memberId: memberGid(members[0]!), level: 'GOOD' }] } });
  t.same([forbidden.status, forbidden.body.code], [403, 'FORBIDDEN']);
});

t.test('mass organisations and the share assessed strong', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const decision = await createDecision(api.app, { type: 'RESOLUTION', number: '10-NQ/ĐUK', issuedOn: '2021-01-10' });
  const CREATE = `mutation ($input: CreateMassOrganizationInput!) { result: createMassOrganization(input: $input) { __typename ... on MassOrganization { id } ... on Error { code message } } }`;
  const ASSESS = `mutation ($input: AssessMassOrganizationInput!) { result: assessMassOrganization(input: $input) { __typename ... on Error { code message } } }`;
  const types = ['TRADE_UNION', 'YOUTH_UNION', 'VETERANS_ASSOCIATION', 'WOMENS_UNION'];
  const created: string[] = [];
  for (const org of [tree.G1, tree.G2, tree.B1, tree.B2, tree.U1]) {
    for (const type of types) {
      const { body } = await api.gql(CREATE, { input: { organizationId: orgGid(org), type, name: `${type} ${org.slice(-4)}` } });
      created.push(body.data.result.id);
    }
  }
  const duplicate = await api.gql(CREATE, { input: { organizationId: orgGid(tree.G1), type: 'TRADE_UNION', name: 'Công đoàn thứ hai' } });
  t.same(duplicate.body.data.result, { __typename: 'ConflictError', code: 'CONFLICT', message: 'the organisation already has a TRADE_UNION' });
  // 17 of 20 strong in 2021 (85 %), all strong in 2022.
  for (const [index, id] of created.entries()) {
    t.equal((await api.gql(ASSESS, { input: { massOrganizationId: id, year: 2021, strong: index >= 3 } })).body.data.result.__typename, 'MassOrganizationAssessment');
    await api.request({ method: 'POST', url: `/api/v1/mass-organizations/${id}/assessments`, payload: { year: 2022, strong: true } });
  }
  t.same((await api.gql(ASSESS, { input: { massOrganizationId: created[0], year: 1800, strong: true } })).body.data.result.code, 'VALIDATION_FAILED');
  for (const year of [2021, 2022]) {
    await api.app.services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'STRONG_MASS_ORGANIZATIONS', period: { year }, targetValue: 85, resolutionId: decision.id });
  }
  const results = await api.gql(`query ($id: ID!) { indicatorResults(organizationId: $id, year: 2022) { indicator { code } actual numerator denominator met previous change } }`, { id: orgGid(tree.U1) });
  t.same(results.body.data.indicatorResults, [{ indicator: { code: 'STRONG_MASS_ORGANIZATIONS' }, actual: 100, numerator: 20, denominator: 20, met: true, previous: 85, change: 17.65 }]);
  const listed = await api.gql(`query ($id: ID!) { organization(id: $id) { massOrganizations { type assessments { year strong } } } }`, { id: orgGid(tree.G1) });
  t.same(listed.body.data.organization.massOrganizations[0], { type: 'TRADE_UNION', assessments: [{ year: 2021, strong: false }, { year: 2022, strong: true }] });
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.B1))}/mass-organizations` });
  t.equal(rest.body.items.length, 4);
});

t.test('ratings for a term and for an ad hoc period', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const d = docGid(tree.decision.id);
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2018-01-01' });
  const term = await api.app.services.committees.openTerm({ organizationId: tree.G1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const termId = Buffer.from(`Term:${term.id}`).toString('base64');
  const byTerm = await api.gql(RECORD, { input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), termId, decisionId: d, rows: [{ memberId: memberGid(member), level: 'GOOD' }] } });
  t.same(byTerm.body.data.result, { __typename: 'RecordRatingsPayload', count: 1, warnings: [] });
  const adHoc = await api.request({
    method: 'POST',
    url: '/api/v1/ratings',
    payload: { subject: 'MEMBER', ratedById: orgGid(tree.G1), adHoc: { from: '2024-03-01', to: '2024-08-31', name: 'Đánh giá đột xuất' }, decisionId: d, rows: [{ memberId: memberGid(member), level: 'COMPLETED', score: 60 }] },
  });
  t.same([adHoc.status, adHoc.body.count], [201, 1]);
  const stored = await api.app.db.prisma.qualityRating.findMany({ orderBy: { createdAt: 'asc' } });
  t.same(stored.map((r) => [r.periodType, r.periodKey]), [['TERM', '2020–2025'], ['AD_HOC', 'Đánh giá đột xuất (2024-03-01 – 2024-08-31)']]);
  const twoKinds = await api.gql(RECORD, { input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2024, termId, decisionId: d, rows: [{ memberId: memberGid(member), level: 'GOOD' }] } });
  t.same(twoKinds.body.data.result.problems, [{ field: 'period', message: 'give one of: a year (and a quarter), a termId, an ad hoc period' }]);
});
