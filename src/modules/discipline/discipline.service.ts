import { Prisma, type DisciplineAuthority, type DisciplineForm, type DisciplineRecord, type DisciplineSubject, type OrganizationSuspension, type PrismaClient, type ViolationCategory, type ViolationGravity } from '../../generated/prisma/client.js';
import type { Tx } from '../../db/database.js';
import { FORMS_BY_SUBJECT, MEMBER_STATUTE_OF_LIMITATIONS, ORGANIZATION_STATUTE_OF_LIMITATIONS, ORGANIZATION_SUSPENSION_DAYS, DECEASED_MEMBER_DISCIPLINE } from '../../rules/discipline.js';
import type { RuleBook } from '../../rules/rule.js';
import { addDays, addMonths, daysBetween, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, authorizeSubjects, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MemberService } from '../members/members.service.js';
import type { OrganizationService } from '../organizations/organizations.service.js';
import { inTransaction } from '../../db/transactions.js';
import { competenceFor, loadDecider } from './competence.js';

export type DisciplineAuthorityInput = {
  organizationKind: string;
  subject: DisciplineSubject;
  form: DisciplineForm;
  levelsBelow?: number | null;
  effectiveFrom: IsoDate;
  effectiveTo?: IsoDate | null;
  source: string;
  confirmed: boolean;
};

export type DisciplineInput = {
  organizationId?: string | null;
  memberId?: string | null;
  form: DisciplineForm;
  category: ViolationCategory;
  violationSummary: string;
  violatedOn: IsoDate;
  decidedOn: IsoDate;
  effectiveFrom?: IsoDate | null;
  decisionId: string;
  authorityId: string;
  /** The concluded inspection this decision follows from. */
  inspectionCaseId?: string | null;
  /** Mức độ vi phạm, as the deciding committee assessed it. */
  gravity?: ViolationGravity | null;
  /** DISSOLUTION (giải tán) of an organisation that still keeps members: where they are transferred. */
  membersTransferredToId?: string | null;
};

const GRAVITY_ORDER: ViolationGravity[] = ['LESS_SERIOUS', 'SERIOUS', 'VERY_SERIOUS', 'EXTREMELY_SERIOUS'];

export type SuspendOrganizationInput = { organizationId: string; startsOn: IsoDate; endsOn?: IsoDate | null; reason: string; decisionId: string };
export type ReinstateOrganizationInput = { suspensionId: string; reinstatedOn: IsoDate; decisionId: string };

/** A suspension whose last day has passed without a reinstatement. */
export type OverdueSuspension = {
  subject: 'MEMBER' | 'ORGANIZATION';
  memberId: string | null;
  organizationId: string;
  startsOn: IsoDate;
  endsOn: IsoDate;
  extended: boolean;
  daysOverdue: number;
};

/** What an appeal decided about a record: a changed form replaces it, an annulment ends it. */
export type AppealChange = { outcome: 'CHANGED' | 'ANNULLED'; form?: DisciplineForm | null; resolvedOn: IsoDate; decisionId: string };

/**
 * Kỷ luật: discipline decisions against organisations and members, checked against the
 * forms each subject may receive and the statute of limitations; an EXPULSION or a
 * DISSOLUTION takes effect on the member or the organisation in the same transaction.
 * Deceased members and dissolved or merged organisations can still be disciplined.
 */
