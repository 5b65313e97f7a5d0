import t from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

const RECORD = `mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { __typename ... on DisciplinePayload { record { form effectiveFrom } } ... on Error { code message } ... on RuleViolationError { rule } } }`;

t.test('discipline: every form × subject, statute edges, effects in the same transaction', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const d = docGid(tree.decision.id);
  const official = async (name: string) => {
    const id = await admitMember(api.app, tree.B1, tree.decision.id, { fullName: name, admittedOn: '2016-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
    return id;
  };
  const probationary = await admitMember(api.app, tree.B1, tree.decision.id, { fullName: 'Dự Bị', admittedOn: '2023-01-01' });
  const officials: Record<string, string> = {};
  for (const form of ['REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION', 'DISSOLUTION']) officials[form] = await official(`Chính Thức ${form}`);
  // Only a member holding a post can be dismissed from it.
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  await api.app.services.committees.appoint({ termId: term.id, memberId: officials.DISMISSAL!, role: 'SECRETARY', startsOn: '2020-07-01' });

  const record = (subject: { memberId?: string; organizationId?: string }, form: string, extra: object = {}) =>
    api.gql(RECORD, {
      input: { ...subject, form, category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2023-01-10', decidedOn: '2023-06-01', decisionId: d, authorityId: orgGid(tree.G1), ...extra },
    }).then((r) => r.body.data.result);

  const expectations: [string, { memberId?: string; organizationId?: string }, string, string][] = [];
  for (const form of ['REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION', 'DISSOLUTION']) {
    expectations.push(['an official member', { memberId: memberGid(officials[form]!) }, form, form === 'DISSOLUTION' ? 'FORM_NOT_FOR_SUBJECT' : 'ok']);
    expectations.push(['a probationary member', { memberId: memberGid(probationary) }, form, ['REPRIMAND', 'WARNING'].includes(form) ? 'ok' : 'FORM_NOT_FOR_SUBJECT']);
    expectations.push(['an organisation', { organizationId: orgGid(form === 'DISSOLUTION' ? tree.B2 : tree.G2) }, form, ['REPRIMAND', 'WARNING', 'DISSOLUTION'].includes(form) ? 'ok' : 'FORM_NOT_FOR_SUBJECT']);
  }
  for (const [label, subject, form, expected] of expectations) {
    const before = await api.snapshot();
    // Organisations are disciplined by a committee above them (the bloc: G2 is one level below
    // it, B2 two, as a dissolution needs); members by their grassroots committee.
    const result = await record(subject, form, subject.organizationId ? { authorityId: orgGid(tree.U1) } : {});
    if (expected === 'ok') t.equal(result.__typename, 'DisciplinePayload', `${form} of ${label}: allowed`);
    else {
      t.same([result.code, result.rule], ['RULE_VIOLATION', expected], `${form} of ${label}: refused`);
      t.same(await api.snapshot(), before, 'nothing written');
    }
  }
  // The effects, in the same transaction.
  const expelled = await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2023-06-02") { status } }`, { id: memberGid(officials.EXPULSION!) });
  t.equal(expelled.body.data.member.status, 'EXPELLED', 'EXPULSION expels');
  const dissolved = await api.gql(`query ($id: ID!) { organization(id: $id, asOf: "2023-06-02") { status } }`, { id: orgGid(tree.B2) });
  t.equal(dissolved.body.data.organization.status, 'DISSOLVED', 'DISSOLUTION dissolves');

  const noPost = await official('Không Chức Vụ');
  t.same((await record({ memberId: memberGid(noPost) }, 'DISMISSAL')).rule, 'DISMISSAL_WITHOUT_POST');

  // Statute of limitations: a reprimand within 5 years, a warning within 10, expulsion any time.
  const edge = await official('Thời Hiệu');
  const lastDayIn = await record({ memberId: memberGid(edge) }, 'REPRIMAND', { violatedOn: '2019-03-10', decidedOn: '2024-03-09' });
  t.equal(lastDayIn.__typename, 'DisciplinePayload', 'the last day in');
  const firstDayOut = await record({ memberId: memberGid(edge) }, 'REPRIMAND', { violatedOn: '2019-03-10', decidedOn: '2024-03-10' });
  t.same(firstDayOut, {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    rule: 'STATUTE_OF_LIMITATIONS',
    message: 'a REPRIMAND for a violation of 2019-03-10 could be decided until 2024-03-09 (5 years, Quy định 102-QĐ/TW (2017) and earlier; unconfirmed); 2024-03-10 is too late',
  }, 'the first day out');
  t.equal((await record({ memberId: memberGid(edge) }, 'WARNING', { violatedOn: '2014-03-10', decidedOn: '2024-03-09' })).__typename, 'DisciplinePayload', 'a warning: 10 years');
  t.equal((await record({ memberId: memberGid(edge) }, 'REPRIMAND', { violatedOn: '2010-01-01', decidedOn: '2024-03-10', category: 'INTERNAL_POLITICAL' })).__typename, 'DisciplinePayload', 'no limit for internal-political violations');

  // The deceased (for a violation especially serious) and the dissolved are still disciplined.
  const deceased = await official('Đã Mất');
  await api.app.services.members.recordEvent(deceased, 'DECEASED', { occurredOn: '2023-02-01' });
  t.equal((await record({ memberId: memberGid(deceased) }, 'EXPULSION', { gravity: 'EXTREMELY_SERIOUS' })).__typename, 'DisciplinePayload', 'a deceased member can be expelled for a violation especially serious (Quy định 69-QĐ/TW Điều 2.14)');
  t.equal((await record({ organizationId: orgGid(tree.B2) }, 'WARNING', { decidedOn: '2023-07-01' })).__typename, 'DisciplinePayload', 'a dissolved organisation can be warned');
  t.same((await record({ organizationId: orgGid(tree.B2) }, 'DISSOLUTION', { decidedOn: '2023-07-01' })).code, 'INVALID_TRANSITION', 'but not dissolved twice');

  // Counted as an indicator, listed for inspectors only.
  await api.app.services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'MEMBERS_DISCIPLINED', period: { year: 2023 }, targetValue: 3, resolutionId: tree.decision.id });
  const results = await api.gql(`query ($id: ID!) { indicatorResults(organizationId: $id, year: 2023) { actual met } }`, { id: orgGid(tree.U1) });
  t.same(results.body.data.indicatorResults, [{ actual: 7, met: false }], 'members disciplined in 2023 under U1');
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/discipline-records?from=2023-01-01&to=2023-12-31` });
  t.equal(rest.body.items.length, 11, '7 members and 4 decisions on organisations');
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const hidden = await viewer.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/discipline-records?from=2023-01-01&to=2023-12-31` });
  t.same([hidden.status, hidden.body.code], [403, 'FORBIDDEN']);
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const cannot = await officer.request({
    method: 'POST',
    url: '/api/v1/discipline-records',
    payload: { memberId: memberGid(edge), form: 'WARNING', category: 'GENERAL', violationSummary: 'x', violatedOn: '2023-01-01', decidedOn: '2023-02-01', decisionId: d, authorityId: orgGid(tree.G1) },
  });
  t.same([cannot.status, cannot.body.code], [403, 'FORBIDDEN'], 'only inspection officers and administrators discipline');
});
