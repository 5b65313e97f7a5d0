import type { PrismaClient } from '../../generated/prisma/client.js';
import { addDays, addMonths, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorizeSubjects, type Actor } from '../auth/access.js';
import type { CommendationService, CommendationStatistics } from '../commendations/commendations.service.js';
import { COMPUTATIONS, type IndicatorResult, type IndicatorService } from '../indicators/indicators.service.js';
import type { PeriodInput } from '../indicators/periods.js';
import type { InspectionStatistics, InspectionStatisticsService } from '../inspections/statistics.service.js';
import type { MemberService, MembershipChanges } from '../members/members.service.js';
import type { OrganizationService } from '../organizations/organizations.service.js';
import type { Distribution, RatingService } from '../ratings/ratings.service.js';
import { percent, restructuredMembers, type ReportRow } from './forms.service.js';

export type ReportPeriodKind = 'QUARTER' | 'HALF_YEAR' | 'YEAR' | 'TERM';

export type ReportPeriodInput = { year?: number | null; quarter?: number | null; half?: number | null; termId?: string | null };

export type ReportPeriod = {
  kind: ReportPeriodKind;
  /** As the report's title names it: "quý III năm 2026", "6 tháng đầu năm 2026", "nhiệm kỳ 2020–2025". */
  name: string;
  from: IsoDate;
  to: IsoDate;
  /** The same period a year earlier (none for a term). */
  yearBefore: { from: IsoDate; to: IsoDate } | null;
};

export type RatingsComparison = { year: number; members: Distribution; membersYearBefore: Distribution; organizations: Distribution; organizationsYearBefore: Distribution };

/**
 * The figures a committee's period report (báo cáo sơ kết quý, 6 tháng, năm; tổng kết nhiệm kỳ)
 * prints, for its subtree: membership at both ends and its movement, with the same period a
 * year before; candidates trained; ratings of the year against the year before; discipline,
 * suspensions and inspections; commendations and badges; indicators against their targets.
 */
export type PeriodReport = {
  organizationId: string;
  organizationCode: string;
  organizationName: string;
  /** The kind of the committee (its report is signed by its standing committee, committee or branch) and its status at the end. */
  organizationKind: string;
  organizationStatus: string;
  period: ReportPeriod;
  membersAtStart: number;
  membersAtEnd: number;
  membersAtEndYearBefore: number | null;
  /** Members who came or went with their organisation when the tree was restructured in the period. */
  restructured: { arrived: number; left: number };
  changes: MembershipChanges;
  changesYearBefore: MembershipChanges | null;
  candidatesTrained: number;
  candidatesTrainedYearBefore: number | null;
  /** For a year or a term: the ratings of its (last) year against the year before; null for a quarter or half. */
  ratings: RatingsComparison | null;
  inspections: InspectionStatistics;
  commendations: CommendationStatistics;
  /** Targets of the period (a quarter or half: the year's, measured from the year's start) and their results. */
  indicators: IndicatorResult[];
  /** The comparison table the xlsx and the document print: this period, a year before, % of it. */
  rows: ReportRow[];
};

const ROMAN = ['I', 'II', 'III', 'IV'];

/** Parses the period a report covers: a year, a quarter or half of it, or a term. */
export async function reportPeriod(prisma: PrismaClient, input: ReportPeriodInput, organizationId: string): Promise<{ period: ReportPeriod; indicators: PeriodInput }> {
  const kinds = [input.year !== null && input.year !== undefined, !!input.termId].filter(Boolean).length;
  if (kinds !== 1) throw ValidationError.field('period', 'give a year (with a quarter or a half, or neither) or a termId');
  if (input.termId) {
    if (input.quarter || input.half) throw ValidationError.field('period', 'a term has no quarters or halves');
    const term = await prisma.term.findUnique({ where: { id: input.termId } });
    // A committee reports on its own terms: another's is told as unknown.
    if (!term || term.organizationId !== organizationId) throw new NotFoundError('Term', input.termId);
    const from = fromDbDate(term.startsOn);
    const to = addDays(fromDbDate(term.endsOn), -1);
    return { period: { kind: 'TERM', name: `nhiệm kỳ ${term.name}`, from, to, yearBefore: null }, indicators: { termId: input.termId } };
  }
  const year = input.year!;
  // 1931 at the earliest: each figure is compared with the year before.
  if (!Number.isInteger(year) || year < 1931 || year > 2100) throw ValidationError.field('year', 'is a year from 1931 to 2100 (a report compares with the year before)');
  if (input.quarter && input.half) throw ValidationError.field('half', 'give a quarter or a half, not both');
  const span = (fromMonth: number, months: number, kind: ReportPeriodKind, name: string, indicators: PeriodInput) => {
    const from = `${year}-${String(fromMonth).padStart(2, '0')}-01`;
    const to = addDays(addMonths(from, months), -1);
    return { period: { kind, name, from, to, yearBefore: { from: addMonths(from, -12), to: addDays(addMonths(from, months - 12), -1) } }, indicators };
  };
  if (input.quarter !== null && input.quarter !== undefined) {
    if (!Number.isInteger(input.quarter) || input.quarter < 1 || input.quarter > 4) throw ValidationError.field('quarter', 'is 1, 2, 3 or 4');
    return span(input.quarter * 3 - 2, 3, 'QUARTER', `quý ${ROMAN[input.quarter - 1]} năm ${year}`, { year, quarter: input.quarter });
  }
  if (input.half !== null && input.half !== undefined) {
    if (input.half !== 1 && input.half !== 2) throw ValidationError.field('half', 'is 1 or 2');
    // Indicators of a half: the year's targets against the year so far, to the half's last quarter.
    return span(input.half === 1 ? 1 : 7, 6, 'HALF_YEAR', input.half === 1 ? `6 tháng đầu năm ${year}` : `6 tháng cuối năm ${year}`, { year, quarter: input.half * 2 });
  }
  return span(1, 12, 'YEAR', `năm ${year}`, { year });
}

