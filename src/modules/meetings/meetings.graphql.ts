import type { Meeting, MeetingEvent } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { decodeAssess, decodeCorrect, decodeDocuments, decodeHold, decodePlanMeeting, decodeReschedule, meetingId } from './meetings.inputs.js';
import { attendanceLabels, meetingEventLabels, meetingKindLabels, meetingQualityLabels, meetingStatusLabels, participantRoleLabels } from './meetings.labels.js';
import { meetingDay, type CriterionResult, type MeetingAssessmentCheck, type ParticipantView } from './meetings.service.js';
import type { MeetingStatistics } from './meetings.statistics.js';

const Kind = labelledEnum('MeetingKind', meetingKindLabels, 'Loại cuộc họp: regular (monthly), thematic (quarterly), extraordinary, or a committee’s own meeting.');
const Status = labelledEnum('MeetingStatus', meetingStatusLabels, 'Where a meeting stands.');
const ParticipantRole = labelledEnum('MeetingParticipantRole', participantRoleLabels, 'Why a person is invited.');
const Attendance = labelledEnum('MeetingAttendance', attendanceLabels, 'Attendance at a held meeting.');
const Quality = labelledEnum('MeetingQuality', meetingQualityLabels, 'Xếp loại chất lượng buổi sinh hoạt.');
const EventType = labelledEnum('MeetingEventType', meetingEventLabels, 'A step in a meeting’s history.');

export const MeetingRef = builder.objectRef<Meeting>('Meeting');

const ParticipantRef = builder.objectRef<ParticipantView>('MeetingParticipant').implement({
  description: 'An invitation, with the attendance once the meeting is held.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (p, _a, ctx) => ctx.loaders.member.load({ id: p.memberId, asOf: ctx.today }) }),
    memberId: t.id({ description: 'The Member’s global id (readable even where the member’s record is not).', resolve: (p) => toGlobalId('Member', p.memberId) }),
    role: t.field({ type: ParticipantRole, resolve: (p) => p.role }),
    votes: t.exposeBoolean('votes', { description: 'Whether they vote (members of the organisation; not hosted members or guests).' }),
    attendance: t.field({ type: Attendance, nullable: true, resolve: (p) => p.attendance }),
    absenceReason: t.exposeString('absenceReason', { nullable: true }),
  }),
});

const DocumentLinkRef = builder.objectRef<{ documentId: string; sentOn: string }>('MeetingDocument').implement({
  description: 'A document of the meeting and the day it was sent to the members.',
  fields: (t) => ({
    document: t.field({ type: DocumentRef, nullable: true, resolve: (d, _a, ctx) => ctx.loaders.documents.load(d.documentId) }),
    sentOn: t.field({ type: 'Date', resolve: (d) => d.sentOn }),
  }),
});

const EventRef = builder.objectRef<MeetingEvent>('MeetingHistoryEvent').implement({
  description: 'A step of a meeting’s history, with what it changed (corrections keep the values before).',
  fields: (t) => ({
    type: t.field({ type: EventType, resolve: (e) => e.type }),
    revision: t.exposeInt('revision'),
    changes: t.field({ type: 'JSON', resolve: (e) => e.changes }),
    reason: t.exposeString('reason', { nullable: true }),
    actorName: t.exposeString('actorName'),
    recordedAt: t.field({ type: 'DateTime', resolve: (e) => e.recordedAt }),
  }),
});

const CriterionRef = builder.objectRef<CriterionResult>('MeetingCriterion').implement({
  description: 'A measurable criterion of the guidance on meeting quality, measured on the meeting.',
  fields: (t) => ({
    criterion: t.exposeString('criterion', { description: 'ATTENDANCE_RATE, UNEXCUSED_ABSENCES, EXCUSED_ABSENCES_IN_A_ROW, DURATION, DOCUMENTS_AHEAD, MINUTES.' }),
    met: t.exposeBoolean('met'),
    value: t.exposeString('value'),
    requirement: t.exposeString('requirement'),
    citation: t.exposeString('citation', { description: 'The rule’s source, marked when it was not confirmed.' }),
  }),
});

