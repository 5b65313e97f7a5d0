import type { DisciplineForm, DisciplineRecord, PrismaClient, ViolationCategory } from '../../generated/prisma/client.js';
import { FORMS_BY_SUBJECT, MEMBER_STATUTE_OF_LIMITATIONS } from '../../rules/discipline.js';
import { ruleAt } from '../../rules/rule.js';
import { addDays, addMonths, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, currentPath, scopeOf, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MemberService } from '../members/members.service.js';
import type { OrganizationService } from '../organizations/organizations.service.js';

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
};

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
      if (input.form === 'DISMISSAL') {
        const posts = await this.prisma.committeePosition.count({
          where: { memberId: input.memberId, startsOn: { lte: toDbDate(input.decidedOn) }, OR: [{ endsOn: null }, { endsOn: { gt: toDbDate(input.decidedOn) } }] },
        });
        if (posts === 0) throw new RuleViolationError('DISMISSAL_WITHOUT_POST', `the member holds no post on ${input.decidedOn}: DISMISSAL (cách chức) removes a post`);
      }
      this.checkLimitation(input);
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
    }
    const scopePath = await currentPath(this.prisma, organizationId);
    const role = authorize(this.actor, 'manageDiscipline', [scopePath, authorityPath]);

    return this.prisma.$transaction(async (tx) => {
      if (input.form === 'EXPULSION') {
        await this.members.recordEventWithin(tx, input.memberId!, 'EXPELLED', { occurredOn: effectiveFrom, decisionId: input.decisionId, note: summary });
      }
      if (input.form === 'DISSOLUTION') {
        await this.organizations.dissolveWithin(tx, { organizationId, effectiveOn: effectiveFrom, decisionId: input.decisionId, note: summary });
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
        },
      });
      // The violation itself is discipline detail: the trail keeps the facts, not the summary.
      await this.audit.record(tx, role, {
        action: 'discipline.record',
        entityType: 'DisciplineRecord',
        entityId: record.id,
        scopePath,
        after: { subject: record.subject, memberId: record.memberId, organizationId, form: input.form, category: input.category, decidedOn: input.decidedOn, effectiveFrom },
      });
      return record;
    });
  }

  /** Within the statute of limitations: the last day in is the day before the anniversary. */
  private checkLimitation(input: DisciplineInput) {
    const rule = ruleAt(MEMBER_STATUTE_OF_LIMITATIONS, input.violatedOn);
    const years = rule.value.years[input.form];
    if (years === null || rule.value.unlimitedCategories.includes(input.category)) return;
    const lastDay = addDays(addMonths(input.violatedOn, 12 * years), -1);
    if (input.decidedOn > lastDay) {
      throw new RuleViolationError(
        'STATUTE_OF_LIMITATIONS',
        `a ${input.form} for a violation of ${input.violatedOn} could be decided until ${lastDay} (${years} years, ${rule.source}); ${input.decidedOn} is too late`,
      );
    }
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
