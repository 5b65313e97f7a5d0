import { Type } from 'typebox';
import type { MeetingKind } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

const Whole = (minimum = 0, maximum = 10_000) => Type.Integer({ minimum, maximum });

/**
 * How often a branch meets and for how long: a thematic meeting each quarter, and the minimum
 * durations of the guidance on branch meetings (longer when a thematic meeting is held in the
 * same session as the regular one). The regular meeting each month (Điều lệ Đảng Điều 24.2) is
 * the schema's: one per organisation and month, required of every branch.
 */
export type MeetingRequirements = { thematicPerQuarter: number; minDurationMinutes: number; combinedMinDurationMinutes: number };

export const MEETING_REQUIREMENTS = defineRule<MeetingRequirements>(
  'meetings.requirements',
  'branch meetings: thematic per quarter, minimum durations (minutes)',
  Type.Object(
    { thematicPerQuarter: Whole(0, 92), minDurationMinutes: Whole(1, 1440), combinedMinDurationMinutes: Whole(1, 1440) },
    { additionalProperties: false },
  ),
);

/**
 * The measurable criteria of a meeting of quality (tiêu chí khung of the guidance): attendance
 * above a percentage of the members expected (exempt members apart), no more unexcused absences
 * than allowed, nobody excused more than so many meetings in a row in the year, the documents
 * sent so many days ahead (null: not required). With `goodRequiresAll`, a meeting is assessed
 * GOOD only when every criterion is met; the grade itself is the committee's judgement.
 */
export type MeetingQualityCriteria = {
  attendancePercentAbove: number;
  unexcusedAbsencesAllowed: number;
  excusedAbsencesInARowAllowed: number;
  documentsDaysAhead: number | null;
  goodRequiresAll: boolean;
};

export const MEETING_QUALITY_CRITERIA = defineRule<MeetingQualityCriteria>(
  'meetings.quality_criteria',
  'quality of a branch meeting: attendance, absences, documents ahead',
  Type.Object(
    {
      attendancePercentAbove: Type.Number({ minimum: 0, maximum: 100 }),
      unexcusedAbsencesAllowed: Whole(),
      excusedAbsencesInARowAllowed: Whole(1, 100),
      documentsDaysAhead: Type.Union([Whole(0, 60), Type.Null()]),
      goodRequiresAll: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
);

/**
 * Xóa tên (Điều lệ Đảng Điều 8.2): a member who, without a valid reason, misses party activity
 * or does not pay dues for this many months in a calendar year is considered by the branch for
 * removal from the roll. `consecutive`: whether the months must follow each other (the texts
 * found do not settle it). `meetingKinds`: the meetings whose unexcused absence makes a month
 * missed.
 */
export type RemovalThresholds = { missedActivityMonths: number; unpaidDuesMonths: number; consecutive: boolean; meetingKinds: MeetingKind[] };

export const REMOVAL_THRESHOLDS = defineRule<RemovalThresholds>(
  'membership.removal_thresholds',
  'removal from the roll: months of missed activity or unpaid dues in a year',
  Type.Object(
    {
      missedActivityMonths: Whole(1, 12),
      unpaidDuesMonths: Whole(1, 12),
      consecutive: Type.Boolean(),
      meetingKinds: Type.Array(Type.Union(['REGULAR', 'THEMATIC', 'EXTRAORDINARY', 'COMMITTEE'].map((k) => Type.Literal(k))), { minItems: 1, uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
);
