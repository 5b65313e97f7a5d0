/**
 * Transfers out of the tree and arrivals from outside it (issue 14, Quy định 24-QĐ/TW Điều 6,
 * 294-QĐ/TW 6.3.1): a member leaves with an introduction letter to an organisation outside the
 * tree and is kept as TRANSFERRED_OUT (counted as transferred out, the record kept); a member
 * arrives with the sending organisation and the letter, not as an admission; a letter presented
 * after 30 working days is recorded with a warning naming the rule.
 */
import t from 'tap';
import { admitMember, buildTree, docGid, memberGid, orgGid } from '../factories.js';
import { buildTestApp } from '../helper.js';
import { fromGlobalId } from '../../src/shared/ids.js';

const OUTSIDE = `mutation ($input: TransferMemberOutsideInput!) { result: transferMemberOutside(input: $input) {
  __typename ... on MemberPayload { member { status partyAge { years } } event { type details } } ... on Error { code message } } }`;
const RECEIVE = `mutation ($input: ReceiveMemberInput!) { result: receiveMember(input: $input) {
  __typename ... on ReceiveMemberPayload { member { id status organization { code } partyAge { countedFrom } } event { type details } warnings { code message } }
  ... on Error { code message } ... on ValidationError { problems { field message } } } }`;
const COUNTS = `query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCounts { total official transferredOut } } }`;
const CHANGES = `query ($id: ID!) { organization(id: $id) { membershipChanges(from: "2024-01-01", to: "2025-12-31") { transferredIn transferredOut transferredWithin transferredFromOutside transferredOutside admitted } } }`;

const arrival = (tree: { B2: string }, overrides: Record<string, unknown> = {}) => ({
  person: { fullName: 'Trần Thị Đến', gender: 'FEMALE', dateOfBirth: '1988-02-02', partyCardNumber: 'NB778899' },
  organizationId: orgGid(tree.B2),
  arrivedOn: '2025-04-15',
  from: 'Đảng ủy Khối các cơ quan tỉnh Nam Bình',
  letter: { letterNumber: '112/GGT-BTCTU', issuedOn: '2025-03-03', duesPaidUntil: '2025-02' },
  admittedOn: '2012-05-19',
  recognizedOfficialOn: '2013-05-19',
  ...overrides,
});

t.test('a member leaves the tree with a letter: kept as TRANSFERRED_OUT, counted as transferred out, nothing else may happen to the record here', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const id = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-10', partyCardNumber: 'TN500001' });
  await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-10', decisionId: d });
  const input = { memberId: memberGid(id), occurredOn: '2024-03-01', decisionId: docGid(d), destination: 'Đảng ủy phường Hòa Bình, thành phố Hà Nội', letter: { letterNumber: '77/GGT', duesPaidUntil: '2024-02' } };

  const before = await api.snapshot();
  const missing = await api.gql(OUTSIDE, { input: { ...input, destination: ' ' } });
  t.same(missing.body.data.result, { __typename: 'ValidationError', code: 'VALIDATION_FAILED', message: 'destination: a transfer out of the tree names the receiving organisation' });
  const rest = await api.request({ method: 'POST', url: `/api/v1/members/${memberGid(id)}/transfer-outside`, payload: { occurredOn: '2024-03-01', decisionId: docGid(d), destination: 'Nơi khác', letter: { letterNumber: '' } } });
  t.equal(rest.status, 400, 'REST: an empty letter number is refused by the schema');
  t.same(await api.snapshot(), before, 'nothing written');

  const left = await api.gql(OUTSIDE, { input });
  t.same(left.body.data.result, {
    __typename: 'MemberPayload',
    member: { status: 'TRANSFERRED_OUT', partyAge: { years: 9 } },
    event: { type: 'TRANSFERRED_OUT', details: { letter: { letterNumber: '77/GGT', duesPaidUntil: '2024-02' }, destination: 'Đảng ủy phường Hòa Bình, thành phố Hà Nội' } },
  });
  const counts = async (asOf: string) => (await api.gql(COUNTS, { id: orgGid(tree.P), asOf })).body.data.organization.memberCounts;
  t.same(await counts('2024-02-29'), { total: 1, official: 1, transferredOut: 0 }, 'in the count the day before');
  t.same(await counts('2024-03-01'), { total: 0, official: 0, transferredOut: 1 }, 'not in the total from the letter’s day, counted as transferred out');
  t.same((await api.gql(CHANGES, { id: orgGid(tree.U1) })).body.data.organization.membershipChanges, {
    transferredIn: 0, transferredOut: 1, transferredWithin: 0, transferredFromOutside: 0, transferredOutside: 1, admitted: 0,
  });

  const after = await api.snapshot();
  const moved = await api.request({ method: 'POST', url: `/api/v1/members/${memberGid(id)}/transfer`, payload: { occurredOn: '2024-05-01', decisionId: docGid(d), organizationId: orgGid(tree.B2), letter: { letterNumber: '1' } } });
  t.match(moved.body, { status: 409, code: 'INVALID_TRANSITION', detail: /a member who is TRANSFERRED_OUT cannot be TRANSFERRED/ });
  const died = await api.request({ method: 'POST', url: `/api/v1/members/${memberGid(id)}/death`, payload: { occurredOn: '2024-05-01' } });
  t.match(died.body, { status: 409, code: 'INVALID_TRANSITION' }, 'the organisation keeping the member now records such things');
  const discipline = await api.request({
    method: 'POST',
    url: '/api/v1/discipline-records',
    payload: { memberId: memberGid(id), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2024-01-10', decidedOn: '2024-04-01', decisionId: docGid(d), authorityId: orgGid(tree.G1) },
  });
  t.match(discipline.body, { code: 'INVALID_TRANSITION', detail: /kept outside this tree since 2024-03-01/ });
  t.same(await api.snapshot(), after, 'nothing written');
});

