import { Prisma, type Meeting, type MeetingAttendance, type MeetingKind, type MeetingParticipantRole, type MeetingQuality, type PrismaClient, type Role } from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { inTransaction } from '../../db/transactions.js';
import { MEETING_QUALITY_CRITERIA, MEETING_REQUIREMENTS } from '../../rules/meetings.js';
import type { RuleBook, RuleSnapshot } from '../../rules/rule.js';
import { addDays, fromDbDate, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, authorizeSubjects, may, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';

/** Bounds of what one call carries. */
export const MEETING_LIMITS = { agendaItems: 50, resolutions: 100, textLength: 5_000, minutesLength: 100_000, guests: 50, attendanceRows: 2_000, documents: 50, listRows: 1_000 } as const;

const START_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/** The posts of a Party committee (not of its inspection committee) whose holders meet as it. */
const COMMITTEE_ROLES = ['SECRETARY', 'DEPUTY_SECRETARY', 'STANDING_COMMITTEE_MEMBER', 'COMMITTEE_MEMBER'];

export type PlanMeetingInput = {
  organizationId: string;
  kind: MeetingKind;
  plannedOn: IsoDate;
  startTime: string;
  place: string;
  topic?: string | null;
  agenda?: readonly string[] | null;
  combinedWithRegular?: boolean | null;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  /** Members of higher committees assigned to attend (cấp ủy cấp trên dự sinh hoạt). */
  guestMemberIds?: readonly string[] | null;
};

export type RescheduleMeetingInput = { meetingId: string; plannedOn: IsoDate; startTime?: string | null; place?: string | null; reason: string };

export type AttendanceInput = { memberId: string; attendance: MeetingAttendance; reason?: string | null };

export type HoldMeetingInput = {
  meetingId: string;
  heldOn: IsoDate;
  durationMinutes: number;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  /** The absent (and exempt) by name, as the minutes list them: everyone else invited was present. */
  attendance?: readonly AttendanceInput[] | null;
  minutes?: string | null;
  resolutions?: readonly string[] | null;
};

export type CorrectMeetingInput = {
  meetingId: string;
  /** The revision the correction was made against: a meeting changed since is not overwritten. */
  revision: number;
  reason: string;
  heldOn?: IsoDate | null;
  durationMinutes?: number | null;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  attendance?: readonly AttendanceInput[] | null;
  minutes?: string | null;
  resolutions?: readonly string[] | null;
};

export type AssessMeetingInput = { meetingId: string; quality: MeetingQuality; assessedOn: IsoDate; note?: string | null };

export type MeetingDocumentInput = { documentId: string; sentOn: IsoDate };

export type MeetingFilter = { from: IsoDate; to: IsoDate; kinds?: readonly MeetingKind[] | null };

export type CriterionResult = { criterion: string; met: boolean; value: string; requirement: string; citation: string };

export type MeetingAssessmentCheck = { criteria: CriterionResult[]; allMet: boolean };

type Invitee = { memberId: string; role: MeetingParticipantRole; votes: boolean; exempted: boolean };

/** The months of a day: the first day of its month. */
export const monthOf = (day: IsoDate): IsoDate => `${day.slice(0, 7)}-01`;

function cleanText(value: string | null | undefined, field: string, problems: FieldProblem[], options: { required?: boolean; max?: number } = {}): string | null {
  const text = value?.trim() ?? '';
  if (!text) {
    if (options.required) problems.push({ field, message: 'must not be empty' });
    return null;
  }
  if (text.length > (options.max ?? MEETING_LIMITS.textLength)) problems.push({ field, message: `at most ${options.max ?? MEETING_LIMITS.textLength} characters` });
  return text;
}

function cleanList(values: readonly string[] | null | undefined, field: string, max: number, problems: FieldProblem[]): string[] {
  const list = values ?? [];
  if (list.length > max) {
    problems.push({ field, message: `at most ${max} items` });
    return [];
  }
  return list.map((value, i) => cleanText(value, `${field}.${i}`, problems, { required: true })!).filter((value) => value !== null);
}

function checkAttendanceRows(rows: readonly AttendanceInput[], problems: FieldProblem[]) {
  if (rows.length > MEETING_LIMITS.attendanceRows) {
    problems.push({ field: 'attendance', message: `at most ${MEETING_LIMITS.attendanceRows} rows` });
    return;
  }
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (seen.has(row.memberId)) problems.push({ field: `attendance.${i}.memberId`, message: 'the member is listed twice' });
    seen.add(row.memberId);
    const reason = row.reason?.trim() ?? '';
    if (row.attendance === 'ABSENT_WITH_REASON' && !reason) problems.push({ field: `attendance.${i}.reason`, message: 'an absence with a reason states the reason' });
    if (row.attendance !== 'ABSENT_WITH_REASON' && reason) problems.push({ field: `attendance.${i}.reason`, message: 'only an absence with a reason has one' });
    if (reason.length > MEETING_LIMITS.textLength) problems.push({ field: `attendance.${i}.reason`, message: `at most ${MEETING_LIMITS.textLength} characters` });
  });
}

const throwIf = (problems: FieldProblem[]) => {
  if (problems.length > 0) throw new ValidationError(problems);
};

/**
 * Sinh hoạt chi bộ: meetings of a branch (regular each month, thematic, extraordinary) or of a
 * committee, planned with their invitations (the organisation's members on the day, members
 * temporarily hosted there without a vote, members of higher committees assigned to attend),
 * held once with the attendance, minutes and resolutions, assessed against the criteria of the
 * guidance (dated rule data), and corrected afterwards only with a reason, every step kept in
 * meeting_events. A member reads the meetings they are invited to and their own attendance.
 */
