import { authorize, currentPath, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CommitteePosition, CommitteeRole, PrismaClient, Term } from '../../generated/prisma/client.js';
import { BRANCH_COMMITTEE_MAX } from '../../rules/committees.js';
import { ruleAt } from '../../rules/rule.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { validAt, visibleOrganization } from '../organizations/organizations.service.js';
import { inTransaction } from '../../db/transactions.js';

export type OpenTermInput = {
  organizationId: string;
  name: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  congressOn: IsoDate;
  congressDecisionId?: string | null;
};

export type AppointInput = { termId: string; memberId: string; role: CommitteeRole; startsOn: IsoDate; decisionId?: string | null };

const INSPECTION_ROLES: CommitteeRole[] = ['INSPECTION_COMMITTEE_CHAIR', 'INSPECTION_COMMITTEE_DEPUTY', 'INSPECTION_COMMITTEE_MEMBER'];

/** Terms (nhiệm kỳ) of organisations and the committee positions held in them. */
export class CommitteeService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  async termsOf(organizationIds: readonly string[]): Promise<Map<string, Term[]>> {
    const rows = await this.prisma.term.findMany({ where: { organizationId: { in: [...organizationIds] } }, orderBy: { startsOn: 'asc' } });
    const byOrganization = new Map<string, Term[]>(organizationIds.map((id) => [id, []]));
    for (const row of rows) byOrganization.get(row.organizationId)!.push(row);
    return byOrganization;
  }

  /** Terms by id: those of organisations the actor may see (a by-id read is scoped like a list). */
  async termsByIds(ids: readonly string[]): Promise<Map<string, Term>> {
    const rows = await this.prisma.term.findMany({ where: { id: { in: [...ids] }, organization: visibleOrganization(this.actor) } });
    return new Map(rows.map((term) => [term.id, term]));
  }

  async positionsOfTerms(termIds: readonly string[]): Promise<Map<string, CommitteePosition[]>> {
    const rows = await this.prisma.committeePosition.findMany({
      where: { termId: { in: [...termIds] } },
      orderBy: [{ role: 'asc' }, { startsOn: 'asc' }],
    });
    const byTerm = new Map<string, CommitteePosition[]>(termIds.map((id) => [id, []]));
    for (const row of rows) byTerm.get(row.termId)!.push(row);
    return byTerm;
  }

  async positionsOfMembers(memberIds: readonly string[]): Promise<Map<string, CommitteePosition[]>> {
    const rows = await this.prisma.committeePosition.findMany({ where: { memberId: { in: [...memberIds] } }, orderBy: { startsOn: 'asc' } });
    const byMember = new Map<string, CommitteePosition[]>(memberIds.map((id) => [id, []]));
    for (const row of rows) byMember.get(row.memberId)!.push(row);
    return byMember;
  }

  async positionsByIds(ids: readonly string[]): Promise<Map<string, CommitteePosition>> {
    const rows = await this.prisma.committeePosition.findMany({
      where: { id: { in: [...ids] }, term: { organization: visibleOrganization(this.actor) } },
    });
    return new Map(rows.map((p) => [p.id, p]));
  }

  /** Opens a term with the congress that elected its committee. Terms of one organisation do not overlap. */
  async openTerm(input: OpenTermInput): Promise<Term> {
    const name = input.name.trim();
    const problems: { field: string; message: string }[] = [];
    if (!name) problems.push({ field: 'name', message: 'must not be empty' });
    if (input.endsOn <= input.startsOn) problems.push({ field: 'endsOn', message: 'must be after startsOn' });
    if (input.congressOn > input.startsOn) problems.push({ field: 'congressOn', message: 'the congress opens the term: it cannot be after startsOn' });
    if (problems.length > 0) throw new ValidationError(problems);
    return inTransaction(this.prisma, async (tx) => {
      const scopePath = await currentPath(tx, input.organizationId);
      const role = authorize(this.actor, 'manageCommittees', [scopePath]);
      const version = await tx.organizationVersion.findFirst({
        where: { AND: [validAt(input.startsOn), { organizationId: input.organizationId }] },
        include: { organization: true },
      });
      if (!version) {
        if (!(await tx.organization.findUnique({ where: { id: input.organizationId } }))) throw new NotFoundError('Organization', input.organizationId);
        throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation did not exist on ${input.startsOn}`);
      }
      if (version.status !== 'ACTIVE') {
        throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `${version.organization.code} is ${version.status} on ${input.startsOn}`);
      }
      if (input.congressDecisionId && !(await tx.document.findUnique({ where: { id: input.congressDecisionId } }))) {
        throw new NotFoundError('Document', input.congressDecisionId);
      }
      const overlapping = await tx.term.findFirst({
        where: { organizationId: input.organizationId, startsOn: { lt: toDbDate(input.endsOn) }, endsOn: { gt: toDbDate(input.startsOn) } },
      });
      if (overlapping) {
        throw new ConflictError(
          `the term ${overlapping.name} (${fromDbDate(overlapping.startsOn)} – ${fromDbDate(overlapping.endsOn)}) overlaps`,
          'startsOn',
        );
      }
      const term = await tx.term.create({
        data: {
          organizationId: input.organizationId,
          name,
          startsOn: toDbDate(input.startsOn),
          endsOn: toDbDate(input.endsOn),
          congressOn: toDbDate(input.congressOn),
          congressDecisionId: input.congressDecisionId ?? null,
        },
      });
      await this.audit.record(tx, role, { action: 'term.open', entityType: 'Term', entityId: term.id, scopePath, after: { ...input, name } });
      return term;
    });
  }

  /**
   * Appoints a member to a committee position. Only official members hold positions
   * (Charter Art. 5: probationary members do not stand for election); the member must belong
   * to the organisation's subtree; one secretary at a time; a branch committee has at most
   * the members the rule allows.
   */
  async appoint(input: AppointInput): Promise<CommitteePosition> {
    return inTransaction(this.prisma, async (tx) => {
      // Appointments to one term take turns: the one-secretary and committee-size checks below
      // read what the others write (the exclusion constraint committee_positions_one_secretary
      // holds the first whatever else writes).
      await tx.$executeRaw`SELECT 1 FROM terms WHERE id = ${input.termId}::uuid FOR UPDATE`;
      const term = await tx.term.findUnique({ where: { id: input.termId }, include: { organization: true } });
      if (!term) throw new NotFoundError('Term', input.termId);
      const scopePath = await currentPath(tx, term.organizationId);
      const allowedBy = authorize(this.actor, 'manageCommittees', [scopePath]);
      const starts = toDbDate(input.startsOn);
      if (starts < term.startsOn || starts >= term.endsOn) {
        throw new RuleViolationError('OUTSIDE_TERM', `${input.startsOn} is outside the term ${term.name} (${fromDbDate(term.startsOn)} – ${fromDbDate(term.endsOn)})`);
      }
      if (input.decisionId && !(await tx.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
      const period = await tx.memberPeriod.findFirst({
        where: { memberId: input.memberId, validFrom: { lte: starts }, OR: [{ validTo: null }, { validTo: { gt: starts } }] },
        include: { member: true },
      });
      if (!period) {
        if (!(await tx.member.findUnique({ where: { id: input.memberId } }))) throw new NotFoundError('Member', input.memberId);
        throw new RuleViolationError('NOT_A_MEMBER_YET', `the member was not yet admitted on ${input.startsOn}`);
      }
      if (period.status !== 'OFFICIAL') {
        throw new RuleViolationError('NOT_AN_OFFICIAL_MEMBER', `${period.member.fullName} is ${period.status} on ${input.startsOn}: committee positions are held by official members`);
      }
      const termOrganization = await tx.organization.findUniqueOrThrow({ where: { id: term.organizationId } });
      const inSubtree = await tx.organizationVersion.count({
        where: { AND: [validAt(input.startsOn), { organizationId: period.organizationId, path: { has: termOrganization.pathKey } }] },
      });
      if (inSubtree === 0) {
        throw new RuleViolationError('NOT_IN_ORGANIZATION', `${period.member.fullName} does not belong to ${termOrganization.code} on ${input.startsOn}`);
      }
      const active = await tx.committeePosition.findMany({
        where: { termId: term.id, startsOn: { lte: starts }, OR: [{ endsOn: null }, { endsOn: { gt: starts } }] },
      });
      if (input.role === 'SECRETARY' && active.some((p) => p.role === 'SECRETARY')) {
        throw new RuleViolationError('ONE_SECRETARY', `${termOrganization.code} already has a secretary on ${input.startsOn}: end that position first`);
      }
      if (active.some((p) => p.memberId === input.memberId && p.role === input.role)) {
        throw new ConflictError('the member already holds this position', 'role');
      }
      const kind = await tx.organizationVersion.findFirst({
        where: { AND: [validAt(input.startsOn), { organizationId: term.organizationId }] },
        include: { kind: true },
      });
      if (kind?.kind.holdsMembers && !INSPECTION_ROLES.includes(input.role)) {
        const committee = new Set(active.filter((p) => !INSPECTION_ROLES.includes(p.role)).map((p) => p.memberId));
        committee.add(input.memberId);
        const max = ruleAt(BRANCH_COMMITTEE_MAX, input.startsOn);
        if (committee.size > max.value) {
          throw new RuleViolationError('COMMITTEE_TOO_LARGE', `a branch committee has at most ${max.value} members (${max.source})`);
        }
      }
      const position = await tx.committeePosition.create({
        data: { termId: term.id, memberId: input.memberId, role: input.role, startsOn: starts, decisionId: input.decisionId ?? null },
      });
      await this.audit.record(tx, allowedBy, { action: 'committee.appoint', entityType: 'CommitteePosition', entityId: position.id, scopePath, after: { ...input } });
      return position;
    });
  }

  async endPosition(input: { positionId: string; endsOn: IsoDate; decisionId?: string | null }): Promise<CommitteePosition> {
    return inTransaction(this.prisma, async (tx) => {
      const position = await tx.committeePosition.findUnique({ where: { id: input.positionId }, include: { term: true } });
      if (!position) throw new NotFoundError('CommitteePosition', input.positionId);
      const scopePath = await currentPath(tx, position.term.organizationId);
      const role = authorize(this.actor, 'manageCommittees', [scopePath]);
      if (position.endsOn) throw new RuleViolationError('ALREADY_ENDED', `the position ended on ${fromDbDate(position.endsOn)}`);
      if (toDbDate(input.endsOn) < position.startsOn) throw ValidationError.field('endsOn', 'must not be before the position started');
      if (input.decisionId && !(await tx.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
      const ended = await tx.committeePosition.update({
        where: { id: position.id },
        data: { endsOn: toDbDate(input.endsOn), endDecisionId: input.decisionId ?? null },
      });
      await this.audit.record(tx, role, { action: 'committee.end', entityType: 'CommitteePosition', entityId: position.id, scopePath, before: { endsOn: null }, after: { endsOn: input.endsOn, decisionId: input.decisionId ?? null } });
      return ended;
    });
  }
}
