import t from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

t.test('terms and committee positions', async (t) => {
  const { app, gql, request, snapshot } = await buildTestApp(t);
  const tree = await buildTree(app, '2010-01-01');
  const d = tree.decision.id;
  const official = async (org: string, name: string) => {
    const id = await admitMember(app, org, d, { fullName: name, admittedOn: '2015-01-01' });
    await app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    return id;
  };
  const secretary = await official(tree.B1, 'Nguyễn Văn Bí');
  const deputy = await official(tree.B1, 'Lê Thị Phó');
  const outsider = await official(tree.B3, 'Trần Văn Ngoài');
  const probationary = await admitMember(app, tree.B1, d, { fullName: 'Phạm Văn Dự', admittedOn: '2020-01-01' });

  const OPEN = `mutation ($input: OpenTermInput!) { result: openTerm(input: $input) { __typename ... on TermPayload { term { id name startsOn endsOn congressOn organization { code } } } ... on Error { code message } } }`;
  const opened = await gql(OPEN, { input: { organizationId: orgGid(tree.B1), name: '2020–2025', startsOn: '2020-06-01', endsOn: '2025-06-01', congressOn: '2020-05-20', congressDecisionId: docGid(d) } });
  const term = opened.body.data.result.term;
  t.same({ ...term, id: undefined }, { id: undefined, name: '2020–2025', startsOn: '2020-06-01', endsOn: '2025-06-01', congressOn: '2020-05-20', organization: { code: 'B1' } });

  const before = await snapshot();
  const overlap = await gql(OPEN, { input: { organizationId: orgGid(tree.B1), name: 'trùng', startsOn: '2024-01-01', endsOn: '2029-01-01', congressOn: '2023-12-20' } });
  t.same(overlap.body.data.result, { __typename: 'ConflictError', code: 'CONFLICT', message: 'the term 2020–2025 (2020-06-01 – 2025-06-01) overlaps' });
  const backwards = await gql(OPEN, { input: { organizationId: orgGid(tree.B2), name: 'x', startsOn: '2020-06-01', endsOn: '2020-01-01', congressOn: '2020-07-01' } });
  t.same(backwards.body.data.result.message, 'endsOn: must be after startsOn; congressOn: the congress opens the term: it cannot be after startsOn');
  t.same(await snapshot(), before);

  const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) { result: appointCommitteeMember(input: $input) { __typename ... on CommitteePositionPayload { position { id role startsOn member { fullName } term { name } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
  const appoint = (memberId: string, role: string, startsOn = '2020-06-01') =>
    gql(APPOINT, { input: { termId: term.id, memberId: memberGid(memberId), role, startsOn, decisionId: docGid(d) } }).then((r) => r.body.data.result);
  const bi = await appoint(secretary, 'SECRETARY');
  t.same({ ...bi.position, id: undefined }, { id: undefined, role: 'SECRETARY', startsOn: '2020-06-01', member: { fullName: 'Nguyễn Văn Bí' }, term: { name: '2020–2025' } });
  t.equal((await appoint(deputy, 'DEPUTY_SECRETARY')).__typename, 'CommitteePositionPayload');

  const unchanged = await snapshot();
  t.same(await appoint(deputy, 'SECRETARY'), {
    __typename: 'RuleViolationError', code: 'RULE_VIOLATION', rule: 'ONE_SECRETARY',
    message: 'B1 already has a secretary on 2020-06-01: end that position first',
  });
  t.same((await appoint(probationary, 'COMMITTEE_MEMBER')).rule, 'NOT_AN_OFFICIAL_MEMBER', 'a probationary member holds no position');
  t.same((await appoint(outsider, 'COMMITTEE_MEMBER')).rule, 'NOT_IN_ORGANIZATION');
  t.same((await appoint(deputy, 'COMMITTEE_MEMBER', '2026-01-01')).rule, 'OUTSIDE_TERM');
  t.same((await appoint(deputy, 'DEPUTY_SECRETARY')).code, 'CONFLICT');
  t.same(await snapshot(), unchanged, 'refused appointments wrote nothing');

  // A branch committee has at most 7 members from 1/7/2025 (Quy định 294-QĐ/TW of 26/5/2025, in
  // force 1/7/2025), 9 before (unconfirmed): an eighth member on 30/6/2025 is within the old value.
  const next = await gql(OPEN, { input: { organizationId: orgGid(tree.B1), name: '2025–2030', startsOn: '2025-06-01', endsOn: '2030-06-01', congressOn: '2025-05-30' } });
  const term2 = next.body.data.result.term.id;
  for (let i = 0; i < 7; i++) {
    const id = await official(tree.B1, `Ủy viên Số ${i}`);
    const r = await gql(APPOINT, { input: { termId: term2, memberId: memberGid(id), role: 'COMMITTEE_MEMBER', startsOn: '2025-07-01' } });
    t.equal(r.body.data.result.__typename, 'CommitteePositionPayload');
  }
  const eighth = await official(tree.B1, 'Ủy viên Thứ Tám');
  const unchangedBefore = await snapshot();
  const tooMany = await gql(APPOINT, { input: { termId: term2, memberId: memberGid(eighth), role: 'COMMITTEE_MEMBER', startsOn: '2025-07-01' } });
  t.same(tooMany.body.data.result, {
    __typename: 'RuleViolationError', code: 'RULE_VIOLATION', rule: 'COMMITTEE_TOO_LARGE',
    message: 'a branch committee has at most 7 members (Quy định 294-QĐ/TW (26/5/2025, in force 1/7/2025))',
  });
  t.same(await snapshot(), unchangedBefore, 'the refusal wrote nothing');
  const term0 = await gql(OPEN, { input: { organizationId: orgGid(tree.B2), name: '2025–2030', startsOn: '2025-06-01', endsOn: '2030-06-01', congressOn: '2025-05-30' } });
  for (let i = 0; i < 8; i++) {
    const id = await official(tree.B2, `Ủy viên B2 Số ${i}`);
    const r = await gql(APPOINT, { input: { termId: term0.body.data.result.term.id, memberId: memberGid(id), role: 'COMMITTEE_MEMBER', startsOn: '2025-06-30' } });
    t.equal(r.body.data.result.__typename, 'CommitteePositionPayload', `member ${i + 1} of 9 allowed on 2025-06-30 (the value before 294-QĐ/TW)`);
  }

  const END = `mutation ($input: EndCommitteePositionInput!) { result: endCommitteePosition(input: $input) { __typename ... on CommitteePositionPayload { position { endsOn } } ... on Error { code } } }`;
  const ended = await gql(END, { input: { positionId: bi.position.id, endsOn: '2023-01-01' } });
  t.same(ended.body.data.result, { __typename: 'CommitteePositionPayload', position: { endsOn: '2023-01-01' } });
  t.equal((await gql(END, { input: { positionId: bi.position.id, endsOn: '2023-02-01' } })).body.data.result.code, 'RULE_VIOLATION');
  t.equal((await appoint(deputy, 'SECRETARY', '2023-01-01')).__typename, 'CommitteePositionPayload', 'a new secretary once the first left');

  const view = await gql(`query ($id: ID!) { organization(id: $id) { terms { name positions(activeOn: "2023-06-01") { role member { fullName } } } } member(id: "${memberGid(deputy)}") { positions { role startsOn endsOn } } }`, { id: orgGid(tree.B1) });
  t.same(view.body.data.organization.terms[0], {
    name: '2020–2025',
    positions: [
      { role: 'SECRETARY', member: { fullName: 'Lê Thị Phó' } },
      { role: 'DEPUTY_SECRETARY', member: { fullName: 'Lê Thị Phó' } },
    ],
  });
  t.same(view.body.data.member.positions.map((p: any) => p.role), ['DEPUTY_SECRETARY', 'SECRETARY']);

  // REST
  const terms = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.B1))}/terms` });
  t.same(terms.body.items.map((x: any) => [x.name, x.positions.length]), [['2020–2025', 3], ['2025–2030', 7]]);
  const restTerm = await request({ method: 'POST', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/terms`, payload: { name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-25' } });
  t.equal(restTerm.status, 201);
  const restAppoint = await request({ method: 'POST', url: `/api/v1/terms/${encodeURIComponent(restTerm.body.id)}/positions`, payload: { memberId: memberGid(secretary), role: 'SECRETARY', startsOn: '2020-07-01' } });
  t.same([restAppoint.status, restAppoint.body.role], [201, 'SECRETARY']);
  const restEnd = await request({ method: 'POST', url: `/api/v1/committee-positions/${encodeURIComponent(restAppoint.body.id)}/end`, payload: { endsOn: '2021-01-01' } });
  t.same([restEnd.status, restEnd.body.endsOn], [200, '2021-01-01']);
  const restGet = await request({ method: 'GET', url: `/api/v1/terms/${encodeURIComponent(restTerm.body.id)}` });
  t.same(restGet.body.positions.map((p: any) => [p.role, p.endsOn]), [['SECRETARY', '2021-01-01']]);
  const badRole = await request({ method: 'POST', url: `/api/v1/terms/${encodeURIComponent(restTerm.body.id)}/positions`, payload: { memberId: memberGid(secretary), role: 'KING', startsOn: '2020-07-01' } });
  t.equal(badRole.status, 400);
});
