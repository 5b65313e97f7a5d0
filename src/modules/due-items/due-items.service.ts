import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import { PARTY_BADGE_RULES } from '../../rules/commendations.js';
import type { RuleBook } from '../../rules/rule.js';
import { addDays, addMonths, fromDbDate, todayInVietnam, toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeSubjects, may, type Actor, type Capability } from '../auth/access.js';
import { ledgerSql } from '../dues/dues.service.js';

/** At most this many days ahead, and items in one answer (the earliest first). */
export const DUE_ITEMS_LIMITS = { days: 366, items: 5_000 } as const;

export const DUE_ITEM_KINDS = [
  'PROBATION_ENDING',
  'TEMPORARY_TRANSFER_ENDING',
  'MEMBER_SUSPENSION_ENDING',
  'ORGANIZATION_SUSPENSION_ENDING',
  'APPEAL_DUE',
  'DENUNCIATION_DUE',
  'PARTY_BADGE_MILESTONE',
  'REGULAR_MEETING_NOT_HELD',
  'MEETING_PLANNED',
  'DUES_IN_ARREARS',
  'TERM_ENDING',
  'TRAINING_CLASS_STARTING',
] as const;
export type DueItemKind = (typeof DUE_ITEM_KINDS)[number];

/** What each kind reveals, and so who may see it. */
const KIND_CAPABILITY: Record<DueItemKind, Capability> = {
  PROBATION_ENDING: 'readMembers',
  TEMPORARY_TRANSFER_ENDING: 'readMembers',
  MEMBER_SUSPENSION_ENDING: 'readDiscipline',
  ORGANIZATION_SUSPENSION_ENDING: 'readDiscipline',
  APPEAL_DUE: 'readComplaints',
  DENUNCIATION_DUE: 'readComplaints',
  PARTY_BADGE_MILESTONE: 'readCommendations',
  REGULAR_MEETING_NOT_HELD: 'readMeetings',
  MEETING_PLANNED: 'readMeetings',
  DUES_IN_ARREARS: 'readDues',
  TERM_ENDING: 'read',
  TRAINING_CLASS_STARTING: 'read',
};

export type DueItem = {
  date: IsoDate;
  kind: DueItemKind;
  /** The date has passed and the matter is still open. */
  overdue: boolean;
  organizationId: string;
  memberId: string | null;
  /** The record the item is about: a Meeting, Complaint, Term, TrainingClass, OrganizationSuspension, or the member. */
  subjectType: string;
  subjectId: string;
  /** What is due, for people (Vietnamese). */
  title: string;
  /** The rule behind the date (its source, marked when unconfirmed), where a rule sets it. */
  rule: string | null;
};

export type DueItems = { organizationId: string; asOf: IsoDate; until: IsoDate; items: DueItem[]; truncated: boolean };

/**
 * Việc đến hạn: what comes due in a subtree within some days, in one statement: probations
 * ending (recognition due), temporary transfers and suspensions ending, appeals and
 * denunciations due (their deadlines counted in working days when received), Party badge
 * milestones on the award days in the window, this month's regular meetings not yet held and
 * the meetings planned, dues unpaid for the month that ended last, terms ending and training
 * classes starting. Matters still open past their date are included as overdue. Each kind only
 * for a caller who may read it in the subtree.
 */
