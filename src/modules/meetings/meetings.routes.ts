import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Meeting, MeetingEvent } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import type { Services } from '../../services.js';
import { decodeAssess, decodeCorrect, decodeDocuments, decodeHold, decodePlanMeeting, decodeReschedule, meetingId } from './meetings.inputs.js';
import { attendanceLabels, meetingEventLabels, meetingKindLabels, meetingQualityLabels, meetingStatusLabels, participantRoleLabels } from './meetings.labels.js';
import type { ParticipantView } from './meetings.service.js';
import type { MeetingStatistics } from './meetings.statistics.js';

const Kind = enumSchema('MeetingKind', meetingKindLabels);
const Status = enumSchema('MeetingStatus', meetingStatusLabels);
const Role = enumSchema('MeetingParticipantRole', participantRoleLabels);
const Attendance = enumSchema('MeetingAttendance', attendanceLabels);
const Quality = enumSchema('MeetingQuality', meetingQualityLabels);
const EventType = enumSchema('MeetingEventType', meetingEventLabels);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Text = (maxLength = 5000, description?: string) => Type.String({ maxLength, ...(description ? { description } : {}) });
const StartTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time (Asia/Ho_Chi_Minh), HH:MM.' });

const ParticipantSchema = Type.Object({
  memberId: Type.String(),
  role: Role,
  votes: Type.Boolean({ description: 'Members of the organisation vote; hosted members and guests do not.' }),
  attendance: nullable(Attendance),
  absenceReason: nullable(Type.String()),
});
const CriterionSchema = Type.Object({ criterion: Type.String(), met: Type.Boolean(), value: Type.String(), requirement: Type.String(), citation: Type.String() });
const summaryProperties = {
  id: Type.String(),
  organizationId: Type.String(),
  kind: Kind,
  status: Status,
  month: dateSchema({ description: 'The first day of the month it takes place in.' }),
  plannedOn: dateSchema(),
  startTime: StartTime,
  place: Type.String(),
  topic: nullable(Type.String()),
  agenda: Type.Array(Type.String()),
  combinedWithRegular: Type.Boolean(),
  chairMemberId: nullable(Type.String()),
  secretaryMemberId: nullable(Type.String({ description: 'Who takes the minutes.' })),
  heldOn: nullable(dateSchema()),
  durationMinutes: nullable(Type.Integer()),
  minutes: nullable(Type.String()),
  resolutions: Type.Array(Type.String()),
  quality: nullable(Quality),
  qualityNote: nullable(Type.String()),
  assessedOn: nullable(dateSchema()),
  cancelledReason: nullable(Type.String()),
  revision: Type.Integer({ description: 'Moves on every change: a correction names the revision it corrects.' }),
};
const MeetingSummarySchema = Type.Object(summaryProperties, { $id: 'MeetingSummary' });
const MeetingSchema = Type.Object(
  {
    ...summaryProperties,
    participants: Type.Array(ParticipantSchema, { description: 'A member reading as an invitee sees only their own.' }),
    documents: Type.Array(Type.Object({ documentId: Type.String(), sentOn: dateSchema() })),
    criteria: nullable(Type.Object({ allMet: Type.Boolean(), criteria: Type.Array(CriterionSchema) }, { description: 'The measurable criteria of meeting quality, measured (held meetings).' })),
  },
  { $id: 'Meeting' },
);
const MemberMeetingSchema = Type.Object({ meeting: Type.Ref('MeetingSummary'), role: Role, attendance: nullable(Attendance), absenceReason: nullable(Type.String()) });
const HistorySchema = Type.Object({ type: EventType, revision: Type.Integer(), changes: Type.Unknown(), reason: nullable(Type.String()), actorName: Type.String(), recordedAt: Type.String({ format: 'date-time' }) });

