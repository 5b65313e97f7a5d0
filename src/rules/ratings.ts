import type { RatingLevel } from '../generated/prisma/client.js';
import type { Rule } from './rule.js';

/** The lowest score of each level on the 100-point scale. */
export const RATING_SCORE_BANDS: Rule<Record<RatingLevel, number>> = {
  name: 'rating score bands',
  versions: [
    {
      value: { EXCELLENT: 90, GOOD: 70, COMPLETED: 50, NOT_COMPLETED: 0 },
      effectiveFrom: '1930-01-01',
      source: 'Quy định 132-QĐ/TW (2018); Hướng dẫn 21-HD/BTCTW (2019): scores were not part of these; bands applied as later',
      confirmed: false,
    },
    {
      value: { EXCELLENT: 90, GOOD: 70, COMPLETED: 50, NOT_COMPLETED: 0 },
      effectiveFrom: '2023-10-03',
      source: 'Quy định 124-QĐ/TW (2023); Hướng dẫn 25-HD/BTCTW',
      confirmed: false,
    },
    {
      value: { EXCELLENT: 90, GOOD: 70, COMPLETED: 50, NOT_COMPLETED: 0 },
      effectiveFrom: '2025-08-30',
      source: 'Quy định 366-QĐ/TW (30/8/2025); Hướng dẫn 43-HD/BTCTW (NOT_COMPLETED < 50 unconfirmed for the Party)',
      confirmed: false,
    },
  ],
};

/** Members rated EXCELLENT: at most this share of those rated GOOD or above. */
export const EXCELLENT_MEMBER_QUOTA: Rule<number> = {
  name: 'share of EXCELLENT among members rated GOOD or above (at most)',
  versions: [{ value: 0.2, effectiveFrom: '2019-01-01', source: 'Hướng dẫn 21-HD/BTCTW (2019); current value unconfirmed', confirmed: false }],
};
