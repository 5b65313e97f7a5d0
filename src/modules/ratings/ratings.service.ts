import type { Prisma, PrismaClient, QualityRating, RatingLevel, RatingSubject } from '../../generated/prisma/client.js';
import { decodeCursor, pageSize, toPage, type Page, type PageArgs } from '../../shared/pagination.js';
import { DISCIPLINE_CAPS_RATING, EXCELLENT_QUOTA, MEMBER_RATER, RATED_MEMBER_STATUSES, RATING_SCORE_BANDS } from '../../rules/ratings.js';
import type { RuleBook, RuleSnapshot } from '../../rules/rule.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import { toDbDate, type IsoDate } from '../../shared/dates.js';
import { DomainError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, currentPath, organizationPaths, scopeOf, type Actor } from '../auth/access.js';
import { insertRows } from '../../db/bulk.js';
import { v7 as uuidv7 } from 'uuid';
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

/** Ratings from a spreadsheet: the decisions it cites that are new, and whether to write (commit) or only check. */
export type ImportSource = { importId: string; scopePath: number[]; file: Record<string, unknown>; documents: Prisma.DocumentCreateManyInput[]; commit: boolean };

export type RatingResult = { ratingIds: string[]; warnings: RatingWarning[] };

/** At most this many batches, and ratings in all, in one call. */
export const MAX_BATCHES_PER_CALL = 2_000;
export const MAX_RATINGS_PER_CALL = 50_000;

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

/** What was disciplined in a period, as the rating rules need it. */
type DisciplinedInPeriod = {
  /** Members disciplined in the period. */
  members: Set<string>;
  /** Organisations disciplined in the period (their own discipline). */
  organizations: Set<string>;
  /** Paths (as of the decision) of the organisations disciplined in the period. */
  organizationPaths: number[][];
  /** Paths of the branches of members disciplined in the period. */
  memberBranchPaths: number[][];
  /** Organisations whose committee had a member disciplined in the period (holding the post on the day). */
  committeesWithDisciplinedMember: Set<string>;
};

