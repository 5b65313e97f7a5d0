import type { PrismaClient } from '../../generated/prisma/client.js';
import { MEETING_REQUIREMENTS, REMOVAL_THRESHOLDS } from '../../rules/meetings.js';
import type { RuleBook } from '../../rules/rule.js';
import { todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError } from '../../shared/errors.js';
import { authorizeSubjects, type Actor } from '../auth/access.js';
import { checkPeriod, monthOf } from './meetings.service.js';

/** Branches named in a statistics answer at most: the counts are always whole. */
export const MISSING_BRANCHES_LISTED = 500;
/** Members reaching the threshold listed at most (a province's list is a few dozen). */
export const THRESHOLD_MEMBERS_LISTED = 5_000;

export type MeetingStatistics = {
  organizationId: string;
  from: IsoDate;
  to: IsoDate;
  asOf: IsoDate;
  /** Months counted: those of the period begun by asOf. */
  months: number;
  /** Branches (organisations that keep members) active through at least one month counted. */
  branches: number;
  branchesHeldAllRegular: number;
  regularMeetingsRequired: number;
  regularMeetingsHeld: number;
  /** Branches that missed a required regular meeting, with the months (most missed first). */
  branchesMissingRegular: { organizationId: string; months: IsoDate[] }[];
  thematicMeetingsHeld: number;
  /** Quarters wholly in the period and in a branch's life, and those with the thematic meetings required. */
  branchQuartersRequired: number;
  branchQuartersWithThematic: number;
  attendance: { expected: number; present: number; absentWithReason: number; absentWithoutReason: number; exempt: number; ratePercent: number | null };
  absentWithoutReasonByMonth: { month: IsoDate; members: number }[];
  /** Members who missed party activity without a reason in the months of a year the rule counts. */
  membersReachingThreshold: { memberId: string; organizationId: string; year: number; months: IsoDate[] }[];
  thresholdMonths: number;
  thresholdConsecutive: boolean;
  citation: string;
};

type Row = Omit<MeetingStatistics, 'organizationId' | 'from' | 'to' | 'asOf' | 'thresholdMonths' | 'thresholdConsecutive' | 'citation'>;

/**
 * Meeting figures of a subtree for a period, in one statement: which branches held every
 * month's regular meeting, thematic meetings, attendance, the members absent without a reason
 * each month, and the members who reach the removal rule's months in a year (counted from the
 * year's first month, as the rule counts "in a year"). Months are those begun by `asOf`.
 */