const CheckRef = builder.objectRef<MeetingAssessmentCheck>('MeetingCriteria').implement({
  fields: (t) => ({ criteria: t.field({ type: [CriterionRef], resolve: (c) => c.criteria }), allMet: t.exposeBoolean('allMet') }),
});

builder.node(MeetingRef, {
  id: { resolve: (m) => m.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'combinedWithRegular' in value,
  // Outside the caller's subtrees and invitations a meeting is not found (null).
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.meetings.load(id))),
  description: 'A meeting of a branch (sinh hoạt chi bộ) or of a committee: planned, held once, assessed; corrections kept in its history.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.organization.load({ id: m.organizationId, asOf: meetingDay(m) }) }),
    kind: t.field({ type: Kind, resolve: (m) => m.kind }),
    status: t.field({ type: Status, resolve: (m) => m.status }),
    month: t.field({ type: 'Date', description: 'The first day of the month it takes place in: the month a regular meeting is of.', resolve: (m) => m.month }),
    plannedOn: t.field({ type: 'Date', resolve: (m) => m.plannedOn }),
    startTime: t.exposeString('startTime', { description: 'Local time (Asia/Ho_Chi_Minh), HH:MM.' }),
    place: t.exposeString('place'),
    topic: t.exposeString('topic', { nullable: true }),
    agenda: t.exposeStringList('agenda'),
    combinedWithRegular: t.exposeBoolean('combinedWithRegular'),
    chair: t.field({ type: MemberRef, nullable: true, resolve: (m, _a, ctx) => (m.chairMemberId ? ctx.loaders.member.load({ id: m.chairMemberId, asOf: meetingDay(m) }) : null) }),
    secretary: t.field({ type: MemberRef, nullable: true, description: 'Who takes the minutes.', resolve: (m, _a, ctx) => (m.secretaryMemberId ? ctx.loaders.member.load({ id: m.secretaryMemberId, asOf: meetingDay(m) }) : null) }),
    heldOn: t.field({ type: 'Date', nullable: true, resolve: (m) => m.heldOn }),
    durationMinutes: t.exposeInt('durationMinutes', { nullable: true }),
    minutes: t.exposeString('minutes', { nullable: true }),
    resolutions: t.exposeStringList('resolutions'),
    quality: t.field({ type: Quality, nullable: true, resolve: (m) => m.quality }),
    qualityNote: t.exposeString('qualityNote', { nullable: true }),
    assessedOn: t.field({ type: 'Date', nullable: true, resolve: (m) => m.assessedOn }),
    cancelledReason: t.exposeString('cancelledReason', { nullable: true }),
    revision: t.exposeInt('revision', { description: 'Moves on every change: a correction names the revision it corrects.' }),
    participants: t.field({
      type: [ParticipantRef],
      description: 'The invitations and attendance; a member who reads it as an invitee sees only their own.',
      resolve: (m, _a, ctx) => ctx.loaders.meetingParticipants.load(m.id),
    }),
    documents: t.field({ type: [DocumentLinkRef], resolve: (m, _a, ctx) => ctx.loaders.meetingDocuments.load(m.id) }),
    criteria: t.field({
      type: CheckRef,
      nullable: true,
      description: 'The measurable criteria of meeting quality in force on its day, measured (held meetings).',
      resolve: (m, _a, ctx) => ctx.services.meetings.criteriaOf(m),
    }),
    history: t.field({
      type: [EventRef],
      nullable: true,
      description: 'Every step and correction, oldest first: null for a member who reads the meeting only as an invitee.',
      resolve: async (m, _a, ctx) => ((await ctx.services.meetings.readsWhole(m)) ? ctx.services.meetings.historyOf(m.id) : null),
    }),
  }),
});

