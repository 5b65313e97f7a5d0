import type { CommendationSubject, CommendationTitle, DisciplineForm } from '../generated/prisma/client.js';
import { Type } from 'typebox';
import { defineRule } from './rule.js';

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

const Whole = (minimum = 0) => Type.Integer({ minimum, maximum: 10_000 });

export const PARTY_BADGE_RULES = defineRule<BadgeRules>(
  'commendations.party_badges',
  'Party badges: milestones, award days, early awards and waits after discipline',
  Type.Object(
    {
      milestones: Type.Array(Whole(1), { minItems: 1, uniqueItems: true }),
      awardDays: Type.Array(Type.String({ pattern: '^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' }), { minItems: 1, uniqueItems: true }),
      seriousIllness: Type.Object({ upTo: Whole(1), months: Whole(), laterMonths: Whole() }, { additionalProperties: false }),
      posthumousMonths: Whole(),
      posthumousConsiderationMonths: Whole(),
      disciplineWaitMonths: Type.Object({ REPRIMAND: Type.Optional(Whole()), WARNING: Type.Optional(Whole()), DISMISSAL: Type.Optional(Whole()), EXPULSION: Type.Optional(Whole()), DISSOLUTION: Type.Optional(Whole()) }, { additionalProperties: false }),
    },
    { additionalProperties: false },
  ),
);

const Title = Type.Object(
  { subject: Type.Union([Type.Literal('ORGANIZATION'), Type.Literal('MEMBER')]), excellentYears: Whole(1), grassrootsOnly: Type.Boolean() },
  { additionalProperties: false },
);

/**
 * Titles that recognise years of quality ratings: who may hold them, and how many years running
 * of EXCELLENT (hoàn thành xuất sắc nhiệm vụ) they need, ending with the commendation's last year.
 */
export const TITLE_REQUIREMENTS = defineRule<Record<CommendationTitle, { subject: CommendationSubject; excellentYears: number; grassrootsOnly: boolean }>>(
  'commendations.title_requirements',
  'commendation titles and the ratings they need',
  Type.Object({ EXEMPLARY_CLEAN_STRONG: Title, EXEMPLARY_CLEAN_STRONG_FIVE_YEARS: Title, EXCELLENT_FIVE_YEARS_RUNNING: Title }, { additionalProperties: false }),
);
