import { fromGlobalId } from '../../shared/ids.js';
import type { BadgeBatch } from './badges.service.js';
import type { CommendationBatch, CommendationRow } from './commendations.service.js';

/** Batches as GraphQL and REST receive them (global ids), decoded, naming the row of a bad id. */
type RowArg = Omit<CommendationRow, 'organizationId' | 'memberId'> & { organizationId?: string | null; memberId?: string | null };

export function decodeCommendationBatch(input: { awardedById: string; decisionId: string; rows: RowArg[] }): CommendationBatch {
  return {
    awardedById: fromGlobalId('Organization', input.awardedById, 'awardedById'),
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    rows: input.rows.map((row, index) => ({
      ...row,
      organizationId: row.organizationId ? fromGlobalId('Organization', row.organizationId, `rows.${index}.organizationId`) : null,
      memberId: row.memberId ? fromGlobalId('Member', row.memberId, `rows.${index}.memberId`) : null,
    })),
  };
}

export function decodeBadgeBatch(input: BadgeBatch): BadgeBatch {
  return {
    awardedById: fromGlobalId('Organization', input.awardedById, 'awardedById'),
    awardDate: input.awardDate,
    decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'),
    rows: input.rows.map((row, index) => ({ memberId: fromGlobalId('Member', row.memberId, `rows.${index}.memberId`), milestone: row.milestone })),
  };
}
