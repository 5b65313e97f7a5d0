import type { PrismaClient, QualityRating, RatingLevel, RatingSubject } from '../../generated/prisma/client.js';
import { EXCELLENT_MEMBER_QUOTA, RATING_SCORE_BANDS } from '../../rules/ratings.js';
import { ruleAt } from '../../rules/rule.js';
import { toDbDate } from '../../shared/dates.js';
import { DomainError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { validAt } from '../organizations/organizations.service.js';
import { periodOf, type Period, type PeriodInput } from '../indicators/periods.js';

export type RatingRow = { organizationId?: string | null; memberId?: string | null; level: RatingLevel; score?: number | null };

export type RatingBatch = {
  subject: RatingSubject;
  /** The organisation whose committee decides (for organisations: the directly higher one). */
  ratedById: string;
  period: PeriodInput;
  decisionId: string;
  rows: RatingRow[];
};

export type RatingWarning = { code: string; message: string };

export type Distribution = {
  year: number;
  subject: RatingSubject;
  excellent: number;
  good: number;
  completed: number;
  notCompleted: number;
  total: number;
  /** GOOD or above, in percent of those rated. */
  goodOrAbovePercent: number | null;
};

const LEVELS: RatingLevel[] = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'];

/** Đánh giá, xếp loại chất lượng: ratings of organisations and members, one by one or in batches. */
export class RatingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a batch of ratings decided together, all or nothing: every row is checked (score
   * against level, member within the deciding organisation's subtree, organisation directly
   * under it, no EXCELLENT for an organisation with an expelled member that year) and every
   * problem reported by row. The share of EXCELLENT members over the quota is a warning.
   */
  async rate(batch: RatingBatch): Promise<{ ratings: QualityRating[]; warnings: RatingWarning[] }> {
    if (batch.rows.length === 0) throw ValidationError.field('rows', 'give at least one rating');
    const period = periodOf(batch.period);
    const bands = ruleAt(RATING_SCORE_BANDS, period.end);
    const raterPath = await currentPath(this.prisma, batch.ratedById);
    if (raterPath.length === 0) throw new NotFoundError('Organization', batch.ratedById);
    if (!(await this.prisma.document.findUnique({ where: { id: batch.decisionId } }))) throw new NotFoundError('Document', batch.decisionId);
    const role = authorize(this.actor, 'manageRatings', [raterPath]);
    const raterKey = raterPath.at(-1)!;
    const problems: FieldProblem[] = [];
    const prepared: { row: RatingRow; organizationId: string; memberId: string | null; scopePath: number[] }[] = [];
    for (const [index, row] of batch.rows.entries()) {
      const field = `rows.${index}`;
      try {
        checkScore(row, bands.value, bands.source, field);
        if (batch.subject === 'MEMBER') {
          if (!row.memberId) throw ValidationError.field(`${field}.memberId`, 'is required for a member rating');
          const period_ = await this.prisma.memberPeriod.findFirst({
            where: { memberId: row.memberId, validFrom: { lte: toDbDate(period.end) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(period.end) } }] },
            include: { organization: { include: { versions: { where: validAt(period.end) } } } },
          });
          const path = period_?.organization.versions[0]?.path ?? [];
          if (!period_ || !path.includes(raterKey)) {
            throw new RuleViolationError('NOT_IN_SUBTREE', `${field}: the member does not belong to the rating organisation on ${period.end}`);
          }
          prepared.push({ row, organizationId: period_.organizationId, memberId: row.memberId, scopePath: path });
        } else {
          if (!row.organizationId) throw ValidationError.field(`${field}.organizationId`, 'is required for an organisation rating');
          const version = await this.prisma.organizationVersion.findFirst({ where: { AND: [validAt(period.end), { organizationId: row.organizationId }] } });
          if (!version) throw new NotFoundError('Organization', row.organizationId);
          if (version.parentId !== batch.ratedById) {
            throw new RuleViolationError('NOT_THE_HIGHER_LEVEL', `${field}: an organisation is rated by the committee directly above it`);
          }
          if (row.level === 'EXCELLENT') await this.assertNoExpulsion(version.path.at(-1)!, period, field);
          prepared.push({ row, organizationId: row.organizationId, memberId: null, scopePath: version.path });
        }
      } catch (error) {
        if (error instanceof ValidationError) problems.push(...error.problems);
        else if (error instanceof DomainError) problems.push({ field, message: error.message });
        else throw error;
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const warnings: RatingWarning[] = [];
    if (batch.subject === 'MEMBER') {
      const quota = ruleAt(EXCELLENT_MEMBER_QUOTA, period.end);
      const excellent = batch.rows.filter((r) => r.level === 'EXCELLENT').length;
      const goodOrAbove = batch.rows.filter((r) => r.level === 'EXCELLENT' || r.level === 'GOOD').length;
      if (goodOrAbove > 0 && excellent > Math.floor(goodOrAbove * quota.value)) {
        warnings.push({
          code: 'EXCELLENT_QUOTA',
          message: `${excellent} EXCELLENT of ${goodOrAbove} rated GOOD or above is more than ${quota.value * 100} % (${quota.source})`,
        });
      }
    }
    const ratings = await this.prisma.$transaction(async (tx) => {
      const written: QualityRating[] = [];
      for (const { row, organizationId, memberId } of prepared) {
        await tx.qualityRating.updateMany({
          where: { subject: batch.subject, periodKey: period.key, supersededAt: null, ...(memberId ? { memberId } : { organizationId, memberId: null }) },
          data: { supersededAt: new Date() },
        });
        written.push(
          await tx.qualityRating.create({
            data: {
              subject: batch.subject,
              organizationId,
              memberId,
              periodType: period.type,
              periodKey: period.key,
              periodStart: toDbDate(period.start),
              periodEnd: toDbDate(period.end),
              level: row.level,
              score: row.score ?? null,
              ratedById: batch.ratedById,
              decisionId: batch.decisionId,
            },
          }),
        );
      }
      await this.audit.record(tx, role, {
        action: 'rating.batch',
        entityType: 'QualityRating',
        entityId: written[0]!.id,
        scopePath: raterPath,
        after: { subject: batch.subject, period: period.key, ratedById: batch.ratedById, rows: batch.rows.length, warnings: warnings.map((w) => w.code) },
      });
      return written;
    });
    return { ratings, warnings };
  }

  /** An organisation with a member expelled in the period cannot be EXCELLENT. */
  private async assertNoExpulsion(key: number, period: Period, field: string) {
    const expelled = await this.prisma.memberEvent.count({
      where: {
        type: 'EXPELLED',
        effectiveOn: { gte: toDbDate(period.start), lte: toDbDate(period.end) },
        member: { periods: { some: { organization: { versions: { some: { path: { has: key } } } } } } },
      },
    });
    if (expelled > 0) {
      throw new RuleViolationError('DISCIPLINED_IN_PERIOD', `${field}: a member of the organisation was disciplined in ${period.key}: it cannot be EXCELLENT`);
    }
  }

  /**
   * How the ratings of a year are spread in an organisation's subtree, for members or for
   * grassroots organisations: one statement.
   */
  async distribution(organizationId: string, year: number, subject: RatingSubject): Promise<Distribution> {
    const period = periodOf({ year });
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    const key = path.at(-1)!;
    const scope = scopeOf(this.actor, 'readMembers');
    const groups = await this.prisma.qualityRating.groupBy({
      by: ['level'],
      where: {
        subject,
        periodKey: period.key,
        supersededAt: null,
        organization: {
          versions: {
            some: {
              AND: [
                validAt(period.end),
                { path: { has: key } },
                ...(subject === 'ORGANIZATION' ? [{ kind: { isGrassroots: true } }] : []),
                ...(scope ? [{ path: { hasSome: scope } }] : []),
              ],
            },
          },
        },
      },
      _count: { _all: true },
    });
    const count = (level: RatingLevel) => groups.find((g) => g.level === level)?._count._all ?? 0;
    const total = LEVELS.reduce((sum, level) => sum + count(level), 0);
    return {
      year,
      subject,
      excellent: count('EXCELLENT'),
      good: count('GOOD'),
      completed: count('COMPLETED'),
      notCompleted: count('NOT_COMPLETED'),
      total,
      goodOrAbovePercent: total ? Math.round(((count('EXCELLENT') + count('GOOD')) / total) * 10000) / 100 : null,
    };
  }
}

function checkScore(row: RatingRow, bands: Record<RatingLevel, number>, source: string, field: string) {
  if (row.score === null || row.score === undefined) return;
  if (!Number.isFinite(row.score) || row.score < 0 || row.score > 100) throw ValidationError.field(`${field}.score`, 'is from 0 to 100');
  const next: Record<RatingLevel, number> = { EXCELLENT: 101, GOOD: bands.EXCELLENT, COMPLETED: bands.GOOD, NOT_COMPLETED: bands.COMPLETED };
  if (row.score < bands[row.level] || row.score >= next[row.level]) {
    throw new RuleViolationError(
      'SCORE_CONTRADICTS_LEVEL',
      `${field}: a score of ${row.score} is not ${row.level} (${row.level} is from ${bands[row.level]} to under ${next[row.level]}: ${source})`,
    );
  }
}
