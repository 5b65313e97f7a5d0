import type {
  DisciplineRecord,
  InspectionCase,
  InspectionPlan,
  InspectionStage,
  InspectionStageEvent,
  InspectionSubject,
  InspectionTeamMember,
  InspectionTeamRole,
  InspectionType,
  PrismaClient,
  Supervision,
  SupervisionKind,
  SupervisionSubject,
  ViolationGravity,
} from '../../generated/prisma/client.js';
import { uniqueViolation } from '../../db/errors.js';
import { fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ConflictError, InvalidTransitionError, NotFoundError, RuleViolationError, ValidationError, type FieldProblem } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, currentPath, scopeOf, type Actor } from '../auth/access.js';
import { INSPECTION_PROCEDURE } from '../../rules/inspections.js';
import type { RuleBook } from '../../rules/rule.js';
import type { AuditService } from '../audit/audit.service.js';
import { inTransaction } from '../../db/transactions.js';

export type SubjectInput = { organizationId?: string | null; memberId?: string | null };
export type TeamMemberInput = { name: string; role: InspectionTeamRole; memberId?: string | null };
export type ConclusionInput = { violationFound: boolean; gravity?: ViolationGravity | null; disciplineWarranted?: boolean | null; summary: string };

export type CreatePlanInput = { organizationId: string; year: number; title: string; documentId?: string | null };
export type OpenCaseInput = {
  authorityId: string;
  type: InspectionType;
  title: string;
  planId?: string | null;
  subjects: SubjectInput[];
  /** Opens the case decided (with its decision document and team); without it the case is only planned. */
  decidedOn?: IsoDate | null;
  decisionId?: string | null;
  team?: TeamMemberInput[] | null;
};
export type AdvanceCaseInput = {
  caseId: string;
  stage: InspectionStage;
  occurredOn: IsoDate;
  documentId?: string | null;
  note?: string | null;
  team?: TeamMemberInput[] | null;
  conclusion?: ConclusionInput | null;
};
export type StartSupervisionInput = {
  authorityId: string;
  kind: SupervisionKind;
  topic: string;
  planId?: string | null;
  startsOn: IsoDate;
  documentId?: string | null;
  subjects: SubjectInput[];
};
export type ConcludeSupervisionInput = { supervisionId: string; concludedOn: IsoDate; findings: string; signsOfViolation: boolean };

export type InspectionCaseView = InspectionCase & {
  subjects: InspectionSubject[];
  team: InspectionTeamMember[];
  stages: InspectionStageEvent[];
  disciplines: DisciplineRecord[];
};
export type SupervisionView = Supervision & { subjects: SupervisionSubject[] };

const CASE_INCLUDE = { subjects: true, team: true, stages: { orderBy: [{ occurredOn: 'asc' as const }, { createdAt: 'asc' as const }] }, disciplines: true };
const MAX_TEXT = 10000;

/**
 * Kiểm tra, giám sát (Charter Art. 32; Quy định 296-QĐ/TW): a committee's annual plan, the
 * inspection cases of each type with their subjects and team, moving through their stages
 * one at a time (every step kept, with its document) to a conclusion that the discipline
 * records follow from; and supervision, regular or thematic, with its findings.
 */
