/**
 * Branch meetings (sinh hoạt chi bộ, issue 17): planning with the day's roster, holding once,
 * corrections kept as history, the quality criteria at their boundaries, the months a member
 * missed and the removal rule's threshold, statistics equal to a direct count, scope and self
 * access, through GraphQL and REST.
 */
import t from 'tap';
import type { Test } from 'tap';
import { fromGlobalId, toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, createDecision, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp, type TestApp } from './helper.js';

const meetingGid = (id: string) => toGlobalId('Meeting', id);

const PLAN = `mutation ($input: PlanMeetingInput!) { result: planMeeting(input: $input) {
  __typename ... on MeetingPayload { meeting { id kind status month revision participants { memberId role votes attendance } } }
  ... on Error { code message } ... on ValidationError { problems { field message } } ... on RuleViolationError { rule } } }`;
const HOLD = `mutation ($input: HoldMeetingInput!) { result: holdMeeting(input: $input) {
  __typename ... on MeetingPayload { meeting { id status heldOn revision participants { memberId role attendance absenceReason } criteria { allMet criteria { criterion met value } } } }
  ... on Error { code message } ... on ValidationError { problems { field message } } } }`;
const ASSESS = `mutation ($input: AssessMeetingInput!) { result: assessMeeting(input: $input) {
  __typename ... on MeetingPayload { meeting { quality revision } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
const CORRECT = `mutation ($input: CorrectMeetingInput!) { result: correctMeeting(input: $input) {
  __typename ... on MeetingPayload { meeting { revision participants { memberId attendance absenceReason } history { type revision changes reason } } }
  ... on Error { code message } ... on ValidationError { problems { field message } } } }`;

async function setUp(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const admit = async (organizationId: string, name: string) => {
    const id = await admitMember(api.app, organizationId, d, { fullName: name, admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    return id;
  };
  const members = [];
  for (let i = 0; i < 5; i++) members.push(await admit(tree.B1, `Đảng Viên Văn Phòng ${i}`));
  const exempt = await admit(tree.B1, 'Đảng Viên Miễn Sinh Hoạt');
  await api.app.services.members.recordEvent(exempt, 'EXEMPTED', { occurredOn: '2020-01-01', decisionId: d });
  const hosted = await admit(tree.B2, 'Đảng Viên Sinh Hoạt Tạm Thời');
  await api.app.services.members.recordEvent(hosted, 'TEMPORARY_TRANSFER', { occurredOn: '2025-01-01', decisionId: d, organizationId: tree.B1, reason: 'WORK', expectedReturnOn: '2025-12-31' });
  const away = await admit(tree.B1, 'Đảng Viên Đi Vắng');
  await api.app.services.members.recordEvent(away, 'TEMPORARY_TRANSFER', { occurredOn: '2025-01-01', decisionId: d, organizationId: tree.B3, reason: 'WORK', expectedReturnOn: '2025-12-31' });
  // A member of the grassroots committee above (Đảng ủy Sở Tài chính), kept in B2.
  const guest = await admit(tree.B2, 'Ủy Viên Đảng Ủy');
  const term = await api.app.services.committees.openTerm({ organizationId: tree.G1, name: '2020–2025', startsOn: '2020-10-01', endsOn: '2025-10-01', congressOn: '2020-10-01' });
  await api.app.services.committees.appoint({ termId: term.id, memberId: guest, role: 'COMMITTEE_MEMBER', startsOn: '2020-10-01' });
  return { api, tree, d, members, exempt, hosted, away, guest };
}

async function plan(api: TestApp, organizationId: string, plannedOn: string, extra: Record<string, unknown> = {}) {
  return (await api.gql(PLAN, { input: { organizationId: orgGid(organizationId), kind: 'REGULAR', plannedOn, startTime: '14:00', place: 'Hội trường tầng 2', ...extra } })).body.data.result;
}

t.test('a regular meeting invites the branch on its day: members vote, the hosted member and the guest do not, the member away is not invited', async (t) => {
  const { api, tree, members, exempt, hosted, away, guest } = await setUp(t);
  const planned = await plan(api, tree.B1, '2025-03-03', { guestMemberIds: [memberGid(guest)], chairMemberId: memberGid(members[0]!), agenda: ['Đánh giá tháng 2', 'Nhiệm vụ tháng 3'] });
  t.equal(planned.__typename, 'MeetingPayload');
  const roles = Object.fromEntries(planned.meeting.participants.map((p: { memberId: string; role: string; votes: boolean }) => [p.memberId, `${p.role}/${p.votes}`]));
  t.same(roles[memberGid(members[1]!)], 'MEMBER/true');
  t.same(roles[memberGid(exempt)], 'MEMBER/true', 'an exempt member is invited (marked EXEMPT when held)');
  t.same(roles[memberGid(hosted)], 'HOSTED/false');
  t.same(roles[memberGid(guest)], 'HIGHER_COMMITTEE/false');
  t.notOk(roles[memberGid(away)], 'a member temporarily active elsewhere attends there');
  t.equal(planned.meeting.participants.length, 8);
  t.equal(planned.meeting.month, '2025-03-01');

  const before = await api.snapshot();
  const second = await plan(api, tree.B1, '2025-03-20');
  t.same([second.__typename, second.code], ['ConflictError', 'CONFLICT'], 'one regular meeting a month');
  t.match(second.message, /regular meeting of 2025-03 already/);
  const notGuest = await plan(api, tree.B1, '2025-04-03', { guestMemberIds: [memberGid(members[1]!)] });
  t.equal(notGuest.__typename, 'MeetingPayload', 'a member already invited named as a guest stays a member');
  const stranger = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2015-01-01' });
  const afterApril = await api.snapshot();
  t.same((await plan(api, tree.B1, '2025-05-03', { guestMemberIds: [memberGid(stranger)] })).problems, [{ field: 'guestMemberIds.0', message: 'not a member of a committee above this organisation on 2025-05-03' }]);
  t.same((await plan(api, tree.B1, '2025-05-03', { kind: 'THEMATIC' })).problems, [{ field: 'topic', message: 'must not be empty' }]);
  t.same((await plan(api, tree.B1, '2025-05-03', { startTime: '24:00' })).problems, [{ field: 'startTime', message: 'a local time HH:MM (00:00 to 23:59)' }]);
  t.same((await plan(api, tree.G1, '2025-05-03')).rule, 'NOT_A_BRANCH', 'a grassroots committee’s own meeting is a COMMITTEE meeting');
  t.same((await plan(api, tree.B1, '2025-05-03', { chairMemberId: memberGid(hosted) })).problems, [{ field: 'chairMemberId', message: 'must be one of the members invited (not a guest or a hosted member)' }]);
  t.same(await api.snapshot(), afterApril, 'nothing written by the refusals');
  t.not(before, afterApril);

  const committee = await plan(api, tree.G1, '2025-05-05', { kind: 'COMMITTEE' });
  t.same(committee.meeting.participants.map((p: { memberId: string }) => p.memberId), [memberGid(guest)], 'the committee meets as its members of the day');
  t.equal((await plan(api, tree.G3, '2025-05-05', { kind: 'COMMITTEE' })).rule, 'NO_COMMITTEE', 'an organisation without committee members that day');
});

t.test('held once: the absent by name, everyone else present, exempt members EXEMPT; a second holding is refused', async (t) => {
  const { api, tree, members, exempt, hosted, guest } = await setUp(t);
  const planned = await plan(api, tree.B1, '2025-03-03', { guestMemberIds: [memberGid(guest)] });
  const id = planned.meeting.id;
  const hold = (input: Record<string, unknown>) => api.gql(HOLD, { input: { meetingId: id, heldOn: '2025-03-04', durationMinutes: 95, minutes: 'Biên bản đầy đủ', ...input } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  const stranger = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2015-01-01' });
  const afterStranger = await api.snapshot();
  t.not(before, afterStranger);
  t.same((await hold({ attendance: [{ memberId: memberGid(stranger), attendance: 'ABSENT_WITHOUT_REASON' }] })).problems, [{ field: 'attendance.0.memberId', message: 'not invited to this meeting on the day it was held' }]);
  t.same((await hold({ attendance: [{ memberId: memberGid(members[1]!), attendance: 'ABSENT_WITH_REASON' }] })).problems, [{ field: 'attendance.0.reason', message: 'an absence with a reason states the reason' }]);
  t.same((await hold({ attendance: [{ memberId: memberGid(members[1]!), attendance: 'EXEMPT' }] })).problems, [{ field: 'attendance.0.attendance', message: 'EXEMPT is for a member exempted from party activity (miễn sinh hoạt) on the day' }]);
  t.same((await hold({ heldOn: '2099-01-01' })).problems, [{ field: 'heldOn', message: `a meeting is recorded as held on or before today (${new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10)})` }]);
  t.same(await api.snapshot(), afterStranger, 'nothing written by the refusals');

  const held = await hold({
    attendance: [
      { memberId: memberGid(members[1]!), attendance: 'ABSENT_WITH_REASON', reason: 'Đi công tác' },
      { memberId: memberGid(members[2]!), attendance: 'ABSENT_WITHOUT_REASON' },
    ],
    resolutions: ['Nghị quyết tháng 3'],
  });
  t.equal(held.meeting.status, 'HELD');
  const marks = Object.fromEntries(held.meeting.participants.map((p: { memberId: string; attendance: string }) => [p.memberId, p.attendance]));
  t.same([marks[memberGid(members[0]!)], marks[memberGid(members[1]!)], marks[memberGid(members[2]!)], marks[memberGid(exempt)], marks[memberGid(hosted)], marks[memberGid(guest)]], ['PRESENT', 'ABSENT_WITH_REASON', 'ABSENT_WITHOUT_REASON', 'EXEMPT', 'PRESENT', 'PRESENT']);
  const criteria = Object.fromEntries(held.meeting.criteria.criteria.map((c: { criterion: string; met: boolean; value: string }) => [c.criterion, [c.met, c.value]]));
  // Expected: 5 members + the hosted one (the exempt member and the guest apart) = 6, present 4.
  t.same(criteria.ATTENDANCE_RATE, [false, '66.67% (4/6)']);
  t.same(criteria.UNEXCUSED_ABSENCES, [false, '1']);
  t.same(criteria.DURATION, [true, '95 minutes']);
  t.same(criteria.MINUTES, [true, 'recorded']);
  t.notOk(criteria.DOCUMENTS_AHEAD, 'documents a day ahead are required from Hướng dẫn 42-HD/BTCTW (28/10/2025) only');

  const twice = await api.snapshot();
  const again = await hold({});
  t.same([again.__typename, again.code], ['InvalidTransitionError', 'INVALID_TRANSITION']);
  t.match(again.message, /held once/);
  t.same(await api.snapshot(), twice);

  const good = (await api.gql(ASSESS, { input: { meetingId: id, quality: 'GOOD', assessedOn: '2025-03-05' } })).body.data.result;
  t.same([good.__typename, good.rule], ['RuleViolationError', 'MEETING_QUALITY']);
  t.match(good.message, /ATTENDANCE_RATE: 66\.67% \(4\/6\), above 85% .*Hướng dẫn 12-HD\/BTCTW.*unconfirmed/);
  t.same(await api.snapshot(), twice, 'nothing written');
  t.same((await api.gql(ASSESS, { input: { meetingId: id, quality: 'AVERAGE', assessedOn: '2025-03-05' } })).body.data.result.meeting, { quality: 'AVERAGE', revision: 3 });
});

t.test('the quality criteria at their boundaries: 85% is not above 85%, 90 minutes is enough, 4 excused absences in a row are too many, documents one day ahead from 28/10/2025', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const id = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    ids.push(id);
  }
  const meetings = api.app.services.meetings;
  const hold = async (plannedOn: string, absent: { id: string; attendance: 'ABSENT_WITH_REASON' | 'ABSENT_WITHOUT_REASON' }[], durationMinutes = 90) => {
    const m = await meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn, startTime: '08:00', place: 'Phòng họp' });
    return meetings.hold({ meetingId: m.id, heldOn: plannedOn, durationMinutes, minutes: 'Biên bản', attendance: absent.map((a) => ({ memberId: a.id, attendance: a.attendance, reason: a.attendance === 'ABSENT_WITH_REASON' ? 'Ốm' : null })) });
  };
  const measured = async (meeting: Awaited<ReturnType<typeof hold>>) => Object.fromEntries((await meetings.criteriaOf(meeting))!.criteria.map((c) => [c.criterion, [c.met, c.value]]));
  // 17 of 20 present: 85.00%, not above 85.
  const excused = (n: number) => ids.slice(0, n).map((id) => ({ id, attendance: 'ABSENT_WITH_REASON' as const }));
  let c = await measured(await hold('2025-01-06', excused(3)));
  t.same(c.ATTENDANCE_RATE, [false, '85.00% (17/20)']);
  t.same(c.DURATION, [true, '90 minutes'], 'ninety minutes is enough');
  c = await measured(await hold('2025-02-03', excused(2), 89));
  t.same(c.ATTENDANCE_RATE, [true, '90.00% (18/20)']);
  t.same(c.DURATION, [false, '89 minutes']);
  c = await measured(await hold('2025-03-03', excused(1)));
  t.same(c.EXCUSED_ABSENCES_IN_A_ROW, [true, '3'], 'the third excused absence in a row of the year is allowed');
  c = await measured(await hold('2025-04-07', excused(1)));
  t.same(c.EXCUSED_ABSENCES_IN_A_ROW, [false, '4'], 'the fourth is more than three');
  c = await measured(await hold('2025-05-05', []));
  t.same(c.EXCUSED_ABSENCES_IN_A_ROW, [true, '0']);
  t.same(Object.keys(c).sort(), ['ATTENDANCE_RATE', 'DURATION', 'EXCUSED_ABSENCES_IN_A_ROW', 'MINUTES', 'UNEXCUSED_ABSENCES']);

  // From 28/10/2025 the documents are sent at least a day ahead.
  const document = await createDecision(api.app, { type: 'REPORT', issuedOn: '2025-11-01' });
  const november = await meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn: '2025-11-03', startTime: '08:00', place: 'Phòng họp' });
  await meetings.attachDocuments(november.id, [{ documentId: document.id, sentOn: '2025-11-03' }]);
  c = await measured(await meetings.hold({ meetingId: november.id, heldOn: '2025-11-03', durationMinutes: 120, minutes: 'Biên bản' }));
  t.same(c.DOCUMENTS_AHEAD, [false, '0 of 1 in time'], 'sent on the day of the meeting');
  const december = await meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn: '2025-12-03', startTime: '08:00', place: 'Phòng họp' });
  await meetings.attachDocuments(december.id, [{ documentId: document.id, sentOn: '2025-12-02' }]);
  const decemberHeld = await meetings.hold({ meetingId: december.id, heldOn: '2025-12-03', durationMinutes: 120, minutes: 'Biên bản' });
  c = await measured(decemberHeld);
  t.same(c.DOCUMENTS_AHEAD, [true, '1 of 1 in time'], 'sent the day before');
  const graded = await meetings.assess({ meetingId: december.id, quality: 'GOOD', assessedOn: '2025-12-04' });
  t.equal(graded.quality, 'GOOD', 'every criterion met: GOOD');
  // A correction that breaks a criterion of a GOOD meeting is refused until it is assessed again.
  const before = await api.snapshot();
  await t.rejects(
    meetings.correct({ meetingId: december.id, revision: graded.revision, reason: 'Ghi nhầm thời lượng', durationMinutes: 60 }),
    { code: 'RULE_VIOLATION', rule: 'MEETING_QUALITY' },
  );
  t.same(await api.snapshot(), before);
});

t.test('corrections are kept as history with the values before, against the revision read', async (t) => {
  const { api, tree, members } = await setUp(t);
  const planned = await plan(api, tree.B1, '2025-03-03');
  const id = planned.meeting.id;
  const held = (await api.gql(HOLD, { input: { meetingId: id, heldOn: '2025-03-04', durationMinutes: 95, attendance: [{ memberId: memberGid(members[2]!), attendance: 'ABSENT_WITHOUT_REASON' }] } })).body.data.result.meeting;
  const before = await api.snapshot();
  const stale = (await api.gql(CORRECT, { input: { meetingId: id, revision: held.revision - 1, reason: 'Đính chính', durationMinutes: 100 } })).body.data.result;
  t.same([stale.__typename, stale.code], ['ConflictError', 'CONFLICT']);
  const nothing = (await api.gql(CORRECT, { input: { meetingId: id, revision: held.revision, reason: 'Đính chính', durationMinutes: 95 } })).body.data.result;
  t.same(nothing.problems, [{ field: 'input', message: 'the correction changes nothing' }]);
  const noReason = (await api.gql(CORRECT, { input: { meetingId: id, revision: held.revision, reason: '  ', durationMinutes: 100 } })).body.data.result;
  t.same(noReason.problems, [{ field: 'reason', message: 'must not be empty' }]);
  t.same(await api.snapshot(), before);

  const corrected = (await api.gql(CORRECT, {
    input: { meetingId: id, revision: held.revision, reason: 'Đồng chí đã báo vắng trước', attendance: [{ memberId: memberGid(members[2]!), attendance: 'ABSENT_WITH_REASON', reason: 'Ốm' }] },
  })).body.data.result.meeting;
  t.equal(corrected.revision, held.revision + 1);
  t.same(corrected.participants.find((p: { memberId: string }) => p.memberId === memberGid(members[2]!)), { memberId: memberGid(members[2]!), attendance: 'ABSENT_WITH_REASON', absenceReason: 'Ốm' });
  t.same(corrected.history.map((e: { type: string }) => e.type), ['PLANNED', 'HELD', 'CORRECTED']);
  t.same(corrected.history[2].changes, { attendance: { [members[2]!]: { from: { attendance: 'ABSENT_WITHOUT_REASON', reason: null }, to: { attendance: 'ABSENT_WITH_REASON', reason: 'Ốm' } } } });
  t.equal(corrected.history[2].reason, 'Đồng chí đã báo vắng trước');
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { entityType: 'Meeting', entityId: fromGlobalId('Meeting', id, 'id') }, orderBy: { id: 'asc' } });
  t.same(audit.map((e) => e.action), ['meeting.plan', 'meeting.hold', 'meeting.correct'], 'every step audited');
});

t.test('the months a member missed without a reason: the third month of the year lists them, with the months; statistics equal a direct count', async (t) => {
  const { api, tree, members, hosted } = await setUp(t);
  const meetings = api.app.services.meetings;
  const month = async (organizationId: string, day: string, absent: string[], kind: 'REGULAR' | 'THEMATIC' = 'REGULAR') => {
    const m = await meetings.plan({ organizationId, kind, plannedOn: day, startTime: '08:00', place: 'Phòng họp', topic: kind === 'THEMATIC' ? 'Học tập và làm theo tư tưởng Hồ Chí Minh' : null });
    return meetings.hold({ meetingId: m.id, heldOn: day, durationMinutes: 95, attendance: absent.map((id) => ({ memberId: id, attendance: 'ABSENT_WITHOUT_REASON' as const })) });
  };
  const late = members[3]!;
  await month(tree.B1, '2025-01-06', [late]);
  await month(tree.B1, '2025-02-03', []);
  await month(tree.B1, '2025-03-03', [late, hosted]);
  await month(tree.B1, '2025-03-20', [late], 'THEMATIC');
  await month(tree.B2, '2025-01-06', []);
  const stats = (asOf: string) => api.app.services.meetingStatistics.forPeriod(tree.P, '2025-01-01', '2025-12-31', asOf);
  let s = await stats('2025-04-30');
  t.same(s.membersReachingThreshold, [], 'two months missed (January, March: the thematic meeting is the same month)');
  await month(tree.B1, '2025-04-07', [late]);
  s = await stats('2025-04-30');
  t.same(s.membersReachingThreshold, [{ memberId: late, organizationId: tree.B1, year: 2025, months: ['2025-01-01', '2025-03-01', '2025-04-01'] }], 'the third month of the year');
  t.equal(s.thresholdMonths, 3);
  t.match(s.citation, /Điều lệ Đảng \(2011\), Điều 8\.2 — Quy định 24-QĐ\/TW .*; unconfirmed$/, 'the rule in force at the period’s end counted (April 2025: before 294-QĐ/TW)');
  t.same(s.absentWithoutReasonByMonth, [{ month: '2025-01-01', members: 1 }, { month: '2025-03-01', members: 2 }, { month: '2025-04-01', members: 1 }]);
  // Branches of the province that keep members: B1, B2, B3, G2 (a grassroots branch); months January to April.
  t.same([s.months, s.branches, s.regularMeetingsRequired], [4, 4, 16]);
  t.same([s.regularMeetingsHeld, s.branchesHeldAllRegular], [5, 1], 'B1 held all four, B2 one');
  t.same(s.branchesMissingRegular.find((b) => b.organizationId === tree.B2)?.months, ['2025-02-01', '2025-03-01', '2025-04-01']);
  t.same([s.thematicMeetingsHeld, s.branchQuartersRequired, s.branchQuartersWithThematic], [1, 4, 1], 'the first quarter of four branches, one with its thematic meeting');

  // The figures equal a direct count of the rows.
  const [direct] = await api.app.db.prisma.$queryRaw<{ expected: number; present: number; held: number }[]>`
    SELECT count(*) FILTER (WHERE p.role <> 'HIGHER_COMMITTEE' AND p.attendance <> 'EXEMPT')::int AS expected,
      count(*) FILTER (WHERE p.role <> 'HIGHER_COMMITTEE' AND p.attendance = 'PRESENT')::int AS present,
      (SELECT count(*)::int FROM meetings WHERE kind = 'REGULAR' AND status = 'HELD') AS held
    FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id WHERE m.status = 'HELD'`;
  t.same([s.attendance.expected, s.attendance.present, s.regularMeetingsHeld], [direct!.expected, direct!.present, direct!.held]);
  t.equal(s.attendance.ratePercent, Math.round((10000 * direct!.present) / direct!.expected) / 100);

  // Consecutive months, when the rule says so: January, March, April has a run of two.
  // An administrator's change of the rule's value (as through the regulations API).
  await api.app.db.prisma.$executeRaw`UPDATE regulation_values SET value = jsonb_set(value, '{consecutive}', 'true') WHERE key = 'membership.removal_thresholds'`;
  api.app.rules.invalidate();
  s = await stats('2025-04-30');
  t.same(s.membersReachingThreshold, [], 'a run of two months is not three in a row');
  await month(tree.B1, '2025-05-05', [late]);
  s = await stats('2025-05-31');
  t.same(s.membersReachingThreshold.map((r) => r.months), [['2025-01-01', '2025-03-01', '2025-04-01', '2025-05-01']], 'March, April, May in a row');
  t.equal(s.thresholdConsecutive, true);
});

t.test('the statistics cost one statement whatever the number of branches', async (t) => {
  const { api, tree } = await setUp(t);
  const query = `query ($id: ID!) { meetingStatistics(organizationId: $id, from: "2025-01-01", to: "2025-06-30", asOf: "2025-06-30") {
    branches regularMeetingsHeld attendance { ratePercent } membersReachingThreshold { year months } } }`;
  const once = await api.countStatements(() => api.gql(query, { id: orgGid(tree.G1) }));
  t.same(once.result.body.data.meetingStatistics.branches, 2);
  const province = await api.countStatements(() => api.gql(query, { id: orgGid(tree.P) }));
  t.same(province.result.body.data.meetingStatistics.branches, 4);
  t.equal(province.statements, once.statements, 'the same statements for 2 and 4 branches');
  // The caller's principal (2 on a first request), the organisation's path, the statistics.
  t.ok(once.statements <= 4, `${once.statements} statements`);
});

t.test('authorise first: another subtree’s secretary learns nothing; a member sees their own meetings and attendance only', async (t) => {
  const { api, tree, members } = await setUp(t);
  const planned = await plan(api, tree.B1, '2025-03-03');
  const id = planned.meeting.id;
  await api.gql(HOLD, { input: { meetingId: id, heldOn: '2025-03-04', durationMinutes: 95, attendance: [{ memberId: memberGid(members[2]!), attendance: 'ABSENT_WITH_REASON', reason: 'Ốm' }] } });
  const outsider = await api.signInAs('BRANCH_SECRETARY', tree.B3);
  const missing = meetingGid('0190f0f0-0000-7000-8000-000000000000');
  for (const target of [id, missing]) {
    const r = (await outsider.gql(ASSESS, { input: { meetingId: target, quality: 'FAIR', assessedOn: '2025-03-05' } })).body.data.result;
    t.same([r.__typename, r.code, r.message], ['ForbiddenError', 'FORBIDDEN', 'You are not allowed to do this'], 'the same refusal for a meeting out of reach and for none');
  }
  t.same((await outsider.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id })).body.data.node, null);
  const rest = await outsider.request({ method: 'GET', url: `/api/v1/meetings/${id}` });
  t.equal(rest.status, 404);
  t.equal((await outsider.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}/meeting-statistics?from=2025-01-01&to=2025-12-31` })).status, 403);

  // A member signed in as themselves.
  const self = await api.signInAs('VIEWER', tree.B3, { memberId: members[2]! });
  const mine = (await self.gql(`{ myMeetings(from: "2025-01-01", to: "2025-12-31") { role attendance absenceReason meeting { id history { type } participants { memberId attendance } } } }`)).body.data.myMeetings;
  t.same(mine, [{ role: 'MEMBER', attendance: 'ABSENT_WITH_REASON', absenceReason: 'Ốm', meeting: { id, history: null, participants: [{ memberId: memberGid(members[2]!), attendance: 'ABSENT_WITH_REASON' }] } }], 'their own attendance, nobody else’s; not the history');
  const other = await self.gql(`query ($id: ID!) { memberMeetings(memberId: $id, from: "2025-01-01", to: "2025-12-31") { role } }`, { id: memberGid(members[1]!) });
  t.equal(other.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'another member’s attendance is refused');
  const restMine = await self.request({ method: 'GET', url: '/api/v1/me/meetings?from=2025-01-01&to=2025-12-31' });
  t.same(restMine.body.items.map((i: { attendance: string }) => i.attendance), ['ABSENT_WITH_REASON']);
  const restMeeting = await self.request({ method: 'GET', url: `/api/v1/meetings/${id}` });
  t.same(restMeeting.body.participants.map((p: { memberId: string }) => p.memberId), [memberGid(members[2]!)]);
  t.equal((await self.request({ method: 'GET', url: `/api/v1/meetings/${id}/history` })).status, 403, 'the history is the organisation’s');
});

