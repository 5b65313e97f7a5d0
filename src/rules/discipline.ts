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