export class InspectionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /** The stages a kind of inspection goes through, in order, under the procedure in force on `on`. */
  async procedure(type: InspectionType, on: IsoDate): Promise<InspectionStage[]> {
    return (await this.rules.current()).at(INSPECTION_PROCEDURE, on).value[type];
  }

  /**
   * Inspection cases and plans belong to inspection committees, which exist from the grassroots
   * Party committee up (Điều lệ Đảng Điều 32): a branch has none.
   */
  private async requireInspectionCommittee(organizationId: string, field: string) {
    const version = await this.prisma.organizationVersion.findFirst({ where: { organizationId, validTo: null }, include: { kind: true, organization: { select: { code: true } } } });
    if (version && !version.kind.hasInspectionCommittee) {
      throw new RuleViolationError(
        'NO_INSPECTION_COMMITTEE',
        `${field}: ${version.organization.code} is a ${version.kindCode}, which has no inspection committee: inspection committees exist from the grassroots Party committee up (Điều lệ Đảng Điều 32)`,
      );
    }
  }

  private async pathOf(organizationId: string): Promise<number[]> {
    const path = await currentPath(this.prisma, organizationId);
    if (path.length === 0) throw new NotFoundError('Organization', organizationId);
    return path;
  }

  /** The organisation's path on a day (the tree is restructured: a 2024 case is judged by the 2024 tree). */
  private async pathAt(organizationId: string, on: IsoDate): Promise<number[]> {
    const version = await this.prisma.organizationVersion.findFirst({
      where: { organizationId, validFrom: { lte: toDbDate(on) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(on) } }] },
      select: { path: true },
    });
    if (!version) throw new RuleViolationError('NOT_ESTABLISHED', `an organisation named did not exist on ${on}`);
    return version.path;
  }

  private async requireDocument(id: string | null | undefined) {
    if (id && !(await this.prisma.document.findUnique({ where: { id }, select: { id: true } }))) throw new NotFoundError('Document', id);
  }

  async createPlan(input: CreatePlanInput): Promise<InspectionPlan> {
    const title = input.title.trim();
    const problems: FieldProblem[] = [];
    if (!title) problems.push({ field: 'title', message: 'must not be empty' });
    if (!Number.isInteger(input.year) || input.year < 1930 || input.year > 2200) problems.push({ field: 'year', message: 'a year between 1930 and 2200' });
    if (problems.length > 0) throw new ValidationError(problems);
    const scopePath = await this.pathOf(input.organizationId);
    const role = authorize(this.actor, 'manageInspections', [scopePath]);
    await this.requireInspectionCommittee(input.organizationId, 'organizationId');
    await this.requireDocument(input.documentId);
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const plan = await tx.inspectionPlan.create({ data: { organizationId: input.organizationId, year: input.year, title, documentId: input.documentId ?? null } });
        await this.audit.record(tx, role, { action: 'inspection.plan.create', entityType: 'InspectionPlan', entityId: plan.id, scopePath, after: { organizationId: input.organizationId, year: input.year, title, documentId: plan.documentId } });
        return plan;
      });
    } catch (error) {
      if (uniqueViolation(error)) throw new ConflictError(`the committee already has its ${input.year} plan`, 'year');
      throw error;
    }
  }

  /** Each subject as stored: an organisation, or a member with the branch they belonged to on `on`. */
  private async resolveSubjects(subjects: SubjectInput[], authorityPath: number[], on: IsoDate): Promise<{ organizationId: string; memberId: string | null }[]> {
    const authorityKey = authorityPath.at(-1)!;
    if (subjects.length === 0) throw ValidationError.field('subjects', 'name at least one organisation or member');
    if (subjects.length > 500) throw ValidationError.field('subjects', 'at most 500');
    const resolved: { organizationId: string; memberId: string | null }[] = [];
    for (const [index, subject] of subjects.entries()) {
      if (!subject.memberId === !subject.organizationId) throw ValidationError.field(`subjects.${index}`, 'give exactly one of memberId or organizationId');
      let organizationId = subject.organizationId ?? null;
      if (subject.memberId) {
        const period = await this.prisma.memberPeriod.findFirst({
          where: { memberId: subject.memberId, validFrom: { lte: toDbDate(on) }, OR: [{ validTo: null }, { validTo: { gt: toDbDate(on) } }] },
        });
        if (!period) {
          if (!(await this.prisma.member.findUnique({ where: { id: subject.memberId }, select: { id: true } }))) throw new NotFoundError('Member', subject.memberId);
          throw new RuleViolationError('NOT_A_MEMBER_YET', `subject ${index + 1} was not a member on ${on}`);
        }
        organizationId = period.organizationId;
      }
      const path = await this.pathAt(organizationId!, on);
      if (!path.includes(authorityKey)) {
        throw new RuleViolationError('SUBJECT_OUTSIDE_AUTHORITY', `subject ${index + 1} is not under the inspecting committee: a committee inspects its own organisation and those below it (Charter Art. 32)`);
      }
      if (resolved.some((r) => r.organizationId === organizationId && r.memberId === (subject.memberId ?? null))) throw ValidationError.field(`subjects.${index}`, 'named twice');
      resolved.push({ organizationId: organizationId!, memberId: subject.memberId ?? null });
    }
    return resolved;
  }

  private checkTeam(team: TeamMemberInput[] | null | undefined, required: boolean): TeamMemberInput[] {
    const members = (team ?? []).map((m) => ({ ...m, name: m.name.trim() }));
    if (required && members.length === 0) throw ValidationError.field('team', 'a decision to inspect appoints the team (one LEADER at least)');
    if (members.length > 0 && members.filter((m) => m.role === 'LEADER').length !== 1) throw ValidationError.field('team', 'the team has exactly one LEADER');
    if (members.some((m) => !m.name)) throw ValidationError.field('team', 'every team member has a name');
    return members;
  }

  async openCase(input: OpenCaseInput): Promise<InspectionCaseView> {
    const title = input.title.trim();
    if (!title) throw ValidationError.field('title', 'must not be empty');
    const decided = !!input.decidedOn || !!input.decisionId;
    if (decided && (!input.decidedOn || !input.decisionId)) throw ValidationError.field('decisionId', 'a decided case gives both decidedOn and decisionId');
    if (!decided && !input.planId) throw ValidationError.field('planId', 'a case not yet decided is part of a plan');
    const team = this.checkTeam(input.team, decided);
    const authorityPath = await this.pathOf(input.authorityId);
    const role = authorize(this.actor, 'manageInspections', [authorityPath]);
    await this.requireInspectionCommittee(input.authorityId, 'authorityId');
    let plan: InspectionPlan | null = null;
    if (input.planId) {
      plan = await this.prisma.inspectionPlan.findUnique({ where: { id: input.planId } });
      if (!plan) throw new NotFoundError('InspectionPlan', input.planId);
      if (plan.organizationId !== input.authorityId) throw ValidationError.field('planId', 'the plan belongs to another committee');
      if (input.decidedOn && Number(input.decidedOn.slice(0, 4)) !== plan.year) throw ValidationError.field('decidedOn', `the plan is for ${plan.year}`);
    }
    await this.requireDocument(input.decisionId);
    const on = input.decidedOn ?? `${plan!.year}-01-01`;
    const subjects = await this.resolveSubjects(input.subjects, authorityPath, on);
    const teamMembers = await this.checkTeamMembers(team);
    const stage: InspectionStage = decided ? 'DECIDED' : 'PLANNED';
    const id = await inTransaction(this.prisma, async (tx) => {
      const created = await tx.inspectionCase.create({
        data: {
          authorityId: input.authorityId,
          planId: input.planId ?? null,
          type: input.type,
          title,
          stage,
          decidedOn: input.decidedOn ? toDbDate(input.decidedOn) : null,
          subjects: { create: subjects },
          team: { create: teamMembers },
          stages: { create: { stage, occurredOn: toDbDate(on), documentId: input.decisionId ?? plan?.documentId ?? null } },
        },
      });
      await this.audit.record(tx, role, {
        action: 'inspection.case.open',
        entityType: 'InspectionCase',
        entityId: created.id,
        scopePath: authorityPath,
        after: { type: input.type, stage, authorityId: input.authorityId, planId: created.planId, decidedOn: input.decidedOn ?? null, subjects: subjects.length, team: teamMembers.length },
      });
      return created.id;
    });
    return this.withDetails(id);
  }

  /**
   * A case with its subjects, team, stages and discipline, read after the transaction: Prisma
   * loads the relations of an `include` concurrently, which a transaction's single connection
   * would have to queue (pg warns about it).
   */
  private withDetails(id: string): Promise<InspectionCaseView> {
    return this.prisma.inspectionCase.findUniqueOrThrow({ where: { id }, include: CASE_INCLUDE });
  }

  private async checkTeamMembers(team: TeamMemberInput[]) {
    for (const [index, member] of team.entries()) {
      if (member.memberId && !(await this.prisma.member.findUnique({ where: { id: member.memberId }, select: { id: true } }))) throw new NotFoundError('Member', member.memberId);
      if (member.name.length > 300) throw ValidationError.field(`team.${index}.name`, 'at most 300 characters');
    }
    return team.map((m) => ({ name: m.name, role: m.role, memberId: m.memberId ?? null }));
  }

  /** Moves a case to its next stage: no stage is skipped or repeated, and every step is kept. */
  async advanceCase(input: AdvanceCaseInput): Promise<InspectionCaseView> {
    const current = await this.prisma.inspectionCase.findUnique({ where: { id: input.caseId }, include: CASE_INCLUDE });
    if (!current) throw new NotFoundError('InspectionCase', input.caseId);
    const scopePath = await this.pathOf(current.authorityId);
    const role = authorize(this.actor, 'manageInspections', [scopePath]);
    // The procedure of the kind of inspection, as in force when the case was opened.
    const procedure = (await this.rules.current()).at(INSPECTION_PROCEDURE, openedOn(current));
    const order = procedure.value[current.type];
    const next = order[order.indexOf(current.stage) + 1];
    if (input.stage !== next) {
      throw new InvalidTransitionError(
        next ? `the case is ${current.stage}: its next stage is ${next} (${current.type}: ${order.join(' → ')}, ${procedure.citation})` : `the case is ${current.stage}: the procedure is complete`,
        current.stage,
        input.stage,
      );
    }
    const last = current.stages.at(-1)!;
    const problems: FieldProblem[] = [];
    if (input.occurredOn < fromDbDate(last.occurredOn)) problems.push({ field: 'occurredOn', message: `the case was ${last.stage} on ${fromDbDate(last.occurredOn)}` });
    const note = input.note?.trim() || null;
    if (note && note.length > MAX_TEXT) problems.push({ field: 'note', message: `at most ${MAX_TEXT} characters` });
    const documentNeeded: Partial<Record<InspectionStage, string>> = {
      DECIDED: 'the decision to inspect',
      CONCLUDED: 'the conclusion of the inspection committee',
      NOTIFIED: 'the notice of the conclusion (thông báo kết luận)',
    };
    if (documentNeeded[input.stage] && !input.documentId) problems.push({ field: 'documentId', message: documentNeeded[input.stage]! });
    const conclusion = input.conclusion;
    if (input.stage === 'CONCLUDED') {
      if (!conclusion) problems.push({ field: 'conclusion', message: 'a concluded case states whether a violation was found' });
      else {
        if (!conclusion.summary.trim()) problems.push({ field: 'conclusion.summary', message: 'must not be empty' });
        if (conclusion.violationFound && !conclusion.gravity) problems.push({ field: 'conclusion.gravity', message: 'how grave the violation is' });
        if (!conclusion.violationFound && (conclusion.gravity || conclusion.disciplineWarranted)) problems.push({ field: 'conclusion', message: 'no gravity and no discipline without a violation' });
      }
    } else if (conclusion) problems.push({ field: 'conclusion', message: 'only the CONCLUDED stage carries the conclusion' });
    const planYear = input.stage === 'DECIDED' ? await this.planYear(current.planId) : undefined;
    if (planYear !== undefined && Number(input.occurredOn.slice(0, 4)) !== planYear) {
      problems.push({ field: 'occurredOn', message: 'a planned case is decided in its plan’s year' });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const team = input.stage === 'DECIDED' ? this.checkTeam(input.team, current.team.length === 0) : [];
    if (input.stage !== 'DECIDED' && input.team?.length) throw ValidationError.field('team', 'the team is appointed by the decision (stage DECIDED)');
    const teamMembers = await this.checkTeamMembers(team);
    await this.requireDocument(input.documentId);

    await inTransaction(this.prisma, async (tx) => {
      await tx.inspectionStageEvent.create({ data: { caseId: current.id, stage: input.stage, occurredOn: toDbDate(input.occurredOn), documentId: input.documentId ?? null, note } });
      if (teamMembers.length > 0) {
        await tx.inspectionTeamMember.deleteMany({ where: { caseId: current.id } });
        await tx.inspectionTeamMember.createMany({ data: teamMembers.map((m) => ({ ...m, caseId: current.id })) });
      }
      const updated = await tx.inspectionCase.update({
        where: { id: current.id, stage: current.stage },
        data: {
          stage: input.stage,
          ...(input.stage === 'DECIDED' ? { decidedOn: toDbDate(input.occurredOn) } : {}),
          ...(input.stage === 'CONCLUDED'
            ? {
                concludedOn: toDbDate(input.occurredOn),
                violationFound: conclusion!.violationFound,
                gravity: conclusion!.gravity ?? null,
                disciplineWarranted: conclusion!.violationFound ? (conclusion!.disciplineWarranted ?? false) : false,
                conclusionSummary: conclusion!.summary.trim(),
              }
            : {}),
        },
      });
      await this.audit.record(tx, role, {
        action: 'inspection.case.advance',
        entityType: 'InspectionCase',
        entityId: current.id,
        scopePath,
        before: { stage: current.stage },
        after: {
          stage: input.stage,
          occurredOn: input.occurredOn,
          documentId: input.documentId ?? null,
          ...(conclusion ? { violationFound: conclusion.violationFound, gravity: conclusion.gravity ?? null, disciplineWarranted: updated.disciplineWarranted } : {}),
        },
      });
    });
    return this.withDetails(current.id);
  }

  private async planYear(planId: string | null): Promise<number | undefined> {
    if (!planId) return undefined;
    return (await this.prisma.inspectionPlan.findUnique({ where: { id: planId }, select: { year: true } }))?.year;
  }

  async getCase(id: string): Promise<InspectionCaseView> {
    authorizeAnywhere(this.actor, 'readInspections');
    const found = await this.prisma.inspectionCase.findUnique({ where: { id }, include: CASE_INCLUDE });
    if (!found) throw new NotFoundError('InspectionCase', id);
    authorize(this.actor, 'readInspections', [await this.pathOf(found.authorityId)]);
    return found;
  }

  /** Cases by id for the request's loader: those outside the caller's scope are left out. */
  async casesByIds(ids: readonly string[]): Promise<Map<string, InspectionCaseView>> {
    authorizeAnywhere(this.actor, 'readInspections');
    const scope = scopeOf(this.actor, 'readInspections');
    const cases = await this.prisma.inspectionCase.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { authority: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {}) },
      include: CASE_INCLUDE,
    });
    return new Map(cases.map((found) => [found.id, found]));
  }

  private subtreeFilter(path: number[]) {
    const scope = scopeOf(this.actor, 'readInspections');
    return { versions: { some: { validTo: null, path: { has: path.at(-1)! }, ...(scope ? { AND: [{ path: { hasSome: scope } }] } : {}) } } };
  }

  /** Cases decided in a period (or planned for its years and not decided yet) by the committees of a subtree. */
  async cases(filter: { organizationId: string; from: IsoDate; to: IsoDate; type?: InspectionType | null }): Promise<InspectionCaseView[]> {
    authorizeAnywhere(this.actor, 'readInspections');
    if (filter.from > filter.to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await this.pathOf(filter.organizationId);
    const years = { gte: Number(filter.from.slice(0, 4)), lte: Number(filter.to.slice(0, 4)) };
    return this.prisma.inspectionCase.findMany({
      where: {
        authority: this.subtreeFilter(path),
        ...(filter.type ? { type: filter.type } : {}),
        OR: [{ decidedOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) } }, { decidedOn: null, plan: { year: years } }],
      },
      include: CASE_INCLUDE,
      orderBy: [{ decidedOn: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    });
  }

  /** The plans of a year of the committees in a subtree. */
  /** Plans by id for node(id:): those of committees outside the caller's subtrees are left out. */
  async plansByIds(ids: readonly string[]): Promise<Map<string, InspectionPlan>> {
    authorizeAnywhere(this.actor, 'readInspections');
    const scope = scopeOf(this.actor, 'readInspections');
    const rows = await this.prisma.inspectionPlan.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Supervisions by id for node(id:): those of committees outside the caller's subtrees are left out. */
  async supervisionsByIds(ids: readonly string[]): Promise<Map<string, SupervisionView>> {
    authorizeAnywhere(this.actor, 'readInspections');
    const scope = scopeOf(this.actor, 'readInspections');
    const rows = await this.prisma.supervision.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { authority: { versions: { some: { path: { hasSome: scope } } } } } : {}) },
      include: { subjects: true },
    });
    return new Map(rows.map((row) => [row.id, row]));
  }

  async plans(organizationId: string, year: number): Promise<InspectionPlan[]> {
    authorizeAnywhere(this.actor, 'readInspections');
    const path = await this.pathOf(organizationId);
    return this.prisma.inspectionPlan.findMany({ where: { year, organization: this.subtreeFilter(path) }, orderBy: { createdAt: 'asc' } });
  }

  async startSupervision(input: StartSupervisionInput): Promise<SupervisionView> {
    const topic = input.topic.trim();
    if (!topic) throw ValidationError.field('topic', 'must not be empty');
    if (input.kind === 'THEMATIC' && !input.planId) throw ValidationError.field('planId', 'thematic supervision follows the committee’s plan');
    const authorityPath = await this.pathOf(input.authorityId);
    const role = authorize(this.actor, 'manageInspections', [authorityPath]);
    if (input.planId) {
      const plan = await this.prisma.inspectionPlan.findUnique({ where: { id: input.planId } });
      if (!plan) throw new NotFoundError('InspectionPlan', input.planId);
      if (plan.organizationId !== input.authorityId) throw ValidationError.field('planId', 'the plan belongs to another committee');
      if (Number(input.startsOn.slice(0, 4)) !== plan.year) throw ValidationError.field('startsOn', `the plan is for ${plan.year}`);
    }
    await this.requireDocument(input.documentId);
    const subjects = await this.resolveSubjects(input.subjects, authorityPath, input.startsOn);
    return inTransaction(this.prisma, async (tx) => {
      const created = await tx.supervision.create({
        data: { authorityId: input.authorityId, planId: input.planId ?? null, kind: input.kind, topic, startsOn: toDbDate(input.startsOn), documentId: input.documentId ?? null, subjects: { create: subjects } },
        include: { subjects: true },
      });
      await this.audit.record(tx, role, {
        action: 'supervision.start',
        entityType: 'Supervision',
        entityId: created.id,
        scopePath: authorityPath,
        after: { kind: input.kind, authorityId: input.authorityId, planId: created.planId, startsOn: input.startsOn, subjects: subjects.length },
      });
      return created;
    });
  }

  async concludeSupervision(input: ConcludeSupervisionInput): Promise<SupervisionView> {
    const current = await this.prisma.supervision.findUnique({ where: { id: input.supervisionId } });
    if (!current) throw new NotFoundError('Supervision', input.supervisionId);
    const scopePath = await this.pathOf(current.authorityId);
    const role = authorize(this.actor, 'manageInspections', [scopePath]);
    const findings = input.findings.trim();
    const problems: FieldProblem[] = [];
    if (!findings) problems.push({ field: 'findings', message: 'must not be empty' });
    if (findings.length > MAX_TEXT) problems.push({ field: 'findings', message: `at most ${MAX_TEXT} characters` });
    if (input.concludedOn < fromDbDate(current.startsOn)) problems.push({ field: 'concludedOn', message: `the supervision began on ${fromDbDate(current.startsOn)}` });
    if (problems.length > 0) throw new ValidationError(problems);
    if (current.concludedOn) throw new InvalidTransitionError(`the supervision was concluded on ${fromDbDate(current.concludedOn)}`, 'CONCLUDED', 'CONCLUDED');
    return inTransaction(this.prisma, async (tx) => {
      const updated = await tx.supervision.update({
        where: { id: current.id, concludedOn: null },
        data: { concludedOn: toDbDate(input.concludedOn), findings, signsOfViolation: input.signsOfViolation },
        include: { subjects: true },
      });
      await this.audit.record(tx, role, {
        action: 'supervision.conclude',
        entityType: 'Supervision',
        entityId: current.id,
        scopePath,
        before: { concludedOn: null },
        after: { concludedOn: input.concludedOn, signsOfViolation: input.signsOfViolation },
      });
      return updated;
    });
  }

  async supervisions(filter: { organizationId: string; from: IsoDate; to: IsoDate; kind?: SupervisionKind | null }): Promise<SupervisionView[]> {
    authorizeAnywhere(this.actor, 'readInspections');
    if (filter.from > filter.to) throw ValidationError.field('to', 'the period ends on or after it begins');
    const path = await this.pathOf(filter.organizationId);
    return this.prisma.supervision.findMany({
      where: { authority: this.subtreeFilter(path), startsOn: { gte: toDbDate(filter.from), lte: toDbDate(filter.to) }, ...(filter.kind ? { kind: filter.kind } : {}) },
      include: { subjects: true },
      orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
    });
  }
}

/** The day a case was opened (its first stage): its procedure is the one in force then. */
export const openedOn = (inspection: { stages: { occurredOn: Date }[] }): IsoDate => fromDbDate(inspection.stages[0]!.occurredOn);
