import { Type } from 'typebox';
import type { RatingLevel } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

const Score = Type.Number({ minimum: 0, maximum: 100 });

/** The lowest score of each level on the 100-point scale. */
export const RATING_SCORE_BANDS = defineRule<Record<RatingLevel, number>>(
  'ratings.score_bands',
  'rating score bands',
  Type.Object({ EXCELLENT: Score, GOOD: Score, COMPLETED: Score, NOT_COMPLETED: Score }, { additionalProperties: false }),
);

/** Members rated EXCELLENT: at most this share of those rated GOOD or above. */
export const EXCELLENT_MEMBER_QUOTA = defineRule<number>(
  'ratings.excellent_member_quota',
  'share of EXCELLENT among members rated GOOD or above (at most)',
  Type.Number({ minimum: 0, maximum: 1 }),
);