type ArgBuilder = Parameters<Parameters<typeof builder.queryField>[1]>[0]['arg'];
const periodArgs = (arg: ArgBuilder) => ({
  from: arg({ type: 'Date', required: true }),
  to: arg({ type: 'Date', required: true }),
  kinds: arg({ type: [Kind], description: 'Only these kinds.' }),
});

const MyMeetingRef = builder.objectRef<{ meeting: Meeting; participant: ParticipantView }>('MemberMeeting').implement({
  description: 'A meeting a member is invited to, with their own invitation and attendance.',
  fields: (t) => ({
    meeting: t.field({ type: MeetingRef, resolve: (r) => r.meeting }),
    role: t.field({ type: ParticipantRole, resolve: (r) => r.participant.role }),
    attendance: t.field({ type: Attendance, nullable: true, resolve: (r) => r.participant.attendance }),
    absenceReason: t.string({ nullable: true, resolve: (r) => r.participant.absenceReason }),
  }),
});

builder.queryFields((t) => ({
  meetings: t.field({
    type: [MeetingRef],
    description: 'The meetings of one organisation taking place in a period (held, else planned, day), oldest first; at most 1,000.',
    args: { organizationId: t.arg.id({ required: true }), ...periodArgs(t.arg) },
    resolve: (_r, args, ctx) => ctx.services.meetings.ofOrganization(fromGlobalId('Organization', args.organizationId, 'organizationId'), args),
  }),
  myMeetings: t.field({
    type: [MyMeetingRef],
    description: 'The caller’s own invitations and attendance (as a member) in a period.',
    args: periodArgs(t.arg),
    resolve: (_r, args, ctx) => ctx.services.meetings.mine(args),
  }),
  memberMeetings: t.field({
    type: [MyMeetingRef],
    description: 'A member’s invitations and attendance in a period.',
    args: { memberId: t.arg.id({ required: true }), ...periodArgs(t.arg) },
    resolve: (_r, args, ctx) => ctx.services.meetings.ofMember(fromGlobalId('Member', args.memberId, 'memberId'), args),
  }),
}));

const AttendanceSummary = builder.objectRef<MeetingStatistics['attendance']>('MeetingAttendanceSummary').implement({
  description: 'Attendance at the branch meetings held: guests from higher committees apart, exempt members not expected.',
  fields: (t) => ({
    expected: t.exposeInt('expected'),
    present: t.exposeInt('present'),
    absentWithReason: t.exposeInt('absentWithReason'),
    absentWithoutReason: t.exposeInt('absentWithoutReason'),
    exempt: t.exposeInt('exempt'),
    ratePercent: t.exposeFloat('ratePercent', { nullable: true, description: 'Present of expected, in percent, two decimals.' }),
  }),
});
const MissingRef = builder.objectRef<MeetingStatistics['branchesMissingRegular'][number]>('BranchMissingMeetings').implement({
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (b, _a, ctx) => ctx.loaders.organization.load({ id: b.organizationId, asOf: b.months.at(-1)! }) }),
    months: t.field({ type: ['Date'], resolve: (b) => b.months }),
  }),
});
const MonthCountRef = builder.objectRef<MeetingStatistics['absentWithoutReasonByMonth'][number]>('MonthMemberCount').implement({
  fields: (t) => ({ month: t.field({ type: 'Date', resolve: (m) => m.month }), members: t.exposeInt('members') }),
});
const ThresholdRef = builder.objectRef<MeetingStatistics['membersReachingThreshold'][number]>('MissedActivityThreshold').implement({
  description: 'A member who missed party activity without a reason in the months of a year the removal rule counts: where a proposal starts.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.member.load({ id: r.memberId, asOf: r.months.at(-1)! }) }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The branch of the last missed meeting.', resolve: (r, _a, ctx) => ctx.loaders.organization.load({ id: r.organizationId, asOf: r.months.at(-1)! }) }),
    year: t.exposeInt('year'),
    months: t.field({ type: ['Date'], description: 'The months missed (first days).', resolve: (r) => r.months }),
  }),
});