export class MeetingStatisticsService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly rules: RuleBook,
  ) {}

  async forPeriod(organizationId: string, from: IsoDate, to: IsoDate, asOf: IsoDate = todayInVietnam()): Promise<MeetingStatistics> {
    checkPeriod(from, to);
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readMeetings', { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const key = path.at(-1)!;
    const end = to < asOf ? to : asOf;
    const snapshot = await this.rules.current();
    const threshold = snapshot.at(REMOVAL_THRESHOLDS, end < from ? from : end);
    const requirements = snapshot.at(MEETING_REQUIREMENTS, end < from ? from : end);
    const [fromMonth, lastMonth] = [monthOf(from), monthOf(end)];
    const yearStart = `${from.slice(0, 4)}-01-01`;
    const [row] = await this.prisma.$queryRaw<Row[]>`
      WITH months AS (
        SELECT g::date AS month, (g + interval '1 month - 1 day')::date AS month_end
        FROM generate_series(${toDbDate(fromMonth)}::date, ${toDbDate(lastMonth)}::date, interval '1 month') g
      ), required AS (
        -- A branch owes the month's regular meeting when it is active in the subtree on its first and last day.
        SELECT DISTINCT v.organization_id, mo.month
        FROM months mo
        JOIN organization_versions v ON v.valid_from <= mo.month AND (v.valid_to IS NULL OR v.valid_to > mo.month)
        JOIN organization_kinds k ON k.code = v.kind_code AND k.holds_members
        WHERE v.status = 'ACTIVE' AND v.path @> ARRAY[${key}]::int[]
          AND EXISTS (SELECT 1 FROM organization_versions e WHERE e.organization_id = v.organization_id AND e.status = 'ACTIVE'
            AND e.valid_from <= mo.month_end AND (e.valid_to IS NULL OR e.valid_to > mo.month_end) AND e.path @> ARRAY[${key}]::int[])
      ), branch_months AS (
        SELECT r.organization_id, r.month, EXISTS (SELECT 1 FROM meetings m WHERE m.organization_id = r.organization_id AND m.month = r.month
          AND m.kind = 'REGULAR' AND m.status = 'HELD') AS held
        FROM required r
      ), branch_totals AS (
        SELECT organization_id, bool_and(held) AS held_all, array_agg(month ORDER BY month) FILTER (WHERE NOT held) AS missing
        FROM branch_months GROUP BY organization_id
      ), quarters AS (
        SELECT organization_id, date_trunc('quarter', month)::date AS quarter FROM required GROUP BY 1, 2 HAVING count(*) = 3
      ), quarter_thematic AS (
        SELECT q.organization_id, q.quarter, (SELECT count(*) FROM meetings m WHERE m.organization_id = q.organization_id AND m.kind = 'THEMATIC'
          AND m.status = 'HELD' AND m.month >= q.quarter AND m.month < (q.quarter + interval '3 months')::date) AS held
        FROM quarters q
      ), organizations_in AS (
        SELECT DISTINCT v.organization_id FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code AND k.holds_members
        WHERE v.path @> ARRAY[${key}]::int[] AND v.valid_from <= ${toDbDate(end)} AND (v.valid_to IS NULL OR v.valid_to > ${toDbDate(yearStart)})
      ), held AS (
        -- Branch meetings held in the subtree (as it was on their day), from the first year's January.
        SELECT m.id, m.organization_id, m.kind, m.held_on, m.month, m.expected_count, m.present_count, m.excused_count, m.unexcused_count, m.exempt_count,
          m.held_on >= ${toDbDate(from)} AS in_period
        FROM organizations_in o
        JOIN meetings m ON m.organization_id = o.organization_id AND m.month BETWEEN ${toDbDate(yearStart)} AND ${toDbDate(lastMonth)}
        WHERE m.status = 'HELD' AND m.kind <> 'COMMITTEE' AND m.held_on BETWEEN ${toDbDate(yearStart)} AND ${toDbDate(end)}
          AND EXISTS (SELECT 1 FROM organization_versions hv WHERE hv.organization_id = m.organization_id
            AND hv.valid_from <= m.held_on AND (hv.valid_to IS NULL OR hv.valid_to > m.held_on) AND hv.path @> ARRAY[${key}]::int[])
      ), unexcused AS (
        -- Only the absences without a reason are read row by row (a partial index): the rest is counted on the meetings.
        SELECT p.member_id, h.month, h.kind, h.held_on, h.organization_id, h.in_period
        FROM held h JOIN meeting_participants p ON p.meeting_id = h.id AND p.attendance = 'ABSENT_WITHOUT_REASON'
        WHERE p.role <> 'HIGHER_COMMITTEE'
      ), missed AS (
        SELECT member_id, month, extract(year FROM month)::int AS year, (array_agg(organization_id ORDER BY held_on DESC))[1] AS organization_id
        FROM unexcused WHERE kind::text = ANY(${threshold.value.meetingKinds}) GROUP BY member_id, month
      ), islands AS (
        SELECT member_id, year, count(*) AS length FROM (
          SELECT member_id, year, (extract(year FROM month) * 12 + extract(month FROM month))::int - row_number() OVER (PARTITION BY member_id, year ORDER BY month)::int AS island
          FROM missed) s
        GROUP BY member_id, year, island
      ), reaching AS (
        SELECT s.member_id, s.year, (array_agg(s.organization_id ORDER BY s.month DESC))[1] AS organization_id, array_agg(s.month ORDER BY s.month) AS months
        FROM missed s GROUP BY s.member_id, s.year
        HAVING CASE WHEN ${threshold.value.consecutive}
          THEN (SELECT max(i.length) FROM islands i WHERE i.member_id = s.member_id AND i.year = s.year) >= ${threshold.value.missedActivityMonths}
          ELSE count(*) >= ${threshold.value.missedActivityMonths} END
      )
      SELECT
        (SELECT count(*)::int FROM months) AS months,
        (SELECT count(*)::int FROM branch_totals) AS branches,
        (SELECT count(*)::int FROM branch_totals WHERE held_all) AS "branchesHeldAllRegular",
        (SELECT count(*)::int FROM branch_months) AS "regularMeetingsRequired",
        (SELECT count(*)::int FROM branch_months WHERE held) AS "regularMeetingsHeld",
        coalesce((SELECT json_agg(json_build_object('organizationId', organization_id, 'months', missing) ORDER BY cardinality(missing) DESC, organization_id)
          FROM (SELECT organization_id, missing FROM branch_totals WHERE NOT held_all ORDER BY cardinality(missing) DESC, organization_id LIMIT ${MISSING_BRANCHES_LISTED}) b), '[]') AS "branchesMissingRegular",
        (SELECT count(*)::int FROM held WHERE kind = 'THEMATIC' AND held_on >= ${toDbDate(from)}) AS "thematicMeetingsHeld",
        (SELECT count(*)::int FROM quarter_thematic) AS "branchQuartersRequired",
        (SELECT count(*)::int FROM quarter_thematic WHERE held >= ${requirements.value.thematicPerQuarter}) AS "branchQuartersWithThematic",
        (SELECT json_build_object(
            'expected', coalesce(sum(expected_count), 0),
            'present', coalesce(sum(present_count), 0),
            'absentWithReason', coalesce(sum(excused_count), 0),
            'absentWithoutReason', coalesce(sum(unexcused_count), 0),
            'exempt', coalesce(sum(exempt_count), 0),
            'ratePercent', round(100.0 * sum(present_count) / nullif(sum(expected_count), 0), 2))
          FROM held WHERE in_period) AS attendance,
        coalesce((SELECT json_agg(json_build_object('month', month, 'members', members) ORDER BY month)
          FROM (SELECT month, count(DISTINCT member_id)::int AS members FROM unexcused WHERE in_period GROUP BY month) a), '[]') AS "absentWithoutReasonByMonth",
        coalesce((SELECT json_agg(json_build_object('memberId', member_id, 'organizationId', organization_id, 'year', year, 'months', months) ORDER BY year, member_id)
          FROM (SELECT * FROM reaching ORDER BY year, member_id LIMIT ${THRESHOLD_MEMBERS_LISTED}) r), '[]') AS "membersReachingThreshold"`;
    return {
      organizationId,
      from,
      to,
      asOf,
      ...row!,
      // json_agg gives dates as text already; the rate as a number.
      attendance: { ...row!.attendance, ratePercent: row!.attendance.ratePercent === null ? null : Number(row!.attendance.ratePercent) },
      thresholdMonths: threshold.value.missedActivityMonths,
      thresholdConsecutive: threshold.value.consecutive,
      citation: threshold.citation,
    };
  }
}
