import type { DisciplineForm, ViolationCategory } from '../generated/prisma/client.js';
import type { Rule } from './rule.js';

/**
 * Thời hiệu kỷ luật đảng viên: years from the violation within which a form may be decided;
 * null: no limit. Some categories have no limit whatever the form.
 */
export const MEMBER_STATUTE_OF_LIMITATIONS: Rule<{ years: Record<DisciplineForm, number | null>; unlimitedCategories: ViolationCategory[] }> = {
  name: 'statute of limitations for members (years)',
  versions: [
    {
      value: {
        years: { REPRIMAND: 5, WARNING: 10, DISMISSAL: 10, EXPULSION: null, DISSOLUTION: null },
        unlimitedCategories: ['INTERNAL_POLITICAL', 'DEFENSE_SECURITY_FOREIGN_AFFAIRS', 'ILLEGAL_DEGREE'],
      },
      effectiveFrom: '2022-06-28',
      source: 'Quy định 69-QĐ/TW (2022), Điều 4; sửa đổi bởi Quy định 264-QĐ/TW (2025)',
    },
    {
      value: {
        years: { REPRIMAND: 5, WARNING: 10, DISMISSAL: 10, EXPULSION: null, DISSOLUTION: null },
        unlimitedCategories: ['INTERNAL_POLITICAL', 'DEFENSE_SECURITY_FOREIGN_AFFAIRS', 'ILLEGAL_DEGREE'],
      },
      effectiveFrom: '1930-01-01',
      source: 'Quy định 102-QĐ/TW (2017) and earlier (unconfirmed)',
      confirmed: false,
    },
  ],
};

/** Which forms fit which subject (Charter Art. 35). */
export const FORMS_BY_SUBJECT = {
  ORGANIZATION: ['REPRIMAND', 'WARNING', 'DISSOLUTION'],
  OFFICIAL_MEMBER: ['REPRIMAND', 'WARNING', 'DISMISSAL', 'EXPULSION'],
  PROBATIONARY_MEMBER: ['REPRIMAND', 'WARNING'],
} as const satisfies Record<string, readonly DisciplineForm[]>;

/** Đình chỉ sinh hoạt of an organisation: at most 90 days in all (Charter Art. 35; Quy định 296-QĐ/TW). */
export const ORGANIZATION_SUSPENSION_DAYS: Rule<number> = {
  name: 'suspension of an organisation (days, at most)',
  versions: [{ value: 90, effectiveFrom: '1930-01-01', source: 'Điều lệ Đảng, Điều 35; Quy định 296-QĐ/TW (2025)' }],
};

/**
 * Khiếu nại kỷ luật: the subject appeals within one month of being notified of the decision,
 * and the appeal is resolved within 90 working days (provincial level and below) or 180
 * (central level), counted from its receipt.
 */
export const APPEAL_LIMITS: Rule<{ filingMonths: number; resolutionWorkingDays: Record<'PROVINCIAL_AND_BELOW' | 'CENTRAL', number> }> = {
  name: 'appeals against discipline: filing window (months) and resolution (working days)',
  versions: [
    {
      value: { filingMonths: 1, resolutionWorkingDays: { PROVINCIAL_AND_BELOW: 90, CENTRAL: 180 } },
      effectiveFrom: '2022-06-28',
      source: 'Điều lệ Đảng, Điều 36; Quy định 22-QĐ/TW (2021); Quy định 296-QĐ/TW (2025)',
    },
    { value: { filingMonths: 1, resolutionWorkingDays: { PROVINCIAL_AND_BELOW: 90, CENTRAL: 180 } }, effectiveFrom: '1930-01-01', source: 'earlier regulations (unconfirmed)', confirmed: false },
  ],
};

/**
 * Tố cáo: resolved within 90 days of receipt (provincial level and below) or 180 (central),
 * extendable once by at most 30 working days.
 */
export const DENUNCIATION_LIMITS: Rule<{ resolutionDays: Record<'PROVINCIAL_AND_BELOW' | 'CENTRAL', number>; extensionWorkingDays: number }> = {
  name: 'denunciations: resolution (days) and extension (working days)',
  versions: [
    {
      value: { resolutionDays: { PROVINCIAL_AND_BELOW: 90, CENTRAL: 180 }, extensionWorkingDays: 30 },
      effectiveFrom: '2021-07-28',
      source: 'Quy định 22-QĐ/TW (2021), Điều 31; Quy định 296-QĐ/TW (2025)',
    },
    { value: { resolutionDays: { PROVINCIAL_AND_BELOW: 90, CENTRAL: 180 }, extensionWorkingDays: 30 }, effectiveFrom: '1930-01-01', source: 'earlier regulations (unconfirmed)', confirmed: false },
  ],
};