const AttendanceBody = Type.Array(
  Type.Object({ memberId: Type.String(), attendance: Attendance, reason: Type.Optional(Text(5000, 'Required for ABSENT_WITH_REASON, refused otherwise.')) }, { additionalProperties: false }),
  { maxItems: 2000 },
);
const PlanBody = Type.Object(
  {
    kind: Kind,
    plannedOn: dateSchema(),
    startTime: StartTime,
    place: Text(500),
    topic: Type.Optional(Text(1000, 'The subject of a thematic meeting (required for THEMATIC).')),
    agenda: Type.Optional(Type.Array(Text(), { maxItems: 50 })),
    combinedWithRegular: Type.Optional(Type.Boolean({ description: 'A thematic meeting held in the same session as the regular one.' })),
    chairMemberId: Type.Optional(Type.String()),
    secretaryMemberId: Type.Optional(Type.String()),
    guestMemberIds: Type.Optional(Type.Array(Type.String(), { maxItems: 50, description: 'Members of higher committees assigned to attend.' })),
  },
  { additionalProperties: false },
);
const RescheduleBody = Type.Object({ plannedOn: dateSchema(), startTime: Type.Optional(StartTime), place: Type.Optional(Text(500)), reason: Text() }, { additionalProperties: false });
const CancelBody = Type.Object({ reason: Text() }, { additionalProperties: false });
const DocumentsBody = Type.Object({ documents: Type.Array(Type.Object({ documentId: Type.String(), sentOn: dateSchema() }, { additionalProperties: false }), { maxItems: 50 }) }, { additionalProperties: false });
const HoldBody = Type.Object(
  {
    heldOn: dateSchema(),
    durationMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    chairMemberId: Type.Optional(Type.String()),
    secretaryMemberId: Type.Optional(Type.String()),
    attendance: Type.Optional(AttendanceBody),
    minutes: Type.Optional(Text(100_000)),
    resolutions: Type.Optional(Type.Array(Text(), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const CorrectBody = Type.Object(
  {
    revision: Type.Integer({ minimum: 1, description: 'The revision read.' }),
    reason: Text(),
    heldOn: Type.Optional(dateSchema()),
    durationMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
    chairMemberId: Type.Optional(Type.String()),
    secretaryMemberId: Type.Optional(Type.String()),
    attendance: Type.Optional(AttendanceBody),
    minutes: Type.Optional(Text(100_000)),
    resolutions: Type.Optional(Type.Array(Text(), { maxItems: 100 })),
  },
  { additionalProperties: false },
);
const AssessBody = Type.Object({ quality: Quality, assessedOn: dateSchema(), note: Type.Optional(Text()) }, { additionalProperties: false });
const PeriodQuery = Type.Object(
  { from: dateSchema(), to: dateSchema(), kind: Type.Optional(Type.Array(Kind, { maxItems: 4, description: 'Only these kinds (repeat the parameter).' })) },
  { additionalProperties: false },
);
const StatisticsQuery = Type.Object({ from: dateSchema(), to: dateSchema(), asOf: Type.Optional(dateSchema({ description: 'Today when omitted.' })) }, { additionalProperties: false });
const StatisticsSchema = Type.Object({
  organizationId: Type.String(),
  from: dateSchema(),
  to: dateSchema(),
  asOf: dateSchema(),
  months: Type.Integer({ description: 'Months counted: those of the period begun by asOf.' }),
  branches: Type.Integer(),
  branchesHeldAllRegular: Type.Integer(),
  regularMeetingsRequired: Type.Integer(),
  regularMeetingsHeld: Type.Integer(),
  branchesMissingRegular: Type.Array(Type.Object({ organizationId: Type.String(), months: Type.Array(dateSchema()) }), { description: 'At most 500, most months missed first.' }),
  thematicMeetingsHeld: Type.Integer(),
  branchQuartersRequired: Type.Integer(),
  branchQuartersWithThematic: Type.Integer(),
  attendance: Type.Object({
    expected: Type.Integer(),
    present: Type.Integer(),
    absentWithReason: Type.Integer(),
    absentWithoutReason: Type.Integer(),
    exempt: Type.Integer(),
    ratePercent: nullable(Type.Number()),
  }),
  absentWithoutReasonByMonth: Type.Array(Type.Object({ month: dateSchema(), members: Type.Integer() })),
  membersReachingThreshold: Type.Array(Type.Object({ memberId: Type.String(), organizationId: Type.String(), year: Type.Integer(), months: Type.Array(dateSchema()) })),
  thresholdMonths: Type.Integer(),
  thresholdConsecutive: Type.Boolean(),
  citation: Type.String(),
});

const memberGid = (id: string | null) => (id ? toGlobalId('Member', id) : null);

function summary(m: Meeting) {
  return {
    id: toGlobalId('Meeting', m.id),
    organizationId: toGlobalId('Organization', m.organizationId),
    kind: m.kind,
    status: m.status,
    month: fromDbDate(m.month),
    plannedOn: fromDbDate(m.plannedOn),
    startTime: m.startTime,
    place: m.place,
    topic: m.topic,
    agenda: m.agenda,
    combinedWithRegular: m.combinedWithRegular,
    chairMemberId: memberGid(m.chairMemberId),
    secretaryMemberId: memberGid(m.secretaryMemberId),
    heldOn: fromDbDateOrNull(m.heldOn),
    durationMinutes: m.durationMinutes,
    minutes: m.minutes,
    resolutions: m.resolutions,
    quality: m.quality,
    qualityNote: m.qualityNote,
    assessedOn: fromDbDateOrNull(m.assessedOn),
    cancelledReason: m.cancelledReason,
    revision: m.revision,
  };
}

const participantDto = (p: ParticipantView) => ({ memberId: toGlobalId('Member', p.memberId), role: p.role, votes: p.votes, attendance: p.attendance, absenceReason: p.absenceReason });

/** The whole meeting: its invitations (as the caller may see them), documents and measured criteria. */
async function full(services: Services, meeting: Meeting) {
  const participants = await services.meetings.participantsOf([meeting.id]);
  const documents = await services.meetings.documentsOf([meeting.id]);
  const criteria = await services.meetings.criteriaOf(meeting);
  return {
    ...summary(meeting),
    participants: (participants.get(meeting.id) ?? []).map(participantDto),
    documents: (documents.get(meeting.id) ?? []).map((d) => ({ documentId: toGlobalId('Document', d.documentId), sentOn: d.sentOn })),
    criteria,
  };
}

const historyDto = (e: MeetingEvent) => ({ type: e.type, revision: e.revision, changes: e.changes, reason: e.reason, actorName: e.actorName, recordedAt: e.recordedAt.toISOString() });

const statisticsDto = (s: MeetingStatistics) => ({
  ...s,
  organizationId: toGlobalId('Organization', s.organizationId),
  branchesMissingRegular: s.branchesMissingRegular.map((b) => ({ ...b, organizationId: toGlobalId('Organization', b.organizationId) })),
  membersReachingThreshold: s.membersReachingThreshold.map((r) => ({ ...r, memberId: toGlobalId('Member', r.memberId), organizationId: toGlobalId('Organization', r.organizationId) })),
});

const memberMeetingDto = (r: { meeting: Meeting; participant: ParticipantView }) => ({ meeting: summary(r.meeting), role: r.participant.role, attendance: r.participant.attendance, absenceReason: r.participant.absenceReason });

const idOf = (request: FastifyRequest) => (request.params as Static<typeof idParam>).id;
const periodOf = (request: FastifyRequest) => {
  const query = request.query as Static<typeof PeriodQuery>;
  return { from: query.from, to: query.to, kinds: query.kind ?? null };
};

const MEETING_COLUMNS: Column<{ meeting: Meeting; refs: Awaited<ReturnType<typeof referencesOf>> }>[] = [
  { header: 'Ngày', kind: 'DATE', value: (r) => fromDbDate(r.meeting.heldOn ?? r.meeting.plannedOn) },
  { header: 'Loại', width: 24, value: (r) => meetingKindLabels[r.meeting.kind] },
  { header: 'Chuyên đề', width: 36, value: (r) => r.meeting.topic },
  { header: 'Tình trạng', value: (r) => meetingStatusLabels[r.meeting.status] },
  { header: 'Chủ trì', width: 24, value: (r) => r.refs.member(r.meeting.chairMemberId)?.fullName },
  { header: 'Thư ký', width: 24, value: (r) => r.refs.member(r.meeting.secretaryMemberId)?.fullName },
  { header: 'Thời lượng (phút)', kind: 'INTEGER', value: (r) => r.meeting.durationMinutes },
  { header: 'Phải dự', kind: 'INTEGER', value: (r) => r.meeting.expectedCount },
  { header: 'Có mặt', kind: 'INTEGER', value: (r) => r.meeting.presentCount },
  { header: 'Vắng có lý do', kind: 'INTEGER', value: (r) => r.meeting.excusedCount },
  { header: 'Vắng không lý do', kind: 'INTEGER', value: (r) => r.meeting.unexcusedCount },
  { header: 'Được miễn', kind: 'INTEGER', value: (r) => r.meeting.exemptCount },
  { header: 'Xếp loại', value: (r) => (r.meeting.quality ? meetingQualityLabels[r.meeting.quality] : null) },
];

export async function meetingRoutes(app: FastifyInstance) {
  app.addSchema(MeetingSummarySchema);
  app.addSchema(MeetingSchema);
  const meetingResponse = (status: number, ...problems: number[]) => ({ [status]: Type.Ref('Meeting'), ...problemResponses(...problems) });

  app.post(
    '/organizations/:id/meetings',
    {
      config: { idempotent: true },
      schema: {
        tags: ['meetings'],
        operationId: 'planMeeting',
        summary: 'Plan a meeting and invite the organisation’s members of that day (hosted members and assigned guests without a vote)',
        params: idParam,
        body: PlanBody,
        response: meetingResponse(201, 400, 401, 403, 404, 409, 422),
      },
    },
    async (request, reply) => {
      const meeting = await request.services.meetings.plan(decodePlanMeeting({ ...(request.body as Static<typeof PlanBody>), organizationId: idOf(request) }));
      return reply.status(201).send(await full(request.services, meeting));
    },
  );
  app.get(
    '/organizations/:id/meetings',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'listMeetings',
        summary: 'The meetings of one organisation taking place in a period, oldest first (at most 1,000)',
        params: idParam,
        querystring: PeriodQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('MeetingSummary')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await request.services.meetings.ofOrganization(fromGlobalId('Organization', idOf(request), 'id'), periodOf(request))).map(summary) }),
  );
  registerListExport(app, {
    url: '/organizations/:id/meetings/export',
    list: 'meetings',
    tag: 'meetings',
    operationId: 'exportMeetings',
    summary: 'The meetings of one organisation in a period as a spreadsheet (sổ theo dõi sinh hoạt chi bộ)',
    sheet: 'Sinh hoạt chi bộ',
    filename: 'sinh-hoat-chi-bo',
    params: idParam,
    query: PeriodQuery,
    capability: 'readMeetings',
    columns: MEETING_COLUMNS,
    organizationOf: (request) => fromGlobalId('Organization', idOf(request), 'id'),
    async page(request) {
      const meetings = await request.services.meetings.ofOrganization(fromGlobalId('Organization', idOf(request), 'id'), periodOf(request));
      const refs = await referencesOf(request, { members: meetings.flatMap((m) => [m.chairMemberId, m.secretaryMemberId]) });
      return { items: meetings.map((meeting) => ({ meeting, refs })), endCursor: null, hasNextPage: false };
    },
  });
  app.get(
    '/organizations/:id/meeting-statistics',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'getMeetingStatistics',
        summary: 'Branches that held every regular meeting, thematic meetings, attendance, absences by month, members reaching the removal rule’s months',
        params: idParam,
        querystring: StatisticsQuery,
        response: { 200: StatisticsSchema, ...problemResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof StatisticsQuery>;
      return statisticsDto(await request.services.meetingStatistics.forPeriod(fromGlobalId('Organization', idOf(request), 'id'), query.from, query.to, query.asOf));
    },
  );
  app.get(
    '/meetings/:id',
    {
      schema: { tags: ['meetings'], operationId: 'getMeeting', summary: 'A meeting with its invitations, documents and measured criteria', params: idParam, response: meetingResponse(200, 400, 401, 404) },
    },
    async (request) => full(request.services, await request.services.meetings.get(meetingId(idOf(request), 'id'))),
  );
  app.get(
    '/meetings/:id/history',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'getMeetingHistory',
        summary: 'Every step and correction of a meeting, oldest first',
        params: idParam,
        response: { 200: Type.Object({ items: Type.Array(HistorySchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await request.services.meetings.historyOf(meetingId(idOf(request), 'id'))).map(historyDto) }),
  );
  const change = <B extends Parameters<typeof Type.Object>[0]>(
    path: string,
    operationId: string,
    summaryText: string,
    body: ReturnType<typeof Type.Object<B>>,
    work: (services: Services, id: string, body: Static<ReturnType<typeof Type.Object<B>>>) => Promise<Meeting>,
  ) =>
    app.post(
      `/meetings/:id/${path}`,
      { schema: { tags: ['meetings'], operationId, summary: summaryText, params: idParam, body, response: meetingResponse(200, 400, 401, 403, 404, 409, 422) } },
      async (request) => full(request.services, await work(request.services, idOf(request), request.body as Static<typeof body>)),
    );
  change('reschedule', 'rescheduleMeeting', 'Move a planned meeting to another day (the invitations follow that day’s roster)', RescheduleBody, (s, id, body) =>
    s.meetings.reschedule(decodeReschedule({ ...body, meetingId: id })),
  );
  change('cancel', 'cancelMeeting', 'Cancel a planned meeting, with its reason', CancelBody, (s, id, body) => s.meetings.cancel(meetingId(id, 'id'), body.reason));
  change('documents', 'attachMeetingDocuments', 'Attach recorded documents with the day each was sent to the members', DocumentsBody, (s, id, body) =>
    s.meetings.attachDocuments(meetingId(id, 'id'), decodeDocuments(body.documents)),
  );
  change('hold', 'holdMeeting', 'Record that the meeting took place (once): day, length, the absent by name, minutes, resolutions', HoldBody, (s, id, body) =>
    s.meetings.hold(decodeHold({ ...body, meetingId: id })),
  );
  change('corrections', 'correctMeeting', 'Correct a held meeting with a reason; the values before stay in its history', CorrectBody, (s, id, body) =>
    s.meetings.correct(decodeCorrect({ ...body, meetingId: id })),
  );
  change('assessment', 'assessMeeting', 'The committee’s grade of a held meeting (GOOD only when every measurable criterion is met)', AssessBody, (s, id, body) =>
    s.meetings.assess(decodeAssess({ ...body, meetingId: id })),
  );
  app.get(
    '/members/:id/meetings',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'listMemberMeetings',
        summary: 'A member’s invitations and attendance in a period',
        params: idParam,
        querystring: PeriodQuery,
        response: { 200: Type.Object({ items: Type.Array(MemberMeetingSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await request.services.meetings.ofMember(fromGlobalId('Member', idOf(request), 'id'), periodOf(request))).map(memberMeetingDto) }),
  );
  app.get(
    '/me/meetings',
    {
      schema: {
        tags: ['meetings'],
        operationId: 'listMyMeetings',
        summary: 'The caller’s own invitations and attendance (as a member) in a period',
        querystring: PeriodQuery,
        response: { 200: Type.Object({ items: Type.Array(MemberMeetingSchema) }), ...problemResponses(400, 401) },
      },
    },
    async (request) => ({ items: (await request.services.meetings.mine(periodOf(request))).map(memberMeetingDto) }),
  );
}
