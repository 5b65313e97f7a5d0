import { Prisma, type ComplaintKind, type ComplaintStatus, type DisciplineForm, type InspectionType, type PrismaClient, type SupervisionKind } from '../../generated/prisma/client.js';
import { toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorize, currentPath, type Actor } from '../auth/access.js';

export type InspectionStatistics = {
  organizationId: string;
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  disciplinedMembers: { form: DisciplineForm; count: number }[];
  disciplinedOrganizations: { form: DisciplineForm; count: number }[];
  memberSuspensions: number;
  memberReinstatements: number;
  organizationSuspensions: number;
  organizationReinstatements: number;
  inspectionsByType: { type: InspectionType; count: number }[];
  organizationsInspected: number;
  membersInspected: number;
  organizationsInspectedOnSigns: number;
  membersInspectedOnSigns: number;
  supervisionsByKind: { kind: SupervisionKind; count: number }[];
  complaintsByStatus: { kind: ComplaintKind; status: ComplaintStatus; count: number }[];
  complaintsOverdue: number;
  complaintsResolvedLate: number;
};

type Row = Omit<InspectionStatistics, 'organizationId' | 'from' | 'to' | 'asOf'>;

/** The version of organisation `id` on day `day`, inside the subtree of `key`. */
const inSubtree = (alias: string, id: Prisma.Sql, day: Prisma.Sql, key: number) => Prisma.sql`
  EXISTS (SELECT 1 FROM organization_versions ${Prisma.raw(alias)}
    WHERE ${Prisma.raw(alias)}.organization_id = ${id} AND ${Prisma.raw(alias)}.valid_from <= ${day}
      AND (${Prisma.raw(alias)}.valid_to IS NULL OR ${Prisma.raw(alias)}.valid_to > ${day})
      AND ${Prisma.raw(alias)}.path @> ARRAY[${key}]::int[])`;

/**
 * The inspection committee's figures for a subtree and period, as its quarterly report gives
 * them, as they stood on `asOf` (the period's end unless given), so a report does not change when
 * a later appeal annuls a decision: members and organisations disciplined by form (decisions in
 * force on asOf), suspensions and
 * reinstatements, inspections by type and the organisations and members inspected (on signs of
 * violation apart), supervision by kind, letters by kind and status with the overdue ones.
 * Names never appear, so the roles that write reports may read it. One SQL statement.
 */