export class PeriodReportService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly members: MemberService,
    private readonly organizations: OrganizationService,
    private readonly indicators: IndicatorService,
    private readonly ratings: RatingService,
    private readonly inspections: InspectionStatisticsService,
    private readonly commendations: CommendationService,
  ) {}

  async report(organizationId: string, input: ReportPeriodInput): Promise<PeriodReport> {
    // A report gathers counts of members, discipline and inspections: the roles that read the
    // inspection committee's counts read it; authorised before anything else is read.
    const { organizationPaths } = await authorizeSubjects(this.prisma, this.actor, 'readInspectionStatistics', { organizationIds: [organizationId] });
    const path = organizationPaths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const key = path.at(-1)!;
    const { period, indicators: indicatorPeriod } = await reportPeriod(this.prisma, input, organizationId);
    const organization = (await this.organizations.byIds([organizationId], period.to)).get(organizationId) ?? (await this.organizations.latest(organizationId));
    const root = [{ id: organizationId, pathKey: key }];
    const total = async (day: IsoDate) => (await this.members.counts(root, day)).get(organizationId)!.total;
    const trained = async (from: IsoDate, to: IsoDate) =>
      (await this.prisma.$queryRaw<{ day: Date }[]>(COMPUTATIONS.CANDIDATES_TRAINED!(key, toDbDate(from), toDbDate(to)))).length;
    const before = period.yearBefore;
    const membersAtStart = await total(addDays(period.from, -1));
    const membersAtEnd = await total(period.to);
    const membersAtEndYearBefore = before ? await total(before.to) : null;
    const changes = await this.members.changes(organizationId, period.from, period.to, 'EFFECTIVE');
    const restructured = await restructuredMembers(this.prisma, key, addDays(period.from, -1), period.to);
    const restructuredBefore = before ? await restructuredMembers(this.prisma, key, addDays(before.from, -1), before.to) : null;
    const changesYearBefore = before ? await this.members.changes(organizationId, before.from, before.to, 'EFFECTIVE') : null;
    const candidatesTrained = await trained(period.from, period.to);
    const candidatesTrainedYearBefore = before ? await trained(before.from, before.to) : null;
    // Ratings are yearly: a year's own, or a term's last whole year.
    const lastYear = Number(period.to.slice(0, 4));
    const ratingYear = period.kind === 'YEAR' ? lastYear : period.kind === 'TERM' ? (period.to.endsWith('-12-31') ? lastYear : lastYear - 1) : null;
    const ratings = ratingYear
      ? {
          year: ratingYear,
          members: await this.ratings.distribution(organizationId, ratingYear, 'MEMBER'),
          membersYearBefore: await this.ratings.distribution(organizationId, ratingYear - 1, 'MEMBER'),
          organizations: await this.ratings.distribution(organizationId, ratingYear, 'ORGANIZATION'),
          organizationsYearBefore: await this.ratings.distribution(organizationId, ratingYear - 1, 'ORGANIZATION'),
        }
      : null;
    const inspections = await this.inspections.forPeriod(organizationId, period.from, period.to, period.to);
    const inspectionsBefore = before ? await this.inspections.forPeriod(organizationId, before.from, before.to, before.to) : null;
    const commendations = await this.commendations.statistics(organizationId, period.from, period.to);
    const commendationsBefore = before ? await this.commendations.statistics(organizationId, before.from, before.to) : null;
    const indicators = await this.indicators.results(organizationId, indicatorPeriod);

    const rows: ReportRow[] = [];
    const line = (code: string, label: string, depth: number, now: number | null, then: number | null) =>
      rows.push({ code, label, depth, values: [now, then, percent(now, then)], note: null });
    const sumForms = (s: InspectionStatistics | null, subject: 'disciplinedMembers' | 'disciplinedOrganizations') => (s ? s[subject].reduce((n, f) => n + f.count, 0) : null);
    const admitted = (c: MembershipChanges | null) => (c ? c.admitted + c.readmitted : null);
    line('1', 'Đảng viên đầu kỳ', 0, membersAtStart, before ? await total(addDays(before.from, -1)) : null);
    line('2', 'Kết nạp đảng viên mới', 0, admitted(changes), admitted(changesYearBefore));
    line('3', 'Công nhận đảng viên chính thức', 0, changes.recognizedOfficial, changesYearBefore?.recognizedOfficial ?? null);
    line('4', 'Chuyển sinh hoạt đảng đến', 0, changes.transferredIn, changesYearBefore?.transferredIn ?? null);
    line('5', 'Chuyển sinh hoạt đảng đi', 0, changes.transferredOut, changesYearBefore?.transferredOut ?? null);
    line('6', 'Từ trần', 0, changes.deceased, changesYearBefore?.deceased ?? null);
    line('7', 'Khai trừ', 0, changes.expelled, changesYearBefore?.expelled ?? null);
    line('8', 'Xóa tên', 0, changes.removedFromRoll, changesYearBefore?.removedFromRoll ?? null);
    line('8a', 'Tăng, giảm do sắp xếp tổ chức (đến cùng tổ chức trừ đi cùng tổ chức)', 0, restructured.arrived - restructured.left, restructuredBefore ? restructuredBefore.arrived - restructuredBefore.left : null);
    line('9', 'Đảng viên cuối kỳ', 0, membersAtEnd, membersAtEndYearBefore);
    line('10', 'Quần chúng ưu tú được bồi dưỡng nhận thức về Đảng', 0, candidatesTrained, candidatesTrainedYearBefore);
    line('11', 'Đảng viên bị kỷ luật', 0, sumForms(inspections, 'disciplinedMembers'), sumForms(inspectionsBefore, 'disciplinedMembers'));
    line('12', 'Tổ chức đảng bị kỷ luật', 0, sumForms(inspections, 'disciplinedOrganizations'), sumForms(inspectionsBefore, 'disciplinedOrganizations'));
    line('13', 'Đảng viên bị đình chỉ sinh hoạt đảng', 0, inspections.memberSuspensions, inspectionsBefore?.memberSuspensions ?? null);
    line('14', 'Đảng viên được phục hồi sinh hoạt đảng', 0, inspections.memberReinstatements, inspectionsBefore?.memberReinstatements ?? null);
    const cases = (s: InspectionStatistics | null) => (s ? s.inspectionsByType.reduce((n, t) => n + t.count, 0) : null);
    line('15', 'Cuộc kiểm tra', 0, cases(inspections), cases(inspectionsBefore));
    line('16', 'Khen thưởng', 0, commendations.commendationsTotal, commendationsBefore?.commendationsTotal ?? null);
    line('17', 'Huy hiệu Đảng được trao', 0, commendations.badgesTotal, commendationsBefore?.badgesTotal ?? null);
    if (ratings) {
      line('18', `Đảng viên hoàn thành tốt nhiệm vụ trở lên (năm ${ratings.year} so với năm ${ratings.year - 1})`, 0, ratings.members.excellent + ratings.members.good, ratings.membersYearBefore.excellent + ratings.membersYearBefore.good);
      line('19', `Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên (năm ${ratings.year} so với năm ${ratings.year - 1})`, 0, ratings.organizations.excellent + ratings.organizations.good, ratings.organizationsYearBefore.excellent + ratings.organizationsYearBefore.good);
    }
    return {
      organizationId,
      organizationCode: organization.code,
      organizationName: organization.name,
      organizationKind: organization.kindCode,
      organizationStatus: organization.status,
      period,
      membersAtStart,
      membersAtEnd,
      membersAtEndYearBefore,
      restructured,
      changes,
      changesYearBefore,
      candidatesTrained,
      candidatesTrainedYearBefore,
      ratings,
      inspections,
      commendations,
      indicators,
      rows,
    };
  }
}
