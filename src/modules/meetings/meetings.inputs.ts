import type { MeetingAttendance, MeetingKind, MeetingQuality } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { AssessMeetingInput, AttendanceInput, CorrectMeetingInput, HoldMeetingInput, MeetingDocumentInput, PlanMeetingInput, RescheduleMeetingInput } from './meetings.service.js';

/** Inputs as GraphQL and REST receive them (global ids), decoded for the service. */
type AttendanceArg = { memberId: string; attendance: MeetingAttendance; reason?: string | null };

const member = (id: string | null | undefined, field: string) => (id ? fromGlobalId('Member', id, field) : null);
const attendanceOf = (rows: readonly AttendanceArg[] | null | undefined): AttendanceInput[] | null =>
  rows ? rows.map((row, i) => ({ ...row, memberId: fromGlobalId('Member', row.memberId, `attendance.${i}.memberId`) })) : null;

export function decodePlanMeeting(input: {
  organizationId: string;
  kind: MeetingKind;
  plannedOn: string;
  startTime: string;
  place: string;
  topic?: string | null;
  agenda?: readonly string[] | null;
  combinedWithRegular?: boolean | null;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  guestMemberIds?: readonly string[] | null;
}): PlanMeetingInput {
  return {
    ...input,
    organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
    chairMemberId: member(input.chairMemberId, 'chairMemberId'),
    secretaryMemberId: member(input.secretaryMemberId, 'secretaryMemberId'),
    guestMemberIds: input.guestMemberIds?.map((id, i) => fromGlobalId('Member', id, `guestMemberIds.${i}`)) ?? null,
  };
}

export const meetingId = (id: string, field = 'meetingId') => fromGlobalId('Meeting', id, field);

export function decodeReschedule(input: { meetingId: string; plannedOn: string; startTime?: string | null; place?: string | null; reason: string }): RescheduleMeetingInput {
  return { ...input, meetingId: meetingId(input.meetingId) };
}

export function decodeHold(input: {
  meetingId: string;
  heldOn: string;
  durationMinutes: number;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  attendance?: readonly AttendanceArg[] | null;
  minutes?: string | null;
  resolutions?: readonly string[] | null;
}): HoldMeetingInput {
  return {
    ...input,
    meetingId: meetingId(input.meetingId),
    chairMemberId: member(input.chairMemberId, 'chairMemberId'),
    secretaryMemberId: member(input.secretaryMemberId, 'secretaryMemberId'),
    attendance: attendanceOf(input.attendance),
  };
}

export function decodeCorrect(input: {
  meetingId: string;
  revision: number;
  reason: string;
  heldOn?: string | null;
  durationMinutes?: number | null;
  chairMemberId?: string | null;
  secretaryMemberId?: string | null;
  attendance?: readonly AttendanceArg[] | null;
  minutes?: string | null;
  resolutions?: readonly string[] | null;
}): CorrectMeetingInput {
  return {
    ...input,
    meetingId: meetingId(input.meetingId),
    chairMemberId: member(input.chairMemberId, 'chairMemberId'),
    secretaryMemberId: member(input.secretaryMemberId, 'secretaryMemberId'),
    attendance: attendanceOf(input.attendance),
  };
}

export function decodeAssess(input: { meetingId: string; quality: MeetingQuality; assessedOn: string; note?: string | null }): AssessMeetingInput {
  return { ...input, meetingId: meetingId(input.meetingId) };
}

export function decodeDocuments(documents: readonly { documentId: string; sentOn: string }[]): MeetingDocumentInput[] {
  return documents.map((d, i) => ({ documentId: fromGlobalId('Document', d.documentId, `documents.${i}.documentId`), sentOn: d.sentOn }));
}
