import { Prisma, type PrismaClient } from '../../generated/prisma/client.js';
import type { Rule, RuleBook, RuleSnapshot, RuleVersion } from '../../rules/rule.js';
import {
  ADMISSION_ERAS,
  AGE_BANDS,
  EDUCATION_LEVELS,
  ETHNICITIES,
  OCCUPATIONS,
  ORGANIZATION_TYPES,
  POLITICAL_THEORY_LEVELS,
  QUALIFICATIONS,
  RELIGIONS,
  type Classification,
} from '../../rules/reports.js';
import { addDays, addMonths, toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorizeSubjects, type Actor, type Capability } from '../auth/access.js';
import type { MemberService } from '../members/members.service.js';
import type { OrganizationService } from '../organizations/organizations.service.js';
import { Classifier } from './classify.js';

export type ReportFormKind = 'MOVEMENT' | 'STRUCTURE' | 'ETHNICITY_RELIGION' | 'ORGANIZATIONS';
export const REPORT_FORM_KINDS: readonly ReportFormKind[] = ['MOVEMENT', 'STRUCTURE', 'ETHNICITY_RELIGION', 'ORGANIZATIONS'];

export type ReportColumn = { key: string; label: string; kind: 'COUNT' | 'PERCENT' | 'DECIMAL' };
export type ReportRow = { code: string; label: string; depth: number; values: (number | null)[]; note: string | null };
/** A recorded text no row of the form counts: the office corrects the record or adds the text to the rule. */
export type Unclassified = { dimension: string; value: string; count: number };
export type ReportCheck = { name: string; holds: boolean; detail: string };

/**
 * A statistical form (biểu thống kê) as its rows and columns, for JSON, a spreadsheet or a
 * printed page alike. Counts are of the subtree of `organizationId` as it stood on `to` (and on
 * each day the form compares with).
 */
export type ReportForm = {
  kind: ReportFormKind;
  /** "Biểu số 1": the form's number in the organisation commissions' series. */
  number: string;
  title: string;
  organizationId: string;
  organizationCode: string;
  organizationName: string;
  from: IsoDate | null;
  to: IsoDate;
  unit: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  unclassified: Unclassified[];
  checks: ReportCheck[];
  /** The rule values the rows were built from, with their sources. */
  sources: { rule: string; citation: string }[];
};

/** a × 100 / b to two decimals, as the reports print it; null when there is nothing to compare with. */
export function percent(part: number | null, whole: number | null): number | null {
  if (part === null || whole === null || whole === 0) return null;
  return Math.round((part * 10_000) / whole) / 100;
}

const NUMBERS: Record<ReportFormKind, { number: string; title: string; unit: string; capability: Capability }> = {
  MOVEMENT: { number: 'Biểu số 1', title: 'THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN', unit: 'Người', capability: 'readMembers' },
  STRUCTURE: { number: 'Biểu số 3', title: 'THỐNG KÊ ĐỘI NGŨ ĐẢNG VIÊN', unit: 'Người', capability: 'readMembers' },
  ETHNICITY_RELIGION: { number: 'Biểu số 4', title: 'ĐẢNG VIÊN CHIA THEO DÂN TỘC VÀ TÔN GIÁO', unit: 'Người', capability: 'readMembers' },
  ORGANIZATIONS: { number: 'Biểu số 5', title: 'THỐNG KÊ TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN TRONG CÁC LOẠI HÌNH CƠ SỞ', unit: 'Tổ chức, người', capability: 'readMembers' },
};

const COMPARED: ReportColumn[] = [
  { key: 'current', label: 'Kỳ này', kind: 'COUNT' },
  { key: 'yearBefore', label: 'Cùng kỳ năm trước', kind: 'COUNT' },
  { key: 'percent', label: '(%) kỳ này so với cùng kỳ năm trước', kind: 'PERCENT' },
];

/** The most days a movement form may span: a term (5 years) and some. */
const MAX_PERIOD_DAYS = 6 * 366;

/** Members in the list (probationary, official, suspended) of a subtree on a day, by their own organisation. */
const LISTED = (key: number, day: Date) => Prisma.sql`
  SELECT m.*, p.status, p.exempted, v.sector FROM member_periods p
  JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_from <= ${day} AND (v.valid_to IS NULL OR v.valid_to > ${day})
    AND v.path @> ARRAY[${key}]::int[]
  JOIN members m ON m.id = p.member_id
  WHERE p.valid_from <= ${day} AND (p.valid_to IS NULL OR p.valid_to > ${day}) AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')`;

