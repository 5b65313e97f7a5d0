import type { PrismaClient, QualityRating, RatingLevel, RatingSubject } from '../../generated/prisma/client.js';
import { EXCELLENT_MEMBER_QUOTA, RATING_SCORE_BANDS } from '../../rules/ratings.js';
import { ruleAt } from '../../rules/rule.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { toDbDate } from '../../shared/dates.js';
import { DomainError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { validAt } from '../organizations/organizations.service.js';
import { periodOf, resolvePeriod, type Period, type PeriodInput } from '../indicators/periods.js';

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
   * under it, no EXCELLENT for an organisation with a disciplined member or sub-unit that year) and every
   * problem reported by row. The share of EXCELLENT members over the quota is a warning.
   */
  async rate(batch: RatingBatch): Promise<{ ratings: QualityRating[]; warnings: RatingWarning[] }> {
    if (batch.rows.length === 0) throw ValidationError.field('rows', 'give at least one rating');
    const subjects = batch.rows.map((row) => row.memberId ?? row.organizationId);
    const repeated = subjects.findIndex((subject, index) => subject && subjects.indexOf(subject) !== index);
    if (repeated >= 0) throw ValidationError.field(`rows.${repeated}`, 'rates the same subject as an earlier row');
    // The deciding committee first: no rule about the subjects is told to a caller without the right.
    const raterPath = await currentPath(this.prisma, batch.ratedById);
    const role = authorize(this.actor, 'manageRatings', [raterPath.length > 0 ? raterPath : [-1]]);
    if (raterPath.length === 0) throw new NotFoundError('Organization', batch.ratedById);
    const period = await resolvePeriod(this.prisma, batch.period);
    const bands = ruleAt(RATING_SCORE_BANDS, period.end);
    if (!(await this.prisma.document.findUnique({ where: { id: batch.decisionId } }))) throw new NotFoundError('Document', batch.decisionId);
    const raterKey = raterPath.at(-1)!;
    // Everything the checks need, loaded for all rows at once: a batch of thousands costs a few statements.
    const day = toDbDate(period.end);
    const memberIds = batch.rows.map((row) => row.memberId).filter((id): id is string => !!id);
    const organizationIds = batch.rows.map((row) => row.organizationId).filter((id): id is string => !!id);
    const periods = memberIds.length
      ? await this.prisma.memberPeriod.findMany({
          where: { memberId: { in: memberIds }, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gt: day } }] },
          include: { organization: { include: { versions: { where: validAt(period.end) } } } },
        })
      : [];
    const versions = organizationIds.length
      ? await this.prisma.organizationVersion.findMany({ where: { AND: [validAt(period.end), { organizationId: { in: organizationIds } }] } })
      : [];
    const disciplined = batch.subject === 'ORGANIZATION' && batch.rows.some((row) => row.level === 'EXCELLENT') ? await this.disciplinedPaths(period) : [];
    const problems: FieldProblem[] = [];
    const prepared: { row: RatingRow; organizationId: string; memberId: string | null; scopePath: number[] }[] = [];
    for (const [index, row] of batch.rows.entries()) {
      const field = `rows.${index}`;
      try {
        checkScore(row, bands.value, bands.source, field);
        if (batch.subject === 'MEMBER') {
          if (!row.memberId) throw ValidationError.field(`${field}.memberId`, 'is required for a member rating');
          const found = periods.find((p) => p.memberId === row.memberId);
          const path = found?.organization.versions[0]?.path ?? [];
          if (!found || !path.includes(raterKey)) {
            throw new RuleViolationError('NOT_IN_SUBTREE', `${field}: the member does not belong to the rating organisation on ${period.end}`);
          }
          prepared.push({ row, organizationId: found.organizationId, memberId: row.memberId, scopePath: path });
        } else {
          if (!row.organizationId) throw ValidationError.field(`${field}.organizationId`, 'is required for an organisation rating');
          const version = versions.find((v) => v.organizationId === row.organizationId);
          if (!version) throw new NotFoundError('Organization', row.organizationId);
          if (version.parentId !== batch.ratedById) {
            throw new RuleViolationError('NOT_THE_HIGHER_LEVEL', `${field}: an organisation is rated by the committee directly above it`);
          }
          const key = version.path.at(-1)!;
          if (row.level === 'EXCELLENT' && disciplined.some((path) => path.includes(key))) {
            throw new RuleViolationError('DISCIPLINED_IN_PERIOD', `${field}: a member of the organisation was disciplined in ${period.key}: it cannot be EXCELLENT`);
          }
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
    const ratings = await inTransaction(this.prisma, async (tx) => {
      // Batches rating the same subjects for the same period take turns (locks in key order, so
      // two batches cannot deadlock); the exclusion constraint quality_ratings_one_current holds
      // the invariant whatever else writes.
      const keys = prepared.map((p) => `quality_rating:${batch.subject}:${p.memberId ?? p.organizationId}:${period.type}:${period.key}`).sort();
      await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${keys}::text[]) AS k`;
      await tx.qualityRating.updateMany({
        where: {
          subject: batch.subject,
          periodKey: period.key,
          supersededAt: null,
          ...(batch.subject === 'MEMBER' ? { memberId: { in: memberIds } } : { organizationId: { in: organizationIds }, memberId: null }),
        },
        data: { supersededAt: new Date() },
      });
      const written: QualityRating[] = await tx.qualityRating.createManyAndReturn({
        data: prepared.map(({ row, organizationId, memberId }) => ({
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
        })),
      });
      await this.audit.record(tx, role, {
        action: 'rating.batch',
        entityType: 'QualityRating',
        entityId: written[0]!.id,
        scopePath: raterPath,
        after: { subject: batch.subject, period: period.key, ratedById: batch.ratedById, rows: batch.rows.length, warnings: warnings.map((w) => w.code) },
      });
      return written;
    }, TRANSACTION.batch);
    return { ratings, warnings };
  }

  /**
   * Paths of the organisations disciplined in the period, and of the branches of members
   * disciplined in it (as of the decision): an organisation above any of them cannot be
   * EXCELLENT.
   */
  private async disciplinedPaths(period: Period): Promise<number[][]> {
    const rows = await this.prisma.$queryRaw<{ path: number[] }[]>`
      SELECT v.path FROM discipline_records d
      JOIN organization_versions v ON v.organization_id = d.organization_id
        AND v.valid_from <= d.effective_from AND (v.valid_to IS NULL OR v.valid_to > d.effective_from)
      WHERE d.status = 'IN_FORCE' AND d.effective_from BETWEEN ${toDbDate(period.start)} AND ${toDbDate(period.end)}`;
    return rows.map((row) => row.path);
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
