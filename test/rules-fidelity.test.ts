/**
 * Rules corrected against the regulations' texts (issue 14), each with the boundary day on
 * both sides and the data unchanged after every refusal.
 */
import t from 'tap';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { fromGlobalId, toGlobalId } from '../src/shared/ids.js';
import { buildTestApp } from './helper.js';

const RECORD = `mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { __typename ... on DisciplinePayload { record { form } } ... on Error { code message } ... on RuleViolationError { rule } } }`;

t.test('Quy định 69-QĐ/TW (6/7/2022), Điều 4: an organisation is reprimanded within 5 years of the violation, warned within 10', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const record = (form: string, violatedOn: string, decidedOn: string, organizationId = tree.G2) =>
    api.gql(RECORD, {
      input: { organizationId: orgGid(organizationId), form, category: 'GENERAL', violationSummary: 'Vi phạm nguyên tắc tập trung dân chủ', violatedOn, decidedOn, decisionId: docGid(tree.decision.id), authorityId: orgGid(tree.U1) },
    }).then((r) => r.body.data.result);

  t.equal((await record('REPRIMAND', '2019-03-10', '2024-03-09')).__typename, 'DisciplinePayload', 'a reprimand on the last day in (2024-03-09)');
  const before = await api.snapshot();
  t.same(await record('REPRIMAND', '2019-03-10', '2024-03-10'), {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    rule: 'STATUTE_OF_LIMITATIONS',
    message: 'a REPRIMAND for a violation of 2019-03-10 could be decided until 2024-03-09 (5 years, Quy định 07-QĐi/TW (2018) and earlier; unconfirmed); 2024-03-10 is too late',
  }, 'the first day out (2024-03-10), judged by the rule in force on the day of the violation');
  t.same(await api.snapshot(), before, 'nothing written');
  t.match(await record('REPRIMAND', '2022-07-06', '2027-07-06'), { rule: 'STATUTE_OF_LIMITATIONS', message: /until 2027-07-05 \(5 years, Quy định 69-QĐ\/TW \(6\/7\/2022\), Điều 4; unconfirmed\)/ }, 'a violation from 6/7/2022 under Quy định 69');
  t.same(await api.snapshot(), before, 'nothing written');
  t.equal((await record('WARNING', '2014-03-10', '2024-03-09')).__typename, 'DisciplinePayload', 'a warning within 10 years');
  const warned = await api.snapshot();
  t.equal((await record('WARNING', '2014-03-10', '2024-03-10', tree.G1)).rule, 'STATUTE_OF_LIMITATIONS', 'a warning on the day after 10 years');
  t.same(await api.snapshot(), warned, 'nothing written');
});

t.test('Quy định 294-QĐ/TW (26/5/2025, in force 1/7/2025): a branch committee of at most 7 from 1/7/2025, in openTerms too', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const officials: string[] = [];
  for (let i = 0; i < 8; i++) {
    const id = await admitMember(api.app, tree.B1, d, { fullName: `Ủy Viên Số ${i}`, admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    officials.push(id);
  }
  const term = (startsOn: string) => ({
    organizationId: orgGid(tree.B1),
    name: startsOn,
    startsOn,
    endsOn: `${Number(startsOn.slice(0, 4)) + 5}${startsOn.slice(4)}`,
    congressOn: startsOn,
    positions: officials.map((memberId, i) => ({ memberId: memberGid(memberId), role: i === 0 ? 'SECRETARY' : 'COMMITTEE_MEMBER' })),
  });
  const before = await api.snapshot();
  const july = await api.request({ method: 'POST', url: '/api/v1/terms', payload: { terms: [term('2025-07-01')] } });
  t.same([july.status, july.body.problems], [400, [{ field: 'terms.0.positions.7', message: 'a branch committee has at most 7 members (Quy định 294-QĐ/TW (26/5/2025, in force 1/7/2025))' }]]);
  t.same(await api.snapshot(), before, 'nothing written');
  const june = await api.request({ method: 'POST', url: '/api/v1/terms', payload: { terms: [term('2025-06-30')] } });
  t.equal(june.status, 201, 'eight on 2025-06-30, the day before');
});

t.test('Regulation values reach the refusals: a corrected statute applies to decisions at once', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const [open] = await api.app.services.regulations.values({ key: 'discipline.organization_statute_of_limitations', asOf: '2030-01-01' });
  await api.app.services.regulations.end(open!.id, '2023-01-01');
  await api.app.services.regulations.add({
    key: 'discipline.organization_statute_of_limitations',
    value: { years: { REPRIMAND: 3, WARNING: 10, DISMISSAL: null, EXPULSION: null, DISSOLUTION: null }, unlimitedCategories: [] },
    effectiveFrom: '2023-01-01',
    source: 'Quy định thử nghiệm',
    confirmed: true,
  });
  const record = (violatedOn: string, decidedOn: string) =>
    api.gql(RECORD, {
      input: { organizationId: orgGid(tree.G2), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn, decidedOn, decisionId: docGid(tree.decision.id), authorityId: orgGid(tree.U1) },
    }).then((r) => r.body.data.result);
  t.equal((await record('2023-01-01', '2025-12-31')).__typename, 'DisciplinePayload', 'within 3 years of a violation on the first day of the new value');
  t.match(await record('2023-01-01', '2026-01-01'), { rule: 'STATUTE_OF_LIMITATIONS', message: /\(3 years, Quy định thử nghiệm\)/ });
  t.equal((await record('2022-12-31', '2026-01-01')).__typename, 'DisciplinePayload', 'a violation of the day before keeps 5 years');
});