/** `sector`: of the members' branches, for the occupations only (null for the other dimensions). */
type ValueCount = { dimension: string; value: string | null; sector: string | null; count: number; female: number; exempted: number };

/** Each dimension's recorded values on one day, with how many members have each. */
type Profile = { total: number; byDimension: Map<string, ValueCount[]> };

/**
 * The basic statistical forms of the organisation commissions (Hướng dẫn 11-HD/BTCTW; their rows
 * as research found them: docs/research/report-forms.md) for any subtree and day or period:
 * Biểu 1 (movement), 3 (the membership), 4 (by ethnicity and religion) and 5 (organisations by
 * type). Counts only: no name appears, so readers of members of the subtree may take them. Each
 * form costs a fixed number of statements whatever the subtree's size: one profile per day
 * compared (Biểu 3, 4), one for Biểu 5, changes, two counts and the restructuring per period (Biểu 1).
 */
export class ReportFormService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly rules: RuleBook,
    private readonly members: MemberService,
    private readonly organizations: OrganizationService,
  ) {}

  async form(kind: ReportFormKind, organizationId: string, period: { from?: IsoDate | null; to: IsoDate }): Promise<ReportForm> {
    const spec = NUMBERS[kind];
    // Authorised before anything about the organisation is read: unknown and unreadable alike.
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, spec.capability, { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const from = period.from ?? null;
    if (kind === 'MOVEMENT') {
      if (!from) throw ValidationError.field('from', 'a movement form covers a period: give its first day');
      if (from > period.to) throw ValidationError.field('to', 'the period ends on or after it begins');
      if (addDays(from, MAX_PERIOD_DAYS) < period.to) throw ValidationError.field('to', `a period of at most ${MAX_PERIOD_DAYS} days`);
    }
    const rules = await this.rules.current();
    const organization = (await this.organizations.byIds([organizationId], period.to)).get(organizationId) ?? (await this.organizations.latest(organizationId));
    const base = { kind, number: spec.number, title: spec.title, organizationId, organizationCode: organization.code, organizationName: organization.name, from, to: period.to, unit: spec.unit };
    const key = path.at(-1)!;
    switch (kind) {
      case 'MOVEMENT':
        return { ...base, ...(await this.movement(organizationId, key, from!, period.to)) };
      case 'STRUCTURE':
        return { ...base, ...(await this.structure(key, period.to, rules)) };
      case 'ETHNICITY_RELIGION':
        return { ...base, ...(await this.ethnicityReligion(key, period.to, rules)) };
      case 'ORGANIZATIONS':
        return { ...base, ...(await this.organizationTypes(key, period.to, rules)) };
    }
  }

  // ---------------------------------------------------------------- Biểu 1

  private async movement(organizationId: string, key: number, from: IsoDate, to: IsoDate) {
    const root = [{ id: organizationId, pathKey: key }];
    const figures = async (start: IsoDate, end: IsoDate) => {
      const changes = await this.members.changes(organizationId, start, end, 'EFFECTIVE');
      const opening = (await this.members.counts(root, addDays(start, -1))).get(organizationId)!.total;
      const closing = (await this.members.counts(root, end)).get(organizationId)!.total;
      const restructured = await restructuredMembers(this.prisma, key, addDays(start, -1), end);
      const admitted = changes.admitted + changes.readmitted;
      const arrived = changes.transferredIn;
      const increase = admitted + arrived + changes.restored;
      const decrease = changes.deceased + changes.expelled + changes.removedFromRoll + changes.transferredOut;
      return {
        A: opening,
        B: increase,
        B1: admitted,
        'B1.1': changes.readmitted,
        B2: arrived,
        'B2.a': changes.transferredFromOutside,
        'B2.b': arrived - changes.transferredFromOutside,
        B3: changes.restored,
        C: decrease,
        C1: changes.deceased,
        C2: changes.expelled,
        C3: changes.removedFromRoll,
        'C3.1': changes.removedWhileProbationary,
        C4: null,
        C5: changes.transferredOut,
        'C5.a': changes.transferredOutside,
        'C5.b': changes.transferredOut - changes.transferredOutside,
        D: closing,
        E: restructured.arrived - restructured.left,
        'E.1': restructured.arrived,
        'E.2': restructured.left,
      } as Record<string, number | null>;
    };
    const current = await figures(from, to);
    const before = await figures(addMonths(from, -12), addMonths(to, -12));
    const lines: [string, string, number, string | null][] = [
      ['A', 'Đảng viên trong danh sách có đến đầu kỳ báo cáo', 0, null],
      ['B', 'Đảng viên tăng trong kỳ', 0, null],
      ['B1', 'Kết nạp', 1, null],
      ['B1.1', 'Trong đó: kết nạp lại', 2, null],
      ['B2', 'Chuyển đến', 1, null],
      ['B2.a', 'a. Từ tổ chức đảng ngoài Đảng bộ chuyển đến', 2, 'Có giấy giới thiệu của tổ chức đảng ngoài hệ thống'],
      ['B2.b', 'b. Từ đơn vị khác trong Đảng bộ chuyển đến', 2, 'Từ đơn vị khác của cùng hệ thống vào đơn vị này'],
      ['B3', 'Phục hồi đảng tịch', 1, null],
      ['C', 'Đảng viên giảm trong kỳ', 0, null],
      ['C1', 'Từ trần', 1, null],
      ['C2', 'Khai trừ', 1, null],
      ['C3', 'Xóa tên', 1, null],
      ['C3.1', 'Trong đó: đảng viên dự bị', 2, null],
      ['C4', 'Xin ra khỏi Đảng', 1, 'Không theo dõi riêng: đảng viên xin ra khỏi Đảng được xóa tên (dòng C3)'],
      ['C5', 'Chuyển đi', 1, null],
      ['C5.a', 'a. Chuyển đi tổ chức đảng ngoài Đảng bộ', 2, null],
      ['C5.b', 'b. Chuyển đi đơn vị khác trong Đảng bộ', 2, null],
      ['D', 'Đảng viên trong danh sách cuối kỳ báo cáo', 0, null],
      ['E', 'Tăng, giảm do sắp xếp tổ chức', 0, 'Đảng viên đến hoặc đi cùng tổ chức của mình khi tổ chức được sáp nhập, điều chuyển'],
      ['E.1', 'Đến cùng tổ chức', 1, null],
      ['E.2', 'Đi cùng tổ chức', 1, null],
    ];
    const rows: ReportRow[] = lines.map(([code, label, depth, note]) => ({
      code,
      label,
      depth,
      values: [current[code]!, before[code]!, percent(current[code]!, before[code]!)],
      note,
    }));
    // E is counted on its own (members who stayed in their organisation while it came or went), so the identity can fail: it says so.
    const checks: ReportCheck[] = [
      {
        name: 'D = A + B − C + E',
        holds: current.D === current.A! + current.B! - current.C! + current.E!,
        detail: `${current.D} = ${current.A} + ${current.B} − ${current.C} + ${current.E}`,
      },
    ];
    return { columns: COMPARED, rows, unclassified: [], checks, sources: [] };
  }

  // ---------------------------------------------------------------- Biểu 3

  private async profile(key: number, asOf: IsoDate, eras: { from: string | null; to: string | null }[]): Promise<Profile> {
    const day = toDbDate(asOf);
    // The era a member was admitted in, by the rule's days (-1: none), computed by the database.
    const era = eras.length
      ? Prisma.sql`CASE ${Prisma.join(
          eras.map(
            (e, index) =>
              Prisma.sql`WHEN (${e.from}::date IS NULL OR admitted_on >= ${e.from}::date) AND (${e.to}::date IS NULL OR admitted_on <= ${e.to}::date) THEN ${index}::int`,
          ),
          ' ',
        )} ELSE -1 END`
      : Prisma.sql`-1`;
    const dimensions: [string, Prisma.Sql][] = [
      ['ethnicity', Prisma.sql`ethnicity`],
      ['religion', Prisma.sql`religion`],
      ['education', Prisma.sql`education_level`],
      ['qualification', Prisma.sql`professional_qualification`],
      ['theory', Prisma.sql`political_theory_level`],
      ['occupation', Prisma.sql`occupation`],
      // Whole years of age on the form's day.
      ['age', Prisma.sql`date_part('year', age(${day}::date, date_of_birth))::int::text`],
      ['era', Prisma.sql`(${era})::text`],
      ['status', Prisma.sql`status::text`],
    ];
    const selects = dimensions.map(([dimension, expression]) => {
      // Occupations are read with the branch's sector (a Công chức of a Party agency is another row than one of a State agency).
      const sector = dimension === 'occupation' ? Prisma.sql`sector::text` : Prisma.sql`NULL::text`;
      return Prisma.sql`SELECT ${dimension}::text AS dimension, ${expression} AS value, ${sector} AS sector, count(*)::int AS count,
          (count(*) FILTER (WHERE gender = 'FEMALE'))::int AS female, (count(*) FILTER (WHERE exempted))::int AS exempted
        FROM listed GROUP BY 2, 3`;
    });
    const rows = await this.prisma.$queryRaw<ValueCount[]>`
      WITH listed AS MATERIALIZED (${LISTED(key, day)})
      ${Prisma.join(selects, ' UNION ALL ')}`;
    const byDimension = new Map<string, ValueCount[]>();
    for (const row of rows) byDimension.set(row.dimension, [...(byDimension.get(row.dimension) ?? []), row]);
    const total = (byDimension.get('status') ?? []).reduce((sum, row) => sum + row.count, 0);
    return { total, byDimension };
  }

  private async structure(key: number, to: IsoDate, rules: RuleSnapshot) {
    const used = new Sources(rules, to);
    const eras = used.of(ADMISSION_ERAS);
    const bands = used.of(AGE_BANDS);
    const classifiers = {
      ethnicity: new Classifier(used.of(ETHNICITIES)),
      religion: new Classifier(used.of(RELIGIONS)),
      education: new Classifier(used.of(EDUCATION_LEVELS)),
      qualification: new Classifier(used.of(QUALIFICATIONS)),
      theory: new Classifier(used.of(POLITICAL_THEORY_LEVELS)),
      occupation: new Classifier(used.of(OCCUPATIONS)),
    };
    const current = await this.profile(key, to, eras);
    const before = await this.profile(key, addMonths(to, -12), eras);
    const unclassified: Unclassified[] = [];
    const lines: { code: string; label: string; depth: number; note?: string; value: (p: Profile) => number | null }[] = [];
    const sum = (p: Profile, dimension: string, test: (row: ValueCount) => boolean, field: 'count' | 'female' | 'exempted' = 'count') =>
      (p.byDimension.get(dimension) ?? []).filter(test).reduce((total, row) => total + row[field], 0);
    const line = (code: string, label: string, depth: number, value: (p: Profile) => number | null, note?: string) =>
      lines.push({ code, label, depth, value, ...(note ? { note } : {}) });
    const rowOf = (dimension: keyof typeof classifiers, count: ValueCount) => {
      const classified = classifiers[dimension].classify(count.value, count.sector);
      return classified.kind === 'ROW' ? classified.row : null;
    };

    line('I', 'Đảng viên trong danh sách có đến cuối kỳ báo cáo', 0, (p) => p.total);
    line('I.1', 'Trong đó: nữ', 1, (p) => sum(p, 'status', () => true, 'female'));
    line('I.2', 'Dự bị', 1, (p) => sum(p, 'status', (row) => row.value === 'PROBATIONARY'));
    line('I.3', 'Dân tộc thiểu số', 1, (p) => sum(p, 'ethnicity', (row) => rowOf('ethnicity', row) !== null && rowOf('ethnicity', row)?.group !== 'MAJORITY'));
    line('I.4', 'Người theo tôn giáo', 1, (p) => sum(p, 'religion', (row) => rowOf('religion', row) !== null));
    line('II', 'Phân tích đội ngũ đảng viên', 0, () => null);
    const classified = (code: string, label: string, dimension: keyof typeof classifiers, group?: 'RETIRED', exclude?: 'RETIRED') => {
      line(code, label, 1, () => null);
      const rows = classifiers[dimension].classification.rows.filter((row) => (group ? row.group === group : exclude ? row.group !== exclude : true));
      // Rows of one label are one line (the same occupation told apart by sector and by text).
      [...new Set(rows.map((row) => row.label))].forEach((label, index) =>
        line(`${code}.${index + 1}`, label, 2, (p) => sum(p, dimension, (count) => rowOf(dimension, count)?.label === label)),
      );
    };
    classified('II.1a', '1. Nghề nghiệp — a. Đảng viên đang làm việc và công tác', 'occupation', undefined, 'RETIRED');
    const retired = classifiers.occupation.classification.rows.filter((row) => row.group === 'RETIRED');
    line('II.1b', 'b. Đảng viên đã nghỉ hưu và nghỉ công tác', 1, (p) => sum(p, 'occupation', (count) => rowOf('occupation', count)?.group === 'RETIRED'));
    [...new Set(retired.map((row) => row.label))].forEach((label, index) =>
      line(`II.1b.${index + 1}`, label, 2, (p) => sum(p, 'occupation', (count) => rowOf('occupation', count)?.label === label)),
    );
    line('II.1c', 'Được miễn công tác và sinh hoạt đảng', 1, (p) => sum(p, 'status', () => true, 'exempted'));
    line('II.2', '2. Tuổi đời', 1, () => null);
    bands.forEach((band, index) =>
      line(`II.2.${index + 1}`, band.label, 2, (p) => sum(p, 'age', (row) => Number(row.value) >= band.from && (band.to === null || Number(row.value) <= band.to))),
    );
    line('II.2.avg', 'Tuổi bình quân', 2, (p) => {
      const ages = p.byDimension.get('age') ?? [];
      const people = ages.reduce((total, row) => total + row.count, 0);
      return people ? Math.round((ages.reduce((total, row) => total + Number(row.value) * row.count, 0) * 100) / people) / 100 : null;
    });
    line('II.3', '3. Thời gian kết nạp vào Đảng', 1, () => null);
    eras.forEach((era, index) => line(`II.3.${index + 1}`, era.label, 2, (p) => sum(p, 'era', (row) => row.value === String(index))));
    classified('II.4', '4. Trình độ giáo dục phổ thông', 'education');
    classified('II.5', '5. Trình độ chuyên môn nghiệp vụ', 'qualification');
    classified('II.7', '7. Trình độ lý luận chính trị', 'theory');

    const rows: ReportRow[] = lines.map((l) => {
      const now = l.value(current);
      const then = l.value(before);
      const average = l.code === 'II.2.avg';
      return { code: l.code, label: l.label, depth: l.depth, values: [now, then, average ? null : percent(now, then)], note: l.note ?? null };
    });
    for (const dimension of ['occupation', 'education', 'qualification', 'theory', 'ethnicity', 'religion'] as const) {
      const texts = new Map<string, number>();
      for (const row of current.byDimension.get(dimension) ?? []) {
        if (classifiers[dimension].classify(row.value, row.sector).kind === 'UNCLASSIFIED') texts.set(row.value ?? '', (texts.get(row.value ?? '') ?? 0) + row.count);
      }
      for (const [value, count] of texts) unclassified.push({ dimension, value, count });
    }
    return { columns: COMPARED, rows, unclassified: sortUnclassified(unclassified), checks: [], sources: used.list() };
  }

  // ---------------------------------------------------------------- Biểu 4

  private async ethnicityReligion(key: number, to: IsoDate, rules: RuleSnapshot) {
    const used = new Sources(rules, to);
    const ethnicities = new Classifier(used.of(ETHNICITIES));
    const religions = new Classifier(used.of(RELIGIONS));
    const profile = await this.profile(key, to, []);
    const unclassified: Unclassified[] = [];
    const rows: ReportRow[] = [];
    const section = (code: string, label: string, dimension: 'ethnicity' | 'religion', classifier: Classifier) => {
      const counts = profile.byDimension.get(dimension) ?? [];
      const total = counts.filter((row) => classifier.classify(row.value).kind === 'ROW').reduce((sum, row) => sum + row.count, 0);
      const female = counts.filter((row) => classifier.classify(row.value).kind === 'ROW').reduce((sum, row) => sum + row.female, 0);
      rows.push({ code, label, depth: 0, values: [total, female, percent(total, profile.total)], note: null });
      classifier.classification.rows.forEach((row, index) => {
        const matching = counts.filter((count) => {
          const c = classifier.classify(count.value);
          return c.kind === 'ROW' && c.row.code === row.code;
        });
        const count = matching.reduce((sum, m) => sum + m.count, 0);
        const women = matching.reduce((sum, m) => sum + m.female, 0);
        rows.push({ code: `${code}.${index + 1}`, label: row.label, depth: 1, values: [count, women, percent(count, profile.total)], note: null });
      });
      for (const count of counts) if (classifier.classify(count.value).kind === 'UNCLASSIFIED') unclassified.push({ dimension, value: count.value ?? '', count: count.count });
    };
    rows.push({ code: 'T', label: 'Tổng số đảng viên', depth: 0, values: [profile.total, sum(profile, 'female'), profile.total ? 100 : null], note: null });
    section('I', 'Đảng viên chia theo dân tộc', 'ethnicity', ethnicities);
    section('II', 'Đảng viên theo tôn giáo', 'religion', religions);
    const classifiedEthnicity = rows.find((row) => row.code === 'I')!.values[0]!;
    const unclassifiedEthnicity = unclassified.filter((u) => u.dimension === 'ethnicity').reduce((s, u) => s + u.count, 0);
    const columns: ReportColumn[] = [
      { key: 'total', label: 'Tổng số', kind: 'COUNT' },
      { key: 'female', label: 'Trong đó: nữ', kind: 'COUNT' },
      { key: 'share', label: 'Tỷ lệ (%)', kind: 'PERCENT' },
    ];
    const checks: ReportCheck[] = [
      {
        name: 'Tổng số đảng viên chia theo dân tộc bằng tổng số đảng viên (Biểu 1, dòng D)',
        holds: classifiedEthnicity + unclassifiedEthnicity === profile.total && unclassifiedEthnicity === 0,
        detail: `${classifiedEthnicity} classified + ${unclassifiedEthnicity} unclassified of ${profile.total}`,
      },
    ];
    return { columns, rows, unclassified: sortUnclassified(unclassified), checks, sources: used.list() };
  }

  // ---------------------------------------------------------------- Biểu 5

  private async organizationTypes(key: number, to: IsoDate, rules: RuleSnapshot) {
    const used = new Sources(rules, to);
    const types = used.of(ORGANIZATION_TYPES);
    const day = toDbDate(to);
    // Each grassroots organisation of the subtree, what lies under it, and its members, by sector.
    const counts = await this.prisma.$queryRaw<
      { sector: string; committees: number; branches: number; subCommittees: number; dependentBranches: number; members: number }[]
    >`
      WITH orgs AS MATERIALIZED (
        SELECT v.organization_id, v.kind_code, v.sector, v.path, k.is_grassroots FROM organization_versions v
        JOIN organization_kinds k ON k.code = v.kind_code
        WHERE v.valid_from <= ${day} AND (v.valid_to IS NULL OR v.valid_to > ${day}) AND v.path @> ARRAY[${key}]::int[] AND v.status = 'ACTIVE'
      ), grassroots AS (
        SELECT organization_id, kind_code, sector, path[array_length(path, 1)] AS key FROM orgs WHERE is_grassroots
      ), under AS (
        SELECT g.organization_id AS grassroots_id, g.sector, o.organization_id, o.kind_code FROM grassroots g JOIN orgs o ON o.path @> ARRAY[g.key]
      ), listed AS (
        SELECT u.sector, count(*)::int AS members FROM under u JOIN member_periods p ON p.organization_id = u.organization_id
          AND p.valid_from <= ${day} AND (p.valid_to IS NULL OR p.valid_to > ${day}) AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
        GROUP BY u.sector
      ), structure AS (
        SELECT sector,
          (count(*) FILTER (WHERE kind_code = 'GRASSROOTS_COMMITTEE' AND organization_id = grassroots_id))::int AS committees,
          (count(*) FILTER (WHERE kind_code = 'GRASSROOTS_BRANCH' AND organization_id = grassroots_id))::int AS branches,
          (count(*) FILTER (WHERE kind_code = 'SUB_COMMITTEE'))::int AS "subCommittees",
          (count(*) FILTER (WHERE kind_code = 'BRANCH'))::int AS "dependentBranches"
        FROM under GROUP BY sector
      )
      SELECT s.sector::text AS sector, s.committees, s.branches, s."subCommittees", s."dependentBranches", coalesce(l.members, 0) AS members
      FROM structure s LEFT JOIN listed l ON l.sector = s.sector`;
    const columns: ReportColumn[] = [
      { key: 'grassroots', label: 'Số TCCSĐ – Tổng số', kind: 'COUNT' },
      { key: 'committees', label: 'Đảng bộ cơ sở', kind: 'COUNT' },
      { key: 'branches', label: 'Chi bộ cơ sở', kind: 'COUNT' },
      { key: 'subCommittees', label: 'Đảng bộ bộ phận', kind: 'COUNT' },
      { key: 'dependentBranches', label: 'Chi bộ trực thuộc', kind: 'COUNT' },
      { key: 'members', label: 'Tổng số đảng viên', kind: 'COUNT' },
    ];
    const valuesOf = (sectors: readonly string[]) => {
      const matching = counts.filter((row) => sectors.includes(row.sector));
      const add = (field: 'committees' | 'branches' | 'subCommittees' | 'dependentBranches' | 'members') => matching.reduce((sum, row) => sum + row[field], 0);
      return [add('committees') + add('branches'), add('committees'), add('branches'), add('subCommittees'), add('dependentBranches'), add('members')];
    };
    const named = new Set(types.flatMap((type) => type.sectors));
    const rest = counts.map((row) => row.sector).filter((sector) => !named.has(sector as never));
    const rows: ReportRow[] = [
      { code: 'T', label: 'Tổng số', depth: 0, values: valuesOf(counts.map((row) => row.sector)), note: null },
      ...types.map((type, index) => ({ code: String(index + 1), label: type.label, depth: 1, values: valuesOf(type.sectors), note: null })),
      ...(rest.length ? [{ code: 'X', label: 'Loại hình khác (chưa xếp vào dòng nào của biểu)', depth: 1, values: valuesOf(rest), note: `Khối, lĩnh vực: ${rest.join(', ')}` }] : []),
    ];
    return { columns, rows, unclassified: [], checks: [], sources: used.list() };
  }
}