export class MeetingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  async plan(input: PlanMeetingInput): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    if (!START_TIME.test(input.startTime)) problems.push({ field: 'startTime', message: 'a local time HH:MM (00:00 to 23:59)' });
    const place = cleanText(input.place, 'place', problems, { required: true, max: 500 });
    const topic = cleanText(input.topic, 'topic', problems, { required: input.kind === 'THEMATIC', max: 1000 });
    const agenda = cleanList(input.agenda, 'agenda', MEETING_LIMITS.agendaItems, problems);
    const guests = [...new Set(input.guestMemberIds ?? [])];
    if (guests.length > MEETING_LIMITS.guests) problems.push({ field: 'guestMemberIds', message: `at most ${MEETING_LIMITS.guests}` });
    if (input.combinedWithRegular && input.kind !== 'THEMATIC') problems.push({ field: 'combinedWithRegular', message: 'only a thematic meeting is held together with the regular one' });
    throwIf(problems);
    const { role, organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'manageMeetings', { organizationIds: [input.organizationId] });
    const scopePath = organizationPaths.get(input.organizationId)!;

    return inTransaction(this.prisma, async (tx) => {
      const invitees = await this.invitees(tx, input.organizationId, input.kind, input.plannedOn, guests);
      this.checkOfficers(invitees, input.chairMemberId, input.secretaryMemberId);
      if (input.kind === 'REGULAR') await this.checkNoRegularMeeting(tx, input.organizationId, monthOf(input.plannedOn), null);
      const meeting = await tx.meeting.create({
        data: {
          organizationId: input.organizationId,
          kind: input.kind,
          month: toDbDate(monthOf(input.plannedOn)),
          plannedOn: toDbDate(input.plannedOn),
          startTime: input.startTime,
          place: place!,
          topic,
          agenda,
          combinedWithRegular: input.combinedWithRegular ?? false,
          chairMemberId: input.chairMemberId ?? null,
          secretaryMemberId: input.secretaryMemberId ?? null,
          resolutions: [],
        },
      });
      await tx.meetingParticipant.createMany({ data: invitees.map(({ memberId, role: r, votes }) => ({ meetingId: meeting.id, memberId, role: r, votes })) });
      await this.recordEvent(tx, meeting, 'PLANNED', { invited: invitees.length, plannedOn: input.plannedOn, startTime: input.startTime, place }, null);
      await this.audit.record(tx, role, {
        action: 'meeting.plan',
        entityType: 'Meeting',
        entityId: meeting.id,
        scopePath,
        after: { organizationId: input.organizationId, kind: input.kind, plannedOn: input.plannedOn, invited: invitees.length },
      });
      return meeting;
    });
  }

  /** A planned meeting moved to another day: the invitations follow the roster of that day. */
  async reschedule(input: RescheduleMeetingInput): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    if (input.startTime != null && !START_TIME.test(input.startTime)) problems.push({ field: 'startTime', message: 'a local time HH:MM (00:00 to 23:59)' });
    const place = input.place == null ? null : cleanText(input.place, 'place', problems, { required: true, max: 500 });
    const reason = cleanText(input.reason, 'reason', problems, { required: true });
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(input.meetingId, 'manageMeetings');
    if (meeting.status !== 'PLANNED') throw new InvalidTransitionError(`the meeting is ${meeting.status}: only a planned meeting is rescheduled`, meeting.status, 'RESCHEDULED');
    return inTransaction(this.prisma, async (tx) => {
      const guests = (await tx.meetingParticipant.findMany({ where: { meetingId: meeting.id, role: 'HIGHER_COMMITTEE' }, select: { memberId: true } })).map((g) => g.memberId);
      const invitees = await this.invitees(tx, meeting.organizationId, meeting.kind, input.plannedOn, guests);
      this.checkOfficers(invitees, meeting.chairMemberId, meeting.secretaryMemberId);
      if (meeting.kind === 'REGULAR') await this.checkNoRegularMeeting(tx, meeting.organizationId, monthOf(input.plannedOn), meeting.id);
      const invitedChange = await this.replaceInvitations(tx, meeting.id, invitees);
      const updated = await this.update(tx, meeting, {
        plannedOn: toDbDate(input.plannedOn),
        month: toDbDate(monthOf(input.plannedOn)),
        ...(input.startTime ? { startTime: input.startTime } : {}),
        ...(place ? { place } : {}),
      });
      const changes = {
        plannedOn: { from: fromDbDate(meeting.plannedOn), to: input.plannedOn },
        ...(input.startTime && input.startTime !== meeting.startTime ? { startTime: { from: meeting.startTime, to: input.startTime } } : {}),
        ...(place && place !== meeting.place ? { place: { from: meeting.place, to: place } } : {}),
        ...invitedChange,
      };
      await this.recordEvent(tx, updated, 'RESCHEDULED', changes, reason);
      await this.audit.record(tx, role, { action: 'meeting.reschedule', entityType: 'Meeting', entityId: meeting.id, scopePath, before: { plannedOn: fromDbDate(meeting.plannedOn) }, after: { plannedOn: input.plannedOn } });
      return updated;
    });
  }

  async cancel(meetingId: string, reasonText: string): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    const reason = cleanText(reasonText, 'reason', problems, { required: true });
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(meetingId, 'manageMeetings');
    if (meeting.status !== 'PLANNED') throw new InvalidTransitionError(`the meeting is ${meeting.status}: only a planned meeting is cancelled`, meeting.status, 'CANCELLED');
    return inTransaction(this.prisma, async (tx) => {
      const updated = await this.update(tx, meeting, { status: 'CANCELLED', cancelledReason: reason });
      await this.recordEvent(tx, updated, 'CANCELLED', { status: { from: 'PLANNED', to: 'CANCELLED' } }, reason);
      await this.audit.record(tx, role, { action: 'meeting.cancel', entityType: 'Meeting', entityId: meeting.id, scopePath, before: { status: 'PLANNED' }, after: { status: 'CANCELLED' } });
      return updated;
    });
  }

  /** Documents of the meeting (numbered documents already recorded) and the day each was sent. */
  async attachDocuments(meetingId: string, documents: readonly MeetingDocumentInput[]): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    if (documents.length === 0) problems.push({ field: 'documents', message: 'attach at least one document' });
    if (documents.length > MEETING_LIMITS.documents) problems.push({ field: 'documents', message: `at most ${MEETING_LIMITS.documents}` });
    const ids = documents.map((d) => d.documentId);
    ids.forEach((id, i) => ids.indexOf(id) !== i && problems.push({ field: `documents.${i}.documentId`, message: 'the document is listed twice' }));
    const today = todayInVietnam();
    documents.forEach((d, i) => d.sentOn > today && problems.push({ field: `documents.${i}.sentOn`, message: `a document is sent on or before today (${today})` }));
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(meetingId, 'manageMeetings');
    if (meeting.status === 'CANCELLED') throw new InvalidTransitionError('the meeting was cancelled', meeting.status, 'DOCUMENTS_ATTACHED');
    return inTransaction(this.prisma, async (tx) => {
      const found = new Set((await tx.document.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((d) => d.id));
      const attached = new Set((await tx.meetingDocument.findMany({ where: { meetingId, documentId: { in: ids } }, select: { documentId: true } })).map((d) => d.documentId));
      documents.forEach((d, i) => {
        if (!found.has(d.documentId)) problems.push({ field: `documents.${i}.documentId`, message: 'no such document' });
        else if (attached.has(d.documentId)) problems.push({ field: `documents.${i}.documentId`, message: 'already attached to this meeting' });
      });
      throwIf(problems);
      await tx.meetingDocument.createMany({ data: documents.map((d) => ({ meetingId, documentId: d.documentId, sentOn: toDbDate(d.sentOn) })) });
      const updated = await this.update(tx, meeting, {});
      await this.recordEvent(tx, updated, 'DOCUMENTS_ATTACHED', { documents: documents.map((d) => ({ documentId: d.documentId, sentOn: d.sentOn })) }, null);
      await this.audit.record(tx, role, { action: 'meeting.attach_documents', entityType: 'Meeting', entityId: meetingId, scopePath, after: { documents: ids } });
      return updated;
    });
  }

  /**
   * The meeting took place: once. The invitations are those of the day it was held; the
   * absences are given by name and everyone else invited was present (exempt members are
   * EXEMPT unless listed otherwise).
   */
  async hold(input: HoldMeetingInput): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    const today = todayInVietnam();
    if (input.heldOn > today) problems.push({ field: 'heldOn', message: `a meeting is recorded as held on or before today (${today})` });
    if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440) problems.push({ field: 'durationMinutes', message: 'whole minutes from 1 to 1440' });
    const minutes = cleanText(input.minutes, 'minutes', problems, { max: MEETING_LIMITS.minutesLength });
    const resolutions = cleanList(input.resolutions, 'resolutions', MEETING_LIMITS.resolutions, problems);
    const attendance = input.attendance ?? [];
    checkAttendanceRows(attendance, problems);
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(input.meetingId, 'manageMeetings');
    // The criteria of the day must exist before the meeting is recorded as held on it.
    const snapshot = await this.rules.current();
    snapshot.at(MEETING_QUALITY_CRITERIA, input.heldOn);
    snapshot.at(MEETING_REQUIREMENTS, input.heldOn);
    if (meeting.status !== 'PLANNED') {
      throw new InvalidTransitionError(
        meeting.status === 'HELD' ? 'the meeting was held already: a meeting is held once, and corrected with a reason' : 'the meeting was cancelled',
        meeting.status,
        'HELD',
      );
    }
    return inTransaction(this.prisma, async (tx) => {
      const guests = (await tx.meetingParticipant.findMany({ where: { meetingId: meeting.id, role: 'HIGHER_COMMITTEE' }, select: { memberId: true } })).map((g) => g.memberId);
      const invitees = await this.invitees(tx, meeting.organizationId, meeting.kind, input.heldOn, guests);
      const chair = input.chairMemberId ?? meeting.chairMemberId;
      const secretary = input.secretaryMemberId ?? meeting.secretaryMemberId;
      this.checkOfficers(invitees, chair, secretary);
      const marks = this.attendanceMarks(invitees, attendance);
      if (meeting.kind === 'REGULAR') await this.checkNoRegularMeeting(tx, meeting.organizationId, monthOf(input.heldOn), meeting.id);
      const invitedChange = await this.replaceInvitations(tx, meeting.id, invitees);
      await this.writeAttendance(tx, meeting.id, marks);
      const updated = await this.update(tx, meeting, {
        status: 'HELD',
        heldOn: toDbDate(input.heldOn),
        month: toDbDate(monthOf(input.heldOn)),
        durationMinutes: input.durationMinutes,
        chairMemberId: chair,
        secretaryMemberId: secretary,
        minutes,
        resolutions,
      });
      await this.recount(tx, meeting.id);
      const counts = countMarks(marks);
      await this.recordEvent(tx, updated, 'HELD', { heldOn: input.heldOn, durationMinutes: input.durationMinutes, attendance: counts, ...invitedChange }, null);
      await this.audit.record(tx, role, { action: 'meeting.hold', entityType: 'Meeting', entityId: meeting.id, scopePath, before: { status: 'PLANNED' }, after: { status: 'HELD', heldOn: input.heldOn, attendance: counts } });
      return updated;
    });
  }

  /** A correction of a held meeting: only what is given changes, with its reason, kept as history. */
  async correct(input: CorrectMeetingInput): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    const today = todayInVietnam();
    const reason = cleanText(input.reason, 'reason', problems, { required: true });
    if (input.heldOn != null && input.heldOn > today) problems.push({ field: 'heldOn', message: `a meeting is recorded as held on or before today (${today})` });
    if (input.durationMinutes != null && (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > 1440)) problems.push({ field: 'durationMinutes', message: 'whole minutes from 1 to 1440' });
    const minutes = input.minutes == null ? undefined : cleanText(input.minutes, 'minutes', problems, { max: MEETING_LIMITS.minutesLength });
    const resolutions = input.resolutions == null ? undefined : cleanList(input.resolutions, 'resolutions', MEETING_LIMITS.resolutions, problems);
    const attendance = input.attendance ?? [];
    checkAttendanceRows(attendance, problems);
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(input.meetingId, 'manageMeetings');
    if (meeting.status !== 'HELD') throw new InvalidTransitionError(`the meeting is ${meeting.status}: only a held meeting is corrected`, meeting.status, 'CORRECTED');
    if (meeting.revision !== input.revision) throw new ConflictError(`the meeting is at revision ${meeting.revision}, not ${input.revision}: read it again and correct that`);
    return inTransaction(this.prisma, async (tx) => {
      const changes: Record<string, unknown> = {};
      const data: Prisma.MeetingUncheckedUpdateManyInput = {};
      const heldOn = fromDbDate(meeting.heldOn!);
      const day = input.heldOn ?? heldOn;
      if (input.heldOn != null && input.heldOn !== heldOn) {
        // The criteria of the new day must exist, and an assessment cannot come before the meeting.
        const snapshot = await this.rules.current();
        snapshot.at(MEETING_QUALITY_CRITERIA, input.heldOn);
        snapshot.at(MEETING_REQUIREMENTS, input.heldOn);
        if (meeting.assessedOn && input.heldOn > fromDbDate(meeting.assessedOn)) throw ValidationError.field('heldOn', `the meeting was assessed on ${fromDbDate(meeting.assessedOn)}: it was held on or before that day`);
        if (meeting.kind === 'REGULAR') await this.checkNoRegularMeeting(tx, meeting.organizationId, monthOf(input.heldOn), meeting.id);
        Object.assign(data, { heldOn: toDbDate(input.heldOn), month: toDbDate(monthOf(input.heldOn)) });
        changes.heldOn = { from: heldOn, to: input.heldOn };
        // The invitations follow the roster of the new day, as when a meeting is held: who
        // remains keeps their attendance, who comes in is present (exempt if exempted).
        const guests = (await tx.meetingParticipant.findMany({ where: { meetingId: meeting.id, role: 'HIGHER_COMMITTEE' }, select: { memberId: true } })).map((g) => g.memberId);
        const invitees = await this.invitees(tx, meeting.organizationId, meeting.kind, input.heldOn, guests);
        const invitedChange = await this.replaceInvitations(tx, meeting.id, invitees);
        if (invitedChange.invitations) {
          changes.invitations = invitedChange.invitations;
          const added = new Set(invitedChange.invitations.added);
          await this.writeAttendance(tx, meeting.id, invitees.filter((i) => added.has(i.memberId)).map((i) => ({ memberId: i.memberId, attendance: i.exempted ? 'EXEMPT' : 'PRESENT', reason: null })));
        }
      }
      // EXEMPT only for a member exempted from party activity on the day, as when held.
      const exemptRows = attendance.filter((row) => row.attendance === 'EXEMPT').map((row) => row.memberId);
      const exempted = new Set(
        exemptRows.length === 0
          ? []
          : (
              await tx.$queryRaw<{ memberId: string }[]>`
                SELECT member_id::text AS "memberId" FROM member_periods WHERE member_id = ANY(${exemptRows}::uuid[]) AND exempted
                  AND valid_from <= ${toDbDate(day)} AND (valid_to IS NULL OR valid_to > ${toDbDate(day)})`
            ).map((r) => r.memberId),
      );
      attendance.forEach((row, i) => {
        if (row.attendance === 'EXEMPT' && !exempted.has(row.memberId)) problems.push({ field: `attendance.${i}.attendance`, message: 'EXEMPT is for a member exempted from party activity (miễn sinh hoạt) on the day' });
      });
      if (input.durationMinutes != null && input.durationMinutes !== meeting.durationMinutes) {
        data.durationMinutes = input.durationMinutes;
        changes.durationMinutes = { from: meeting.durationMinutes, to: input.durationMinutes };
      }
      if (minutes !== undefined && minutes !== meeting.minutes) {
        data.minutes = minutes;
        changes.minutes = { from: meeting.minutes, to: minutes };
      }
      if (resolutions !== undefined && JSON.stringify(resolutions) !== JSON.stringify(meeting.resolutions)) {
        data.resolutions = resolutions;
        changes.resolutions = { from: meeting.resolutions, to: resolutions };
      }
      const participants = await tx.meetingParticipant.findMany({ where: { meetingId: meeting.id } });
      const byMember = new Map(participants.map((p) => [p.memberId, p]));
      for (const [field, value, current] of [
        ['chairMemberId', input.chairMemberId, meeting.chairMemberId],
        ['secretaryMemberId', input.secretaryMemberId, meeting.secretaryMemberId],
      ] as const) {
        if (value == null || value === current) continue;
        if (byMember.get(value)?.role !== 'MEMBER') problems.push({ field, message: 'must be one of the members invited (not a guest or a hosted member)' });
        (data as Record<string, unknown>)[field] = value;
        changes[field] = { from: current, to: value };
      }
      const attendanceChanges: Record<string, { from: unknown; to: unknown }> = {};
      attendance.forEach((row, i) => {
        const participant = byMember.get(row.memberId);
        if (!participant) return problems.push({ field: `attendance.${i}.memberId`, message: 'not invited to this meeting' });
        const reasonText = row.reason?.trim() || null;
        if (participant.attendance === row.attendance && participant.absenceReason === reasonText) return;
        attendanceChanges[row.memberId] = { from: { attendance: participant.attendance, reason: participant.absenceReason }, to: { attendance: row.attendance, reason: reasonText } };
      });
      throwIf(problems);
      if (Object.keys(attendanceChanges).length > 0) changes.attendance = attendanceChanges;
      if (Object.keys(changes).length === 0) throw ValidationError.field('input', 'the correction changes nothing');
      await this.writeAttendance(
        tx,
        meeting.id,
        attendance.filter((row) => attendanceChanges[row.memberId]).map((row) => ({ memberId: row.memberId, attendance: row.attendance, reason: row.reason?.trim() || null })),
      );
      const updated = await this.update(tx, meeting, data);
      await this.recount(tx, meeting.id);
      // A meeting assessed GOOD stays GOOD only while it meets the criteria the grade needs.
      if (meeting.quality === 'GOOD') {
        const check = await this.checkCriteria(tx, updated, await this.rules.current());
        if (!check.allMet && check.goodRequiresAll) {
          throw new RuleViolationError('MEETING_QUALITY', `the meeting is assessed GOOD, which the corrected meeting no longer meets (${failed(check.criteria)}): assess it again first`);
        }
      }
      await this.recordEvent(tx, updated, 'CORRECTED', changes, reason);
      await this.audit.record(tx, role, { action: 'meeting.correct', entityType: 'Meeting', entityId: meeting.id, scopePath, after: { fields: Object.keys(changes), reason } });
      return updated;
    });
  }

  /**
   * Xếp loại chất lượng buổi sinh hoạt: the committee's grade, checked against the measurable
   * criteria in force on the meeting's day (GOOD needs all of them where the rule says so).
   * Assessed again, the earlier grade stays in the history.
   */
  async assess(input: AssessMeetingInput): Promise<Meeting> {
    const problems: FieldProblem[] = [];
    const note = cleanText(input.note, 'note', problems);
    const today = todayInVietnam();
    if (input.assessedOn > today) problems.push({ field: 'assessedOn', message: `on or before today (${today})` });
    throwIf(problems);
    const { meeting, role, scopePath } = await this.authorizeMeeting(input.meetingId, 'manageMeetings');
    if (meeting.status !== 'HELD') throw new InvalidTransitionError(`the meeting is ${meeting.status}: only a held meeting is assessed`, meeting.status, 'ASSESSED');
    if (input.assessedOn < fromDbDate(meeting.heldOn!)) throw ValidationError.field('assessedOn', `the meeting was held on ${fromDbDate(meeting.heldOn!)}: it is assessed on or after that day`);
    const snapshot = await this.rules.current();
    const check = await this.checkCriteria(this.prisma, meeting, snapshot);
    if (input.quality === 'GOOD' && check.goodRequiresAll && !check.allMet) {
      throw new RuleViolationError('MEETING_QUALITY', `a meeting assessed GOOD meets every criterion, and this one does not: ${failed(check.criteria)}`);
    }
    return inTransaction(this.prisma, async (tx) => {
      const updated = await this.update(tx, meeting, { quality: input.quality, qualityNote: note, assessedOn: toDbDate(input.assessedOn) });
      await this.recordEvent(tx, updated, 'ASSESSED', { quality: { from: meeting.quality, to: input.quality }, criteria: check.criteria.map((c) => ({ criterion: c.criterion, met: c.met, value: c.value })) }, note);
      await this.audit.record(tx, role, { action: 'meeting.assess', entityType: 'Meeting', entityId: meeting.id, scopePath, before: { quality: meeting.quality }, after: { quality: input.quality } });
      return updated;
    });
  }

  /** The criteria of the guidance measured on a held meeting (for a planned one: nothing yet). */
  async criteriaOf(meeting: Meeting): Promise<MeetingAssessmentCheck | null> {
    if (meeting.status !== 'HELD') return null;
    try {
      const { criteria, allMet } = await this.checkCriteria(this.prisma, meeting, await this.rules.current());
      return { criteria, allMet };
    } catch (error) {
      // A day no rule reaches (an administrator ended a value): nothing to measure against.
      if (error instanceof RuleViolationError && error.rule === 'NO_RULE_IN_FORCE') return null;
      throw error;
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * Meetings by id: those of organisations in the caller's subtrees, and those the caller (as a
   * member) is invited to. Others are not found.
   */
  async byIds(ids: readonly string[]): Promise<Map<string, Meeting>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT m.id::text FROM meetings m
      WHERE m.id = ANY(${[...ids]}::uuid[]) AND (${this.visibleCondition()})`;
    if (rows.length === 0) return new Map();
    const meetings = await this.prisma.meeting.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    return new Map(meetings.map((m) => [m.id, m]));
  }

  async get(id: string): Promise<Meeting> {
    const found = (await this.byIds([id])).get(id);
    if (!found) throw new NotFoundError('Meeting', id);
    return found;
  }

  /** The meetings of one organisation in a period (by the day they take place), oldest first. */
  async ofOrganization(organizationId: string, filter: MeetingFilter): Promise<Meeting[]> {
    checkPeriod(filter.from, filter.to);
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readMeetings', { organizationIds: [organizationId] });
    if (!organizationPaths.has(organizationId)) throw new NotFoundError('Organization', organizationId);
    const rows = await this.prisma.meeting.findMany({
      where: {
        organizationId,
        ...(filter.kinds?.length ? { kind: { in: [...filter.kinds] } } : {}),
        OR: [
          { heldOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) } },
          { heldOn: null, plannedOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) } },
        ],
      },
      orderBy: [{ plannedOn: 'asc' }, { id: 'asc' }],
      take: MEETING_LIMITS.listRows + 1,
    });
    if (rows.length > MEETING_LIMITS.listRows) throw ValidationError.field('to', `more than ${MEETING_LIMITS.listRows} meetings: ask for a shorter period`);
    return rows;
  }

  /** The caller's own meetings (as a member): invitations and attendance, in a period. */
  async mine(filter: MeetingFilter): Promise<{ meeting: Meeting; participant: ParticipantView }[]> {
    checkPeriod(filter.from, filter.to);
    const memberId = this.actor.memberId;
    if (!memberId) return [];
    return this.attendanceOf(memberId, filter);
  }

  /** A member's invitations and attendance in a period: their own, or a member of the caller's subtrees. */
  async ofMember(memberId: string, filter: MeetingFilter): Promise<{ meeting: Meeting; participant: ParticipantView }[]> {
    checkPeriod(filter.from, filter.to);
    if (memberId === this.actor.memberId) return this.attendanceOf(memberId, filter);
    const { memberPaths } = await authorizeSubjects(this.prisma, this.actor, 'readMeetings', { memberIds: [memberId] });
    const rows = await this.attendanceOf(memberId, filter);
    // Why they were absent is personal: for those who read sensitive data.
    if (may(this.actor, 'readSensitive', memberPaths.get(memberId) ?? [])) return rows;
    return rows.map((row) => ({ ...row, participant: { ...row.participant, absenceReason: null } }));
  }

  private async attendanceOf(memberId: string, filter: MeetingFilter) {
    const rows = await this.prisma.meetingParticipant.findMany({
      where: {
        memberId,
        meeting: {
          ...(filter.kinds?.length ? { kind: { in: [...filter.kinds] } } : {}),
          OR: [
            { heldOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) } },
            { heldOn: null, plannedOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) } },
          ],
        },
      },
      include: { meeting: true },
      orderBy: [{ meeting: { plannedOn: 'asc' } }, { meetingId: 'asc' }],
      take: MEETING_LIMITS.listRows + 1,
    });
    if (rows.length > MEETING_LIMITS.listRows) throw ValidationError.field('to', `more than ${MEETING_LIMITS.listRows} meetings: ask for a shorter period`);
    return rows.map(({ meeting, ...participant }) => ({ meeting, participant }));
  }

  /**
   * The invitations of meetings: all of them for a caller who may read the meeting's
   * organisation, only their own for a member invited. One statement for many meetings.
   */
  async participantsOf(meetingIds: readonly string[]): Promise<Map<string, ParticipantView[]>> {
    const result = new Map<string, ParticipantView[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return result;
    const scope = scopeOf(this.actor, 'readMeetings');
    const rows = await this.prisma.$queryRaw<(ParticipantView & { path: number[] })[]>`
      SELECT p.id::text, p.meeting_id::text AS "meetingId", p.member_id::text AS "memberId", p.role, p.votes, p.attendance, p.absence_reason AS "absenceReason", v.path
      FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id
      JOIN organization_versions v ON v.organization_id = m.organization_id AND v.valid_to IS NULL
      WHERE p.meeting_id = ANY(${[...meetingIds]}::uuid[])
        AND (${scope === null ? Prisma.sql`TRUE` : Prisma.sql`v.path && ${scope}::int[]`} ${this.actor.memberId ? Prisma.sql`OR p.member_id = ${this.actor.memberId}::uuid` : Prisma.empty})
      ORDER BY p.meeting_id, p.role, p.member_id`;
    for (const { path, ...row } of rows) {
      // Why someone was absent ("ốm") is personal: for those who read sensitive data, and the member.
      const reason = row.memberId === this.actor.memberId || may(this.actor, 'readSensitive', path) ? row.absenceReason : null;
      result.get(row.meetingId)?.push({ ...row, absenceReason: reason });
    }
    return result;
  }

  /** Documents of meetings the caller may read, with the day each was sent. One statement. */
  async documentsOf(meetingIds: readonly string[]): Promise<Map<string, { documentId: string; sentOn: IsoDate }[]>> {
    const result = new Map<string, { documentId: string; sentOn: IsoDate }[]>(meetingIds.map((id) => [id, []]));
    if (meetingIds.length === 0) return result;
    const rows = await this.prisma.$queryRaw<{ meetingId: string; documentId: string; sentOn: Date }[]>`
      SELECT d.meeting_id::text AS "meetingId", d.document_id::text AS "documentId", d.sent_on AS "sentOn"
      FROM meeting_documents d JOIN meetings m ON m.id = d.meeting_id
      WHERE d.meeting_id = ANY(${[...meetingIds]}::uuid[]) AND (${this.visibleCondition()})
      ORDER BY d.meeting_id, d.sent_on, d.document_id`;
    for (const row of rows) result.get(row.meetingId)?.push({ documentId: row.documentId, sentOn: fromDbDate(row.sentOn) });
    return result;
  }

  /** The history of a meeting, oldest first: for callers who may read its organisation. */
  async historyOf(meetingId: string) {
    const { meeting } = await this.authorizeMeeting(meetingId, 'readMeetings');
    return this.prisma.meetingEvent.findMany({ where: { meetingId: meeting.id }, orderBy: [{ revision: 'asc' }] });
  }

  /** Whether the caller reads every invitation of meetings of this organisation (not only their own). */
  async readsWhole(meeting: Meeting): Promise<boolean> {
    const version = await this.prisma.organizationVersion.findFirst({ where: { organizationId: meeting.organizationId, validTo: null }, select: { path: true } });
    return !!version && may(this.actor, 'readMeetings', version.path);
  }

  // ---------------------------------------------------------------- internals

  /** Meetings of organisations in the caller's subtrees, or the caller is invited to. */
  private visibleCondition(): Prisma.Sql {
    const scope = scopeOf(this.actor, 'readMeetings');
    const inScope =
      scope === null
        ? Prisma.sql`TRUE`
        : Prisma.sql`EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = m.organization_id AND v.valid_to IS NULL AND v.path && ${scope}::int[])`;
    const invited = this.actor.memberId
      ? Prisma.sql`OR EXISTS (SELECT 1 FROM meeting_participants i WHERE i.meeting_id = m.id AND i.member_id = ${this.actor.memberId}::uuid)`
      : Prisma.empty;
    return Prisma.sql`${inScope} ${invited}`;
  }

  /** The meeting, after checking the caller's right on its organisation: unknown and out of reach alike are refused. */
  private async authorizeMeeting(meetingId: string, capability: 'manageMeetings' | 'readMeetings'): Promise<{ meeting: Meeting; role: Role; scopePath: number[] }> {
    const [row] = await this.prisma.$queryRaw<{ path: number[] }[]>`
      SELECT v.path FROM meetings m JOIN organization_versions v ON v.organization_id = m.organization_id AND v.valid_to IS NULL WHERE m.id = ${meetingId}::uuid`;
    const role = authorize(this.actor, capability, [row?.path ?? [-1]]);
    const meeting = row ? await this.prisma.meeting.findUnique({ where: { id: meetingId } }) : null;
    if (!meeting) throw new NotFoundError('Meeting', meetingId);
    return { meeting, role, scopePath: row!.path };
  }

  /**
   * Who is invited on `day`: for a branch meeting, the members kept there and not away on a
   * temporary transfer, with those temporarily hosted there (no vote); for a committee meeting,
   * the committee's members that day; and the guests from higher committees, each checked to
   * hold a post in a committee above the organisation that day. Suspended members are not invited.
   */
  private async invitees(tx: Tx, organizationId: string, kind: MeetingKind, day: IsoDate, guests: readonly string[]): Promise<Invitee[]> {
    const d = toDbDate(day);
    const [organization] = await tx.$queryRaw<{ path: number[]; status: string; holdsMembers: boolean }[]>`
      SELECT v.path, v.status::text, k.holds_members AS "holdsMembers" FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code
      WHERE v.organization_id = ${organizationId}::uuid AND v.valid_from <= ${d} AND (v.valid_to IS NULL OR v.valid_to > ${d})`;
    if (!organization || organization.status !== 'ACTIVE') throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation is not active on ${day}`);
    if (kind !== 'COMMITTEE' && !organization.holdsMembers) {
      throw new RuleViolationError('NOT_A_BRANCH', `a ${kind} meeting is a branch's (chi bộ): this organisation keeps no members — its committee meets as COMMITTEE`);
    }
    const members =
      kind === 'COMMITTEE'
        ? await tx.$queryRaw<Invitee[]>`
            SELECT DISTINCT cp.member_id::text AS "memberId", 'MEMBER' AS role, true AS votes, coalesce(p.exempted, false) AS exempted
            FROM committee_positions cp JOIN terms t ON t.id = cp.term_id
            LEFT JOIN member_periods p ON p.member_id = cp.member_id AND p.valid_from <= ${d} AND (p.valid_to IS NULL OR p.valid_to > ${d})
            WHERE t.organization_id = ${organizationId}::uuid AND cp.starts_on <= ${d} AND (cp.ends_on IS NULL OR cp.ends_on > ${d})
              AND cp.role::text = ANY(${COMMITTEE_ROLES}) AND p.status IN ('PROBATIONARY', 'OFFICIAL')`
        : await tx.$queryRaw<Invitee[]>`
            SELECT p.member_id::text AS "memberId", CASE WHEN p.temporary_organization_id = ${organizationId}::uuid THEN 'HOSTED' ELSE 'MEMBER' END AS role,
              p.temporary_organization_id IS DISTINCT FROM ${organizationId}::uuid AS votes, p.exempted
            FROM member_periods p
            WHERE p.valid_from <= ${d} AND (p.valid_to IS NULL OR p.valid_to > ${d}) AND p.status IN ('PROBATIONARY', 'OFFICIAL')
              AND ((p.organization_id = ${organizationId}::uuid AND p.temporary_organization_id IS NULL) OR p.temporary_organization_id = ${organizationId}::uuid)`;
    if (kind === 'COMMITTEE' && members.length === 0) throw new RuleViolationError('NO_COMMITTEE', `the organisation has no committee members on ${day}: there is no committee to meet`);
    const invited = new Set(members.map((m) => m.memberId));
    const newGuests = guests.filter((id) => !invited.has(id));
    if (newGuests.length > 0) {
      const above = organization.path.slice(0, -1);
      const holders = new Set(
        (
          await tx.$queryRaw<{ memberId: string }[]>`
            SELECT DISTINCT cp.member_id::text AS "memberId" FROM committee_positions cp JOIN terms t ON t.id = cp.term_id JOIN organizations o ON o.id = t.organization_id
            WHERE cp.member_id = ANY(${newGuests}::uuid[]) AND cp.starts_on <= ${d} AND (cp.ends_on IS NULL OR cp.ends_on > ${d}) AND o.path_key = ANY(${above}::int[])`
        ).map((r) => r.memberId),
      );
      const problems = newGuests.flatMap((id) =>
        holders.has(id) ? [] : [{ field: `guestMemberIds.${guests.indexOf(id)}`, message: `not a member of a committee above this organisation on ${day}` }],
      );
      throwIf(problems);
    }
    return [...members, ...newGuests.map((memberId) => ({ memberId, role: 'HIGHER_COMMITTEE' as const, votes: false, exempted: false }))];
  }

  private checkOfficers(invitees: readonly Invitee[], chair: string | null | undefined, secretary: string | null | undefined) {
    const members = new Set(invitees.filter((i) => i.role === 'MEMBER').map((i) => i.memberId));
    const problems: FieldProblem[] = [];
    if (chair && !members.has(chair)) problems.push({ field: 'chairMemberId', message: 'must be one of the members invited (not a guest or a hosted member)' });
    if (secretary && !members.has(secretary)) problems.push({ field: 'secretaryMemberId', message: 'must be one of the members invited (not a guest or a hosted member)' });
    throwIf(problems);
  }

  private async checkNoRegularMeeting(tx: Tx, organizationId: string, month: IsoDate, except: string | null) {
    const other = await tx.meeting.findFirst({
      where: { organizationId, kind: 'REGULAR', month: toDbDate(month), status: { not: 'CANCELLED' }, ...(except ? { id: { not: except } } : {}) },
      select: { id: true, status: true },
    });
    if (other) throw new ConflictError(`the organisation has a regular meeting of ${month.slice(0, 7)} already (${other.status}): one regular meeting a month`);
  }

  /** Every invitee with their mark: the listed ones as given, the others PRESENT, or EXEMPT when exempted. */
  private attendanceMarks(invitees: readonly Invitee[], rows: readonly AttendanceInput[]) {
    const byMember = new Map(invitees.map((i) => [i.memberId, i]));
    const problems: FieldProblem[] = [];
    rows.forEach((row, i) => {
      const invitee = byMember.get(row.memberId);
      if (!invitee) problems.push({ field: `attendance.${i}.memberId`, message: 'not invited to this meeting on the day it was held' });
      else if (row.attendance === 'EXEMPT' && !invitee.exempted) problems.push({ field: `attendance.${i}.attendance`, message: 'EXEMPT is for a member exempted from party activity (miễn sinh hoạt) on the day' });
    });
    throwIf(problems);
    const listed = new Map(rows.map((row) => [row.memberId, row]));
    return invitees.map((invitee) => {
      const row = listed.get(invitee.memberId);
      return {
        memberId: invitee.memberId,
        role: invitee.role,
        attendance: row?.attendance ?? (invitee.exempted ? 'EXEMPT' : 'PRESENT'),
        reason: row?.reason?.trim() || null,
      } as const;
    });
  }

  private async writeAttendance(tx: Tx, meetingId: string, marks: readonly { memberId: string; attendance: MeetingAttendance; reason: string | null }[]) {
    if (marks.length === 0) return;
    await tx.$executeRaw`
      UPDATE meeting_participants p SET attendance = x.attendance::"MeetingAttendance", absence_reason = x.reason
      FROM jsonb_to_recordset(${JSON.stringify(marks)}::jsonb) AS x("memberId" uuid, attendance text, reason text)
      WHERE p.meeting_id = ${meetingId}::uuid AND p.member_id = x."memberId"`;
  }

  /** Brings the invitations to `invitees`: who left is uninvited, who came is invited. */
  private async replaceInvitations(tx: Tx, meetingId: string, invitees: readonly Invitee[]) {
    const current = await tx.meetingParticipant.findMany({ where: { meetingId }, select: { memberId: true } });
    const wanted = new Set(invitees.map((i) => i.memberId));
    const had = new Set(current.map((c) => c.memberId));
    const removed = [...had].filter((id) => !wanted.has(id));
    const added = invitees.filter((i) => !had.has(i.memberId));
    if (removed.length > 0) await tx.meetingParticipant.deleteMany({ where: { meetingId, memberId: { in: removed } } });
    if (added.length > 0) await tx.meetingParticipant.createMany({ data: added.map(({ memberId, role, votes }) => ({ meetingId, memberId, role, votes })) });
    return removed.length + added.length > 0 ? { invitations: { removed, added: added.map((a) => a.memberId) } } : {};
  }

  /** The attendance counted on the meeting (guests apart), as statistics read it. */
  private async recount(tx: Tx, meetingId: string) {
    await tx.$executeRaw`
      UPDATE meetings m SET expected_count = c.expected, present_count = c.present, excused_count = c.excused, unexcused_count = c.unexcused, exempt_count = c.exempt
      FROM (SELECT count(*) FILTER (WHERE attendance <> 'EXEMPT')::int AS expected, count(*) FILTER (WHERE attendance = 'PRESENT')::int AS present,
              count(*) FILTER (WHERE attendance = 'ABSENT_WITH_REASON')::int AS excused, count(*) FILTER (WHERE attendance = 'ABSENT_WITHOUT_REASON')::int AS unexcused,
              count(*) FILTER (WHERE attendance = 'EXEMPT')::int AS exempt
            FROM meeting_participants WHERE meeting_id = ${meetingId}::uuid AND role <> 'HIGHER_COMMITTEE') c
      WHERE m.id = ${meetingId}::uuid`;
  }

  /** Writes a change if nobody changed the meeting since it was read (its revision), moving the revision. */
  private async update(tx: Tx, meeting: Meeting, data: Prisma.MeetingUncheckedUpdateManyInput): Promise<Meeting> {
    const { count } = await tx.meeting.updateMany({ where: { id: meeting.id, revision: meeting.revision }, data: { ...data, revision: meeting.revision + 1 } });
    if (count === 0) throw new ConflictError('the meeting changed while this change was being made, and it was not made: read it again and retry');
    return (await tx.meeting.findUnique({ where: { id: meeting.id } }))!;
  }

  private async recordEvent(tx: Tx, meeting: Meeting, type: Prisma.MeetingEventCreateManyInput['type'], changes: Record<string, unknown>, reason: string | null) {
    await tx.meetingEvent.create({ data: { meetingId: meeting.id, type, revision: meeting.revision, changes: changes as Prisma.InputJsonObject, reason, actorName: this.actor.name } });
  }

  /** Measures the criteria in force on the meeting's day. Two statements. */
  private async checkCriteria(db: Tx | PrismaClient, meeting: Meeting, snapshot: RuleSnapshot): Promise<MeetingAssessmentCheck & { goodRequiresAll: boolean }> {
    const heldOn = fromDbDate(meeting.heldOn!);
    const rule = snapshot.at(MEETING_QUALITY_CRITERIA, heldOn);
    const requirements = snapshot.at(MEETING_REQUIREMENTS, heldOn);
    const c = rule.value;
    const [counts] = await db.$queryRaw<{ expected: number; present: number; unexcused: number; documents: number; lateDocuments: number }[]>`
      SELECT
        count(*) FILTER (WHERE role <> 'HIGHER_COMMITTEE' AND attendance <> 'EXEMPT')::int AS expected,
        count(*) FILTER (WHERE role <> 'HIGHER_COMMITTEE' AND attendance = 'PRESENT')::int AS present,
        count(*) FILTER (WHERE role <> 'HIGHER_COMMITTEE' AND attendance = 'ABSENT_WITHOUT_REASON')::int AS unexcused,
        (SELECT count(*)::int FROM meeting_documents d WHERE d.meeting_id = ${meeting.id}::uuid) AS documents,
        (SELECT count(*)::int FROM meeting_documents d WHERE d.meeting_id = ${meeting.id}::uuid AND d.sent_on > ${toDbDate(addDays(heldOn, -(c.documentsDaysAhead ?? 0)))}) AS "lateDocuments"
      FROM meeting_participants WHERE meeting_id = ${meeting.id}::uuid`;
    // The longest run, ending with this meeting, of meetings of the year each member missed with a reason.
    const runs = await db.$queryRaw<{ memberId: string; run: number }[]>`
      WITH marks AS (
        SELECT p.member_id, m.held_on, m.id, p.attendance,
          count(*) FILTER (WHERE p.attendance <> 'ABSENT_WITH_REASON') OVER (PARTITION BY p.member_id ORDER BY m.held_on DESC, m.id DESC) AS broken
        FROM meeting_participants p JOIN meetings m ON m.id = p.meeting_id
        WHERE m.organization_id = ${meeting.organizationId}::uuid AND m.status = 'HELD' AND m.kind = ${meeting.kind}::"MeetingKind"
          AND m.held_on BETWEEN ${toDbDate(`${heldOn.slice(0, 4)}-01-01`)} AND ${meeting.heldOn}
          AND p.member_id IN (SELECT member_id FROM meeting_participants WHERE meeting_id = ${meeting.id}::uuid AND attendance = 'ABSENT_WITH_REASON')
      )
      SELECT member_id::text AS "memberId", count(*)::int AS run FROM marks WHERE broken = 0 GROUP BY member_id ORDER BY run DESC LIMIT 1`;
    const rate = counts!.expected === 0 ? null : (100 * counts!.present) / counts!.expected;
    const longestRun = runs[0]?.run ?? 0;
    const minimum = meeting.combinedWithRegular ? requirements.value.combinedMinDurationMinutes : requirements.value.minDurationMinutes;
    const criteria: CriterionResult[] = [
      {
        criterion: 'ATTENDANCE_RATE',
        met: rate !== null && rate > c.attendancePercentAbove,
        value: rate === null ? 'no member expected' : `${rate.toFixed(2)}% (${counts!.present}/${counts!.expected})`,
        requirement: `above ${c.attendancePercentAbove}% of the members expected (exempt members apart)`,
        citation: rule.citation,
      },
      {
        criterion: 'UNEXCUSED_ABSENCES',
        met: counts!.unexcused <= c.unexcusedAbsencesAllowed,
        value: String(counts!.unexcused),
        requirement: `at most ${c.unexcusedAbsencesAllowed} absent without a reason`,
        citation: rule.citation,
      },
      {
        criterion: 'EXCUSED_ABSENCES_IN_A_ROW',
        met: longestRun <= c.excusedAbsencesInARowAllowed,
        value: String(longestRun),
        requirement: `no member absent with a reason more than ${c.excusedAbsencesInARowAllowed} meetings in a row in the year`,
        citation: rule.citation,
      },
    ];
    if (meeting.kind !== 'COMMITTEE') {
      criteria.push({
        criterion: 'DURATION',
        met: meeting.durationMinutes! >= minimum,
        value: `${meeting.durationMinutes} minutes`,
        requirement: `at least ${minimum} minutes${meeting.combinedWithRegular ? ' (held with the regular meeting)' : ''}`,
        citation: requirements.citation,
      });
    }
    if (c.documentsDaysAhead !== null) {
      criteria.push({
        criterion: 'DOCUMENTS_AHEAD',
        met: counts!.documents > 0 && counts!.lateDocuments === 0,
        value: counts!.documents === 0 ? 'no document' : `${counts!.documents - counts!.lateDocuments} of ${counts!.documents} in time`,
        requirement: `the documents sent at least ${c.documentsDaysAhead} day(s) before the meeting`,
        citation: rule.citation,
      });
    }
    criteria.push({ criterion: 'MINUTES', met: !!meeting.minutes, value: meeting.minutes ? 'recorded' : 'not recorded', requirement: 'the minutes recorded in full', citation: rule.citation });
    return { criteria, allMet: criteria.every((x) => x.met), goodRequiresAll: c.goodRequiresAll };
  }
}

export type ParticipantView = {
  id: string;
  meetingId: string;
  memberId: string;
  role: MeetingParticipantRole;
  votes: boolean;
  attendance: MeetingAttendance | null;
  absenceReason: string | null;
};

function countMarks(marks: readonly { attendance: MeetingAttendance }[]) {
  const counts: Record<MeetingAttendance, number> = { PRESENT: 0, ABSENT_WITH_REASON: 0, ABSENT_WITHOUT_REASON: 0, EXEMPT: 0 };
  for (const mark of marks) counts[mark.attendance]++;
  return counts;
}

const failed = (criteria: readonly CriterionResult[]) =>
  criteria
    .filter((c) => !c.met)
    .map((c) => `${c.criterion}: ${c.value}, ${c.requirement} (${c.citation})`)
    .join('; ');

/** A period of at most ten years, in order. */
export function checkPeriod(from: IsoDate, to: IsoDate) {
  if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > 10) throw ValidationError.field('to', 'a period of at most ten years');
}

export const meetingDay = (meeting: Meeting): IsoDate => fromDbDate(meeting.heldOn ?? meeting.plannedOn);