export class DisciplineService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly members: MemberService,
    private readonly organizations: OrganizationService,
    private readonly rules: RuleBook,
  ) {}

  async record(input: DisciplineInput): Promise<DisciplineRecord> {
    const summary = input.violationSummary.trim();
    const effectiveFrom = input.effectiveFrom ?? input.decidedOn;
    const problems: { field: string; message: string }[] = [];
    if (!!input.memberId === !!input.organizationId) problems.push({ field: 'subject', message: 'give exactly one of memberId or organizationId' });
    if (!summary) problems.push({ field: 'violationSummary', message: 'must not be empty' });
    if (input.violatedOn > input.decidedOn) problems.push({ field: 'violatedOn', message: 'the violation comes before the decision' });
    if (effectiveFrom < input.decidedOn) problems.push({ field: 'effectiveFrom', message: 'a decision takes effect on or after its day' });
    if (problems.length > 0) throw new ValidationError(problems);
    // The subject as it is today and the deciding committee, before anything else is read.
    await authorizeSubjects(this.prisma, this.actor, 'manageDiscipline', {
      memberIds: input.memberId ? [input.memberId] : [],
      organizationIds: [input.authorityId, ...(input.organizationId ? [input.organizationId] : [])],
    });
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    const authorityPath = await currentPath(this.prisma, input.authorityId);
    if (authorityPath.length === 0) throw new NotFoundError('Organization', input.authorityId);

    let organizationId: string;
    if (input.memberId) {
      const period = await this.prisma.memberPeriod.findFirst({
        where: { memberId: input.memberId, validFrom: { lte: toDbDate(input.decidedOn) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(input.decidedOn) } }] },
        include: { member: true },
      });
      if (!period) {
        if (!(await this.prisma.member.findUnique({ where: { id: input.memberId } }))) throw new NotFoundError('Member', input.memberId);
        throw new RuleViolationError('NOT_A_MEMBER_YET', `the member was not admitted yet on ${input.decidedOn}`);
      }
      organizationId = period.organizationId;
      const kind = period.standing === 'OFFICIAL' ? 'OFFICIAL_MEMBER' : 'PROBATIONARY_MEMBER';
      if (!(FORMS_BY_SUBJECT[kind] as readonly DisciplineForm[]).includes(input.form)) {
        throw new RuleViolationError('FORM_NOT_FOR_SUBJECT', `a ${kind === 'OFFICIAL_MEMBER' ? 'official' : 'probationary'} member cannot receive ${input.form} (Charter Art. 35): ${FORMS_BY_SUBJECT[kind].join(', ')}`);
      }
      if (period.status === 'EXPELLED' || period.status === 'REMOVED_FROM_ROLL') {
        throw new InvalidTransitionError(`the member is ${period.status} since ${fromDbDate(period.validFrom)}: there is no membership to discipline`, period.status, input.form);
      }
      if (period.status === 'TRANSFERRED_OUT') {
        throw new InvalidTransitionError(`the member has been kept outside this tree since ${fromDbDate(period.validFrom)}: the organisation that keeps them now decides`, period.status, input.form);
      }
      if (period.status === 'DECEASED') {
        const rule = (await this.rules.current()).at(DECEASED_MEMBER_DISCIPLINE, input.decidedOn);
        const least = rule.value.minimumGravity;
        if (!least || !input.gravity || GRAVITY_ORDER.indexOf(input.gravity) < GRAVITY_ORDER.indexOf(least)) {
          throw new RuleViolationError(
            'DECEASED_MEMBER',
            `the member died on ${fromDbDate(period.validFrom)}: the violation is examined and concluded, but not disciplined${least ? ` unless it is ${least} (given: ${input.gravity ?? 'no gravity'})` : ''} (${rule.citation})`,
          );
        }
      }
      if (input.form === 'DISMISSAL') {
        const posts = await this.prisma.committeePosition.count({
          where: { memberId: input.memberId, startsOn: { lte: toDbDate(input.decidedOn) }, OR: [{ endsOn: null }, { endsOn: { gt: toDbDate(input.decidedOn) } }] },
        });
        if (posts === 0) throw new RuleViolationError('DISMISSAL_WITHOUT_POST', `the member holds no post on ${input.decidedOn}: DISMISSAL (cách chức) removes a post`);
      }
      await this.checkLimitation(input);
    } else {
      const version = await this.prisma.organizationVersion.findFirst({ where: { organizationId: input.organizationId!, validTo: null } });
      if (!version) throw new NotFoundError('Organization', input.organizationId!);
      organizationId = input.organizationId!;
      if (!(FORMS_BY_SUBJECT.ORGANIZATION as readonly DisciplineForm[]).includes(input.form)) {
        throw new RuleViolationError('FORM_NOT_FOR_SUBJECT', `an organisation cannot receive ${input.form} (Charter Art. 35): ${FORMS_BY_SUBJECT.ORGANIZATION.join(', ')}`);
      }
      if (input.form === 'DISSOLUTION' && version.status !== 'ACTIVE') {
        throw new InvalidTransitionError(`the organisation is ${version.status}: it cannot be dissolved again`, version.status, 'DISSOLUTION');
      }
      if (input.membersTransferredToId && input.form !== 'DISSOLUTION') throw ValidationError.field('membersTransferredToId', 'only a DISSOLUTION transfers the members');
      if (input.membersTransferredToId === input.organizationId) throw ValidationError.field('membersTransferredToId', 'the members go to another organisation');
      await this.checkLimitation(input);
    }
    const scopePath = await currentPath(this.prisma, organizationId);
    const receivingPath = input.membersTransferredToId ? await currentPath(this.prisma, input.membersTransferredToId) : null;
    if (receivingPath?.length === 0) throw new NotFoundError('Organization', input.membersTransferredToId!);
    const role = authorize(this.actor, 'manageDiscipline', receivingPath ? [scopePath, authorityPath, receivingPath] : [scopePath, authorityPath]);
    await this.checkCompetence(input, organizationId);
    if (input.inspectionCaseId) await this.checkInspectionCase(input.inspectionCaseId, input, organizationId);

    return inTransaction(this.prisma, async (tx) => {
      if (input.form === 'EXPULSION') {
        await this.members.recordEventWithin(tx, input.memberId!, 'EXPELLED', { occurredOn: effectiveFrom, decisionId: input.decisionId, note: summary });
      }
      if (input.form === 'DISMISSAL') {
        // Cách chức removes the posts held: they end the day the decision takes effect.
        const day = toDbDate(effectiveFrom);
        await tx.committeePosition.updateMany({
          where: { memberId: input.memberId!, startsOn: { lte: day }, OR: [{ endsOn: null }, { endsOn: { gt: day } }] },
          data: { endsOn: day, endDecisionId: input.decisionId },
        });
      }
      if (input.form === 'DISSOLUTION') {
        await this.transferMembersOut(tx, organizationId, input, effectiveFrom);
        await this.organizations.dissolveWithin(tx, { organizationId, effectiveOn: effectiveFrom, decisionId: input.decisionId, note: summary, disciplinary: true });
      }
      const record = await tx.disciplineRecord.create({
        data: {
          subject: input.memberId ? 'MEMBER' : 'ORGANIZATION',
          organizationId,
          memberId: input.memberId ?? null,
          form: input.form,
          category: input.category,
          violationSummary: summary,
          violatedOn: toDbDate(input.violatedOn),
          decidedOn: toDbDate(input.decidedOn),
          effectiveFrom: toDbDate(effectiveFrom),
          decisionId: input.decisionId,
          authorityId: input.authorityId,
          inspectionCaseId: input.inspectionCaseId ?? null,
          gravity: input.gravity ?? null,
        },
      });
      // The violation itself is discipline detail: the trail keeps the facts, not the summary.
      await this.audit.record(tx, role, {
        action: 'discipline.record',
        entityType: 'DisciplineRecord',
        entityId: record.id,
        scopePath,
        after: { subject: record.subject, memberId: record.memberId, organizationId, form: input.form, category: input.category, decidedOn: input.decidedOn, effectiveFrom, inspectionCaseId: record.inspectionCaseId },
      });
      return record;
    });
  }

  /**
   * Giải tán with members still inside: the members kept there on the day (not those disciplined
   * on their own, whose records stand) are transferred to the organisation the decision names,
   * in the decision's transaction; a structural giải thể still requires them gone first.
   */
  private async transferMembersOut(tx: Tx, organizationId: string, input: DisciplineInput, effectiveFrom: IsoDate) {
    const day = toDbDate(effectiveFrom);
    const inside = await tx.memberPeriod.findMany({
      where: { organizationId, status: { in: ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'] }, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gt: day } }] },
      select: { memberId: true },
      orderBy: { memberId: 'asc' },
    });
    if (inside.length === 0) return;
    if (!input.membersTransferredToId) {
      throw ValidationError.field('membersTransferredToId', `the organisation keeps ${inside.length} member(s) on ${effectiveFrom}: name the organisation they are transferred to`);
    }
    for (const { memberId } of inside) {
      await this.members.recordEventWithin(tx, memberId, 'TRANSFERRED', {
        occurredOn: effectiveFrom,
        organizationId: input.membersTransferredToId,
        decisionId: input.decisionId,
        note: 'the organisation was dissolved (giải tán) by discipline',
      });
    }
  }

  /** Discipline follows a concluded inspection that found a violation, of one of its subjects. */
  private async checkInspectionCase(caseId: string, input: DisciplineInput, organizationId: string) {
    const inspection = await this.prisma.inspectionCase.findUnique({ where: { id: caseId }, include: { subjects: true } });
    if (!inspection) throw new NotFoundError('InspectionCase', caseId);
    // Concluded, whether the conclusion was notified yet or not.
    if (!inspection.concludedOn || !inspection.violationFound) {
      throw new RuleViolationError('INSPECTION_NOT_CONCLUDED', `the inspection is ${inspection.stage}${inspection.concludedOn ? ' without a violation found' : ''}: discipline follows a conclusion that found a violation`);
    }
    if (fromDbDate(inspection.concludedOn!) > input.decidedOn) throw ValidationError.field('decidedOn', `the inspection was concluded on ${fromDbDate(inspection.concludedOn!)}, after this decision`);
    const isSubject = inspection.subjects.some((subject) => (input.memberId ? subject.memberId === input.memberId : subject.memberId === null && subject.organizationId === organizationId));
    if (!isSubject) throw ValidationError.field('inspectionCaseId', 'the disciplined member or organisation was not a subject of this inspection');
  }

  /**
   * Applies an appeal's outcome to the record inside the appeal's transaction: the record is
   * never rewritten, it is marked CHANGED or ANNULLED with the day it ended; a changed form is
   * a new record pointing back to it. An expulsion that ends restores the member; a new
   * expulsion expels them. A dissolution is not reversed here: the organisation's identity has
   * ended, and re-establishing it is a restructuring decision.
   */
  async applyAppealWithin(tx: Tx, record: DisciplineRecord, change: AppealChange): Promise<DisciplineRecord | null> {
    if (record.status !== 'IN_FORCE') throw new InvalidTransitionError(`the decision is ${record.status}: only a decision in force is changed or annulled`, record.status, change.outcome);
    if (record.form === 'DISSOLUTION') {
      throw new RuleViolationError('DISSOLUTION_NOT_REVERSIBLE', 'a dissolution cannot be changed or annulled on appeal here: the organisation is re-established by a restructuring decision, then the appeal is resolved as UPHELD with that explanation');
    }
    let replacement: DisciplineRecord | null = null;
    if (change.outcome === 'CHANGED') {
      const form = change.form!;
      if (form === record.form) throw ValidationError.field('form', `the decision already is ${form}: a changed decision has another form`);
      const kind = record.subject === 'ORGANIZATION' ? 'ORGANIZATION' : await this.memberKindAt(tx, record.memberId!, fromDbDate(record.decidedOn));
      if (!(FORMS_BY_SUBJECT[kind] as readonly DisciplineForm[]).includes(form)) {
        throw new RuleViolationError('FORM_NOT_FOR_SUBJECT', `${kind === 'ORGANIZATION' ? 'an organisation' : 'this member'} cannot receive ${form} (Charter Art. 35): ${FORMS_BY_SUBJECT[kind].join(', ')}`);
      }
      if (form === 'DISSOLUTION') {
        await this.organizations.dissolveWithin(tx, { organizationId: record.organizationId, effectiveOn: change.resolvedOn, decisionId: change.decisionId, note: 'discipline changed on appeal' });
      }
      if (form === 'EXPULSION') await this.members.recordEventWithin(tx, record.memberId!, 'EXPELLED', { occurredOn: change.resolvedOn, decisionId: change.decisionId, note: 'discipline changed on appeal' });
      replacement = await tx.disciplineRecord.create({
        data: {
          subject: record.subject,
          organizationId: record.organizationId,
          memberId: record.memberId,
          form,
          category: record.category,
          violationSummary: record.violationSummary,
          violatedOn: record.violatedOn,
          decidedOn: toDbDate(change.resolvedOn),
          effectiveFrom: toDbDate(change.resolvedOn),
          decisionId: change.decisionId,
          authorityId: record.authorityId,
          inspectionCaseId: record.inspectionCaseId,
          supersedesId: record.id,
        },
      });
    }
    if (record.form === 'EXPULSION') {
      await this.members.recordEventWithin(tx, record.memberId!, 'RESTORED', { occurredOn: change.resolvedOn, decisionId: change.decisionId, note: `expulsion ${change.outcome.toLowerCase()} on appeal` });
    }
    await tx.disciplineRecord.update({ where: { id: record.id }, data: { status: change.outcome, endedOn: toDbDate(change.resolvedOn) } });
    return replacement;
  }

  private async memberKindAt(tx: Tx, memberId: string, on: IsoDate): Promise<'OFFICIAL_MEMBER' | 'PROBATIONARY_MEMBER'> {
    const period = await tx.memberPeriod.findFirst({ where: { memberId, validFrom: { lte: toDbDate(on) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(on) } }] } });
    return period?.standing === 'OFFICIAL' ? 'OFFICIAL_MEMBER' : 'PROBATIONARY_MEMBER';
  }

  /** Đình chỉ sinh hoạt of an organisation: at most 90 days, one suspension at a time. */
  async suspendOrganization(input: SuspendOrganizationInput): Promise<OrganizationSuspension> {
    await authorizeSubjects(this.prisma, this.actor, 'manageDiscipline', { organizationIds: [input.organizationId] });
    const limit = (await this.rules.current()).at(ORGANIZATION_SUSPENSION_DAYS, input.startsOn);
    const lastAllowed = addDays(input.startsOn, limit.value);
    const endsOn = input.endsOn ?? lastAllowed;
    const reason = input.reason.trim();
    const problems: { field: string; message: string }[] = [];
    if (!reason) problems.push({ field: 'reason', message: 'must not be empty' });
    if (endsOn < input.startsOn) problems.push({ field: 'endsOn', message: 'the suspension ends on or after its first day' });
    if (problems.length > 0) throw new ValidationError(problems);
    if (endsOn > lastAllowed) {
      throw new RuleViolationError('SUSPENSION_LIMIT', `an organisation is suspended for at most ${limit.value} days (${limit.citation}): from ${input.startsOn} until ${lastAllowed} at the latest`);
    }
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    const version = await this.prisma.organizationVersion.findFirst({
      where: { organizationId: input.organizationId, validFrom: { lte: toDbDate(input.startsOn) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(input.startsOn) } }] },
    });
    if (!version) {
      if (!(await this.prisma.organization.findUnique({ where: { id: input.organizationId } }))) throw new NotFoundError('Organization', input.organizationId);
      throw new RuleViolationError('NOT_ESTABLISHED', `the organisation did not exist on ${input.startsOn}`);
    }
    if (version.status !== 'ACTIVE') throw new InvalidTransitionError(`the organisation is ${version.status} on ${input.startsOn}`, version.status, 'SUSPENDED');
    const scopePath = await currentPath(this.prisma, input.organizationId);
    const role = authorize(this.actor, 'manageDiscipline', [scopePath]);
    return inTransaction(this.prisma, async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM organizations WHERE id = ${input.organizationId}::uuid FOR UPDATE`;
      const open = await tx.organizationSuspension.findFirst({
        where: { organizationId: input.organizationId, startsOn: { lte: toDbDate(endsOn) }, endsOn: { gte: toDbDate(input.startsOn) }, OR: [{ reinstatedOn: null }, { reinstatedOn: { gt: toDbDate(input.startsOn) } }] },
      });
      if (open) throw new ConflictError(`the organisation is already suspended from ${fromDbDate(open.startsOn)} until ${fromDbDate(open.endsOn)}`, 'startsOn');
      const suspension = await tx.organizationSuspension.create({
        data: { organizationId: input.organizationId, startsOn: toDbDate(input.startsOn), endsOn: toDbDate(endsOn), reason, decisionId: input.decisionId },
      });
      await this.audit.record(tx, role, {
        action: 'organization.suspend',
        entityType: 'OrganizationSuspension',
        entityId: suspension.id,
        scopePath,
        after: { organizationId: input.organizationId, startsOn: input.startsOn, endsOn, decisionId: input.decisionId },
      });
      return suspension;
    });
  }

  async reinstateOrganization(input: ReinstateOrganizationInput): Promise<OrganizationSuspension> {
    const suspension = await this.prisma.organizationSuspension.findUnique({ where: { id: input.suspensionId } });
    if (!suspension) throw new NotFoundError('OrganizationSuspension', input.suspensionId);
    const scopePath = await currentPath(this.prisma, suspension.organizationId);
    const role = authorize(this.actor, 'manageDiscipline', [scopePath]);
    if (!(await this.prisma.document.findUnique({ where: { id: input.decisionId } }))) throw new NotFoundError('Document', input.decisionId);
    if (suspension.reinstatedOn) throw new InvalidTransitionError(`the organisation was reinstated on ${fromDbDate(suspension.reinstatedOn)}`, 'REINSTATED', 'REINSTATED');
    if (input.reinstatedOn <= fromDbDate(suspension.startsOn)) throw ValidationError.field('reinstatedOn', `the suspension began on ${fromDbDate(suspension.startsOn)}: reinstatement comes after it`);
    return inTransaction(this.prisma, async (tx) => {
      const updated = await tx.organizationSuspension.update({
        where: { id: suspension.id, reinstatedOn: null },
        data: { reinstatedOn: toDbDate(input.reinstatedOn), reinstatementDecisionId: input.decisionId },
      });
      await this.audit.record(tx, role, {
        action: 'organization.reinstate',
        entityType: 'OrganizationSuspension',
        entityId: suspension.id,
        scopePath,
        before: { reinstatedOn: null },
        after: { reinstatedOn: input.reinstatedOn, decisionId: input.decisionId },
      });
      return updated;
    });
  }

  /** Suspensions of an organisation, newest first. */
  /** Suspensions of organisations by id for node(id:): those outside the caller's subtrees are left out. */
  async suspensionsByIds(ids: readonly string[]): Promise<Map<string, OrganizationSuspension>> {
    authorizeAnywhere(this.actor, 'readDiscipline');
    const scope = scopeOf(this.actor, 'readDiscipline');
    const rows = await this.prisma.organizationSuspension.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async suspensionsOf(organizationId: string): Promise<OrganizationSuspension[]> {
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    authorize(this.actor, 'readDiscipline', [path]);
    return this.prisma.organizationSuspension.findMany({ where: { organizationId }, orderBy: { startsOn: 'desc' } });
  }

  /**
   * Members and organisations of a subtree whose suspension ended before `asOf` without a
   * reinstatement: what the inspection committee has to decide on. One statement.
   */
  async overdueSuspensions(organizationId: string, asOf: IsoDate): Promise<OverdueSuspension[]> {
    authorizeAnywhere(this.actor, 'readDiscipline');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    const scope = scopeOf(this.actor, 'readDiscipline');
    const key = path.at(-1)!;
    const day = toDbDate(asOf);
    const inScope = scope ? Prisma.sql`AND v.path && ${scope}::int[]` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<{ subject: 'MEMBER' | 'ORGANIZATION'; member_id: string | null; organization_id: string; starts_on: Date; ends_on: Date; extended: boolean }[]>`
      WITH overdue_members AS (
        SELECT 'MEMBER' AS subject, p.member_id, p.organization_id, p.suspension_from AS starts_on,
          EXISTS (SELECT 1 FROM member_events e WHERE e.member_id = p.member_id AND e.type = 'SUSPENSION_EXTENDED' AND e.effective_on >= p.suspension_from AND e.effective_on <= ${day}) AS extended,
          p.suspension_ends_on AS ends_on
        FROM member_periods p
        WHERE p.status = 'SUSPENDED' AND p.valid_from <= ${day} AND (p.valid_to IS NULL OR p.valid_to > ${day})
      ), overdue_organizations AS (
        SELECT 'ORGANIZATION' AS subject, NULL::uuid AS member_id, o.organization_id, o.starts_on, false AS extended, o.ends_on
        FROM organization_suspensions o
        WHERE o.starts_on <= ${day} AND (o.reinstated_on IS NULL OR o.reinstated_on > ${day})
      )
      SELECT u.subject, u.member_id, u.organization_id, u.starts_on, u.ends_on, u.extended
      FROM (SELECT * FROM overdue_members UNION ALL SELECT * FROM overdue_organizations) u
      JOIN organization_versions v ON v.organization_id = u.organization_id AND v.valid_from <= ${day} AND (v.valid_to IS NULL OR v.valid_to > ${day})
      WHERE u.ends_on < ${day} AND v.path @> ARRAY[${key}]::int[] ${inScope}
      ORDER BY u.ends_on, u.subject, u.member_id`;
    return rows.map((row) => ({
      subject: row.subject,
      memberId: row.member_id,
      organizationId: row.organization_id,
      startsOn: fromDbDate(row.starts_on),
      endsOn: fromDbDate(row.ends_on),
      extended: row.extended,
      daysOverdue: daysBetween(fromDbDate(row.ends_on), asOf),
    }));
  }

  /**
   * Who may discipline whom (thẩm quyền thi hành kỷ luật), from the competence table on the
   * decision day: the deciding organisation's kind may decide this form for a member of its
   * subtree, or for an organisation that many levels below it.
   */
  private async checkCompetence(input: DisciplineInput, subjectOrganizationId: string) {
    const day = toDbDate(input.decidedOn);
    const versions = await this.prisma.organizationVersion.findMany({
      where: { organizationId: { in: [input.authorityId, subjectOrganizationId] }, validFrom: { lte: day }, OR: [{ validTo: null }, { validTo: { gt: day } }] },
      include: { organization: { select: { code: true } } },
    });
    const decider = versions.find((v) => v.organizationId === input.authorityId);
    const subject = versions.find((v) => v.organizationId === subjectOrganizationId);
    if (!decider) throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the deciding organisation did not exist on ${input.decidedOn}`);
    if (!subject) throw new RuleViolationError('ORGANIZATION_NOT_ACTIVE', `the organisation of the subject did not exist on ${input.decidedOn}`);
    const competence = await loadDecider(this.prisma, { organizationId: decider.organizationId, kindCode: decider.kindCode, path: decider.path, code: decider.organization.code }, input.decidedOn);
    competenceFor(competence, input.memberId ? 'MEMBER' : 'ORGANIZATION', input.form, subject.path);
  }

  /** The competence table: the rows in force on `asOf`, or every row. */
  async authorities(asOf: IsoDate | null): Promise<DisciplineAuthority[]> {
    authorizeAnywhere(this.actor, 'read');
    const day = asOf ? toDbDate(asOf) : null;
    return this.prisma.disciplineAuthority.findMany({
      where: day ? { effectiveFrom: { lte: day }, OR: [{ effectiveTo: null }, { effectiveTo: { gt: day } }] } : {},
      orderBy: [{ effectiveFrom: 'asc' }, { organizationKind: 'asc' }, { subject: 'asc' }, { levelsBelow: 'asc' }, { form: 'asc' }],
    });
  }

  /** Adds a competence row for a period (closed periods of the past too); national administrators. */
  async addAuthority(input: DisciplineAuthorityInput): Promise<DisciplineAuthority> {
    const role = authorize(this.actor, 'manageRegulations', [[]]);
    const problems: { field: string; message: string }[] = [];
    if (!(await this.prisma.organizationKind.findUnique({ where: { code: input.organizationKind } }))) problems.push({ field: 'organizationKind', message: `there is no organisation kind ${input.organizationKind}` });
    const levelsBelow = input.levelsBelow ?? null;
    if (input.subject === 'MEMBER' && levelsBelow !== null) problems.push({ field: 'levelsBelow', message: 'a member is disciplined by any level of whose subtree the member’s branch is part: leave it empty' });
    if (input.subject === 'ORGANIZATION' && (levelsBelow === null || !Number.isInteger(levelsBelow) || levelsBelow < 1 || levelsBelow > 10)) problems.push({ field: 'levelsBelow', message: 'how many levels below the deciding organisation (1–10)' });
    if (!(FORMS_BY_SUBJECT[input.subject === 'MEMBER' ? 'OFFICIAL_MEMBER' : 'ORGANIZATION'] as readonly DisciplineForm[]).includes(input.form)) problems.push({ field: 'form', message: `${input.form} is not a form for a ${input.subject === 'MEMBER' ? 'member' : 'organisation'}` });
    const effectiveTo = input.effectiveTo ?? null;
    if (effectiveTo && effectiveTo <= input.effectiveFrom) problems.push({ field: 'effectiveTo', message: 'is after effectiveFrom' });
    const source = input.source.trim();
    if (!source || source.length > 1000) problems.push({ field: 'source', message: 'name the document and article (1–1000 characters)' });
    if (problems.length > 0) throw new ValidationError(problems);
    const from = toDbDate(input.effectiveFrom);
    const to = effectiveTo ? toDbDate(effectiveTo) : null;
    return inTransaction(this.prisma, async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`discipline_authority:${input.organizationKind}:${input.subject}:${input.form}:${levelsBelow ?? ''}`}, 0))`;
      const overlapping = await tx.disciplineAuthority.findFirst({
        where: { organizationKind: input.organizationKind, subject: input.subject, form: input.form, levelsBelow, ...(to ? { effectiveFrom: { lt: to } } : {}), OR: [{ effectiveTo: null }, { effectiveTo: { gt: from } }] },
      });
      if (overlapping) throw new ConflictError(`the same competence applies from ${fromDbDate(overlapping.effectiveFrom)}: end it first, or give a period around it`, 'effectiveFrom');
      const row = await tx.disciplineAuthority.create({
        data: { organizationKind: input.organizationKind, subject: input.subject, form: input.form, levelsBelow, effectiveFrom: from, effectiveTo: to, source, confirmed: input.confirmed },
      });
      await this.audit.record(tx, role, { action: 'disciplineAuthority.add', entityType: 'DisciplineAuthority', entityId: row.id, scopePath: [], after: { ...input, levelsBelow, source } });
      return row;
    });
  }

  /** Ends a competence row from `effectiveTo`; the row stays with its dates. */
  async endAuthority(id: string, effectiveTo: IsoDate): Promise<DisciplineAuthority> {
    const role = authorize(this.actor, 'manageRegulations', [[]]);
    return inTransaction(this.prisma, async (tx) => {
      await tx.$executeRaw`SELECT 1 FROM discipline_authorities WHERE id = ${id}::uuid FOR UPDATE`;
      const row = await tx.disciplineAuthority.findUnique({ where: { id } });
      if (!row) throw new NotFoundError('DisciplineAuthority', id);
      if (row.effectiveTo) throw new ConflictError(`the row already ended on ${fromDbDate(row.effectiveTo)}`, 'effectiveTo');
      if (effectiveTo <= fromDbDate(row.effectiveFrom)) throw ValidationError.field('effectiveTo', `is after the row began (${fromDbDate(row.effectiveFrom)})`);
      const ended = await tx.disciplineAuthority.update({ where: { id }, data: { effectiveTo: toDbDate(effectiveTo) } });
      await this.audit.record(tx, role, { action: 'disciplineAuthority.end', entityType: 'DisciplineAuthority', entityId: id, scopePath: [], before: { effectiveTo: null }, after: { effectiveTo } });
      return ended;
    });
  }

  /**
   * Within the statute of limitations of the subject (a member or an organisation): the last day
   * in is the day before the anniversary of the violation.
   */
  private async checkLimitation(input: DisciplineInput) {
    const rules = await this.rules.current();
    const rule = rules.at(input.memberId ? MEMBER_STATUTE_OF_LIMITATIONS : ORGANIZATION_STATUTE_OF_LIMITATIONS, input.violatedOn);
    const years = rule.value.years[input.form];
    if (years === null || rule.value.unlimitedCategories.includes(input.category)) return;
    const lastDay = addDays(addMonths(input.violatedOn, 12 * years), -1);
    if (input.decidedOn > lastDay) {
      throw new RuleViolationError(
        'STATUTE_OF_LIMITATIONS',
        `a ${input.form} for a violation of ${input.violatedOn} could be decided until ${lastDay} (${years} years, ${rule.citation}); ${input.decidedOn} is too late`,
      );
    }
  }


  /** Records by id for the request's loader: those outside the caller's scope are left out. */
  async byIds(ids: readonly string[]): Promise<Map<string, DisciplineRecord>> {
    authorizeAnywhere(this.actor, 'readDiscipline');
    const scope = scopeOf(this.actor, 'readDiscipline');
    const records = await this.prisma.disciplineRecord.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
    });
    return new Map(records.map((record) => [record.id, record]));
  }

  /** Discipline records of a subtree, scoped to the caller. */
  async ofOrganizationSubtree(organizationId: string, from: IsoDate, to: IsoDate): Promise<DisciplineRecord[]> {
    authorizeAnywhere(this.actor, 'readDiscipline');
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    const scope = scopeOf(this.actor, 'readDiscipline');
    return this.prisma.disciplineRecord.findMany({
      where: {
        effectiveFrom: { gte: toDbDate(from), lte: toDbDate(to) },
        organization: { versions: { some: { path: { has: path.at(-1)! }, ...(scope ? { AND: [{ path: { hasSome: scope } }] } : {}) } } },
      },
      orderBy: { effectiveFrom: 'asc' },
    });
  }
}