export class DueItemService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly rules: RuleBook,
  ) {}

  async within(organizationId: string, days: number, asOf: IsoDate = todayInVietnam()): Promise<DueItems> {
    return (await this.withScope(organizationId, days, asOf)).dueItems;
  }

  /**
   * The same, with the path key of the subtree's root: what the announcements of changes name
   * (a subscription re-reads when its key is among them: due-items.live.ts).
   */
  async withScope(organizationId: string, days: number, asOf: IsoDate = todayInVietnam()): Promise<{ dueItems: DueItems; scopeKey: number }> {
    if (!Number.isInteger(days) || days < 0 || days > DUE_ITEMS_LIMITS.days) throw ValidationError.field('days', `whole days from 0 to ${DUE_ITEMS_LIMITS.days}`);
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'read', { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    authorize(this.actor, 'read', [path]);
    const allowed = new Set(DUE_ITEM_KINDS.filter((kind) => may(this.actor, KIND_CAPABILITY[kind], path)));
    const until = addDays(asOf, days);
    const key = path.at(-1)!;
    const [a, u] = [toDbDate(asOf), toDbDate(until)];
    const on = (kind: DueItemKind) => allowed.has(kind);

    // The award days in the window, each with the one before it: the milestones reached between.
    const snapshot = await this.rules.current();
    const awardDays: { day: IsoDate; previous: IsoDate; citation: string }[] = [];
    if (on('PARTY_BADGE_MILESTONE')) {
      for (let year = Number(asOf.slice(0, 4)); year <= Number(until.slice(0, 4)); year++) {
        const rule = snapshot.at(PARTY_BADGE_RULES, `${year}-01-01`);
        const days = [...rule.value.awardDays].sort();
        days.forEach((md, i) => {
          const day = `${year}-${md}`;
          const previous = i === 0 ? `${year - 1}-${days.at(-1)}` : `${year}-${days[i - 1]}`;
          if (day > asOf && day <= until) awardDays.push({ day, previous, citation: rule.citation });
        });
      }
    }
    const month = `${asOf.slice(0, 7)}-01`;
    const monthEnd = addDays(addMonths(month, 1), -1);
    // The month that ended last: a reminder to collect (a member's whole arrears are in duesArrears).
    const arrearsFrom = addMonths(month, -1);
    const arrearsTo = arrearsFrom;

    const rows = await this.prisma.$queryRaw<(Omit<DueItem, 'date'> & { date: Date })[]>`
      ${ledgerSql({ from: arrearsFrom, to: arrearsTo }, on('DUES_IN_ARREARS') ? Prisma.sql`EXISTS (SELECT 1 FROM organization_versions v WHERE v.organization_id = coalesce(p.temporary_organization_id, p.organization_id)
          AND v.valid_from <= mo.month AND (v.valid_to IS NULL OR v.valid_to > mo.month) AND v.path @> ARRAY[${key}]::int[])` : Prisma.sql`FALSE`, asOf)}
      , organizations_now AS (
        SELECT v.organization_id, v.kind_code, v.status FROM organization_versions v
        WHERE v.path @> ARRAY[${key}]::int[] AND v.valid_from <= ${a} AND (v.valid_to IS NULL OR v.valid_to > ${a})
      ), members_now AS (
        SELECT p.* FROM member_periods p JOIN organizations_now o ON o.organization_id = p.organization_id
        WHERE p.valid_from <= ${a} AND (p.valid_to IS NULL OR p.valid_to > ${a}) AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
      ), items AS (
        SELECT (s.start + make_interval(months => (r.value #>> '{}')::int))::date AS date, 'PROBATION_ENDING' AS kind, p.organization_id, p.member_id,
          'Member' AS subject_type, p.member_id AS subject_id, 'Hết thời gian dự bị: xét công nhận đảng viên chính thức' AS title,
          r.source || CASE WHEN r.confirmed THEN '' ELSE '; unconfirmed' END AS rule
        FROM members_now p JOIN members m ON m.id = p.member_id
        CROSS JOIN LATERAL (SELECT coalesce((SELECT max(e.effective_on) FROM member_events e WHERE e.member_id = p.member_id AND e.type = 'READMITTED'),
          m.admission_ceremony_on, m.admitted_on) AS start) s
        JOIN regulation_values r ON r.key = 'membership.probation_months' AND r.effective_from <= s.start AND (r.effective_to IS NULL OR r.effective_to > s.start)
        WHERE ${on('PROBATION_ENDING')} AND p.status = 'PROBATIONARY' AND (s.start + make_interval(months => (r.value #>> '{}')::int))::date <= ${u}
        UNION ALL
        SELECT (t.details ->> 'expectedReturnOn')::date, 'TEMPORARY_TRANSFER_ENDING', p.organization_id, p.member_id, 'Member', p.member_id,
          'Hết thời hạn sinh hoạt đảng tạm thời', NULL
        FROM members_now p CROSS JOIN LATERAL (SELECT e.details FROM member_events e WHERE e.member_id = p.member_id AND e.type = 'TEMPORARY_TRANSFER'
          ORDER BY e.effective_on DESC LIMIT 1) t
        WHERE ${on('TEMPORARY_TRANSFER_ENDING')} AND p.temporary_organization_id IS NOT NULL AND (t.details ->> 'expectedReturnOn')::date <= ${u}
        UNION ALL
        SELECT p.suspension_ends_on, 'MEMBER_SUSPENSION_ENDING', p.organization_id, p.member_id, 'Member', p.member_id, 'Hết thời hạn đình chỉ sinh hoạt đảng', NULL
        FROM members_now p WHERE ${on('MEMBER_SUSPENSION_ENDING')} AND p.status = 'SUSPENDED' AND p.suspension_ends_on <= ${u}
        UNION ALL
        SELECT s.ends_on, 'ORGANIZATION_SUSPENSION_ENDING', s.organization_id, NULL, 'OrganizationSuspension', s.id, 'Hết thời hạn đình chỉ hoạt động của tổ chức đảng', NULL
        FROM organization_suspensions s JOIN organizations_now o ON o.organization_id = s.organization_id
        WHERE ${on('ORGANIZATION_SUSPENSION_ENDING')} AND s.reinstated_on IS NULL AND s.ends_on <= ${u}
        UNION ALL
        SELECT coalesce(c.extended_due_on, c.due_on), CASE c.kind WHEN 'APPEAL' THEN 'APPEAL_DUE' ELSE 'DENUNCIATION_DUE' END, c.handler_id, NULL, 'Complaint', c.id,
          CASE c.kind WHEN 'APPEAL' THEN 'Hạn giải quyết khiếu nại kỷ luật' ELSE 'Hạn giải quyết tố cáo' END, NULL
        FROM complaints c JOIN organizations_now o ON o.organization_id = c.handler_id
        WHERE ((c.kind = 'APPEAL' AND ${on('APPEAL_DUE')}) OR (c.kind = 'DENUNCIATION' AND ${on('DENUNCIATION_DUE')}))
          AND c.status = 'PROCESSING' AND coalesce(c.extended_due_on, c.due_on) <= ${u}
        UNION ALL
        SELECT d.day, 'PARTY_BADGE_MILESTONE', p.organization_id, p.member_id, 'Member', p.member_id,
          'Đủ ' || ms.n || ' năm tuổi đảng: xét tặng Huy hiệu Đảng', d.citation
        FROM jsonb_to_recordset(${JSON.stringify(awardDays)}::jsonb) AS d(day date, previous date, citation text)
        CROSS JOIN LATERAL (SELECT (x #>> '{}')::int AS n FROM jsonb_array_elements((SELECT r.value -> 'milestones' FROM regulation_values r
          WHERE r.key = 'commendations.party_badges' AND r.effective_from <= d.day AND (r.effective_to IS NULL OR r.effective_to > d.day))) x) ms
        JOIN members_now p ON (p.party_age_from + make_interval(years => ms.n))::date > d.previous AND (p.party_age_from + make_interval(years => ms.n))::date <= d.day
        WHERE NOT EXISTS (SELECT 1 FROM party_badges b WHERE b.member_id = p.member_id AND b.milestone >= ms.n)
        UNION ALL
        SELECT coalesce((SELECT min(m.planned_on) FROM meetings m WHERE m.organization_id = o.organization_id AND m.kind = 'REGULAR' AND m.month = ${toDbDate(month)}
            AND m.status = 'PLANNED'), ${toDbDate(monthEnd)}::date),
          'REGULAR_MEETING_NOT_HELD', o.organization_id, NULL, 'Organization', o.organization_id, 'Chưa sinh hoạt chi bộ thường kỳ tháng này', NULL
        FROM organizations_now o JOIN organization_kinds k ON k.code = o.kind_code AND k.holds_members
        WHERE ${on('REGULAR_MEETING_NOT_HELD')} AND o.status = 'ACTIVE'
          AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.organization_id = o.organization_id AND m.kind = 'REGULAR' AND m.month = ${toDbDate(month)} AND m.status = 'HELD')
        UNION ALL
        SELECT m.planned_on, 'MEETING_PLANNED', m.organization_id, NULL, 'Meeting', m.id,
          CASE m.kind WHEN 'REGULAR' THEN 'Sinh hoạt chi bộ thường kỳ' WHEN 'THEMATIC' THEN 'Sinh hoạt chuyên đề: ' || coalesce(m.topic, '')
            WHEN 'EXTRAORDINARY' THEN 'Sinh hoạt bất thường' ELSE 'Họp cấp ủy' END || ' lúc ' || m.start_time || ', ' || m.place, NULL
        FROM meetings m JOIN organizations_now o ON o.organization_id = m.organization_id
        WHERE ${on('MEETING_PLANNED')} AND m.status = 'PLANNED' AND m.planned_on BETWEEN ${a} AND ${u}
        UNION ALL
        SELECT ${toDbDate(asOf)}::date, 'DUES_IN_ARREARS', (array_agg(j.organization_id ORDER BY j.month DESC))[1], j.member_id, 'Member', j.member_id,
          'Chưa đóng đủ đảng phí tháng ' || string_agg(to_char(j.month, 'MM/YYYY'), ', ' ORDER BY j.month), min(j.citation)
        FROM judged j WHERE j.in_arrears GROUP BY j.member_id
        UNION ALL
        SELECT t.ends_on, 'TERM_ENDING', t.organization_id, NULL, 'Term', t.id, 'Hết nhiệm kỳ ' || t.name || ': chuẩn bị đại hội', NULL
        FROM organizations_now o CROSS JOIN LATERAL (SELECT * FROM terms t WHERE t.organization_id = o.organization_id ORDER BY t.starts_on DESC LIMIT 1) t
        WHERE ${on('TERM_ENDING')} AND o.status = 'ACTIVE' AND t.ends_on <= ${u}
        UNION ALL
        SELECT c.starts_on, 'TRAINING_CLASS_STARTING', c.organizer_id, NULL, 'TrainingClass', c.id, 'Khai giảng lớp ' || c.name, NULL
        FROM training_classes c JOIN organizations_now o ON o.organization_id = c.organizer_id
        WHERE ${on('TRAINING_CLASS_STARTING')} AND c.starts_on BETWEEN ${a} AND ${u}
      )
      SELECT date, kind, date < ${a} AS overdue, organization_id::text AS "organizationId", member_id::text AS "memberId",
        subject_type AS "subjectType", subject_id::text AS "subjectId", title, rule
      FROM items ORDER BY date, kind, subject_id LIMIT ${DUE_ITEMS_LIMITS.items + 1}`;
    const truncated = rows.length > DUE_ITEMS_LIMITS.items;
    return {
      scopeKey: key,
      dueItems: {
        organizationId,
        asOf,
        until,
        truncated,
        items: rows.slice(0, DUE_ITEMS_LIMITS.items).map((row) => ({ ...row, date: fromDbDate(row.date) })),
      },
    };
  }

  /**
   * The names of the members and organisations of some items (for a calendar's titles), in one
   * statement: the items were read under the caller's rights on the subtree already.
   */
  async namesOf(organizationId: string, items: readonly DueItem[]): Promise<Map<string, string>> {
    const members = [...new Set(items.flatMap((i) => (i.memberId ? [i.memberId] : [])))];
    const organizations = [...new Set([organizationId, ...items.map((i) => i.organizationId)])];
    const rows = await this.prisma.$queryRaw<{ id: string; name: string }[]>`
      SELECT id::text, full_name AS name FROM members WHERE id = ANY(${members}::uuid[])
      UNION ALL
      SELECT organization_id::text, name FROM organization_versions WHERE organization_id = ANY(${organizations}::uuid[]) AND valid_to IS NULL`;
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