t.test('a member arrives from outside with the letter: not an admission; the letter presented on the 30th working day, or a day late with a warning', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  // 2025-03-03 + 30 working days: the Hùng Kings' day (10/3 lunar, 2025-04-07) is a holiday.
  const onTime = await api.gql(RECEIVE, { input: arrival(tree) });
  const received = onTime.body.data.result;
  t.match(received, {
    __typename: 'ReceiveMemberPayload',
    member: { status: 'OFFICIAL', organization: { code: 'B2' }, partyAge: { countedFrom: '2012-05-19' } },
    event: { type: 'TRANSFERRED_IN', details: { from: 'Đảng ủy Khối các cơ quan tỉnh Nam Bình', arrival: { standing: 'OFFICIAL', partyAgeFrom: '2012-05-19' }, letter: { letterNumber: '112/GGT-BTCTU', issuedOn: '2025-03-03' } } },
    warnings: [],
  });
  t.notOk(received.event.details.presentedLate, 'on time: nothing to consider');
  const events = await api.app.services.members.eventsOf([fromGlobalId('Member', received.member.id, 'id')]);
  t.same([...events.values()][0]!.map((e) => e.type), ['TRANSFERRED_IN'], 'no ADMITTED event: the admission happened elsewhere');

  const late = await api.request({
    method: 'POST',
    url: '/api/v1/members/arrivals',
    payload: arrival(tree, { person: { fullName: 'Lê Văn Muộn', gender: 'MALE', dateOfBirth: '1990-01-01', partyCardNumber: 'NB778900' }, arrivedOn: '2025-04-16', recognizedOfficialOn: undefined }),
  });
  t.equal(late.status, 201);
  t.same(late.body.warnings, [{
    code: 'LETTER_PRESENTED_LATE',
    message: 'the letter of 2025-03-03 was to be presented by 2025-04-15 (30 working days, Quy định 24-QĐ/TW (30/7/2021), Điều 6 (chuyển sinh hoạt đảng chính thức): within 30 working days of the introduction): presented on 2025-04-16, the reason goes to the competent committee',
  }], 'a day late: recorded, with the rule named');
  t.same(late.body.event.details.presentedLate, { lastDay: '2025-04-15', citation: 'Quy định 24-QĐ/TW (30/7/2021), Điều 6 (chuyển sinh hoạt đảng chính thức): within 30 working days of the introduction' }, 'the lateness is kept on the event');
  t.equal(late.body.member.status, 'PROBATIONARY', 'no recognition in the letter: probationary');

  const counts = (await api.gql(COUNTS, { id: orgGid(tree.B2), asOf: '2025-04-16' })).body.data.organization.memberCounts;
  t.same(counts, { total: 2, official: 1, transferredOut: 0 });
  t.same((await api.gql(CHANGES, { id: orgGid(tree.U1) })).body.data.organization.membershipChanges, {
    transferredIn: 2, transferredOut: 0, transferredWithin: 0, transferredFromOutside: 2, transferredOutside: 0, admitted: 0,
  }, 'counted as transferred in, never as admitted');
});