/** Đánh giá, xếp loại chất lượng: ratings of organisations and members, one by one or in batches. */
export class RatingService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /**
   * Records a batch of ratings decided together, all or nothing: every row is checked (score
   * against level; the competent level decides: members by their grassroots organisation,
   * organisations by the committee directly above; only members with a rated status; discipline
   * in the period caps the level) and every problem reported by row. EXCELLENT over the quota,
   * counted over all current ratings of the committee and period, is a warning.
   */
  async rate(batch: RatingBatch): Promise<RatingResult> {
    return (await this.rateBatches([batch], () => ''))[0]!;
  }

  /**
   * Many batches at once (each its deciding organisation's, e.g. every grassroots organisation
   * rating its members for the year), all or nothing, under the rules of `rate`, problems named
   * `batches.3.rows.7`: a province's year of ratings costs a few statements, not a few per
   * organisation.
   */
  async rateMany(batches: readonly RatingBatch[], from?: ImportSource): Promise<RatingResult[]> {
    if (batches.length === 0) throw ValidationError.field('batches', 'give at least one batch');
    if (batches.length > MAX_BATCHES_PER_CALL) throw ValidationError.field('batches', `at most ${MAX_BATCHES_PER_CALL} batches in one call`);
    const rows = batches.reduce((sum, batch) => sum + batch.rows.length, 0);
    if (rows > MAX_RATINGS_PER_CALL) throw ValidationError.field('batches', `at most ${MAX_RATINGS_PER_CALL} ratings in one call (${rows} given)`);
    return this.rateBatches(batches, (index) => `batches.${index}.`, from);
  }

  private async rateBatches(batches: readonly RatingBatch[], prefix: (index: number) => string, from?: ImportSource): Promise<RatingResult[]> {
    const shape: FieldProblem[] = [];
    batches.forEach((batch, b) => {
      if (batch.rows.length === 0) shape.push({ field: `${prefix(b)}rows`, message: 'give at least one rating' });
      const subjects = batch.rows.map((row) => row.memberId ?? row.organizationId);
      const repeated = subjects.findIndex((subject, index) => subject && subjects.indexOf(subject) !== index);
      if (repeated >= 0) shape.push({ field: `${prefix(b)}rows.${repeated}`, message: 'rates the same subject as an earlier row' });
    });
    if (shape.length > 0) throw new ValidationError(shape);
    // The deciding committees first: no rule about the subjects is told to a caller without the right.
    const raterIds = [...new Set(batches.map((batch) => batch.ratedById))];
    const raterPaths = await organizationPaths(this.prisma, raterIds);
    const role = authorize(this.actor, 'manageRatings', raterIds.map((id) => raterPaths.get(id) ?? [-1]));
    const unknownRater = raterIds.find((id) => !raterPaths.has(id));
    if (unknownRater) throw new NotFoundError('Organization', unknownRater);
    const periods = await Promise.all(batches.map((batch) => resolvePeriod(this.prisma, batch.period)));
    const decisionIds = [...new Set(batches.map((batch) => batch.decisionId))];
    const known = new Set((await this.prisma.document.findMany({ where: { id: { in: decisionIds } }, select: { id: true } })).map((d) => d.id));
    // Decisions a spreadsheet cites that are recorded with it.
    for (const document of from?.documents ?? []) known.add(document.id!);
    const missing = decisionIds.find((id) => !known.has(id));
    if (missing) throw new NotFoundError('Document', missing);
    // Everything the checks need, loaded for all rows of all batches at once, per last day of a
    // period (usually one): a year of a province's ratings costs a few statements.
    const days = [...new Set(periods.map((period) => period.end))];
    const memberIds = [...new Set(batches.flatMap((batch) => batch.rows.map((row) => row.memberId).filter((id): id is string => !!id)))];
    const organizationIds = [...new Set(batches.flatMap((batch) => batch.rows.map((row) => row.organizationId).filter((id): id is string => !!id)))];
    const memberPeriods = new Map<IsoDate, Map<string, { organizationId: string; path: number[]; status: string }>>();
    const versions = new Map<IsoDate, Map<string, { parentId: string | null; path: number[] }>>();
    const raterIsGrassroots = new Map<IsoDate, Set<string>>();
    for (const day of days) {
      const at = toDbDate(day);
      const found = memberIds.length
        ? await this.prisma.memberPeriod.findMany({
            where: { memberId: { in: memberIds }, validFrom: { lte: at }, OR: [{ validTo: null }, { validTo: { gt: at } }] },
            include: { organization: { include: { versions: { where: validAt(day) } } } },
          })
        : [];
      memberPeriods.set(day, new Map(found.map((p) => [p.memberId, { organizationId: p.organizationId, path: p.organization.versions[0]?.path ?? [], status: p.status }])));
      const organizations = organizationIds.length
        ? await this.prisma.organizationVersion.findMany({ where: { AND: [validAt(day), { organizationId: { in: organizationIds } }] } })
        : [];
      versions.set(day, new Map(organizations.map((v) => [v.organizationId, { parentId: v.parentId, path: v.path }])));
      const raters = await this.prisma.organizationVersion.findMany({
        where: { AND: [validAt(day), { organizationId: { in: raterIds } }, { kind: { isGrassroots: true } }] },
        select: { organizationId: true },
      });
      raterIsGrassroots.set(day, new Set(raters.map((r) => r.organizationId)));
    }
    const disciplined = new Map<string, DisciplinedInPeriod>();
    for (const period of periods) {
      if (!disciplined.has(period.key)) disciplined.set(period.key, await this.disciplinedIn(period));
    }
    const rules = await this.rules.current();
    const problems: FieldProblem[] = [];
    const prepared: { batch: number; row: RatingRow; organizationId: string; memberId: string | null }[] = [];
    for (const [b, batch] of batches.entries()) {
      const period = periods[b]!;
      const bands = rules.at(RATING_SCORE_BANDS, period.end);
      const caps = rules.at(DISCIPLINE_CAPS_RATING, period.end);
      const inPeriod = disciplined.get(period.key)!;
      const raterKey = raterPaths.get(batch.ratedById)!.at(-1)!;
      if (batch.subject === 'MEMBER') {
        const rater = rules.at(MEMBER_RATER, period.end);
        if (rater.value === 'GRASSROOTS' && !raterIsGrassroots.get(period.end)!.has(batch.ratedById)) {
          problems.push({
            field: `${prefix(b)}ratedById`,
            message: `members are rated by their grassroots organisation (a grassroots committee or grassroots branch), and this organisation is not one on ${period.end} (${rater.citation})`,
          });
          continue;
        }
      }
      const rated = batch.subject === 'MEMBER' ? rules.at(RATED_MEMBER_STATUSES, period.end) : null;
      for (const [index, row] of batch.rows.entries()) {
        const field = `${prefix(b)}rows.${index}`;
        try {
          checkScore(row, bands.value, bands.citation, field);
          if (batch.subject === 'MEMBER') {
            if (!row.memberId) throw ValidationError.field(`${field}.memberId`, 'is required for a member rating');
            const found = memberPeriods.get(period.end)!.get(row.memberId);
            if (!found || !found.path.includes(raterKey)) {
              throw new RuleViolationError('NOT_IN_SUBTREE', `${field}: the member does not belong to the rating organisation on ${period.end}`);
            }
            // Those who left the Party (expelled, removed from the roll, deceased) are not rated,
            // nor, under the rule of the period, those suspended from party activity.
            if (!(rated!.value as string[]).includes(found.status)) {
              throw new RuleViolationError('NOT_RATED_STATUS', `${field}: the member is ${found.status} on ${period.end}: only members who are ${rated!.value.join(' or ')} are rated (${rated!.citation})`);
            }
            checkCap(row.level, caps.value.memberHighestLevel, inPeriod.members.has(row.memberId), `${field}: the member was disciplined in ${period.key}`, caps.citation);
            prepared.push({ batch: b, row, organizationId: found.organizationId, memberId: row.memberId });
          } else {
            if (!row.organizationId) throw ValidationError.field(`${field}.organizationId`, 'is required for an organisation rating');
            const version = versions.get(period.end)!.get(row.organizationId);
            if (!version) throw new NotFoundError('Organization', row.organizationId);
            if (version.parentId !== batch.ratedById) {
              throw new RuleViolationError('NOT_THE_HIGHER_LEVEL', `${field}: an organisation is rated by the committee directly above it`);
            }
            checkCap(row.level, caps.value.organizationHighestLevel, inPeriod.organizations.has(row.organizationId), `${field}: the organisation was disciplined in ${period.key}`, caps.citation);
            if (row.level === 'EXCELLENT') {
              const blocker = excellentBlocker(inPeriod, caps.value.excellentBlockedBy, row.organizationId, version.path);
              if (blocker) throw new RuleViolationError('DISCIPLINED_IN_PERIOD', `${field}: ${blocker} was disciplined in ${period.key}: the organisation cannot be EXCELLENT (${caps.citation})`);
            }
            prepared.push({ batch: b, row, organizationId: row.organizationId, memberId: null });
          }
        } catch (error) {
          if (error instanceof ValidationError) problems.push(...error.problems);
          else if (error instanceof DomainError) problems.push({ field, message: error.message });
          else throw error;
        }
      }
    }
    if (problems.length > 0) throw new ValidationError(problems);

    const warnings = await this.quotaWarnings(batches, periods, rules);
    const now = new Date();
    const idsByBatch: string[][] = batches.map(() => []);
    const written = prepared.map(({ batch: b, row, organizationId, memberId }) => {
      const batch = batches[b]!;
      const period = periods[b]!;
      const id = uuidv7();
      idsByBatch[b]!.push(id);
      return {
        id,
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
        createdAt: now,
      };
    });
    // A spreadsheet's validation stops here: every check is made, nothing is written.
    if (from && !from.commit) return batches.map((_, b) => ({ ratingIds: idsByBatch[b]!, warnings: warnings[b]! }));
    await inTransaction(
      this.prisma,
      async (tx) => {
        if (from) await insertRows(tx, 'documents', from.documents.map((document) => ({ ...document, createdAt: now })));
        // Batches rating the same subjects for the same period take turns (locks in key order, so
        // two batches cannot deadlock); the exclusion constraint quality_ratings_one_current holds
        // the invariant whatever else writes.
        const keys = written.map((w) => `quality_rating:${w.subject}:${w.memberId ?? w.organizationId}:${w.periodType}:${w.periodKey}`).sort();
        await tx.$queryRaw`SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) FROM unnest(${keys}::text[]) AS k`;
        await tx.$executeRaw`
          UPDATE quality_ratings q SET superseded_at = ${now}
          FROM unnest(${written.map((w) => w.subject)}::text[], ${written.map((w) => w.memberId ?? w.organizationId)}::uuid[], ${written.map((w) => w.periodKey)}::text[])
            AS r(subject, subject_id, period_key)
          WHERE q.superseded_at IS NULL AND q.subject::text = r.subject AND q.period_key = r.period_key
            AND (CASE WHEN r.subject = 'MEMBER' THEN q.member_id = r.subject_id ELSE q.organization_id = r.subject_id AND q.member_id IS NULL END)`;
        await insertRows(tx, 'quality_ratings', written);
        await this.audit.recordMany(
          tx,
          role,
          batches.map((batch, b) => ({
            action: 'rating.batch',
            entityType: 'QualityRating',
            entityId: idsByBatch[b]![0]!,
            scopePath: raterPaths.get(batch.ratedById)!,
            after: { subject: batch.subject, period: periods[b]!.key, ratedById: batch.ratedById, rows: batch.rows.length, warnings: warnings[b]!.map((w) => w.code) },
          })),
        );
        if (from) {
          await this.audit.record(tx, role, {
            action: 'rating.import',
            entityType: 'Import',
            entityId: from.importId,
            scopePath: from.scopePath,
            after: { ...from.file, batches: batches.length, ratings: written.length, decisionsCreated: from.documents.length },
          });
        }
      },
      TRANSACTION.batch,
    );
    return batches.map((_, b) => ({ ratingIds: idsByBatch[b]!, warnings: warnings[b]! }));
  }

  /**
   * The EXCELLENT quota of every batch, counted over all current ratings of its committee and
   * period (those this call replaces left out, its own rows counted): one statement for all
   * batches.
   */
  private async quotaWarnings(batches: readonly RatingBatch[], periods: Period[], rules: RuleSnapshot): Promise<RatingWarning[][]> {
    const replaced = batches.flatMap((batch) => batch.rows.flatMap((row) => row.memberId ?? row.organizationId ?? []));
    const stored = await this.prisma.$queryRaw<{ rated_by_id: string; subject: RatingSubject; period_key: string; level: RatingLevel; count: number }[]>`
      SELECT rated_by_id, subject, period_key, level, count(*)::int AS count FROM quality_ratings
      WHERE superseded_at IS NULL
        AND (rated_by_id, subject::text, period_key) IN (SELECT * FROM unnest(${batches.map((batch) => batch.ratedById)}::uuid[], ${batches.map((batch) => batch.subject)}::text[], ${periods.map((period) => period.key)}::text[]))
        AND coalesce(member_id, organization_id) <> ALL (${replaced}::uuid[])
      GROUP BY 1, 2, 3, 4`;
    // Batches of the same committee, subject and period share one quota.
    const groupKey = (ratedById: string, subject: string, periodKey: string) => `${ratedById}|${subject}|${periodKey}`;
    const counts = new Map<string, Record<RatingLevel, number>>();
    const countsOf = (key: string) => counts.get(key) ?? counts.set(key, { EXCELLENT: 0, GOOD: 0, COMPLETED: 0, NOT_COMPLETED: 0 }).get(key)!;
    for (const row of stored) countsOf(groupKey(row.rated_by_id, row.subject, row.period_key))[row.level] += row.count;
    batches.forEach((batch, b) => {
      const levels = countsOf(groupKey(batch.ratedById, batch.subject, periods[b]!.key));
      for (const row of batch.rows) levels[row.level]++;
    });
    return batches.map((batch, b) => {
      const quota = rules.at(EXCELLENT_QUOTA, periods[b]!.end);
      if (!quota.value.subjects.includes(batch.subject) || !batch.rows.some((row) => row.level === 'EXCELLENT')) return [];
      const levels = countsOf(groupKey(batch.ratedById, batch.subject, periods[b]!.key));
      const base = quota.value.base.reduce((sum, level) => sum + levels[level], 0);
      if (levels.EXCELLENT <= Math.floor(base * quota.value.share + 1e-9)) return [];
      const whom = batch.subject === 'MEMBER' ? 'member' : 'organisation';
      return [{
        code: 'EXCELLENT_QUOTA',
        message: `${levels.EXCELLENT} ${whom}${levels.EXCELLENT === 1 ? '' : 's'} rated EXCELLENT: more than ${Math.round(quota.value.share * 10000) / 100} % of the ${base} rated ${quota.value.base.join(' or ')} by this committee for ${periods[b]!.key} (${quota.citation})`,
      }];
    });
  }

  /** What was disciplined in the period (decisions in force whose effect began in it): one statement. */
  private async disciplinedIn(period: Period): Promise<DisciplinedInPeriod> {
    const rows = await this.prisma.$queryRaw<{ subject: 'MEMBER' | 'ORGANIZATION'; member_id: string | null; organization_id: string; path: number[]; committees: string[] | null }[]>`
      SELECT d.subject, d.member_id, d.organization_id, v.path,
        (SELECT array_agg(DISTINCT t.organization_id) FROM committee_positions p JOIN terms t ON t.id = p.term_id
          WHERE p.member_id = d.member_id AND p.starts_on <= d.effective_from AND (p.ends_on IS NULL OR p.ends_on > d.effective_from)) AS committees
      FROM discipline_records d
      JOIN organization_versions v ON v.organization_id = d.organization_id
        AND v.valid_from <= d.effective_from AND (v.valid_to IS NULL OR v.valid_to > d.effective_from)
      WHERE d.status = 'IN_FORCE' AND d.effective_from BETWEEN ${toDbDate(period.start)} AND ${toDbDate(period.end)}`;
    const found: DisciplinedInPeriod = { members: new Set(), organizations: new Set(), organizationPaths: [], memberBranchPaths: [], committeesWithDisciplinedMember: new Set() };
    for (const row of rows) {
      if (row.subject === 'MEMBER' && row.member_id) {
        found.members.add(row.member_id);
        found.memberBranchPaths.push(row.path);
        for (const id of row.committees ?? []) found.committeesWithDisciplinedMember.add(id);
      } else {
        found.organizations.add(row.organization_id);
        found.organizationPaths.push(row.path);
      }
    }
    return found;
  }

  /**
   * The ratings in force of a year in an organisation's subtree, for members or for
   * organisations, by id; authorised first (an unknown organisation is refused alike).
   */
  async list(organizationId: string, year: number, subject: RatingSubject, page: PageArgs = {}): Promise<Page<QualityRating>> {
    const paths = await organizationPaths(this.prisma, [organizationId]);
    authorize(this.actor, 'readMembers', [paths.get(organizationId) ?? [-1]]);
    const path = paths.get(organizationId);
    if (!path) throw new NotFoundError('Organization', organizationId);
    const size = pageSize(page.first);
    const after = decodeCursor(page.after);
    const period = periodOf({ year });
    const scope = scopeOf(this.actor, 'readMembers');
    const where = {
      subject,
      periodKey: period.key,
      supersededAt: null,
      organization: { versions: { some: { AND: [validAt(period.end), { path: { has: path.at(-1)! } }, ...(scope ? [{ path: { hasSome: scope } }] : [])] } } },
    };
    const rows = await this.prisma.qualityRating.findMany({ where: { ...where, ...(after ? { id: { gt: after } } : {}) }, orderBy: { id: 'asc' }, take: size + 1 });
    return toPage(rows, size, (row) => row.id, () => this.prisma.qualityRating.count({ where }));
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

/** A level above the cap is refused when the cap applies. */
function checkCap(level: RatingLevel, cap: RatingLevel | null, applies: boolean, what: string, source: string) {
  if (!applies || cap === null || LEVELS.indexOf(level) >= LEVELS.indexOf(cap)) return;
  throw new RuleViolationError('DISCIPLINED_IN_PERIOD', `${what}: it is rated ${cap} at most, not ${level} (${source})`);
}

/** What keeps an organisation from EXCELLENT under the rule, described, or null. */
function excellentBlocker(found: DisciplinedInPeriod, blockedBy: readonly string[], organizationId: string, path: number[]): string | null {
  const key = path.at(-1)!;
  if (blockedBy.includes('SUBORDINATE_ORGANIZATION') && found.organizationPaths.some((p) => p.length > path.length && p.includes(key))) return 'an organisation under it';
  if (blockedBy.includes('COMMITTEE_MEMBER') && found.committeesWithDisciplinedMember.has(organizationId)) return 'a member of its committee';
  if (blockedBy.includes('ANY_MEMBER') && found.memberBranchPaths.some((p) => p.includes(key))) return 'a member of the organisation';
  return null;
}