t.test('Commendation authorities of past years: a closed period before the 2016 rules (Quy định 29-QĐ/TW, 25/7/2016) is added in the gap', async (t) => {
  const api = await buildTestApp(t);
  const add = (payload: Record<string, unknown>) =>
    api.request({
      method: 'POST',
      url: '/api/v1/commendation-authorities',
      payload: { organizationKind: 'UPPER_GRASSROOTS_COMMITTEE', form: 'CERTIFICATE_OF_MERIT', subject: 'MEMBER', source: 'Quy định 141-QĐ/TW (2012) (thử nghiệm)', ...payload },
    });
  const before = await api.snapshot();
  const overlapping = await add({ effectiveFrom: '2012-01-01', effectiveTo: '2016-07-26' });
  t.same([overlapping.status, overlapping.body.code, overlapping.body.detail], [409, 'CONFLICT', 'the same rule applies 2016-07-25 – …: end it first, or give a period around it'], 'one day into the 2016 rule');
  const backwards = await add({ effectiveFrom: '2016-07-25', effectiveTo: '2012-01-01' });
  t.same([backwards.status, backwards.body.problems], [400, [{ field: 'effectiveTo', message: 'is after effectiveFrom (the first day the rule no longer applies)' }]]);
  t.same(await api.snapshot(), before, 'nothing written');
  const closed = await add({ effectiveFrom: '2012-01-01', effectiveTo: '2016-07-25' });
  t.same([closed.status, closed.body.effectiveFrom, closed.body.effectiveTo], [201, '2012-01-01', '2016-07-25'], 'up to the day the 2016 rule begins');
  const rules = await api.request({ method: 'GET', url: '/api/v1/commendation-authorities?asOf=2016-07-24' });
  t.ok(rules.body.some((r: any) => r.form === 'CERTIFICATE_OF_MERIT' && r.organizationKind === 'UPPER_GRASSROOTS_COMMITTEE' && r.subject === 'MEMBER'), 'in force on 2016-07-24');
});

t.test('Quality ratings: a member who left the Party (expelled, deceased) before the end of the year is not rated', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const staying = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const died = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  await api.app.services.members.recordEvent(died, 'DECEASED', { occurredOn: '2024-12-31' });
  const RATE = `mutation ($input: RecordRatingsInput!) { result: recordRatings(input: $input) { __typename ... on RecordRatingsPayload { count } ... on ValidationError { problems { field message } } } }`;
  const rate = (year: number) =>
    api.gql(RATE, { input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year, decisionId: docGid(d), rows: [{ memberId: memberGid(staying), level: 'GOOD' }, { memberId: memberGid(died), level: 'GOOD' }] } });
  const before = await api.snapshot();
  t.match((await rate(2024)).body.data.result.problems, [{ field: 'rows.1', message: /^rows\.1: the member is DECEASED on 2024-12-31: only members who are PROBATIONARY or OFFICIAL are rated \(Hướng dẫn 21-HD\/BTCTW/ }], 'died on the last day of the year');
  t.same(await api.snapshot(), before, 'nothing written');
  t.same((await rate(2023)).body.data.result, { __typename: 'RecordRatingsPayload', count: 2 }, 'the year before, both are rated');
});