t.test('a probationary member arrives: probation runs from the ceremony held elsewhere', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const { body } = await api.gql(RECEIVE, { input: arrival(tree, { admittedOn: '2024-06-01', ceremonyOn: '2024-06-20', recognizedOfficialOn: null, letter: { letterNumber: '5/GGT', issuedOn: '2024-09-01' }, arrivedOn: '2024-09-10' }) });
  const id = body.data.result.member.id as string;
  t.equal(body.data.result.member.status, 'PROBATIONARY');
  const recognize = (occurredOn: string) =>
    api.request({ method: 'POST', url: `/api/v1/members/${id}/recognize-official`, payload: { occurredOn, decisionId: docGid(tree.decision.id) } });
  const before = await api.snapshot();
  t.match((await recognize('2025-06-19')).body, { code: 'RULE_VIOLATION', rule: 'PROBATION_NOT_OVER', detail: /ceremony of 2024-06-20.*ends on 2025-06-20/ });
  t.same(await api.snapshot(), before, 'nothing written');
  t.equal((await recognize('2025-06-20')).status, 201, 'recognised on the day probation ends');
});

t.test('a member who left comes back: the same record, party age continuous; an active member’s card number is a conflict', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const id = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-10', partyCardNumber: 'TN600001', fullName: 'Phạm Văn Về' });
  await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-10', decisionId: d });
  const active = await admitMember(api.app, tree.B3, d, { partyCardNumber: 'TN600002' });
  await api.app.services.members.recordEvent(id, 'TRANSFERRED_OUT', { occurredOn: '2024-03-01', decisionId: d, destination: 'Tỉnh ủy Nam Bình', letter: { letterNumber: '9/GGT' } });

  const before = await api.snapshot();
  const conflict = await api.gql(RECEIVE, { input: arrival(tree, { person: { fullName: 'Người Khác', gender: 'MALE', dateOfBirth: '1990-05-15', partyCardNumber: 'TN600002' } }) });
  t.same(conflict.body.data.result, { __typename: 'ConflictError', code: 'CONFLICT', message: 'a member of this tree has this party card number: a move inside the tree is a transfer' });
  const badDates = await api.gql(RECEIVE, { input: arrival(tree, { arrivedOn: '2025-03-02' }) });
  t.same(badDates.body.data.result.problems, [{ field: 'letter.issuedOn', message: 'is after arrivedOn (2025-03-02)' }]);
  t.same(await api.snapshot(), before, 'nothing written');
  t.ok(active);

  const back = await api.gql(RECEIVE, {
    input: arrival(tree, { person: { fullName: 'Phạm Văn Về', gender: 'MALE', dateOfBirth: '1990-05-15', partyCardNumber: 'TN600001' }, admittedOn: '2015-01-10', recognizedOfficialOn: null, letter: { letterNumber: '3/GGT', issuedOn: '2025-04-01' }, arrivedOn: '2025-04-10' }),
  });
  t.match(back.body.data.result, { member: { id: memberGid(id), status: 'OFFICIAL', organization: { code: 'B2' }, partyAge: { countedFrom: '2015-01-10' } }, warnings: [] }, 'the same record, official as when it left');
  const member = await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2025-04-10") { partyAge { years } events { type } } }`, { id: memberGid(id) });
  t.same(member.body.data.member, { partyAge: { years: 10 }, events: [{ type: 'ADMITTED' }, { type: 'RECOGNIZED_OFFICIAL' }, { type: 'TRANSFERRED_OUT' }, { type: 'TRANSFERRED_IN' }] }, 'party age continuous: the member stayed in the Party');
  t.same((await api.gql(CHANGES, { id: orgGid(tree.G1) })).body.data.organization.membershipChanges, {
    transferredIn: 1, transferredOut: 1, transferredWithin: 0, transferredFromOutside: 1, transferredOutside: 1, admitted: 0,
  });
});

t.test('receiving is refused to an administrator of another subtree, before anything is read', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const outsider = await api.signInAs('ADMIN', tree.U2);
  const before = await api.snapshot();
  const refused = await outsider.gql(RECEIVE, { input: arrival(tree) });
  t.match(refused.body.data.result, { __typename: 'ForbiddenError', code: 'FORBIDDEN' });
  const viaRest = await outsider.request({ method: 'POST', url: '/api/v1/members/arrivals', payload: arrival(tree, { decisionId: docGid('00000000-0000-7000-8000-000000000000') }) });
  t.equal(viaRest.status, 403, 'the missing decision is not checked before the right');
  t.same(await api.snapshot(), before, 'nothing written');
});
