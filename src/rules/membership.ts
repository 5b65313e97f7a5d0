import { Type } from 'typebox';
import { defineRule } from './rule.js';

const Whole = (minimum = 0) => Type.Integer({ minimum, maximum: 10_000 });

/** Thời kỳ dự bị: 12 months. */
export const PROBATION_MONTHS = defineRule<number>('membership.probation_months', 'probation length (months)', Whole(1));

/** Đình chỉ sinh hoạt đảng of a member: days at first, and at most in all with extensions. */
export const MEMBER_SUSPENSION_DAYS = defineRule<{ initial: number; maxTotal: number }>(
  'discipline.member_suspension_days',
  'suspension of a member (days)',
  Type.Object({ initial: Whole(1), maxTotal: Whole(1) }, { additionalProperties: false }),
);

/** Người vào Đảng phải từ đủ 18 tuổi. */
export const MINIMUM_ADMISSION_AGE = defineRule<number>('membership.minimum_admission_age', 'minimum age at admission (years)', Whole(1));

/**
 * Người vào Đảng: at most this age (counted in months) when the branch considers the person;
 * above it only a committee of one of the kinds named may decide. null: no upper limit.
 */
export const MAXIMUM_ADMISSION_AGE = defineRule<{ maximum: number | null; exceptionDecidedBy: string[] }>(
  'membership.maximum_admission_age',
  'maximum age at admission (years, counted in months), and who may admit above it',
  Type.Object({ maximum: Type.Union([Whole(18), Type.Null()]), exceptionDecidedBy: Type.Array(Type.String({ maxLength: 100 }), { uniqueItems: true }) }, { additionalProperties: false }),
);

/** Sinh hoạt đảng tạm thời: from 3 months to 1 year; for study up to 2 years. */
export const TEMPORARY_TRANSFER_MONTHS = defineRule<{ min: number; max: number; maxForStudy: number }>(
  'membership.temporary_transfer_months',
  'temporary transfer length (months)',
  Type.Object({ min: Whole(1), max: Whole(1), maxForStudy: Whole(1) }, { additionalProperties: false }),
);

/**
 * Kết nạp lại: who may be readmitted (left the Party as one of these statuses), after how many
 * months outside; once only, through probation again.
 */
export const READMISSION = defineRule<{ minimumMonthsOutside: number; fromStatuses: ('REMOVED_FROM_ROLL' | 'EXPELLED')[] }>(
  'membership.readmission',
  'readmission: months outside at least, and from which statuses',
  Type.Object(
    { minimumMonthsOutside: Whole(0), fromStatuses: Type.Array(Type.Union([Type.Literal('REMOVED_FROM_ROLL'), Type.Literal('EXPELLED')]), { uniqueItems: true }) },
    { additionalProperties: false },
  ),
);

/** Lễ kết nạp: held within this many working days of the admission decision; probation counts from it. */
export const ADMISSION_CEREMONY_WORKING_DAYS = defineRule<number>('membership.admission_ceremony_working_days', 'admission ceremony within (working days of the decision)', Whole(1));

/**
 * Lớp bồi dưỡng nhận thức về Đảng: a candidate admitted from candidacy has completed it, the class
 * having ended at most `validMonths` before the admission (its certificate's validity).
 */
export const AWARENESS_CLASS = defineRule<{ required: boolean; validMonths: number }>(
  'membership.awareness_class',
  'the class on awareness of the Party before admission (and how long its certificate holds, months)',
  Type.Object({ required: Type.Boolean(), validMonths: Whole(1) }, { additionalProperties: false }),
);

/**
 * Chuyển sinh hoạt đảng chính thức: the member presents the introduction letter to the receiving
 * committee within this time of the day it was written (working days, or calendar days before
 * 2021). Later, the arrival is recorded with a warning for the committee to consider the reason.
 */
export const TRANSFER_PRESENTATION = defineRule<{ days: number; workingDays: boolean }>(
  'membership.transfer_presentation',
  'introduction letter presented within (days of its writing)',
  Type.Object({ days: Whole(1), workingDays: Type.Boolean() }, { additionalProperties: false }),
);