t.test('Who may discipline whom (Điều lệ Đảng Điều 36, Quy định 22-QĐ/TW Điều 11): the competence table, level by level', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const decision = docGid(d);
  const service = api.app.services.organizations;
  // Organisations without members, to be dissolved where the table allows it.
  const empty = async (code: string, parentId: string, kindCode: string) =>
    (await service.establish({ code, name: `Tổ chức ${code}`, kindCode, sector: 'STATE_AGENCY', parentId, effectiveOn: '2011-01-01', decisionId: d })).organizationIds[0]!;
  const official = async (branch: string) => {
    const id = await admitMember(api.app, branch, d, { admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    return id;
  };
  const record = (authorityId: string, subject: { memberId?: string; organizationId?: string }, form: string) =>
    api.gql(RECORD, {
      input: { ...subject, form, category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2024-01-10', decidedOn: '2024-06-01', decisionId: decision, authorityId: orgGid(authorityId) },
    }).then((r) => r.body.data.result);

  // Members of B1 (a branch of the grassroots committee G1, in the bloc U1, in the province P); of G2 (a grassroots branch).
  const members: [string, string, string, boolean][] = [
    ['B1', tree.B1, 'REPRIMAND', true], ['B1', tree.B1, 'WARNING', true], ['B1', tree.B1, 'EXPULSION', false],
    ['B2', tree.B2, 'REPRIMAND', false],
    ['G1', tree.G1, 'REPRIMAND', true], ['G1', tree.G1, 'EXPULSION', true],
    ['U1', tree.U1, 'EXPULSION', true], ['P', tree.P, 'WARNING', true],
    ['U2', tree.U2, 'REPRIMAND', false],
  ];
  for (const [code, authority, form, allowed] of members) {
    const member = await official(tree.B1);
    const before = await api.snapshot();
    const result = await record(authority, { memberId: memberGid(member) }, form);
    if (allowed) t.equal(result.__typename, 'DisciplinePayload', `${code} decides ${form} for a member of B1`);
    else {
      t.equal(result.rule, 'BEYOND_COMPETENCE', `${code} may not decide ${form} for a member of B1`);
      t.same(await api.snapshot(), before, 'nothing written');
    }
  }
  const inGrassrootsBranch = await official(tree.G2);
  t.equal((await record(tree.G2, { memberId: memberGid(inGrassrootsBranch) }, 'WARNING')).__typename, 'DisciplinePayload', 'a grassroots branch warns its member (as a chi bộ)');
  t.same(await record(tree.G2, { memberId: memberGid(inGrassrootsBranch) }, 'EXPULSION'), {
    __typename: 'RuleViolationError', code: 'RULE_VIOLATION', rule: 'BEYOND_COMPETENCE',
    message: 'G2 (a GRASSROOTS_BRANCH) may not decide EXPULSION for a member of its subtree: it may decide REPRIMAND (Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ), WARNING (Điều lệ Đảng (2011), Điều 36.1 - Quy định 22-QĐ/TW (28/7/2021), Điều 11: chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ)',
  }, 'the refusal says what that level may decide, with the source');

  // Organisations: reprimands and warnings from the levels above; dissolution two levels up.
  const b5 = await empty('B5', tree.G1, 'BRANCH');
  const b6 = await empty('B6', tree.G1, 'BRANCH');
  const g5 = await empty('G5', tree.U1, 'GRASSROOTS_COMMITTEE');
  const organizations: [string, string, string, string, boolean][] = [
    ['G1', tree.G1, 'B5 (1 below)', 'REPRIMAND', true],
    ['G1', tree.G1, 'B5 (1 below)', 'DISSOLUTION', false],
    ['U1', tree.U1, 'G2 (1 below)', 'WARNING', true],
    ['U1', tree.U1, 'G5 (1 below)', 'DISSOLUTION', false],
    ['P', tree.P, 'B1 (3 below)', 'DISSOLUTION', false],
    ['G1', tree.G1, 'G2 (outside)', 'REPRIMAND', false],
    ['B1', tree.B1, 'B2 (a sibling)', 'REPRIMAND', false],
    ['U1', tree.U1, 'B5 (2 below)', 'DISSOLUTION', true],
    ['P', tree.P, 'G5 (2 below)', 'DISSOLUTION', true],
  ];
  const subjectOf: Record<string, string> = { 'B5 (1 below)': b5, 'G2 (1 below)': tree.G2, 'G5 (1 below)': g5, 'B1 (3 below)': tree.B1, 'G2 (outside)': tree.G2, 'B2 (a sibling)': tree.B2, 'B5 (2 below)': b6, 'G5 (2 below)': g5 };
  for (const [code, authority, subject, form, allowed] of organizations) {
    const before = await api.snapshot();
    const result = await record(authority, { organizationId: orgGid(subjectOf[subject]!) }, form);
    if (allowed) t.equal(result.__typename, 'DisciplinePayload', `${code} decides ${form} for ${subject}`);
    else {
      t.equal(result.rule, 'BEYOND_COMPETENCE', `${code} may not decide ${form} for ${subject}`);
      t.same(await api.snapshot(), before, 'nothing written');
    }
  }

  // The table is data: a national administrator ends a row and the refusal follows from that day.
  const rows = await api.gql(`{ disciplineAuthorities(asOf: "2024-06-01") { id organizationKind subject form levelsBelow confirmed } }`);
  const branchWarning = rows.body.data.disciplineAuthorities.find((r: any) => r.organizationKind === 'BRANCH' && r.form === 'WARNING');
  t.same({ ...branchWarning, id: undefined }, { id: undefined, organizationKind: 'BRANCH', subject: 'MEMBER', form: 'WARNING', levelsBelow: null, confirmed: true });
  const bloc = await api.signInAs('ADMIN', tree.U1);
  const END = `mutation ($input: EndDisciplineAuthorityInput!) { result: endDisciplineAuthority(input: $input) { __typename ... on DisciplineAuthorityPayload { authority { effectiveTo } } ... on Error { code } } }`;
  t.equal((await bloc.gql(END, { input: { authorityId: branchWarning.id, effectiveTo: '2025-01-01' } })).body.data.result.code, 'FORBIDDEN', 'a bloc administrator does not change national rules');
  t.same((await api.gql(END, { input: { authorityId: branchWarning.id, effectiveTo: '2025-01-01' } })).body.data.result, { __typename: 'DisciplineAuthorityPayload', authority: { effectiveTo: '2025-01-01' } });
  const late = await official(tree.B1);
  const warn = (decidedOn: string) =>
    api.gql(RECORD, { input: { memberId: memberGid(late), form: 'WARNING', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2024-01-10', decidedOn, decisionId: decision, authorityId: orgGid(tree.B1) } }).then((r) => r.body.data.result);
  t.equal((await warn('2025-01-01')).rule, 'BEYOND_COMPETENCE', 'from the day the row ends');
  t.equal((await warn('2024-12-31')).__typename, 'DisciplinePayload', 'the day before, still allowed');
});

t.test('Quy định 24-QĐ/TW (30/7/2021) 1.1: admitted up to 60 (counted in months); above it only by a provincial committee', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const admit = (admittedOn: string, decisionId = tree.decision.id, dateOfBirth = '1963-05-15') =>
    api.app.services.members.admit({ fullName: 'Cao Tuổi', gender: 'MALE', dateOfBirth, organizationId: tree.B1, admittedOn, decisionId }).catch((error: unknown) => error as { rule?: string; message: string });
  t.type(await admit('2023-06-14'), 'string', '60 years and 30 days: 720 full months, still within the limit');
  const before = await api.snapshot();
  const refused = await admit('2023-06-15');
  t.same([(refused as { rule?: string }).rule, (refused as { message: string }).message], [
    'ABOVE_MAXIMUM_AGE',
    'born on 1963-05-15, the person is over 60 on 2023-06-15 (Quy định 24-QĐ/TW (30/7/2021), 1.1): only a decision of a PROVINCIAL_COMMITTEE admits them',
  ], '721 full months: refused');
  t.same(await api.snapshot(), before, 'nothing written');
  const provincial = await api.app.services.documents.create({ type: 'DECISION', number: '99-QĐ/TU', issuedOn: '2023-06-01', issuerId: tree.P, title: 'Quyết định kết nạp đảng viên trên 60 tuổi' });
  t.type(await admit('2023-06-15', provincial.id), 'string', 'admitted by the provincial committee’s decision');
  t.type(await admit('2016-07-24', tree.decision.id, '1950-01-01'), 'string', 'at 66 on 2016-07-24: before Quy định 29-QĐ/TW no upper limit is recorded');
  t.equal(((await admit('2016-07-25', tree.decision.id, '1950-01-02')) as { rule?: string }).rule, 'ABOVE_MAXIMUM_AGE', 'at 66 on 2016-07-25, under Quy định 29-QĐ/TW');
});

const RATE = `mutation ($input: RecordRatingsInput!) { result: recordRatings(input: $input) { __typename ... on RecordRatingsPayload { count warnings { code message } } ... on ValidationError { problems { field message } } ... on Error { code message } } }`;

t.test('Hướng dẫn 21-HD/BTCTW II.B.2: a member disciplined in the year is NOT_COMPLETED at most; a decision of the next day counts in the next year', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const lastDay = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const nextDay = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  for (const [memberId, decidedOn] of [[lastDay, '2023-12-31'], [nextDay, '2024-01-01']] as const) {
    await api.app.services.discipline.record({ memberId, form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế làm việc', violatedOn: '2023-06-01', decidedOn, decisionId: d, authorityId: tree.B1 });
  }
  const rate = (memberId: string, level: string, year = 2023) =>
    api.gql(RATE, { input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year, decisionId: docGid(d), rows: [{ memberId: memberGid(memberId), level }] } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  t.match(await rate(lastDay, 'COMPLETED'), { __typename: 'ValidationError', problems: [{ field: 'rows.0', message: /disciplined in 2023: it is rated NOT_COMPLETED at most, not COMPLETED \(Quy định 124-QĐ\/TW/ }] }, 'decided on 2023-12-31');
  t.same(await api.snapshot(), before, 'nothing written');
  t.equal((await rate(lastDay, 'NOT_COMPLETED')).__typename, 'RecordRatingsPayload');
  t.equal((await rate(nextDay, 'GOOD')).__typename, 'RecordRatingsPayload', 'decided on 2024-01-01: not in 2023');
  t.match(await rate(nextDay, 'GOOD', 2024), { problems: [{ message: /disciplined in 2024/ }] }, 'but in 2024');
});

t.test('Hướng dẫn 21-HD/BTCTW (18/10/2019): a member suspended from party activity is not rated; before it (Hướng dẫn 16-HD/BTCTW) they were', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const member = await admitMember(api.app, tree.B1, d, { admittedOn: '2012-01-01' });
  await api.app.services.members.recordEvent(member, 'SUSPENDED', { occurredOn: '2019-09-01', decisionId: d });
  const rate = (to: string) =>
    api.gql(RATE, { input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), adHoc: { from: '2019-01-01', to, name: 'Sơ kết' }, decisionId: docGid(d), rows: [{ memberId: memberGid(member), level: 'COMPLETED' }] } }).then((r) => r.body.data.result);
  t.equal((await rate('2019-10-17')).__typename, 'RecordRatingsPayload', 'a period ending 2019-10-17: rated');
  const before = await api.snapshot();
  t.match(await rate('2019-10-18'), { problems: [{ field: 'rows.0', message: /the member is SUSPENDED on 2019-10-18: only members who are PROBATIONARY or OFFICIAL are rated \(Hướng dẫn 21-HD\/BTCTW \(18\/10\/2019\)/ }] }, 'a period ending 2019-10-18: not rated');
  t.same(await api.snapshot(), before, 'nothing written');
});

t.test('Hướng dẫn 21-HD/BTCTW, Quy định 124-QĐ/TW: an organisation is kept from EXCELLENT by a unit under it or a member of its committee disciplined in the year, not by any member', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const ordinary = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const committeeMember = await admitMember(api.app, tree.B2, d, { admittedOn: '2012-01-01' });
  await api.app.services.members.recordEvent(committeeMember, 'RECOGNIZED_OFFICIAL', { occurredOn: '2013-01-01', decisionId: d });
  const discipline = (input: { memberId?: string; organizationId?: string; authorityId: string; decidedOn: string }) =>
    api.app.services.discipline.record({ form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế làm việc', violatedOn: '2023-03-01', decisionId: d, ...input });
  const rateOrganization = (organizationId: string, level: string, ratedById = tree.U1) =>
    api.gql(RATE, { input: { subject: 'ORGANIZATION', ratedById: orgGid(ratedById), year: 2023, decisionId: docGid(d), rows: [{ organizationId: orgGid(organizationId), level }] } }).then((r) => r.body.data.result);

  await discipline({ memberId: ordinary, authorityId: tree.B1, decidedOn: '2023-05-01' });
  t.equal((await rateOrganization(tree.G1, 'EXCELLENT')).__typename, 'RecordRatingsPayload', 'an ordinary member of a branch under it was reprimanded: still EXCELLENT');

  const term = await api.app.services.committees.openTerm({ organizationId: tree.G1, name: 'Nhiệm kỳ 2020-2025', startsOn: '2020-10-01', endsOn: '2025-10-01', congressOn: '2020-09-20' });
  await api.app.services.committees.appoint({ termId: term.id, memberId: committeeMember, role: 'COMMITTEE_MEMBER', startsOn: '2020-10-01' });
  await discipline({ memberId: committeeMember, authorityId: tree.G1, decidedOn: '2023-06-01' });
  const before = await api.snapshot();
  t.match(await rateOrganization(tree.G1, 'EXCELLENT'), { problems: [{ message: /a member of its committee was disciplined in 2023: the organisation cannot be EXCELLENT/ }] });
  t.same(await api.snapshot(), before, 'nothing written');
  t.equal((await rateOrganization(tree.G1, 'GOOD')).__typename, 'RecordRatingsPayload', 'GOOD is allowed');

  // B3, a branch under G3, reprimanded keeps G3 from EXCELLENT; G3 itself disciplined is NOT_COMPLETED at most.
  await discipline({ organizationId: tree.B3, authorityId: tree.G3, decidedOn: '2023-07-01' });
  t.match(await rateOrganization(tree.G3, 'EXCELLENT', tree.U2), { problems: [{ message: /an organisation under it was disciplined in 2023/ }] });
  await discipline({ organizationId: tree.G3, authorityId: tree.U2, decidedOn: '2023-08-01' });
  t.match(await rateOrganization(tree.G3, 'COMPLETED', tree.U2), { problems: [{ message: /the organisation was disciplined in 2023: it is rated NOT_COMPLETED at most, not COMPLETED/ }] });
  t.equal((await rateOrganization(tree.G3, 'NOT_COMPLETED', tree.U2)).__typename, 'RecordRatingsPayload');
});

t.test('Hướng dẫn 21-HD/BTCTW: EXCELLENT at most 20 % of those rated GOOD, over all the committee’s current ratings of the year; members rated by their grassroots organisation', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push(await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' }));
  const rate = (rows: [string, string][], ratedById = tree.G1) =>
    api.gql(RATE, { input: { subject: 'MEMBER', ratedById: orgGid(ratedById), year: 2023, decisionId: docGid(d), rows: rows.map(([id, level]) => ({ memberId: memberGid(id), level })) } }).then((r) => r.body.data.result);
  t.same((await rate([[ids[0]!, 'EXCELLENT'], ...ids.slice(1, 6).map((id) => [id, 'GOOD'] as [string, string])])).warnings, [], '1 EXCELLENT of 5 GOOD: exactly 20 %');
  t.same((await rate([[ids[0]!, 'EXCELLENT']])).warnings, [], 're-rating the same member counts once');
  const second = await rate([[ids[6]!, 'EXCELLENT']]);
  t.match(second.warnings, [{ code: 'EXCELLENT_QUOTA', message: /^2 members rated EXCELLENT: more than 20 % of the 5 rated GOOD by this committee for 2023/ }], 'a second batch of the same committee and year is counted with the first');

  const before = await api.snapshot();
  for (const [rater, name] of [[tree.U1, 'U1'], [tree.B1, 'B1']] as const) {
    t.match(await rate([[ids[1]!, 'GOOD']], rater), { problems: [{ field: 'ratedById', message: /members are rated by their grassroots organisation/ }] }, `not by ${name}`);
  }
  t.same(await api.snapshot(), before, 'nothing written');
});

const RECEIVE = `mutation ($input: ReceiveComplaintInput!) { result: receiveComplaint(input: $input) { __typename ... on ComplaintPayload { complaint { id status rejection withdrawnOn } } ... on Error { code message } } }`;

t.test('Điều lệ Đảng Điều 39.7, Quy định 30-QĐ/TW Điều 32: an appeal goes to a level above the one that decided, then level by level upward', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const member = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const record = await api.app.services.discipline.record({ memberId: member, form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế', violatedOn: '2023-06-01', decidedOn: '2024-01-10', decisionId: d, authorityId: tree.G1 });
  const appeal = (handlerId: string, receivedOn: string, extra: object = {}) =>
    api.gql(RECEIVE, {
      input: { kind: 'APPEAL', handlerId: orgGid(handlerId), disciplineRecordId: toGlobalId('DisciplineRecord', record.id), notifiedOn: '2024-01-12', receivedOn, summary: 'Đề nghị xem xét lại', sender: { name: 'Người Khiếu Nại', address: 'Hà Nội' }, signed: true, ...extra },
    }).then((r) => r.body.data.result.complaint);
  t.match(await appeal(tree.G1, '2024-01-20'), { status: 'NOT_PROCESSED', rejection: 'NOT_COMPETENT' }, 'to the committee that decided: kept, not competent');
  t.match(await appeal(tree.B1, '2024-01-21'), { status: 'NOT_PROCESSED', rejection: 'NOT_COMPETENT' }, 'to a branch below it');
  const first = await appeal(tree.U1, '2024-01-22');
  t.equal(first.status, 'PROCESSING', 'to the level above');
  t.match(await appeal(tree.U1, '2024-01-25'), { rejection: 'REPEATED_WITHOUT_NEW_EVIDENCE' }, 'again to the same level');
  await api.app.services.complaints.resolve({ complaintId: fromGlobalId('Complaint', first.id, 'id'), resolvedOn: '2024-03-01', outcome: 'UPHELD', resultSummary: 'Giữ nguyên', decisionId: d });
  const second = await appeal(tree.P, '2024-03-20', { notifiedOn: '2024-03-05' });
  t.equal(second.status, 'PROCESSING', 'then to the next level: a new level, not a repetition');
  t.match(await appeal(tree.U1, '2024-03-25', { notifiedOn: '2024-03-05', newEvidence: true }), { rejection: 'PENDING_AT_HIGHER_LEVEL' }, 'back at the lower level while the higher one resolves it');
  t.equal(await api.app.db.prisma.complaint.count(), 6, 'every letter kept');
});

t.test('Quy định 30-QĐ/TW Điều 32 5.1.1: reasons found on reading are kept with the letter; a letter withdrawn keeps its history', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2015-01-01' });
  const denounce = (extra: object) =>
    api.gql(RECEIVE, { input: { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), receivedOn: '2026-03-02', concerningMemberId: memberGid(member), summary: 'Tố cáo', sender: { name: 'Người Tố Cáo', address: 'Hà Nội' }, signed: true, ...extra } }).then((r) => r.body.data.result);
  for (const reason of ['CONTENT_NOT_SPECIFIC', 'NO_DENUNCIATION_CONTENT', 'NO_LEGAL_CAPACITY', 'BEFORE_CONGRESS']) {
    t.match(await denounce({ screenedOut: reason }), { complaint: { status: 'NOT_PROCESSED', rejection: reason } }, reason);
  }
  const before = await api.snapshot();
  const rest = await api.request({
    method: 'POST', url: '/api/v1/complaints',
    payload: { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), receivedOn: '2026-03-02', concerningMemberId: memberGid(member), summary: 'x', signed: true, sender: { name: 'A', address: 'B' }, screenedOut: 'FILED_LATE' },
  });
  t.same([rest.status, rest.body.code], [400, 'VALIDATION_FAILED'], 'a reason found from the data is not given by hand');
  t.same(await api.snapshot(), before, 'nothing written');

  const letter = (await denounce({ sender: { name: 'Người Khác', address: 'Huế' } })).complaint;
  const WITHDRAW = `mutation ($input: WithdrawComplaintInput!) { result: withdrawComplaint(input: $input) { __typename ... on ComplaintPayload { complaint { status withdrawnOn } } ... on Error { code } } }`;
  const withdraw = (withdrawnOn: string) => api.gql(WITHDRAW, { input: { complaintId: letter.id, withdrawnOn } }).then((r) => r.body.data.result);
  const unchanged = await api.snapshot();
  t.equal((await withdraw('2026-03-01')).code, 'VALIDATION_FAILED', 'the day before it was received');
  t.same(await api.snapshot(), unchanged, 'nothing written');
  t.same(await withdraw('2026-03-02'), { __typename: 'ComplaintPayload', complaint: { status: 'WITHDRAWN', withdrawnOn: '2026-03-02' } }, 'withdrawn the day it was received');
  t.equal((await withdraw('2026-03-03')).code, 'INVALID_TRANSITION', 'withdrawn once');
  t.equal(await api.app.db.prisma.auditEvent.count({ where: { action: 'complaint.withdraw' } }), 1, 'audited');
});

t.test('Điều lệ Đảng Điều 35: cách chức ends the posts held; giải tán (discipline) runs with members inside and transfers them, giải thể (structure) does not', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const secretary = await admitMember(api.app, tree.B3, d, { admittedOn: '2012-01-01' });
  await api.app.services.members.recordEvent(secretary, 'RECOGNIZED_OFFICIAL', { occurredOn: '2013-01-01', decisionId: d });
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B3, name: '2020-2025', startsOn: '2020-10-01', endsOn: '2025-10-01', congressOn: '2020-09-20' });
  const post = await api.app.services.committees.appoint({ termId: term.id, memberId: secretary, role: 'SECRETARY', startsOn: '2020-10-01' });
  const record = (input: object) =>
    api.gql(RECORD, { input: { category: 'GENERAL', violationSummary: 'Vi phạm nguyên tắc', violatedOn: '2023-03-01', decidedOn: '2023-06-01', decisionId: docGid(d), ...input } }).then((r) => r.body.data.result);

  t.equal((await record({ memberId: memberGid(secretary), form: 'DISMISSAL', authorityId: orgGid(tree.G3), effectiveFrom: '2023-06-05' })).__typename, 'DisciplinePayload');
  const ended = await api.app.db.prisma.committeePosition.findUniqueOrThrow({ where: { id: post.id } });
  t.same([ended.endsOn, ended.endDecisionId], [new Date('2023-06-05T00:00:00Z'), d], 'the post ends the day the dismissal takes effect');

  // B3 keeps members: a structural dissolution is refused, a disciplinary one names where they go.
  const others = [await admitMember(api.app, tree.B3, d, { admittedOn: '2015-01-01' }), await admitMember(api.app, tree.B3, d, { admittedOn: '2016-01-01' })];
  const before = await api.snapshot();
  t.equal((await api.gql(`mutation ($input: DissolveOrganizationInput!) { result: dissolveOrganization(input: $input) { __typename ... on RuleViolationError { rule } } }`, {
    input: { organizationId: orgGid(tree.B3), effectiveOn: '2023-09-01', decisionId: docGid(d) },
  })).body.data.result.rule, 'HAS_MEMBERS', 'giải thể: members first');
  t.match(await record({ organizationId: orgGid(tree.B3), form: 'DISSOLUTION', authorityId: orgGid(tree.U2), decidedOn: '2023-09-01' }), { code: 'VALIDATION_FAILED', message: /keeps 3 member\(s\) on 2023-09-01: name the organisation they are transferred to/ });
  t.same(await api.snapshot(), before, 'nothing written');
  const receiving = (await api.app.services.organizations.establish({ code: 'B4', name: 'Chi bộ Kỹ thuật', kindCode: 'BRANCH', sector: 'STATE_ENTERPRISE', parentId: tree.G3, effectiveOn: '2023-08-01', decisionId: d })).organizationIds[0]!;
  t.equal((await record({ organizationId: orgGid(tree.B3), form: 'DISSOLUTION', authorityId: orgGid(tree.U2), decidedOn: '2023-09-01', membersTransferredToId: orgGid(receiving) })).__typename, 'DisciplinePayload', 'giải tán with members inside');
  for (const id of [secretary, ...others]) {
    const member = (await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2023-09-01") { organization { id } status } }`, { id: memberGid(id) })).body.data.member;
    t.same(member.organization, { id: orgGid(receiving) }, 'transferred to the receiving branch');
    t.not(member.status, 'EXPELLED', 'still in the Party');
  }
  const event = await api.app.db.prisma.organizationEvent.findFirstOrThrow({ where: { type: 'DISSOLVED' } });
  t.same(event.details, { disciplinary: true }, 'recorded as giải tán, not giải thể');
});

t.test('Statistics as of their date: a report of Q1 does not change when a later appeal annuls a decision', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const member = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const record = await api.app.services.discipline.record({ memberId: member, form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2023-10-01', decidedOn: '2024-02-10', decisionId: d, authorityId: tree.G1 });
  const appeal = await api.app.services.complaints.receive({ kind: 'APPEAL', receivedOn: '2024-02-20', handlerId: tree.U1, disciplineRecordId: record.id, notifiedOn: '2024-02-12', summary: 'Khiếu nại', sender: { name: 'Người Khiếu Nại', address: 'Hà Nội' }, signed: true });
  await api.app.services.complaints.resolve({ complaintId: appeal.id, resolvedOn: '2024-05-02', outcome: 'ANNULLED', resultSummary: 'Xóa kỷ luật', decisionId: d });
  const STATS = `query ($asOf: Date) { inspectionStatistics(organizationId: "${orgGid(tree.U1)}", from: "2024-01-01", to: "2024-03-31", asOf: $asOf) { disciplinedMembers { form count } complaintsByStatus { kind status count } } }`;
  const q1 = (await api.gql(STATS, {})).body.data.inspectionStatistics;
  t.same(q1, { disciplinedMembers: [{ form: 'REPRIMAND', count: 1 }], complaintsByStatus: [{ kind: 'APPEAL', status: 'PROCESSING', count: 1 }] }, 'as of 31/3/2024: the reprimand in force, the appeal being processed');
  t.same((await api.gql(STATS, { asOf: '2024-05-01' })).body.data.inspectionStatistics.disciplinedMembers, [{ form: 'REPRIMAND', count: 1 }], 'the day before the annulment');
  t.same((await api.gql(STATS, { asOf: '2024-05-02' })).body.data.inspectionStatistics, { disciplinedMembers: [], complaintsByStatus: [{ kind: 'APPEAL', status: 'RESOLVED', count: 1 }] }, 'as of the annulment');
});

t.test('Membership changes by the day they took effect or were decided; transfers into, out of and within a subtree', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const { members } = api.app.services;
  const late = await admitMember(api.app, tree.B1, d, { admittedOn: '2020-03-01' });
  await members.recordEvent(late, 'RECOGNIZED_OFFICIAL', { occurredOn: '2021-05-10', decisionId: d });
  const mover = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  await members.recordEvent(mover, 'TRANSFERRED', { occurredOn: '2021-03-15', organizationId: tree.B2, decisionId: d, letter: { letterNumber: '12/GGT' } });
  await members.recordEvent(mover, 'TRANSFERRED', { occurredOn: '2021-06-01', organizationId: tree.B3, decisionId: d, letter: { letterNumber: '13/GGT' } });
  const CHANGES = `query ($id: ID!, $from: Date!, $to: Date!, $basis: DateBasis) { organization(id: $id) { membershipChanges(from: $from, to: $to, basis: $basis) { recognizedOfficial transferredIn transferredOut transferredWithin admitted } } }`;
  const changes = async (id: string, from: string, to: string, basis?: string) => (await api.gql(CHANGES, { id: orgGid(id), from, to, basis })).body.data.organization.membershipChanges;
  t.match(await changes(tree.G1, '2021-03-01', '2021-03-31'), { recognizedOfficial: 1, transferredWithin: 1, transferredOut: 0 }, 'March 2021 by effect: the recognition took effect on 1/3');
  t.match(await changes(tree.G1, '2021-03-01', '2021-03-31', 'DECISION'), { recognizedOfficial: 0 }, 'by decision: not in March');
  t.match(await changes(tree.G1, '2021-05-01', '2021-05-31', 'DECISION'), { recognizedOfficial: 1 }, 'by decision: in May');
  t.match(await changes(tree.G1, '2021-01-01', '2021-12-31'), { transferredOut: 1, transferredIn: 0, transferredWithin: 1 }, 'G1 loses the member to G3');
  t.match(await changes(tree.U2, '2021-01-01', '2021-12-31'), { transferredIn: 1, transferredOut: 0 }, 'U2 receives them');
  t.match(await changes(tree.P, '2021-01-01', '2021-12-31'), { transferredIn: 0, transferredOut: 0, transferredWithin: 2 }, 'the province: both moves inside it');
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/membership-changes?from=2021-01-01&to=2021-12-31&basis=DECISION` });
  t.same([rest.status, rest.body.transferredOut, rest.body.recognizedOfficial, rest.body.basis], [200, 1, 1, 'DECISION']);
  t.equal((await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/membership-changes?from=2021-12-31&to=2021-01-01` })).body.code, 'VALIDATION_FAILED');
});

