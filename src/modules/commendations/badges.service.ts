import { Prisma, type DisciplineForm, type MemberStatus, type PartyBadge, type PartyBadgeBasis, type PrismaClient, type SeriousIllnessCertification } from '../../generated/prisma/client.js';
import { PARTY_BADGE_RULES, type BadgeRules } from '../../rules/commendations.js';
import type { RuleBook, RuleSnapshot } from '../../rules/rule.js';
import { addMonths, daysBetween, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import { authorityFor, checkRows, loadAwarder } from './authority.js';
import type { BadgeCandidateStatus } from './commendations.labels.js';
import { inSubtreeOn } from './commendations.service.js';
import { inTransaction } from '../../db/transactions.js';

/** One member of a badge list: the milestone due, on what basis, and why (or why not yet). */
export type BadgeCandidate = {
  awardDate: IsoDate;
  memberId: string;
  /** The member's branch on the award day. */
  organizationId: string;
  path: number[];
  memberStatus: MemberStatus;
  admittedOn: IsoDate;
  partyAgeFrom: IsoDate;
  /** Days outside the Party (removed or expelled, then restored): party age starts that much later. */
  daysOutsideParty: number;
  diedOn: IsoDate | null;
  milestone: number;
  milestoneOn: IsoDate;
  basis: PartyBadgeBasis;
  /** Lower milestones reached without a badge: the highest one reached is awarded. */
  skippedMilestones: number[];
  status: BadgeCandidateStatus;
  discipline: { form: DisciplineForm; decidedOn: IsoDate; waitUntil: IsoDate } | null;
  /** For a deferred member: the first award day on which the wait is over. */
  nextAwardDate: IsoDate | null;
  explanation: string;
};

export type BadgeBatch = { awardedById: string; awardDate: IsoDate; decisionId: string; rows: { memberId: string; milestone: number }[] };

type CandidateRow = {
  memberId: string;
  organizationId: string;
  path: number[];
  status: MemberStatus;
  admittedOn: Date;
  partyAgeFrom: Date;
  partyAgeTo: Date | null;
  milestone: number;
  milestoneOn: Date;
  basis: PartyBadgeBasis;
  skipped: number[];
  disciplineForm: DisciplineForm | null;
  disciplineOn: Date | null;
  waitUntil: Date | null;
};

/**
 * Huy hiệu Đảng: who is due a badge on an award day (computed in the database, one statement for
 * any subtree), and the awards of a batch.
 */
export class PartyBadgeService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /**
   * The members of a subtree due a badge on `awardDate`: in the Party that day (or died within
   * the consideration window), whose party age (from `party_age_from`, which leaves out any time
   * outside the Party) reaches a milestone they have not received — by the award day, up to 12 or
   * 24 months early when certified seriously ill, up to 12 months early after their death — with
   * those still waiting after a discipline decision, or suspended, listed and explained.
   */
  async eligibility(organizationId: string, awardDate: IsoDate): Promise<BadgeCandidate[]> {
    const rules = awardDayRules(await this.rules.current(), awardDate);
    authorizeAnywhere(this.actor, 'prepareBadges');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    const filter = Prisma.sql`v.path @> ARRAY[${path.at(-1)!}]::int[]`;
    return this.candidates(awardDate, rules, filter, scopeOf(this.actor, 'prepareBadges'));
  }

  private async candidates(day: IsoDate, rules: BadgeRules, filter: Prisma.Sql, scope: number[] | null): Promise<BadgeCandidate[]> {
    const d = toDbDate(day);
    const earliestMilestone = Math.min(...rules.milestones);
    const mostEarly = Math.max(rules.seriousIllness.months, rules.seriousIllness.laterMonths, rules.posthumousMonths);
    // Nobody whose party age began after this can reach even the first milestone early: the
    // index on party_age_from keeps the scan to the few who can.
    const ageBound = toDbDate(addMonths(day, -12 * earliestMilestone + mostEarly));
    const diedSince = toDbDate(addMonths(day, -rules.posthumousConsiderationMonths));
    const waits = rules.disciplineWaitMonths;
    const waitCase = Prisma.sql`CASE d.form ${Prisma.join(
      Object.entries(waits).map(([form, months]) => Prisma.sql`WHEN ${form}::"DisciplineForm" THEN ${months}::int`),
      ' ',
    )} END`;
    const rows = await this.prisma.$queryRaw<CandidateRow[]>`
      WITH on_day AS (
        SELECT p.member_id, p.organization_id, v.path, p.status, p.party_age_from, p.party_age_to
        FROM member_periods p
        JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_from <= ${d} AND (v.valid_to IS NULL OR v.valid_to > ${d})
        WHERE p.valid_from <= ${d} AND (p.valid_to IS NULL OR p.valid_to > ${d})
          AND p.party_age_from <= ${ageBound}
          AND (p.status IN ('PROBATIONARY', 'OFFICIAL', 'SUSPENDED') OR (p.status = 'DECEASED' AND p.party_age_to >= ${diedSince}))
          AND ${filter} ${scope ? Prisma.sql`AND v.path && ${scope}::int[]` : Prisma.empty}
      ), received AS (
        SELECT b.member_id, max(b.milestone) AS top FROM party_badges b JOIN on_day o ON o.member_id = b.member_id GROUP BY b.member_id
      ), ill AS (
        SELECT DISTINCT s.member_id FROM serious_illness_certifications s JOIN on_day o ON o.member_id = s.member_id WHERE s.certified_on <= ${d}
      ), reached AS (
        SELECT o.*, m.n AS milestone, (o.party_age_from + make_interval(years => m.n))::date AS milestone_on,
          CASE WHEN o.status = 'DECEASED' THEN 'POSTHUMOUS'
               WHEN (o.party_age_from + make_interval(years => m.n))::date <= ${d} THEN 'REGULAR'
               ELSE 'EARLY_SERIOUS_ILLNESS' END AS basis
        FROM on_day o
        CROSS JOIN unnest(${rules.milestones}::int[]) AS m(n)
        LEFT JOIN received r ON r.member_id = o.member_id
        WHERE m.n > coalesce(r.top, 0)
          AND CASE
            WHEN o.status = 'DECEASED' THEN (o.party_age_from + make_interval(years => m.n, months => -${rules.posthumousMonths}::int))::date <= o.party_age_to
            WHEN o.member_id IN (SELECT member_id FROM ill) THEN (o.party_age_from + make_interval(years => m.n,
              months => -(CASE WHEN m.n <= ${rules.seriousIllness.upTo}::int THEN ${rules.seriousIllness.months}::int ELSE ${rules.seriousIllness.laterMonths}::int END)))::date <= ${d}
            ELSE (o.party_age_from + make_interval(years => m.n))::date <= ${d} END
      ), best AS (
        SELECT DISTINCT ON (member_id) *, array(SELECT r2.milestone FROM reached r2 WHERE r2.member_id = reached.member_id AND r2.milestone < reached.milestone ORDER BY 1) AS skipped
        FROM reached ORDER BY member_id, milestone DESC
      ), waits AS (
        SELECT DISTINCT ON (d.member_id) d.member_id, d.form, d.decided_on, (d.decided_on + make_interval(months => ${waitCase}))::date AS wait_until
        FROM discipline_records d JOIN best b ON b.member_id = d.member_id
        WHERE d.status = 'IN_FORCE' AND d.decided_on <= ${d} AND d.form IN (${Prisma.join(Object.keys(waits).map((f) => Prisma.sql`${f}::"DisciplineForm"`))})
        ORDER BY d.member_id, wait_until DESC
      )
      SELECT b.member_id AS "memberId", b.organization_id AS "organizationId", b.path, b.status, m.admitted_on AS "admittedOn",
        b.party_age_from AS "partyAgeFrom", b.party_age_to AS "partyAgeTo", b.milestone, b.milestone_on AS "milestoneOn", b.basis,
        b.skipped, w.form AS "disciplineForm", w.decided_on AS "disciplineOn", CASE WHEN w.wait_until > ${d} THEN w.wait_until END AS "waitUntil"
      FROM best b
      JOIN members m ON m.id = b.member_id
      LEFT JOIN waits w ON w.member_id = b.member_id AND w.wait_until > ${d}
      ORDER BY b.path, m.sort_key, m.id`;
    return rows.map((row) => describeCandidate(row, day, rules));
  }

  /**
   * Records the badges of one award day and decision, all or nothing: each member must be on the
   * day's list, ELIGIBLE, for the milestone the list gives; the awarding organisation's level
   * must be allowed to award Party badges, and the members must be under it.
   */
  async award(batch: BadgeBatch): Promise<PartyBadge[]> {
    const rules = awardDayRules(await this.rules.current(), batch.awardDate);
    if (batch.rows.length === 0) throw ValidationError.field('rows', 'give at least one award');
    // The list explains discipline and illness: nothing of it before the caller is allowed.
    await authorizeSubjects(this.prisma, this.actor, 'manageCommendations', { memberIds: batch.rows.map((r) => r.memberId), organizationIds: [batch.awardedById] });
    const decision = await this.prisma.document.findUnique({ where: { id: batch.decisionId } });
    if (!decision) throw new NotFoundError('Document', batch.decisionId);
    if (fromDbDate(decision.issuedOn) > batch.awardDate) throw ValidationError.field('decisionId', `the decision (${fromDbDate(decision.issuedOn)}) comes after the award day`);
    const awarder = await loadAwarder(this.prisma, batch.awardedById, batch.awardDate);
    const rule = authorityFor(awarder, 'PARTY_BADGE', 'MEMBER', null);
    const ids = batch.rows.map((r) => r.memberId);
    const candidates = await this.candidates(batch.awardDate, rules, Prisma.sql`p.member_id = ANY(${ids}::uuid[])`, null);
    const seen = new Set<string>();
    const prepared = checkRows(batch.rows, (row, field) => {
      if (seen.has(row.memberId)) throw ValidationError.field(`${field}.memberId`, 'repeats an earlier row');
      seen.add(row.memberId);
      const candidate = candidates.find((c) => c.memberId === row.memberId);
      if (!candidate) throw new RuleViolationError('NOT_ELIGIBLE', `the member reaches no milestone without a badge by ${batch.awardDate}`);
      if (candidate.status !== 'ELIGIBLE') throw new RuleViolationError('NOT_ELIGIBLE', candidate.explanation);
      if (candidate.milestone !== row.milestone) {
        throw new RuleViolationError('WRONG_MILESTONE', `the milestone due on ${batch.awardDate} is ${candidate.milestone} years, not ${row.milestone}`);
      }
      if (!candidate.path.includes(awarder.path.at(-1)!)) throw new RuleViolationError('NOT_IN_SUBTREE', `the member does not belong to the awarding organisation on ${batch.awardDate}`);
      return candidate;
    });
    const role = authorize(this.actor, 'manageCommendations', prepared.map((c) => c.path));
    return inTransaction(this.prisma, async (tx) => {
      const badges = await tx.partyBadge.createManyAndReturn({
        data: prepared.map((c) => ({
          memberId: c.memberId,
          milestone: c.milestone,
          milestoneOn: toDbDate(c.milestoneOn),
          awardDate: toDbDate(batch.awardDate),
          basis: c.basis,
          organizationId: c.organizationId,
          awardedById: awarder.id,
          decisionId: batch.decisionId,
          authorityId: rule.id,
        })),
      });
      await this.audit.record(tx, role, {
        action: 'partyBadge.batch',
        entityType: 'PartyBadge',
        entityId: badges[0]!.id,
        scopePath: awarder.path,
        after: { awardDate: batch.awardDate, awardedById: awarder.id, decisionId: batch.decisionId, rows: badges.length },
      });
      return badges;
    });
  }

  /** Badges awarded in a period to members of a subtree (by their branch on the award day). */
  /** Badges by id for node(id:): those outside the caller's subtrees are left out. */
  async byIds(ids: readonly string[]): Promise<Map<string, PartyBadge>> {
    authorizeAnywhere(this.actor, 'readCommendations');
    const scope = scopeOf(this.actor, 'readCommendations');
    const rows = await this.prisma.partyBadge.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Serious-illness certifications by id, of members kept within the actor's subtrees. */
  async certificationsByIds(ids: readonly string[]): Promise<SeriousIllnessCertification[]> {
    authorizeAnywhere(this.actor, 'readCommendations');
    const scope = scopeOf(this.actor, 'readCommendations');
    return this.prisma.seriousIllnessCertification.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { member: { periods: { some: { organization: { versions: { some: { path: { hasSome: scope } } } } } } } } : {}) },
    });
  }

  async list(organizationId: string, from: IsoDate, to: IsoDate): Promise<PartyBadge[]> {
    if (from > to) throw ValidationError.field('to', 'the period ends on or after it begins');
    authorizeAnywhere(this.actor, 'readCommendations');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    return this.prisma.$queryRaw<PartyBadge[]>`
      SELECT b.id, b.member_id AS "memberId", b.milestone, b.milestone_on AS "milestoneOn", b.award_date AS "awardDate", b.basis,
        b.organization_id AS "organizationId", b.awarded_by_id AS "awardedById", b.decision_id AS "decisionId",
        b.authority_id AS "authorityId", b.created_at AS "createdAt"
      FROM party_badges b
      WHERE b.award_date BETWEEN ${toDbDate(from)} AND ${toDbDate(to)}
        AND ${inSubtreeOn(Prisma.sql`b.organization_id`, Prisma.sql`b.award_date`, path.at(-1)!, scopeOf(this.actor, 'readCommendations'))}
      ORDER BY b.award_date, b.milestone DESC, b.id`;
  }

  /**
   * Records that a member is certified seriously ill (from the certifying paper), which lets a
   * badge come early. No diagnosis is kept.
   */
  async certifySeriousIllness(input: { memberId: string; certifiedOn: IsoDate; evidence: string }): Promise<SeriousIllnessCertification> {
    const evidence = input.evidence.trim();
    if (!evidence || evidence.length > 300) throw ValidationError.field('evidence', 'name the certifying paper (issuer and number), 1–300 characters');
    await authorizeSubjects(this.prisma, this.actor, 'manageCommendations', { memberIds: [input.memberId] });
    const day = toDbDate(input.certifiedOn);
    const period = await this.prisma.memberPeriod.findFirst({
      where: { memberId: input.memberId, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gt: day } }] },
    });
    if (!period) throw new NotFoundError('Member', input.memberId);
    if (!['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'].includes(period.status)) {
      throw new RuleViolationError('NOT_A_MEMBER_THEN', `the member was not in the Party on ${input.certifiedOn}`);
    }
    const path = await currentPath(this.prisma, period.organizationId);
    const role = authorize(this.actor, 'manageCommendations', [path]);
    return inTransaction(this.prisma, async (tx) => {
      const certification = await tx.seriousIllnessCertification.create({ data: { memberId: input.memberId, certifiedOn: day, evidence } });
      await this.audit.record(tx, role, {
        action: 'member.seriousIllness.certify',
        entityType: 'SeriousIllnessCertification',
        entityId: certification.id,
        scopePath: path,
        after: { memberId: input.memberId, certifiedOn: input.certifiedOn },
      });
      return certification;
    });
  }
}