export class InspectionStatisticsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
  ) {}

  async forPeriod(organizationId: string, from: IsoDate, to: IsoDate, asOf: IsoDate = to): Promise<InspectionStatistics> {
    if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    authorize(this.actor, 'readInspectionStatistics', [path]);
    const key = path.at(-1)!;
    const [start, end, today] = [toDbDate(from), toDbDate(to), toDbDate(asOf)];
    const [row] = await this.prisma.$queryRaw<Row[]>`
      WITH discipline AS (
        SELECT d.subject, d.form, count(*)::int AS count FROM discipline_records d
        WHERE (d.status = 'IN_FORCE' OR d.ended_on > ${today}) AND d.effective_from BETWEEN ${start} AND ${end}
          AND ${inSubtree('dv', Prisma.sql`d.organization_id`, Prisma.sql`d.effective_from`, key)}
        GROUP BY d.subject, d.form
      ), member_changes AS (
        SELECT e.type, count(*)::int AS count FROM member_events e
        JOIN member_periods p ON p.member_id = e.member_id AND p.valid_from <= e.effective_on AND (p.valid_to IS NULL OR p.valid_to > e.effective_on)
        WHERE e.type IN ('SUSPENDED', 'REINSTATED') AND e.effective_on BETWEEN ${start} AND ${end}
          AND ${inSubtree('mv', Prisma.sql`p.organization_id`, Prisma.sql`e.effective_on`, key)}
        GROUP BY e.type
      ), cases AS (
        SELECT c.id, c.type FROM inspection_cases c
        WHERE c.decided_on BETWEEN ${start} AND ${end} AND ${inSubtree('cv', Prisma.sql`c.authority_id`, Prisma.sql`c.decided_on`, key)}
      ), subjects AS (
        SELECT s.organization_id, s.member_id, c.type FROM inspection_subjects s JOIN cases c ON c.id = s.case_id
      ), letters AS (
        -- Each letter as it stood on asOf: resolved or withdrawn later, it was still being processed.
        SELECT l.kind, CASE
            WHEN l.status = 'RESOLVED' AND l.resolved_on <= ${today} THEN 'RESOLVED'
            WHEN l.status = 'WITHDRAWN' AND l.withdrawn_on <= ${today} THEN 'WITHDRAWN'
            WHEN l.status = 'NOT_PROCESSED' THEN 'NOT_PROCESSED'
            ELSE 'PROCESSING' END AS status,
          l.resolved_on, coalesce(l.extended_due_on, l.due_on) AS deadline FROM complaints l
        WHERE l.received_on BETWEEN ${start} AND ${end} AND ${inSubtree('lv', Prisma.sql`l.handler_id`, Prisma.sql`l.received_on`, key)}
      )
      SELECT
        coalesce((SELECT json_agg(json_build_object('form', form, 'count', count) ORDER BY form) FROM discipline WHERE subject = 'MEMBER'), '[]') AS "disciplinedMembers",
        coalesce((SELECT json_agg(json_build_object('form', form, 'count', count) ORDER BY form) FROM discipline WHERE subject = 'ORGANIZATION'), '[]') AS "disciplinedOrganizations",
        coalesce((SELECT count FROM member_changes WHERE type = 'SUSPENDED'), 0) AS "memberSuspensions",
        coalesce((SELECT count FROM member_changes WHERE type = 'REINSTATED'), 0) AS "memberReinstatements",
        (SELECT count(*)::int FROM organization_suspensions o WHERE o.starts_on BETWEEN ${start} AND ${end}
          AND ${inSubtree('ov', Prisma.sql`o.organization_id`, Prisma.sql`o.starts_on`, key)}) AS "organizationSuspensions",
        (SELECT count(*)::int FROM organization_suspensions o WHERE o.reinstated_on BETWEEN ${start} AND ${end}
          AND ${inSubtree('rv', Prisma.sql`o.organization_id`, Prisma.sql`o.starts_on`, key)}) AS "organizationReinstatements",
        coalesce((SELECT json_agg(json_build_object('type', type, 'count', count) ORDER BY type)
          FROM (SELECT type, count(*)::int AS count FROM cases GROUP BY type) t), '[]') AS "inspectionsByType",
        (SELECT count(DISTINCT organization_id)::int FROM subjects WHERE member_id IS NULL) AS "organizationsInspected",
        (SELECT count(DISTINCT member_id)::int FROM subjects) AS "membersInspected",
        (SELECT count(DISTINCT organization_id)::int FROM subjects WHERE member_id IS NULL AND type = 'ON_SIGNS_OF_VIOLATION') AS "organizationsInspectedOnSigns",
        (SELECT count(DISTINCT member_id)::int FROM subjects WHERE type = 'ON_SIGNS_OF_VIOLATION') AS "membersInspectedOnSigns",
        coalesce((SELECT json_agg(json_build_object('kind', kind, 'count', count) ORDER BY kind)
          FROM (SELECT s.kind, count(*)::int AS count FROM supervisions s
            WHERE s.starts_on BETWEEN ${start} AND ${end} AND ${inSubtree('sv', Prisma.sql`s.authority_id`, Prisma.sql`s.starts_on`, key)}
            GROUP BY s.kind) k), '[]') AS "supervisionsByKind",
        coalesce((SELECT json_agg(json_build_object('kind', kind, 'status', status, 'count', count) ORDER BY kind, status)
          FROM (SELECT kind, status, count(*)::int AS count FROM letters GROUP BY kind, status) g), '[]') AS "complaintsByStatus",
        (SELECT count(*)::int FROM letters WHERE status = 'PROCESSING' AND deadline < ${today}) AS "complaintsOverdue",
        (SELECT count(*)::int FROM letters WHERE status = 'RESOLVED' AND resolved_on > deadline) AS "complaintsResolvedLate"`;
    return { organizationId, from, to, asOf, ...row! };
  }
}
