import type { CommendationSubject, CommendationTitle, DisciplineForm } from '../generated/prisma/client.js';
import type { Rule } from './rule.js';

/**
 * Huy hiệu Đảng: the milestones of party age (years), the days badges are awarded on
 * (month-day), how far ahead of a milestone a seriously ill member (by milestone) or a member
 * who has died may receive it, and how long a member waits after a discipline decision.
 */
export type BadgeRules = {
  milestones: number[];
  awardDays: string[];
  /** Months early for a seriously ill member: milestones up to `upTo` years, and the rest. */
  seriousIllness: { upTo: number; months: number; laterMonths: number };
  /** Months early for a posthumous award, counted from the day of death. */
  posthumousMonths: number;
  /**
   * A member who has died is considered at the award dates within this many months of the death
   * (the branch proposes the posthumous award then). Unconfirmed: configurable.
   */
  posthumousConsiderationMonths: number;
  /** Months from the discipline decision before a badge may be awarded, by form. */
  disciplineWaitMonths: Partial<Record<DisciplineForm, number>>;
};

const BADGE_RULES_2021: BadgeRules = {
  milestones: [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90],
  awardDays: ['02-03', '05-19', '09-02', '11-07'],
  seriousIllness: { upTo: 65, months: 12, laterMonths: 24 },
  posthumousMonths: 12,
  posthumousConsiderationMonths: 12,
  disciplineWaitMonths: { REPRIMAND: 6, WARNING: 9, DISMISSAL: 12 },
};

export const PARTY_BADGE_RULES: Rule<BadgeRules> = {
  name: 'Party badges: milestones, award days, early awards and waits after discipline',
  versions: [
    {
      value: BADGE_RULES_2021,
      effectiveFrom: '2021-08-30',
      source: 'Hướng dẫn 01-HD/TW (2021) thực hiện Điều lệ Đảng; Quy định 24-QĐ/TW (2021)',
    },
    {
      value: BADGE_RULES_2021,
      effectiveFrom: '1930-01-01',
      source: 'Hướng dẫn 01-HD/TW (2016) and earlier rules (unconfirmed: applied as in 2021)',
      confirmed: false,
    },
  ],
};

/**
 * Titles that recognise years of quality ratings: who may hold them, and how many years running
 * of EXCELLENT (hoàn thành xuất sắc nhiệm vụ) they need, ending with the commendation's last year.
 */
export const TITLE_REQUIREMENTS: Rule<Record<CommendationTitle, { subject: CommendationSubject; excellentYears: number; grassrootsOnly: boolean }>> = {
  name: 'commendation titles and the ratings they need',
  versions: [
    {
      value: {
        EXEMPLARY_CLEAN_STRONG: { subject: 'ORGANIZATION', excellentYears: 1, grassrootsOnly: true },
        EXEMPLARY_CLEAN_STRONG_FIVE_YEARS: { subject: 'ORGANIZATION', excellentYears: 5, grassrootsOnly: true },
        EXCELLENT_FIVE_YEARS_RUNNING: { subject: 'MEMBER', excellentYears: 5, grassrootsOnly: false },
      },
      effectiveFrom: '2016-07-25',
      source: 'Quy định 29-QĐ/TW (2016) §27; Hướng dẫn 01-HD/TW (2021)',
    },
  ],
};