/** The badge rules of an award day, or VALIDATION_FAILED when the day is not one of the four. */
function awardDayRules(book: RuleSnapshot, awardDate: IsoDate): BadgeRules {
  const rules = book.at(PARTY_BADGE_RULES, awardDate).value;
  if (!rules.awardDays.includes(awardDate.slice(5))) {
    const days = rules.awardDays.map((md) => `${Number(md.slice(3))}/${Number(md.slice(0, 2))}`).join(', ');
    throw ValidationError.field('awardDate', `badges are awarded on ${days}, not on ${awardDate}`);
  }
  return rules;
}

function nextAwardDay(rules: BadgeRules, from: IsoDate): IsoDate {
  const year = Number(from.slice(0, 4));
  const days = [year, year + 1].flatMap((y) => rules.awardDays.map((md) => `${y}-${md}`));
  return days.find((day) => day >= from)!;
}

function describeCandidate(row: CandidateRow, day: IsoDate, rules: BadgeRules): BadgeCandidate {
  const admittedOn = fromDbDate(row.admittedOn);
  const partyAgeFrom = fromDbDate(row.partyAgeFrom);
  const milestoneOn = fromDbDate(row.milestoneOn);
  const diedOn = row.status === 'DECEASED' && row.partyAgeTo ? fromDbDate(row.partyAgeTo) : null;
  const daysOutsideParty = daysBetween(admittedOn, partyAgeFrom);
  const waitUntil = row.waitUntil ? fromDbDate(row.waitUntil) : null;
  const status: BadgeCandidateStatus = waitUntil ? 'DEFERRED_AFTER_DISCIPLINE' : row.status === 'SUSPENDED' ? 'SUSPENDED' : 'ELIGIBLE';
  const parts = [`${row.milestone} years of party age on ${milestoneOn}`];
  parts.push(daysOutsideParty > 0 ? `(counted from ${partyAgeFrom}: admitted ${admittedOn}, ${daysOutsideParty} days outside the Party left out)` : `(admitted ${admittedOn})`);
  if (row.basis === 'EARLY_SERIOUS_ILLNESS') {
    const months = row.milestone <= rules.seriousIllness.upTo ? rules.seriousIllness.months : rules.seriousIllness.laterMonths;
    parts.push(`early: certified seriously ill, up to ${months} months before the milestone`);
  } else if (row.basis === 'POSTHUMOUS') {
    parts.push(milestoneOn <= diedOn! ? `posthumous: reached before the death on ${diedOn}` : `posthumous: died on ${diedOn}, within ${rules.posthumousMonths} months of the milestone`);
  } else {
    parts.push(`reached by ${day}`);
  }
  if (row.skipped.length > 0) parts.push(`milestones ${row.skipped.join(', ')} were reached without a badge: the highest is awarded`);
  const nextAwardDate = waitUntil ? nextAwardDay(rules, waitUntil) : null;
  if (waitUntil) {
    const months = rules.disciplineWaitMonths[row.disciplineForm!];
    parts.push(`deferred: ${row.disciplineForm} decided on ${fromDbDate(row.disciplineOn!)}, ${months} months to wait until ${waitUntil}; next award day ${nextAwardDate}`);
  } else if (status === 'SUSPENDED') {
    parts.push(`suspended from party activity on ${day}: considered after reinstatement`);
  }
  return {
    awardDate: day,
    memberId: row.memberId,
    organizationId: row.organizationId,
    path: row.path,
    memberStatus: row.status,
    admittedOn,
    partyAgeFrom,
    daysOutsideParty,
    diedOn,
    milestone: row.milestone,
    milestoneOn,
    basis: row.basis,
    skippedMilestones: row.skipped,
    status,
    discipline: row.disciplineForm ? { form: row.disciplineForm, decidedOn: fromDbDate(row.disciplineOn!), waitUntil: waitUntil! } : null,
    nextAwardDate,
    explanation: parts.join('; '),
  };
}
