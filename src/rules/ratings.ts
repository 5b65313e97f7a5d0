import { Type } from 'typebox';
import type { RatingLevel } from '../generated/prisma/client.js';
import { defineRule } from './rule.js';

const Score = Type.Number({ minimum: 0, maximum: 100 });
const Level = Type.Union(['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'].map((level) => Type.Literal(level)));
const Status = Type.Union(['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'].map((status) => Type.Literal(status)));

/** The lowest score of each level on the 100-point scale. */
export const RATING_SCORE_BANDS = defineRule<Record<RatingLevel, number>>(
  'ratings.score_bands',
  'rating score bands',
  Type.Object({ EXCELLENT: Score, GOOD: Score, COMPLETED: Score, NOT_COMPLETED: Score }, { additionalProperties: false }),
);

/**
 * Those rated EXCELLENT (members, or organisations rated by one committee) are at most `share`
 * of those rated at the `base` levels, counted over every current rating of the same committee
 * and period, not one batch at a time.
 */
export const EXCELLENT_QUOTA = defineRule<{ share: number; base: RatingLevel[]; subjects: ('MEMBER' | 'ORGANIZATION')[] }>(
  'ratings.excellent_quota',
  'share of EXCELLENT among those rated at the base levels (at most)',
  Type.Object(
    {
      share: Type.Number({ minimum: 0, maximum: 1 }),
      base: Type.Array(Level, { minItems: 1, uniqueItems: true }),
      subjects: Type.Array(Type.Union([Type.Literal('MEMBER'), Type.Literal('ORGANIZATION')]), { uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
);

/** The statuses a member must have on the last day of the period to be rated (suspended members are not, from 2019). */
export const RATED_MEMBER_STATUSES = defineRule<('PROBATIONARY' | 'OFFICIAL' | 'SUSPENDED')[]>(
  'ratings.rated_member_statuses',
  'member statuses that are rated',
  Type.Array(Status, { minItems: 1, uniqueItems: true }),
);

/**
 * Discipline in the period caps a rating: a member disciplined in it is rated at most
 * `memberHighestLevel`; an organisation disciplined in it at most `organizationHighestLevel`;
 * an organisation is not EXCELLENT when one of the kinds listed in `excellentBlockedBy` was
 * disciplined in the period (an organisation under it, a member of its committee, any member
 * of its subtree). null: no cap.
 */
export const DISCIPLINE_CAPS_RATING = defineRule<{
  memberHighestLevel: RatingLevel | null;
  organizationHighestLevel: RatingLevel | null;
  excellentBlockedBy: ('SUBORDINATE_ORGANIZATION' | 'COMMITTEE_MEMBER' | 'ANY_MEMBER')[];
}>(
  'ratings.discipline_caps',
  'discipline in the period caps the rating',
  Type.Object(
    {
      memberHighestLevel: Type.Union([Level, Type.Null()]),
      organizationHighestLevel: Type.Union([Level, Type.Null()]),
      excellentBlockedBy: Type.Array(Type.Union(['SUBORDINATE_ORGANIZATION', 'COMMITTEE_MEMBER', 'ANY_MEMBER'].map((kind) => Type.Literal(kind))), { uniqueItems: true }),
    },
    { additionalProperties: false },
  ),
);

/**
 * Who decides members' ratings: `GRASSROOTS` (the grassroots committee, or a grassroots
 * branch, of the member) or `ANY_ABOVE` (any organisation above the member).
 */
export const MEMBER_RATER = defineRule<'GRASSROOTS' | 'ANY_ABOVE'>(
  'ratings.member_rater',
  'who decides members\u2019 ratings',
  Type.Union([Type.Literal('GRASSROOTS'), Type.Literal('ANY_ABOVE')]),
);
