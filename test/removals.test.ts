/**
 * Removal from the roll (issue 17): a proposal starts from the lists, names the months that
 * triggered it, is refused before the rule's third month, and the committee's decision removes
 * the member with an event naming those months.
 */
import t from 'tap';
import { toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

const PROPOSE = `mutation ($input: ProposeRemovalInput!) { result: proposeRemoval(input: $input) {
  __typename ... on RemovalProposalPayload { proposal { id ground year months status organization { code } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
const DECIDE = `mutation ($input: DecideRemovalInput!) { result: decideRemoval(input: $input) {
  __typename ... on RemovalProposalPayload { proposal { status decidedOn member { status events { type note } } } } ... on Error { code message } } }`;

t.test('missed meetings: refused at two months, proposed at the third with the months, decided by the committee', async (t) => {
  const api = await buildTestApp(t);
  const { services } = api.app;
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const id = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
    await services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    ids.push(id);
  }
  const truant = ids[3]!;
  const month = async (day: string, absent: boolean) => {
    const m = await services.meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn: day, startTime: '08:00', place: 'Phòng họp' });
    await services.meetings.hold({ meetingId: m.id, heldOn: day, durationMinutes: 90, attendance: absent ? [{ memberId: truant, attendance: 'ABSENT_WITHOUT_REASON' }] : [] });
  };
  await month('2025-02-03', true);
  await month('2025-03-03', false);
  await month('2025-05-05', true);
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  const input = { memberId: memberGid(truant), ground: 'MISSED_ACTIVITY', year: 2025, proposedOn: '2025-06-10' };
  const before = await api.snapshot();
  const early = (await secretary.gql(PROPOSE, { input })).body.data.result;
  t.same([early.__typename, early.rule], ['RuleViolationError', 'REMOVAL_THRESHOLD_NOT_REACHED']);
  t.match(early.message, /^bỏ sinh hoạt đảng 3 months of 2025 is the rule \(.*Điều 8\.2.*; unconfirmed\); found 02\/2025, 05\/2025 on 2025-06-10$/);
  t.same(await api.snapshot(), before, 'nothing written');
  await month('2025-06-02', true);
  const proposed = (await secretary.gql(PROPOSE, { input })).body.data.result;
  t.same(proposed.proposal && [proposed.proposal.months, proposed.proposal.status, proposed.proposal.organization.code], [['2025-02-01', '2025-05-01', '2025-06-01'], 'PROPOSED', 'B1']);
  const again = (await secretary.gql(PROPOSE, { input })).body.data.result;
  t.equal(again.code, 'CONFLICT', 'one open proposal at a time');

  const decision = await services.documents.create({ type: 'DECISION', number: '15-QĐ/ĐU', issuedOn: '2025-06-20', issuerId: tree.G1, title: 'Quyết định xóa tên đảng viên' });
  const decide = { proposalId: proposed.proposal.id, decisionId: docGid(decision.id), decidedOn: '2025-06-20' };
  const bySecretary = (await secretary.gql(DECIDE, { input: decide })).body.data.result;
  t.equal(bySecretary.code, 'FORBIDDEN', 'the branch proposes; the committee decides');
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.G1);
  const decided = (await officer.gql(DECIDE, { input: decide })).body.data.result;
  t.same([decided.proposal.status, decided.proposal.decidedOn], ['DECIDED', '2025-06-20']);
  const removal = (await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2025-06-21") { status events { type note } } }`, { id: memberGid(truant) })).body.data.member;
  t.same([removal.status, removal.events.at(-1).type], ['REMOVED_FROM_ROLL', 'REMOVED_FROM_ROLL']);
  t.equal(removal.events.at(-1).note, 'Xóa tên: bỏ sinh hoạt đảng các tháng 02/2025, 05/2025, 06/2025 năm 2025 không có lý do chính đáng (Điều lệ Đảng Điều 8.2)');
  t.equal((await officer.gql(DECIDE, { input: decide })).body.data.result.code, 'INVALID_TRANSITION', 'decided once');
});

t.test('unpaid dues: the third unpaid month proposes, the committee may reject with a reason; REST', async (t) => {
  const api = await buildTestApp(t);
  const { services } = api.app;
  const tree = await buildTree(api.app, '2010-01-01');
  const member = await admitMember(api.app, tree.B2, tree.decision.id, { admittedOn: '2015-01-01' });
  await services.members.recordEvent(member, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: tree.decision.id });
  await services.dues.setBasis({ memberId: member, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: 6_000_000 });
  await services.dues.recordPayments([{ memberId: member, month: '2025-01-01', amount: 30_000, paidOn: '2025-01-05', channel: 'CASH' }]);
  const url = `/api/v1/members/${memberGid(member)}/removal-proposals`;
  const early = await api.request({ method: 'POST', url, payload: { ground: 'UNPAID_DUES', year: 2025, proposedOn: '2025-03-15' } });
  t.same([early.status, early.body.code, early.body.rule], [422, 'RULE_VIOLATION', 'REMOVAL_THRESHOLD_NOT_REACHED'], 'February only has ended unpaid');
  const proposed = await api.request({ method: 'POST', url, payload: { ground: 'UNPAID_DUES', year: 2025, proposedOn: '2025-05-02' } });
  t.same([proposed.status, proposed.body.months], [201, ['2025-02-01', '2025-03-01', '2025-04-01']]);
  const list = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.G1)}/removal-proposals?status=PROPOSED` });
  t.same(list.body.items.map((p: { id: string }) => p.id), [proposed.body.id]);
  const early2 = await api.request({ method: 'POST', url: `/api/v1/removal-proposals/${proposed.body.id}/rejection`, payload: { decidedOn: '2025-05-01', reason: 'Trước đề nghị' } });
  t.same([early2.status, early2.body.problems], [400, [{ field: 'decidedOn', message: 'on or after the proposal (2025-05-02)' }]], 'a rejection comes after the proposal');
  const rejected = await api.request({ method: 'POST', url: `/api/v1/removal-proposals/${proposed.body.id}/rejection`, payload: { decidedOn: '2025-05-20', reason: 'Đảng viên ốm nặng, chi bộ đề nghị miễn đảng phí' } });
  t.same([rejected.status, rejected.body.status, rejected.body.rejectionReason], [200, 'REJECTED', 'Đảng viên ốm nặng, chi bộ đề nghị miễn đảng phí']);
  const outsider = await api.signInAs('BRANCH_SECRETARY', tree.B3);
  for (const id of [proposed.body.id, toGlobalId('RemovalProposal', '0190f0f0-0000-7000-8000-000000000000')]) {
    const r = await outsider.request({ method: 'POST', url: `/api/v1/removal-proposals/${id}/rejection`, payload: { decidedOn: '2025-05-20', reason: 'x' } });
    t.same([r.status, r.body.code], [403, 'FORBIDDEN'], 'refused alike for a proposal out of reach and for none');
  }
});