/**
 * Members who came into the subtree or left it with their organisation between two days (a
 * move or merger of the tree): for each organisation whose version changed side of the
 * subtree's boundary after `before` and up to `after`, the members in the list in it the day
 * before and on the day it changed side. Only the versions that crossed the boundary are read.
 */
export async function restructuredMembers(prisma: PrismaClient, key: number, before: IsoDate, after: IsoDate): Promise<{ arrived: number; left: number }> {
  const [a, d] = [toDbDate(before), toDbDate(after)];
  const [row] = await prisma.$queryRaw<{ arrived: number; left: number }[]>`
    WITH crossed AS (
      SELECT v.organization_id, v.valid_from AS day, v.path @> ARRAY[${key}]::int[] AS now_in
      FROM organization_versions v
      JOIN organization_versions w ON w.organization_id = v.organization_id AND w.valid_to = v.valid_from
      WHERE v.valid_from > ${a} AND v.valid_from <= ${d} AND (w.path @> ARRAY[${key}]::int[]) <> (v.path @> ARRAY[${key}]::int[])
    )
    SELECT (count(*) FILTER (WHERE c.now_in))::int AS arrived, (count(*) FILTER (WHERE NOT c.now_in))::int AS "left"
    FROM crossed c
    -- In the organisation the day before it crossed and still on the day: a member who arrived
    -- or left that very day by an event of their own is counted by that event, not here.
    JOIN member_periods p ON p.organization_id = c.organization_id AND p.valid_from <= c.day - 1 AND (p.valid_to IS NULL OR p.valid_to > c.day - 1)
      AND p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')
    JOIN member_periods q ON q.member_id = p.member_id AND q.organization_id = c.organization_id AND q.valid_from <= c.day AND (q.valid_to IS NULL OR q.valid_to > c.day)
      AND q.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED')`;
  return row!;
}

function sum(profile: Profile, field: 'count' | 'female' | 'exempted'): number {
  return (profile.byDimension.get('status') ?? []).reduce((total, row) => total + row[field], 0);
}

function sortUnclassified(list: Unclassified[]): Unclassified[] {
  return list.sort((a, b) => a.dimension.localeCompare(b.dimension) || b.count - a.count || a.value.localeCompare(b.value));
}

/** The rule values a form applied on its day, remembered with their sources for the form's footer. */
class Sources {
  private readonly used = new Map<string, RuleVersion<unknown>>();
  constructor(
    private readonly rules: RuleSnapshot,
    private readonly day: IsoDate,
  ) {}

  of<T>(rule: Rule<T>): T {
    const version = this.rules.at(rule, this.day);
    this.used.set(rule.key, version as RuleVersion<unknown>);
    return version.value;
  }

  list() {
    return [...this.used.values()].map((version) => ({ rule: version.key, citation: version.citation }));
  }
}

export type { Classification };
