import { Type } from 'typebox';
import type { DisciplineForm, ViolationCategory } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

const Whole = (minimum = 0) => Type.Integer({ minimum, maximum: 10_000 });
const Years = Type.Union([Whole(1), Type.Null()]);
const ByLevel = Type.Object({ PROVINCIAL_AND_BELOW: Whole(1), CENTRAL: Whole(1) }, { additionalProperties: false });

/**
 * Thời hiệu kỷ luật đảng viên: years from the violation within which a form may be decided;
 * null: no limit. Some categories have no limit whatever the form.
 */
export const MEMBER_STATUTE_OF_LIMITATIONS = defineRule<{ years: Record<DisciplineForm, number | null>; unlimitedCategories: ViolationCategory[] }>(
  'discipline.member_statute_of_limitations',
  'statute of limitations for members (years)',
  Type.Object(
    {
      years: Type.Object({ REPRIMAND: Years, WARNING: Years, DISMISSAL: Years, EXPULSION: Years, DISSOLUTION: Years }, { additionalProperties: false }),
      unlimitedCategories: Type.Array(Type.Union(['GENERAL', 'INTERNAL_POLITICAL', 'DEFENSE_SECURITY_FOREIGN_AFFAIRS', 'ILLEGAL_DEGREE'].map((c) => Type.Literal(c))), { uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
);

/** Thời hiệu kỷ luật tổ chức đảng: the same shape, for organisations. */
export const ORGANIZATION_STATUTE_OF_LIMITATIONS = defineRule<{ years: Record<DisciplineForm, number | null>; unlimitedCategories: ViolationCategory[] }>(
  'discipline.organization_statute_of_limitations',
  'statute of limitations for organisations (years)',
  MEMBER_STATUTE_OF_LIMITATIONS.schema,
);

/** Which forms fit which subject (Charter Art. 35). */
export const FORMS_BY_SUBJECT = {
  ORGANIZATION: ['REPRIMAND', 'WARNING', 'DISSOLUTION'],
  OFFICIAL_MEMBER: ['REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION'],
  PROBATIONARY_MEMBER: ['REPRIMAND', 'WARNING'],
} as const satisfies Record<string, readonly DisciplineForm[]>;

/** Đình chỉ hoạt động of an organisation: at most this many days in all. */
export const ORGANIZATION_SUSPENSION_DAYS = defineRule<number>('discipline.organization_suspension_days', 'suspension of an organisation (days, at most)', Whole(1));

/**
 * Khiếu nại kỷ luật: the subject appeals within `filingMonths` of being notified of the
 * decision, and the appeal is resolved within these working days (provincial level and below,
 * or central), counted from its receipt.
 */
export const APPEAL_LIMITS = defineRule<{ filingMonths: number; resolutionWorkingDays: Record<'PROVINCIAL_AND_BELOW' | 'CENTRAL', number> }>(
  'complaints.appeal_limits',
  'appeals against discipline: filing window (months) and resolution (working days)',
  Type.Object({ filingMonths: Whole(1), resolutionWorkingDays: ByLevel }, { additionalProperties: false }),
);

/** Tố cáo: resolved within these days of receipt, extendable once by at most `extensionWorkingDays`. */
export const DENUNCIATION_LIMITS = defineRule<{ resolutionDays: Record<'PROVINCIAL_AND_BELOW' | 'CENTRAL', number>; extensionWorkingDays: number }>(
  'complaints.denunciation_limits',
  'denunciations: resolution (days) and extension (working days)',
  Type.Object({ resolutionDays: ByLevel, extensionWorkingDays: Whole(1) }, { additionalProperties: false }),
);

/**
 * A member who died is not disciplined (the violation is examined and concluded) unless it is of
 * at least this gravity (Quy định 69-QĐ/TW Điều 2.14: vi phạm đặc biệt nghiêm trọng). null: never.
 */
export const DECEASED_MEMBER_DISCIPLINE = defineRule<{ minimumGravity: 'LESS_SERIOUS' | 'SERIOUS' | 'VERY_SERIOUS' | 'EXTREMELY_SERIOUS' | null }>(
  'discipline.deceased_member',
  'discipline of a member who died (the least gravity)',
  Type.Object(
    { minimumGravity: Type.Union([...['LESS_SERIOUS', 'SERIOUS', 'VERY_SERIOUS', 'EXTREMELY_SERIOUS'].map((g) => Type.Literal(g)), Type.Null()]) },
    { additionalProperties: false },
  ),
);
