import { authorize, currentPath, organizationPaths, type Actor } from '../auth/access.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import { v7 as uuidv7 } from 'uuid';
import { insertRows } from '../../db/bulk.js';
import type { CommitteePosition, CommitteeRole, PrismaClient, Term } from '../../generated/prisma/client.js';
import { BRANCH_COMMITTEE_MAX } from '../../rules/committees.js';
import type { RuleBook, RuleSnapshot } from '../../rules/rule.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { validAt, visibleOrganization } from '../organizations/organizations.service.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';

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

/** At most this many terms in one call, each with at most this many positions. */
export const MAX_TERMS_PER_CALL = 2_000;
export const MAX_POSITIONS_PER_TERM = 100;

export type ElectedTermInput = OpenTermInput & {
  /** The committee the congress elected: positions that start with the term. */
  positions?: readonly { memberId: string; role: CommitteeRole; decisionId?: string | null }[];
};

type Appointment = {
  role: CommitteeRole;
  memberId: string;
  startsOn: IsoDate;
  organizationCode: string;
  /** A branch (it holds members): its committee has at most BRANCH_COMMITTEE_MAX members. */
  holdsMembers: boolean;
  /** The member's period on `startsOn`, if any. */
  period: { status: string; fullName: string } | null;
  /** Whether the member's organisation on `startsOn` lies in the term's organisation. */
  inSubtree: boolean;
  /** Positions of the term held on `startsOn` (before this one). */
  active: readonly { memberId: string; role: CommitteeRole }[];
};

/**
 * Why an appointment is refused, or null: the rules of `appoint` and `openTerms` alike. Only
 * official members hold positions (Charter Art. 5: probationary members do not stand for
 * election), from the organisation's subtree, one secretary at a time, a branch committee of
 * at most the members the rule allows.
 */
function appointmentRefusal(rules: RuleSnapshot, a: Appointment): RuleViolationError | ConflictError | null {
  if (!a.period) return new RuleViolationError('NOT_A_MEMBER_YET', `the member was not yet admitted on ${a.startsOn}`);
  if (a.period.status !== 'OFFICIAL') {
    return new RuleViolationError('NOT_AN_OFFICIAL_MEMBER', `${a.period.fullName} is ${a.period.status} on ${a.startsOn}: committee positions are held by official members`);
  }
  if (!a.inSubtree) return new RuleViolationError('NOT_IN_ORGANIZATION', `${a.period.fullName} does not belong to ${a.organizationCode} on ${a.startsOn}`);
  if (a.role === 'SECRETARY' && a.active.some((p) => p.role === 'SECRETARY')) {
    return new RuleViolationError('ONE_SECRETARY', `${a.organizationCode} already has a secretary on ${a.startsOn}: end that position first`);
  }
  if (a.active.some((p) => p.memberId === a.memberId && p.role === a.role)) return new ConflictError('the member already holds this position', 'role');
  if (a.holdsMembers && !INSPECTION_ROLES.includes(a.role)) {
    const committee = new Set(a.active.filter((p) => !INSPECTION_ROLES.includes(p.role)).map((p) => p.memberId));
    committee.add(a.memberId);
    const max = rules.at(BRANCH_COMMITTEE_MAX, a.startsOn);
    if (committee.size > max.value) return new RuleViolationError('COMMITTEE_TOO_LARGE', `a branch committee has at most ${max.value} members (${max.citation})`);
  }
  return null;
}

/** The problems of a term's own fields, named under `prefix`. */
function termProblems(input: OpenTermInput, prefix: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!input.name.trim()) problems.push({ field: `${prefix}name`, message: 'must not be empty' });
  if (input.endsOn <= input.startsOn) problems.push({ field: `${prefix}endsOn`, message: 'must be after startsOn' });
  if (input.congressOn > input.startsOn) problems.push({ field: `${prefix}congressOn`, message: 'the congress opens the term: it cannot be after startsOn' });
  return problems;
}