t.test('Quy định 24-QĐ/TW 3.1: a candidate is admitted after completing the class on awareness of the Party, within its 60 months', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const { candidates, members } = api.app.services;
  const propose = (fullName: string) => candidates.propose({ fullName, gender: 'MALE', dateOfBirth: '1995-01-01', organizationId: tree.B1, proposedOn: '2018-01-10' });
  const trained = await propose('Đã Học Lớp');
  const untrained = await propose('Chưa Học Lớp');
  const awareness = await candidates.createClass({ type: 'PARTY_AWARENESS', name: 'Lớp nhận thức về Đảng 1/2018', organizerId: tree.U1, startsOn: '2018-03-01', endsOn: '2018-03-05' });
  const attendances = await candidates.enroll({ classId: awareness.id, candidateIds: [trained.id, untrained.id] });
  await candidates.recordResult({ attendanceId: attendances.find((a) => a.candidateId === trained.id)!.id, result: 'COMPLETED' });
  const admit = (candidateId: string, admittedOn: string) =>
    members.admit({ fullName: 'Người Vào Đảng', gender: 'MALE', dateOfBirth: '1995-01-01', organizationId: tree.B1, admittedOn, decisionId: tree.decision.id, candidateId });
  const before = await api.snapshot();
  await t.rejects(admit(untrained.id, '2019-01-10'), { code: 'RULE_VIOLATION', rule: 'AWARENESS_CLASS_MISSING' }, 'enrolled, not completed');
  await t.rejects(admit(trained.id, '2023-03-06'), { rule: 'AWARENESS_CLASS_MISSING', message: /ended between 2018-03-06 and 2023-03-06 \(60 months, Điều lệ Đảng Điều 4/ }, 'the class ended 60 months and a day before');
  t.same(await api.snapshot(), before, 'nothing written');
  t.ok(await admit(trained.id, '2023-03-05'), 'the class ended exactly 60 months before');
});

