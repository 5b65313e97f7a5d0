import { Type } from 'typebox';
import type { DuesGroup } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

export const DUES_GROUPS: readonly DuesGroup[] = [
  'SOCIAL_INSURANCE_SALARY',
  'SICKNESS_MATERNITY_ALLOWANCE',
  'PENSION',
  'SOCIAL_PENSION',
  'STUDENT',
  'OTHER_DOMESTIC',
  'MISSION_ABROAD',
  'OTHER_ABROAD',
];

/**
 * How one group's monthly dues are reckoned: a percentage of the basis amount, a fixed amount,
 * an amount the branch sets (within a range where the regulation gives one), or nothing.
 */
export type GroupRate = { percent: number | null; fixed: number | null; setRange: [number, number] | null; exempt: boolean };

/**
 * Mức đóng đảng phí by group. `baseFromPreviousMonth`: the salary of the month before counts
 * (01-QĐ/TW: "tiền lương … của tháng trước liền kề").
 */
export type DuesRates = { groups: Record<DuesGroup, GroupRate>; baseFromPreviousMonth: boolean };

const Amount = Type.Integer({ minimum: 0, maximum: 100_000_000 });
const Rate = Type.Object(
  {
    percent: Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 100 }), Type.Null()]),
    fixed: Type.Union([Amount, Type.Null()]),
    setRange: Type.Union([Type.Tuple([Amount, Amount]), Type.Null()]),
    exempt: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const DUES_RATES = defineRule<DuesRates>(
  'dues.rates',
  'Party dues: the monthly rate of each group',
  Type.Object(
    { groups: Type.Object(Object.fromEntries(DUES_GROUPS.map((g) => [g, Rate])), { additionalProperties: false }), baseFromPreviousMonth: Type.Boolean() },
    { additionalProperties: false },
  ),
);

/**
 * Miễn, giảm: members of at least `exemptPartyAgeYears` of party age pay nothing (from the month
 * whose first day finds them there); a reduction is one of `reductionPercents` (null: any); a
 * decision covers at most `adjustmentMaxMonths` (null: no limit); a deferral or advance is for a
 * member exempted from party activity when `deferralNeedsActivityExemption`.
 */
export type DuesExemptions = {
  exemptPartyAgeYears: number | null;
  reductionPercents: number[] | null;
  adjustmentMaxMonths: number | null;
  deferralNeedsActivityExemption: boolean;
};

export const DUES_EXEMPTIONS = defineRule<DuesExemptions>(
  'dues.exemptions',
  'Party dues: exemption by party age, reductions, the months a decision covers',
  Type.Object(
    {
      exemptPartyAgeYears: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()]),
      reductionPercents: Type.Union([Type.Array(Type.Integer({ minimum: 1, maximum: 99 }), { minItems: 1, uniqueItems: true }), Type.Null()]),
      adjustmentMaxMonths: Type.Union([Type.Integer({ minimum: 1, maximum: 120 }), Type.Null()]),
      deferralNeedsActivityExemption: Type.Boolean(),
    },
    { additionalProperties: false },
  ),
);

/**
 * Trích, nộp: the percentage of the dues it receives (its own collection and what comes from
 * below) each kind of organisation keeps; the rest goes to the committee above. A grassroots
 * organisation of a commune or ward keeps `grassrootsCommuneWardKeepPercent`.
 */
export type DuesSharing = { keepPercentByKind: Record<string, number>; grassrootsCommuneWardKeepPercent: number };

export const DUES_SHARING = defineRule<DuesSharing>(
  'dues.sharing',
  'Party dues: what each level keeps of what it receives (percent)',
  Type.Object(
    { keepPercentByKind: Type.Record(Type.String({ maxLength: 100 }), Type.Integer({ minimum: 0, maximum: 100 })), grassrootsCommuneWardKeepPercent: Type.Integer({ minimum: 0, maximum: 100 }) },
    { additionalProperties: false },
  ),
);