/** Terms (nhiệm kỳ) of organisations and the committee positions held in them. */
export class CommitteeService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
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
    const problems = termProblems(input, '');
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
   * Opens many terms at once, each with the committee its congress elected (positions that
   * start with the term): how a congress season is entered, or a province's committees brought
   * in. The rules of `openTerm` and `appoint` apply to every row, every problem is reported by
   * row (`terms.3.positions.1`), and nothing is written unless all rows pass. A few statements
   * whatever the number of terms.
   */
  async openTerms(inputs: readonly ElectedTermInput[]): Promise<{ term: Term; positions: CommitteePosition[] }[]> {
    if (inputs.length === 0) throw ValidationError.field('terms', 'give at least one term');
    if (inputs.length > MAX_TERMS_PER_CALL) throw ValidationError.field('terms', `at most ${MAX_TERMS_PER_CALL} terms in one call`);
    const shape = inputs.flatMap((input, index) => [
      ...termProblems(input, `terms.${index}.`),
      ...((input.positions?.length ?? 0) > MAX_POSITIONS_PER_TERM ? [{ field: `terms.${index}.positions`, message: `at most ${MAX_POSITIONS_PER_TERM} positions` }] : []),
    ]);
    if (shape.length > 0) throw new ValidationError(shape);
    const organizationIds = [...new Set(inputs.map((input) => input.organizationId))];
    return inTransaction(
      this.prisma,
      async (tx) => {
        // Authorise first: an organisation that does not exist is refused like one outside the subtrees.
        const paths = await organizationPaths(tx, organizationIds);
        const role = authorize(this.actor, 'manageCommittees', organizationIds.map((id) => paths.get(id) ?? [-1]));
        const positions = inputs.flatMap((input) => input.positions ?? []);
        const memberIds = [...new Set(positions.map((p) => p.memberId))];
        const documentIds = [...new Set([...inputs.map((i) => i.congressDecisionId), ...positions.map((p) => p.decisionId)].filter((id): id is string => !!id))];
        const [existingTerms, documents, periods] = await Promise.all([
          tx.term.findMany({ where: { organizationId: { in: organizationIds } } }),
          tx.document.findMany({ where: { id: { in: documentIds } }, select: { id: true } }),
          tx.memberPeriod.findMany({ where: { memberId: { in: memberIds } }, include: { member: { select: { fullName: true } } } }),
        ]);
        const versions = await tx.organizationVersion.findMany({
          where: { organizationId: { in: [...new Set([...organizationIds, ...periods.map((p) => p.organizationId)])] } },
          include: { kind: true, organization: { select: { code: true, pathKey: true } } },
        });
        const versionOn = (organizationId: string, date: IsoDate) => {
          const day = toDbDate(date);
          return versions.find((v) => v.organizationId === organizationId && v.validFrom <= day && (!v.validTo || v.validTo > day));
        };
        const known = new Set(documents.map((d) => d.id));
        const rules = await this.rules.current();
        const problems: { field: string; message: string }[] = [];
        const opened: { term: Term; positions: CommitteePosition[] }[] = [];
        const audits: AuditEntry[] = [];
        const now = new Date();
        for (const [index, input] of inputs.entries()) {
          const field = `terms.${index}`;
          const refuse = (error: Error, at = field) => problems.push({ field: at, message: error.message });
          const version = versionOn(input.organizationId, input.startsOn);
          if (!version) {
            refuse(versions.some((v) => v.organizationId === input.organizationId)
              ? new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation did not exist on ${input.startsOn}`)
              : new NotFoundError('Organization', input.organizationId));
            continue;
          }
          if (version.status !== 'ACTIVE') {
            refuse(new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `${version.organization.code} is ${version.status} on ${input.startsOn}`));
            continue;
          }
          if (input.congressDecisionId && !known.has(input.congressDecisionId)) refuse(new NotFoundError('Document', input.congressDecisionId), `${field}.congressDecisionId`);
          const starts = toDbDate(input.startsOn);
          const ends = toDbDate(input.endsOn);
          const overlapping = [...existingTerms, ...opened.map((o) => o.term)].find(
            (t) => t.organizationId === input.organizationId && t.startsOn < ends && t.endsOn > starts,
          );
          if (overlapping) {
            refuse(new ConflictError(`the term ${overlapping.name} (${fromDbDate(overlapping.startsOn)} – ${fromDbDate(overlapping.endsOn)}) overlaps`), `${field}.startsOn`);
            continue;
          }
          const name = input.name.trim();
          const term: Term = {
            id: uuidv7(),
            organizationId: input.organizationId,
            name,
            startsOn: starts,
            endsOn: ends,
            congressOn: toDbDate(input.congressOn),
            congressDecisionId: input.congressDecisionId ?? null,
            createdAt: now,
          };
          const scopePath = paths.get(input.organizationId)!;
          const held: CommitteePosition[] = [];
          for (const [at, position] of (input.positions ?? []).entries()) {
            const period = periods.find((p) => p.memberId === position.memberId && p.validFrom <= starts && (!p.validTo || p.validTo > starts));
            if (!period && !periods.some((p) => p.memberId === position.memberId)) {
              refuse(new NotFoundError('Member', position.memberId), `${field}.positions.${at}.memberId`);
              continue;
            }
            if (position.decisionId && !known.has(position.decisionId)) refuse(new NotFoundError('Document', position.decisionId), `${field}.positions.${at}.decisionId`);
            const refusal = appointmentRefusal(rules, {
              role: position.role,
              memberId: position.memberId,
              startsOn: input.startsOn,
              organizationCode: version.organization.code,
              holdsMembers: version.kind.holdsMembers,
              period: period ? { status: period.status, fullName: period.member.fullName } : null,
              inSubtree: !!period && !!versionOn(period.organizationId, input.startsOn)?.path.includes(version.organization.pathKey),
              active: held,
            });
            if (refusal) {
              refuse(refusal, `${field}.positions.${at}`);
              continue;
            }
            held.push({ id: uuidv7(), termId: term.id, memberId: position.memberId, role: position.role, startsOn: starts, endsOn: null, decisionId: position.decisionId ?? null, endDecisionId: null, createdAt: now });
            audits.push({ action: 'committee.appoint', entityType: 'CommitteePosition', entityId: held.at(-1)!.id, scopePath, after: { termId: term.id, ...position, startsOn: input.startsOn } });
          }
          opened.push({ term, positions: held });
          audits.push({ action: 'term.open', entityType: 'Term', entityId: term.id, scopePath, after: { ...input, positions: undefined, name } });
        }
        if (problems.length > 0) throw new ValidationError(problems);
        await insertRows(tx, 'terms', opened.map((o) => o.term));
        await insertRows(tx, 'committee_positions', opened.flatMap((o) => o.positions));
        await this.audit.recordMany(tx, role, audits);
        return opened;
      },
      TRANSACTION.batch,
    );
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
      if (!period && !(await tx.member.findUnique({ where: { id: input.memberId } }))) throw new NotFoundError('Member', input.memberId);
      const termOrganization = await tx.organization.findUniqueOrThrow({ where: { id: term.organizationId } });
      const inSubtree = period
        ? await tx.organizationVersion.count({
            where: { AND: [validAt(input.startsOn), { organizationId: period.organizationId, path: { has: termOrganization.pathKey } }] },
          })
        : 0;
      const active = await tx.committeePosition.findMany({
        where: { termId: term.id, startsOn: { lte: starts }, OR: [{ endsOn: null }, { endsOn: { gt: starts } }] },
      });
      const kind = await tx.organizationVersion.findFirst({
        where: { AND: [validAt(input.startsOn), { organizationId: term.organizationId }] },
        include: { kind: true },
      });
      const refusal = appointmentRefusal(await this.rules.current(), {
        role: input.role,
        memberId: input.memberId,
        startsOn: input.startsOn,
        organizationCode: termOrganization.code,
        holdsMembers: kind?.kind.holdsMembers ?? false,
        period: period ? { status: period.status, fullName: period.member.fullName } : null,
        inSubtree: inSubtree > 0,
        active,
      });
      if (refusal) throw refusal;
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