const StatisticsRef = builder.objectRef<MeetingStatistics>('MeetingStatistics').implement({
  description: 'Meeting figures of a subtree for a period (one statement).',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    asOf: t.field({ type: 'Date', resolve: (s) => s.asOf }),
    months: t.exposeInt('months', { description: 'Months counted: those of the period begun by asOf.' }),
    branches: t.exposeInt('branches'),
    branchesHeldAllRegular: t.exposeInt('branchesHeldAllRegular'),
    regularMeetingsRequired: t.exposeInt('regularMeetingsRequired'),
    regularMeetingsHeld: t.exposeInt('regularMeetingsHeld'),
    branchesMissingRegular: t.field({ type: [MissingRef], description: 'At most 500, most months missed first.', resolve: (s) => s.branchesMissingRegular }),
    thematicMeetingsHeld: t.exposeInt('thematicMeetingsHeld'),
    branchQuartersRequired: t.exposeInt('branchQuartersRequired'),
    branchQuartersWithThematic: t.exposeInt('branchQuartersWithThematic'),
    attendance: t.field({ type: AttendanceSummary, resolve: (s) => s.attendance }),
    absentWithoutReasonByMonth: t.field({ type: [MonthCountRef], resolve: (s) => s.absentWithoutReasonByMonth }),
    membersReachingThreshold: t.field({ type: [ThresholdRef], resolve: (s) => s.membersReachingThreshold }),
    thresholdMonths: t.exposeInt('thresholdMonths'),
    thresholdConsecutive: t.exposeBoolean('thresholdConsecutive'),
    citation: t.exposeString('citation'),
  }),
});

builder.queryField('meetingStatistics', (t) =>
  t.field({
    type: StatisticsRef,
    description: 'Branches that held every regular meeting, thematic meetings, attendance, absences by month and the members reaching the removal rule’s months.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }), asOf: t.arg({ type: 'Date', description: 'Today when omitted.' }) },
    resolve: (_r, args, ctx) => ctx.services.meetingStatistics.forPeriod(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.from, args.to, args.asOf ?? undefined),
  }),
);

builder.objectField(MemberRef, 'meetings', (t) =>
  t.field({
    type: [MyMeetingRef],
    description: 'The member’s invitations and attendance in a period.',
    args: periodArgs(t.arg),
    resolve: (m, args, ctx) => ctx.services.meetings.ofMember(m.id, args),
  }),
);

const Payload = builder.objectRef<{ meeting: Meeting }>('MeetingPayload').implement({
  fields: (t) => ({ meeting: t.field({ type: MeetingRef, resolve: (p) => p.meeting }) }),
});

const AttendanceInput = builder.inputType('MeetingAttendanceInput', {
  fields: (t) => ({
    memberId: t.id({ required: true }),
    attendance: t.field({ type: Attendance, required: true }),
    reason: t.string({ description: 'The reason of an absence with a reason (required then, refused otherwise).' }),
  }),
});

const PlanInput = builder.inputType('PlanMeetingInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true, description: 'The branch (or, for COMMITTEE, the organisation whose committee meets).' }),
    kind: t.field({ type: Kind, required: true }),
    plannedOn: t.field({ type: 'Date', required: true }),
    startTime: t.string({ required: true, description: 'Local time HH:MM.' }),
    place: t.string({ required: true }),
    topic: t.string({ description: 'The subject of a thematic meeting (required for THEMATIC).' }),
    agenda: t.stringList({ description: 'At most 50 items.' }),
    combinedWithRegular: t.boolean({ description: 'A thematic meeting held in the same session as the regular one (120 minutes at least).' }),
    chairMemberId: t.id(),
    secretaryMemberId: t.id({ description: 'Who takes the minutes.' }),
    guestMemberIds: t.idList({ description: 'Members of higher committees assigned to attend (at most 50).' }),
  }),
});