t.test('REST: plan, attach documents, hold, correct, assess, list, with problem+json for bad input', async (t) => {
  const { api, tree, members } = await setUp(t);
  const base = `/api/v1/organizations/${orgGid(tree.B1)}/meetings`;
  const bad = await api.request({ method: 'POST', url: base, payload: { kind: 'REGULAR', plannedOn: '2025-03-03', startTime: '8h', place: 'X' } });
  t.equal(bad.status, 400);
  t.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  const created = await api.request({ method: 'POST', url: base, payload: { kind: 'REGULAR', plannedOn: '2025-03-03', startTime: '08:00', place: 'Hội trường', agenda: ['Sơ kết quý I'] } });
  t.equal(created.status, 201);
  const id = created.body.id;
  const document = await createDecision(api.app, { type: 'REPORT', issuedOn: '2025-02-28' });
  const attached = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/documents`, payload: { documents: [{ documentId: docGid(document.id), sentOn: '2025-03-01' }] } });
  t.same(attached.body.documents, [{ documentId: docGid(document.id), sentOn: '2025-03-01' }]);
  const twice = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/documents`, payload: { documents: [{ documentId: docGid(document.id), sentOn: '2025-03-01' }] } });
  t.same([twice.status, twice.body.problems], [400, [{ field: 'documents.0.documentId', message: 'already attached to this meeting' }]]);
  const held = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/hold`, payload: { heldOn: '2025-03-03', durationMinutes: 100, minutes: 'Biên bản', attendance: [{ memberId: memberGid(members[0]!), attendance: 'ABSENT_WITHOUT_REASON' }] } });
  t.equal(held.status, 200);
  t.equal(held.body.status, 'HELD');
  const corrected = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/corrections`, payload: { revision: held.body.revision, reason: 'Ghi nhầm', durationMinutes: 110 } });
  t.same([corrected.status, corrected.body.durationMinutes], [200, 110]);
  const assessed = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/assessment`, payload: { quality: 'FAIR', assessedOn: '2025-03-04' } });
  t.same([assessed.status, assessed.body.quality], [200, 'FAIR']);
  const list = await api.request({ method: 'GET', url: `${base}?from=2025-01-01&to=2025-12-31&kind=REGULAR` });
  t.same(list.body.items.map((m: { id: string; durationMinutes: number }) => [m.id, m.durationMinutes]), [[id, 110]]);
  const history = await api.request({ method: 'GET', url: `/api/v1/meetings/${id}/history` });
  t.same(history.body.items.map((e: { type: string }) => e.type), ['PLANNED', 'DOCUMENTS_ATTACHED', 'HELD', 'CORRECTED', 'ASSESSED']);
  const cancel = await api.request({ method: 'POST', url: `/api/v1/meetings/${id}/cancel`, payload: { reason: 'Nhầm' } });
  t.same([cancel.status, cancel.body.code], [409, 'INVALID_TRANSITION']);
  const member = await api.request({ method: 'GET', url: `/api/v1/members/${memberGid(members[0]!)}/meetings?from=2025-01-01&to=2025-12-31` });
  t.same(member.body.items.map((i: { attendance: string }) => i.attendance), ['ABSENT_WITHOUT_REASON']);
});

t.test('probed from outside: a correction to another day follows that day’s roster and rules; EXEMPT and dates as when held; absence reasons are personal', async (t) => {
  const { api, tree, members, exempt } = await setUp(t);
  const meetings = api.app.services.meetings;
  const planned = await meetings.plan({ organizationId: tree.B1, kind: 'REGULAR', plannedOn: '2025-03-03', startTime: '08:00', place: 'Phòng họp' });
  const held = await meetings.hold({ meetingId: planned.id, heldOn: '2025-03-03', durationMinutes: 95, minutes: 'Biên bản', attendance: [{ memberId: members[1]!, attendance: 'ABSENT_WITH_REASON', reason: 'Ốm' }] });
  const before = await api.snapshot();
  await t.rejects(meetings.correct({ meetingId: held.id, revision: held.revision, reason: 'Ghi nhầm năm', heldOn: '2009-03-03' }), { code: 'RULE_VIOLATION', rule: 'ORGANIZATION_NOT_ACTIVE' }, 'the branch did not exist yet');
  await t.rejects(meetings.correct({ meetingId: held.id, revision: held.revision, reason: 'Miễn', attendance: [{ memberId: members[2]!, attendance: 'EXEMPT' }] }), {
    code: 'VALIDATION_FAILED',
    problems: [{ field: 'attendance.0.attendance', message: 'EXEMPT is for a member exempted from party activity (miễn sinh hoạt) on the day' }],
  });
  const assessed = await meetings.assess({ meetingId: held.id, quality: 'FAIR', assessedOn: '2025-03-05' });
  const afterAssessment = await api.snapshot();
  await t.rejects(meetings.correct({ meetingId: held.id, revision: assessed.revision, reason: 'Ngày họp', heldOn: '2025-03-10' }), { code: 'VALIDATION_FAILED', problems: [{ field: 'heldOn', message: 'the meeting was assessed on 2025-03-05: it was held on or before that day' }] });
  t.same(await api.snapshot(), afterAssessment, 'nothing written by the refusals');
  t.not(before, afterAssessment);

  // Moved back to a day when a member had not been admitted: the invitations follow.
  const newcomer = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2025-03-04' });
  const moved = await meetings.correct({ meetingId: held.id, revision: assessed.revision, reason: 'Họp ngày 4/3', heldOn: '2025-03-04', attendance: [{ memberId: exempt, attendance: 'EXEMPT' }] });
  const invited = await meetings.participantsOf([held.id]);
  t.same(invited.get(held.id)!.find((p) => p.memberId === newcomer)?.attendance, 'PRESENT', 'the member admitted on the new day is invited, present');
  t.same(invited.get(held.id)!.find((p) => p.memberId === members[1])?.absenceReason, 'Ốm', 'who remains keeps their attendance');
  t.equal(moved.revision, assessed.revision + 1);

  // A viewer reads the attendance without the reasons; a branch secretary with them.
  const viewer = await api.signInAs('VIEWER', tree.G1);
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  const query = `query ($id: ID!) { node(id: $id) { ... on Meeting { participants { memberId absenceReason } } } }`;
  const reasonOf = async (client: typeof viewer) => ((await client.gql(query, { id: meetingGid(held.id) })).body.data.node.participants as { memberId: string; absenceReason: string | null }[]).find((p) => p.memberId === memberGid(members[1]!))!.absenceReason;
  t.equal(await reasonOf(viewer), null);
  t.equal(await reasonOf(secretary), 'Ốm');
  const viewed = await viewer.gql(`query ($id: ID!) { memberMeetings(memberId: $id, from: "2025-01-01", to: "2025-12-31") { attendance absenceReason } }`, { id: memberGid(members[1]!) });
  t.same(viewed.body.data.memberMeetings, [{ attendance: 'ABSENT_WITH_REASON', absenceReason: null }]);

  // Reports are costly: three in one request at most.
  const four = await api.gql(`{ ${[1, 2, 3, 4].map((i) => `s${i}: meetingStatistics(organizationId: "${orgGid(tree.P)}", from: "2025-01-01", to: "2025-12-31") { months }`).join(' ')} }`);
  t.equal(four.body.errors?.[0]?.extensions?.code, 'QUERY_TOO_COMPLEX');
  const three = await api.gql(`{ ${[1, 2, 3].map((i) => `s${i}: meetingStatistics(organizationId: "${orgGid(tree.P)}", from: "2025-01-01", to: "2025-12-31") { months }`).join(' ')} }`);
  t.equal(three.body.data.s3.months, 12);
});
