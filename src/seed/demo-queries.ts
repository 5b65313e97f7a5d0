import type { Database } from '../db/database.js';
import type { MemberStatus } from '../generated/prisma/client.js';
import type { IsoDate } from '../shared/dates.js';

/**
 * The members of each organisation's subtree on `day` with one of `statuses`, in the order of
 * the member lists (given name first, then id), for all organisations in one statement: what
 * the demo load would otherwise ask a page at a time per organisation.
 */
export async function membersUnder(
  db: Database,
  organizationIds: readonly string[],
  day: IsoDate,
  statuses: readonly MemberStatus[] = ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'],
): Promise<Map<string, string[]>> {
  const rows = await db.prisma.$queryRaw<{ organization_id: string; member_id: string }[]>`
    SELECT o.id::text AS organization_id, p.member_id::text
    FROM organizations o
    JOIN organization_versions v ON v.path @> ARRAY[o.path_key] AND v.valid_from <= ${day}::date AND (v.valid_to IS NULL OR v.valid_to > ${day}::date)
    JOIN member_periods p ON p.organization_id = v.organization_id AND p.valid_from <= ${day}::date AND (p.valid_to IS NULL OR p.valid_to > ${day}::date)
    JOIN members m ON m.id = p.member_id
    WHERE o.id = ANY(${[...organizationIds]}::uuid[]) AND p.status::text = ANY(${[...statuses]}::text[])
    ORDER BY o.id, m.sort_key, m.id`;
  const members = new Map<string, string[]>(organizationIds.map((id) => [id, []]));
  for (const row of rows) members.get(row.organization_id)!.push(row.member_id);
  return members;
}
