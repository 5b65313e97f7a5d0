import {
  Prisma,
  type AwardForm,
  type Commendation,
  type CommendationAuthority,
  type CommendationForm,
  type CommendationSubject,
  type CommendationTitle,
  type PartyBadgeBasis,
  type PrismaClient,
} from '../../generated/prisma/client.js';
import { TITLE_REQUIREMENTS } from '../../rules/commendations.js';
import type { RuleBook } from '../../rules/rule.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { validAt } from '../organizations/organizations.service.js';
import { authorityFor, checkRows, loadAwarder } from './authority.js';
import { inTransaction } from '../../db/transactions.js';

export type CommendationRow = {
  organizationId?: string | null;
  memberId?: string | null;
  form: CommendationForm;
  title?: CommendationTitle | null;
  reason: string;
  fromYear: number;
  toYear?: number | null;
};

export type CommendationBatch = { awardedById: string; decisionId: string; rows: CommendationRow[] };

export type AuthorityInput = {
  organizationKind: string;
  form: AwardForm;
  subject: CommendationSubject;
  title?: CommendationTitle | null;
  effectiveFrom: IsoDate;
  /** For a closed period (a rule of past years): the first day it no longer applied. */
  effectiveTo?: IsoDate | null;
  source: string;
};

export type CommendationStatistics = {
  organizationId: string;
  from: IsoDate;
  to: IsoDate;
  commendations: { form: CommendationForm; subject: CommendationSubject; count: number }[];
  titles: { title: CommendationTitle; count: number }[];
  commendationsTotal: number;
  badgesByMilestone: { milestone: number; count: number }[];
  badgesByBasis: { basis: PartyBadgeBasis; count: number }[];
  badgesTotal: number;
};

const MAX_REASON = 1000;

/**
 * Khen thưởng: commendations of organisations and members, checked against who may award what
 * (data, effective-dated) and, for titles, against the ratings they recognise.
 */