t.test('Quy định 22-QĐ/TW Điều 31: a committee member suspended from party activity is suspended from the committee for as long', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const secretary = await admitMember(api.app, tree.B1, d, { admittedOn: '2012-01-01' });
  await api.app.services.members.recordEvent(secretary, 'RECOGNIZED_OFFICIAL', { occurredOn: '2013-01-01', decisionId: d });
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2020-2025', startsOn: '2020-10-01', endsOn: '2025-10-01', congressOn: '2020-09-20' });
  await api.app.services.committees.appoint({ termId: term.id, memberId: secretary, role: 'SECRETARY', startsOn: '2020-10-01' });
  await api.app.services.members.recordEvent(secretary, 'SUSPENDED', { occurredOn: '2023-03-01', decisionId: d });
  await api.app.services.members.recordEvent(secretary, 'REINSTATED', { occurredOn: '2023-05-01', decisionId: d });
  const suspended = async (asOf: string) =>
    (await api.gql(`query ($id: ID!, $asOf: Date!) { organization(id: $id) { terms { positions { suspended(asOf: $asOf) } } } }`, { id: orgGid(tree.B1), asOf })).body.data.organization.terms[0].positions[0].suspended;
  t.same(await Promise.all(['2023-02-28', '2023-03-01', '2023-04-30', '2023-05-01'].map(suspended)), [false, true, true, false], 'from the suspension to the day before reinstatement');
});