builder.mutationFields((t) => ({
  planMeeting: t.field({
    type: Payload,
    description: 'Plans a meeting and invites the organisation’s members of that day (hosted members and assigned guests without a vote).',
    errors: { ...mutationErrors, union: { name: 'PlanMeetingResult' } },
    args: { input: t.arg({ type: PlanInput, required: true }) },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.plan(decodePlanMeeting(input)) }),
  }),
  rescheduleMeeting: t.field({
    type: Payload,
    description: 'Moves a planned meeting to another day (the invitations follow that day’s roster).',
    errors: { ...mutationErrors, union: { name: 'RescheduleMeetingResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('RescheduleMeetingInput', {
          fields: (f) => ({
            meetingId: f.id({ required: true }),
            plannedOn: f.field({ type: 'Date', required: true }),
            startTime: f.string(),
            place: f.string(),
            reason: f.string({ required: true }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.reschedule(decodeReschedule(input)) }),
  }),
  cancelMeeting: t.field({
    type: Payload,
    description: 'Cancels a planned meeting, with its reason.',
    errors: { ...mutationErrors, union: { name: 'CancelMeetingResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('CancelMeetingInput', { fields: (f) => ({ meetingId: f.id({ required: true }), reason: f.string({ required: true }) }) }) }) },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.cancel(meetingId(input.meetingId), input.reason) }),
  }),
  attachMeetingDocuments: t.field({
    type: Payload,
    description: 'Attaches recorded documents to a meeting with the day each was sent to the members.',
    errors: { ...mutationErrors, union: { name: 'AttachMeetingDocumentsResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AttachMeetingDocumentsInput', {
          fields: (f) => ({
            meetingId: f.id({ required: true }),
            documents: f.field({
              required: true,
              type: [builder.inputType('MeetingDocumentInput', { fields: (g) => ({ documentId: g.id({ required: true }), sentOn: g.field({ type: 'Date', required: true }) }) })],
            }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.attachDocuments(meetingId(input.meetingId), decodeDocuments(input.documents)) }),
  }),
  holdMeeting: t.field({
    type: Payload,
    description: 'Records that the meeting took place (once): its day, length, the absent by name (everyone else invited present), minutes and resolutions.',
    errors: { ...mutationErrors, union: { name: 'HoldMeetingResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('HoldMeetingInput', {
          fields: (f) => ({
            meetingId: f.id({ required: true }),
            heldOn: f.field({ type: 'Date', required: true }),
            durationMinutes: f.int({ required: true }),
            chairMemberId: f.id(),
            secretaryMemberId: f.id(),
            attendance: f.field({ type: [AttendanceInput], description: 'The absent and exempt; everyone else invited was present.' }),
            minutes: f.string(),
            resolutions: f.stringList(),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.hold(decodeHold(input)) }),
  }),
  correctMeeting: t.field({
    type: Payload,
    description: 'Corrects a held meeting with a reason; the values before are kept in its history.',
    errors: { ...mutationErrors, union: { name: 'CorrectMeetingResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CorrectMeetingInput', {
          fields: (f) => ({
            meetingId: f.id({ required: true }),
            revision: f.int({ required: true, description: 'The revision read: a meeting changed since is not overwritten.' }),
            reason: f.string({ required: true }),
            heldOn: f.field({ type: 'Date' }),
            durationMinutes: f.int(),
            chairMemberId: f.id(),
            secretaryMemberId: f.id(),
            attendance: f.field({ type: [AttendanceInput] }),
            minutes: f.string(),
            resolutions: f.stringList(),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.correct(decodeCorrect(input)) }),
  }),
  assessMeeting: t.field({
    type: Payload,
    description: 'The committee’s grade of a held meeting (GOOD only when every measurable criterion is met).',
    errors: { ...mutationErrors, union: { name: 'AssessMeetingResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AssessMeetingInput', {
          fields: (f) => ({ meetingId: f.id({ required: true }), quality: f.field({ type: Quality, required: true }), assessedOn: f.field({ type: 'Date', required: true }), note: f.string() }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ meeting: await ctx.services.meetings.assess(decodeAssess(input)) }),
  }),
}));