export class CommendationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /** The authority rules in force on `asOf` (every rule, ended ones included, without it). */
  async authorities(asOf: IsoDate | null): Promise<CommendationAuthority[]> {
    authorizeAnywhere(this.actor, 'read');
    const day = asOf ? toDbDate(asOf) : null;
    return this.prisma.commendationAuthority.findMany({
      where: day ? { effectiveFrom: { lte: day }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }] } : {},
      orderBy: [{ effectiveFrom: 'asc' }, { organizationKind: 'asc' }, { form: 'asc' }, { subject: 'asc' }],
    });
  }

  async addAuthority(input: AuthorityInput): Promise<CommendationAuthority> {
    const role = authorizeAnywhere(this.actor, 'manageCommendationRules');
    if (!(await this.prisma.organizationKind.findUnique({ where: { code: input.organizationKind } }))) {
      throw ValidationError.field('organizationKind', `there is no organisation kind ${input.organizationKind}`);
    }
    const title = input.title ?? null;
    if (input.form === 'PARTY_BADGE' && (input.subject !== 'MEMBER' || title)) {
      throw ValidationError.field('form', 'Party badges go to members, without a title');
    }
    if (title && (await this.rules.current()).at(TITLE_REQUIREMENTS, input.effectiveFrom).value[title].subject !== input.subject) {
      throw ValidationError.field('title', `${title} is not a title for a ${input.subject}`);
    }
    const source = input.source.trim();
    if (!source || source.length > MAX_REASON) throw ValidationError.field('source', 'name the regulation or decision (1–1000 characters)');
    const effectiveTo = input.effectiveTo ?? null;
    if (effectiveTo && effectiveTo <= input.effectiveFrom) throw ValidationError.field('effectiveTo', 'is after effectiveFrom (the first day the rule no longer applies)');
    const day = toDbDate(input.effectiveFrom);
    const end = effectiveTo ? toDbDate(effectiveTo) : null;
    return inTransaction(this.prisma, async (tx) => {
      // Rules for the same kind, form, subject and title are added one at a time: the overlap
      // check below reads what the other writes.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`commendation_authority:${input.organizationKind}:${input.form}:${input.subject}:${title ?? ''}`}, 0))`;
      const overlapping = await tx.commendationAuthority.findFirst({
        where: {
          organizationKind: input.organizationKind, form: input.form, subject: input.subject, title,
          ...(end ? { effectiveFrom: { lt: end } } : {}),
          OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }],
        },
      });
      if (overlapping) {
        const period = `${fromDbDate(overlapping.effectiveFrom)} – ${overlapping.effectiveTo ? fromDbDate(overlapping.effectiveTo) : '…'}`;
        throw new ConflictError(`the same rule applies ${period}: end it first, or give a period around it`, 'effectiveFrom');
      }
      const rule = await tx.commendationAuthority.create({
        data: { organizationKind: input.organizationKind, form: input.form, subject: input.subject, title, effectiveFrom: day, effectiveTo: end, source },
      });
      await this.audit.record(tx, role, { action: 'commendationAuthority.add', entityType: 'CommendationAuthority', entityId: rule.id, scopePath: [], after: { ...input, title } });
      return rule;
    });
  }

  /** Ends a rule from `effectiveTo` (the first day it no longer applies); the rule stays. */
  async endAuthority(id: string, effectiveTo: IsoDate): Promise<CommendationAuthority> {
    const role = authorizeAnywhere(this.actor, 'manageCommendationRules');
    const rule = await this.prisma.commendationAuthority.findUnique({ where: { id } });
    if (!rule) throw new NotFoundError('CommendationAuthority', id);
    if (rule.effectiveTo) throw new ConflictError(`the rule already ended on ${fromDbDate(rule.effectiveTo)}`, 'effectiveTo');
    if (effectiveTo <= fromDbDate(rule.effectiveFrom)) throw ValidationError.field('effectiveTo', `is after the rule began (${fromDbDate(rule.effectiveFrom)})`);
    return inTransaction(this.prisma, async (tx) => {
      const ended = await tx.commendationAuthority.update({ where: { id }, data: { effectiveTo: toDbDate(effectiveTo) } });
      await this.audit.record(tx, role, {
        action: 'commendationAuthority.end',
        entityType: 'CommendationAuthority',
        entityId: id,
        scopePath: [],
        before: { effectiveTo: null },
        after: { effectiveTo },
      });
      return ended;
    });
  }

  /**
   * Records the commendations of one decision (one or many subjects), all or nothing: the
   * awarding organisation's level must be allowed the form (and title) for the subject on the
   * decision day; subjects must be under it; a title needs its years of EXCELLENT ratings and is
   * held once per period.
   */
  async record(batch: CommendationBatch): Promise<Commendation[]> {
    if (batch.rows.length === 0) throw ValidationError.field('rows', 'give at least one commendation');
    for (const [index, row] of batch.rows.entries()) {
      for (const [name, year] of [['fromYear', row.fromYear], ['toYear', row.toYear ?? row.fromYear]] as const) {
        if (!Number.isInteger(year) || year < 1930 || year > 2100) throw ValidationError.field(`rows.${index}.${name}`, 'is a year from 1930 to 2100');
      }
    }
    const memberIds = batch.rows.map((r) => r.memberId).filter((id): id is string => !!id);
    const organizationIds = batch.rows.map((r) => r.organizationId).filter((id): id is string => !!id);
    // Every subject as it is today, and the awarding organisation, before any rule is checked:
    // the checks name ratings and membership the caller may not otherwise read.
    await authorizeSubjects(this.prisma, this.actor, 'manageCommendations', { memberIds, organizationIds: [batch.awardedById, ...organizationIds] });
    const decision = await this.prisma.document.findUnique({ where: { id: batch.decisionId } });
    if (!decision) throw new NotFoundError('Document', batch.decisionId);
    const day = fromDbDate(decision.issuedOn);
    const awarder = await loadAwarder(this.prisma, batch.awardedById, day);
    const awarderKey = awarder.path.at(-1)!;
    const dbDay = toDbDate(day);
    const titled = batch.rows.filter((r) => r.title);
    const years = titled.flatMap((r) => range(r.fromYear, r.toYear ?? r.fromYear).map(String));
    // Everything the checks need, for all rows at once: a batch costs the same few statements.
    const [periods, versions, excellent, held] = await Promise.all([
      memberIds.length
        ? this.prisma.memberPeriod.findMany({
            where: { memberId: { in: memberIds }, validFrom: { lte: dbDay }, OR: [{ validTo: null }, { validTo: { gt: dbDay } }] },
            include: { organization: { include: { versions: { where: validAt(day) } } } },
          })
        : [],
      organizationIds.length ? this.prisma.organizationVersion.findMany({ where: { AND: [validAt(day), { organizationId: { in: organizationIds } }] }, include: { kind: true } }) : [],
      titled.length
        ? this.prisma.qualityRating.findMany({
            where: {
              periodType: 'YEAR',
              periodKey: { in: years },
              level: 'EXCELLENT',
              supersededAt: null,
              OR: [{ memberId: { in: memberIds } }, { organizationId: { in: organizationIds }, memberId: null }],
            },
            select: { memberId: true, organizationId: true, periodKey: true },
          })
        : [],
      titled.length
        ? this.prisma.commendation.findMany({
            where: { title: { not: null }, OR: [{ memberId: { in: memberIds } }, { organizationId: { in: organizationIds }, memberId: null }] },
            select: { memberId: true, organizationId: true, title: true, toYear: true },
          })
        : [],
    ]);
    const titles = (await this.rules.current()).at(TITLE_REQUIREMENTS, day).value;
    const seen = new Set<string>();
    const prepared = checkRows(batch.rows, (row, field) => {
      const subject: CommendationSubject = row.memberId ? 'MEMBER' : 'ORGANIZATION';
      if (!!row.memberId === !!row.organizationId) throw ValidationError.field(field, 'name either a member or an organisation');
      const toYear = row.toYear ?? row.fromYear;
      const reason = row.reason.trim();
      if (!reason || reason.length > MAX_REASON) throw ValidationError.field(`${field}.reason`, 'say what it is for (1–1000 characters)');
      if (row.fromYear > toYear) throw ValidationError.field(`${field}.toYear`, 'is not before fromYear');
      if (toYear > Number(day.slice(0, 4))) throw ValidationError.field(`${field}.toYear`, `the period ends by the decision’s year (${day.slice(0, 4)})`);
      const key = `${row.memberId ?? row.organizationId}:${row.form}:${row.title ?? ''}`;
      if (seen.has(key)) throw ValidationError.field(field, 'repeats an earlier row');
      seen.add(key);
      const title = row.title ?? null;
      const rule = authorityFor(awarder, row.form, subject, title);
      let organizationId: string;
      let path: number[];
      if (subject === 'MEMBER') {
        const period = periods.find((p) => p.memberId === row.memberId);
        path = period?.organization.versions[0]?.path ?? [];
        if (!period || !['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'].includes(period.status)) {
          throw new RuleViolationError('NOT_A_MEMBER_THEN', `the member was not in the Party on ${day}`);
        }
        if (!path.includes(awarderKey)) throw new RuleViolationError('NOT_IN_SUBTREE', `the member does not belong to the awarding organisation on ${day}`);
        organizationId = period.organizationId;
      } else {
        const version = versions.find((v) => v.organizationId === row.organizationId);
        if (!version) throw new NotFoundError('Organization', row.organizationId!);
        path = version.path;
        if (!path.includes(awarderKey) || row.organizationId === awarder.id) {
          throw new RuleViolationError('NOT_IN_SUBTREE', `the organisation is not under the awarding organisation on ${day}`);
        }
        if (title && titles[title].grassrootsOnly && !version.kind.isGrassroots) {
          throw new RuleViolationError('TITLE_NOT_FOR_SUBJECT', `${title} is for grassroots organisations, not a ${version.kindCode}`);
        }
        organizationId = row.organizationId!;
      }
      if (title) {
        const needed = titles[title].excellentYears;
        if (toYear - row.fromYear + 1 !== needed) {
          throw ValidationError.field(`${field}.fromYear`, `${title} covers ${needed} year${needed > 1 ? 's running' : ''}: from ${toYear - needed + 1} to ${toYear}`);
        }
        const missing = range(row.fromYear, toYear).filter(
          (year) => !excellent.some((r) => r.periodKey === String(year) && (subject === 'MEMBER' ? r.memberId === row.memberId : r.organizationId === organizationId && !r.memberId)),
        );
        if (missing.length > 0) {
          throw new RuleViolationError('RATINGS_NOT_MET', `${title} needs EXCELLENT in every year ${row.fromYear}–${toYear}: not rated EXCELLENT in ${missing.join(', ')}`);
        }
        if (held.some((h) => h.title === title && h.toYear === toYear && (subject === 'MEMBER' ? h.memberId === row.memberId : h.organizationId === organizationId && !h.memberId))) {
          throw new RuleViolationError('ALREADY_AWARDED', `${title} for ${row.fromYear}–${toYear} has already been awarded`);
        }
      }
      return { row, subject, organizationId, path, title, toYear, reason, authorityId: rule.id };
    });
    const role = authorize(this.actor, 'manageCommendations', prepared.map((p) => p.path));
    const written = await inTransaction(this.prisma, async (tx) => {
      const rows = await tx.commendation.createManyAndReturn({
        data: prepared.map((p) => ({
          subject: p.subject,
          organizationId: p.organizationId,
          memberId: p.row.memberId ?? null,
          form: p.row.form,
          title: p.title,
          reason: p.reason,
          fromYear: p.row.fromYear,
          toYear: p.toYear,
          awardedById: awarder.id,
          decisionId: batch.decisionId,
          decidedOn: dbDay,
          authorityId: p.authorityId,
        })),
      });
      await this.audit.record(tx, role, {
        action: 'commendation.batch',
        entityType: 'Commendation',
        entityId: rows[0]!.id,
        scopePath: awarder.path,
        after: { awardedById: awarder.id, decisionId: batch.decisionId, rows: rows.length, forms: [...new Set(rows.map((r) => r.form))] },
      });
      return rows;
    });
    return written;
  }

  /** Commendations decided in a period for subjects in an organisation's subtree, by decision day. */
  /** Commendations by id for node(id:): those outside the caller's subtrees are left out. */
  async byIds(ids: readonly string[]): Promise<Map<string, Commendation>> {
    authorizeAnywhere(this.actor, 'readCommendations');
    const scope = scopeOf(this.actor, 'readCommendations');
    const rows = await this.prisma.commendation.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async list(organizationId: string, from: IsoDate, to: IsoDate): Promise<Commendation[]> {
    if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
    authorizeAnywhere(this.actor, 'readCommendations');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    return this.prisma.$queryRaw<Commendation[]>`
      SELECT c.id, c.subject, c.organization_id AS "organizationId", c.member_id AS "memberId", c.form, c.title, c.reason,
        c.from_year AS "fromYear", c.to_year AS "toYear", c.awarded_by_id AS "awardedById", c.decision_id AS "decisionId",
        c.decided_on AS "decidedOn", c.authority_id AS "authorityId", c.created_at AS "createdAt"
      FROM commendations c
      WHERE c.decided_on BETWEEN ${toDbDate(from)} AND ${toDbDate(to)}
        AND ${inSubtreeOn(Prisma.sql`c.organization_id`, Prisma.sql`c.decided_on`, path.at(-1)!, scopeOf(this.actor, 'readCommendations'))}
      ORDER BY c.decided_on, c.subject DESC, c.id`;
  }

  /**
   * Commendations by form and kind of subject, titles, and Party badges by milestone and basis,
   * for a subtree and period (commendations by decision day, badges by award day): one statement.
   */
  async statistics(organizationId: string, from: IsoDate, to: IsoDate): Promise<CommendationStatistics> {
    if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    authorize(this.actor, 'readCommendations', [path]);
    const key = path.at(-1)!;
    const [start, end] = [toDbDate(from), toDbDate(to)];
    type Row = Omit<CommendationStatistics, 'organizationId' | 'from' | 'to' | 'commendationsTotal' | 'badgesTotal'>;
    const [row] = await this.prisma.$queryRaw<Row[]>`
      WITH c AS (
        SELECT c.form, c.subject, c.title FROM commendations c
        WHERE c.decided_on BETWEEN ${start} AND ${end} AND ${inSubtreeOn(Prisma.sql`c.organization_id`, Prisma.sql`c.decided_on`, key, null)}
      ), b AS (
        SELECT b.milestone, b.basis FROM party_badges b
        WHERE b.award_date BETWEEN ${start} AND ${end} AND ${inSubtreeOn(Prisma.sql`b.organization_id`, Prisma.sql`b.award_date`, key, null)}
      )
      SELECT
        coalesce((SELECT json_agg(json_build_object('form', form, 'subject', subject, 'count', n) ORDER BY form, subject)
          FROM (SELECT form, subject, count(*)::int AS n FROM c GROUP BY form, subject) g), '[]') AS commendations,
        coalesce((SELECT json_agg(json_build_object('title', title, 'count', n) ORDER BY title)
          FROM (SELECT title, count(*)::int AS n FROM c WHERE title IS NOT NULL GROUP BY title) g), '[]') AS titles,
        coalesce((SELECT json_agg(json_build_object('milestone', milestone, 'count', n) ORDER BY milestone)
          FROM (SELECT milestone, count(*)::int AS n FROM b GROUP BY milestone) g), '[]') AS "badgesByMilestone",
        coalesce((SELECT json_agg(json_build_object('basis', basis, 'count', n) ORDER BY basis)
          FROM (SELECT basis, count(*)::int AS n FROM b GROUP BY basis) g), '[]') AS "badgesByBasis"`;
    const figures = row!;
    return {
      organizationId,
      from,
      to,
      ...figures,
      commendationsTotal: figures.commendations.reduce((sum, g) => sum + g.count, 0),
      badgesTotal: figures.badgesByMilestone.reduce((sum, g) => sum + g.count, 0),
    };
  }
}

/** The organisation `id` was, on `day`, in the subtree of `key` (and in the caller's scope). */
export function inSubtreeOn(id: Prisma.Sql, day: Prisma.Sql, key: number, scope: number[] | null): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM organization_versions sv
    WHERE sv.organization_id = ${id} AND sv.valid_from <= ${day} AND (sv.valid_to IS NULL OR sv.valid_to > ${day})
      AND sv.path @> ARRAY[${key}]::int[] ${scope ? Prisma.sql`AND sv.path && ${scope}::int[]` : Prisma.empty})`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