t.test('from outside: membership changes, withdrawals and new indicators are refused to callers without the right, revealing nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2015-01-01' });
  const letter = await api.app.services.complaints.receive({ kind: 'DENUNCIATION', receivedOn: '2024-03-01', handlerId: tree.U1, concerningMemberId: member, summary: 'Tố cáo', sender: { name: 'A', address: 'B' }, signed: true });
  const outsider = await api.signInAs('ADMIN', tree.U2);
  const before = await api.snapshot();
  const changes = await outsider.gql(`query ($id: ID!) { organization(id: $id) { membershipChanges(from: "2015-01-01", to: "2015-12-31") { admitted } } }`, { id: orgGid(tree.U1) });
  t.notOk(changes.body.data?.organization?.membershipChanges, 'another subtree’s movements are not given');
  const rest = await outsider.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/membership-changes?from=2015-01-01&to=2015-12-31` });
  t.equal(rest.status, 403);
  const withdraw = await outsider.gql(`mutation ($input: WithdrawComplaintInput!) { result: withdrawComplaint(input: $input) { __typename ... on Error { code message } } }`, { input: { complaintId: toGlobalId('Complaint', letter.id), withdrawnOn: '2024-03-01' } });
  t.same(withdraw.body.data.result, { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'You are not allowed to do this' });
  const indicator = await outsider.request({ method: 'POST', url: '/api/v1/indicators', payload: { code: 'X_COUNT', nameVi: 'x', nameEn: 'x', unit: 'x', valueKind: 'COUNT', direction: 'AT_LEAST', rollup: 'SUM' } });
  t.same([indicator.status, indicator.body.code], [403, 'FORBIDDEN']);
  t.same(await api.snapshot(), before, 'nothing written');
});
