import type { RatingLevel, RatingSubject } from '../../generated/prisma/client.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { RatingRow } from './ratings.service.js';

export const ratingLevelLabels: Record<RatingLevel, string> = {
  EXCELLENT: 'Hoàn thành xuất sắc nhiệm vụ',
  GOOD: 'Hoàn thành tốt nhiệm vụ',
  COMPLETED: 'Hoàn thành nhiệm vụ',
  NOT_COMPLETED: 'Không hoàn thành nhiệm vụ',
};
export const ratingSubjectLabels: Record<RatingSubject, string> = { ORGANIZATION: 'Tổ chức đảng', MEMBER: 'Đảng viên' };

type RowArg = { organizationId?: string | null; memberId?: string | null; level: RatingLevel; score?: number | null };

/** Rating rows as GraphQL and REST receive them (global ids), decoded, naming the row of a bad id. */
export function decodeRatingRows(rows: RowArg[], field = 'rows'): RatingRow[] {
  return rows.map((row, index) => ({
    level: row.level,
    score: row.score ?? null,
    organizationId: row.organizationId ? fromGlobalId('Organization', row.organizationId, `${field}.${index}.organizationId`) : null,
    memberId: row.memberId ? fromGlobalId('Member', row.memberId, `${field}.${index}.memberId`) : null,
  }));
}
