import { loadFound } from '../../graphql/connections.js';
import type { InspectionPlan, InspectionStageEvent, InspectionTeamMember } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DisciplineRecordRef, DocumentRef, InspectionCaseRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate, todayInVietnam } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { DisciplineFormEnum, GravityEnum } from '../discipline/discipline.graphql.js';
import { ComplaintKindEnum, ComplaintStatusEnum } from '../complaints/complaints.graphql.js';
import { decodeAdvanceCase, decodeConcludeSupervision, decodeCreatePlan, decodeOpenCase, decodeStartSupervision } from './inspections.inputs.js';
import { inspectionStageLabels, inspectionTypeLabels, supervisionKindLabels, teamRoleLabels } from './inspections.labels.js';
import type { InspectionCaseView, SupervisionView } from './inspections.service.js';
import { openedOn } from './inspections.service.js';
import type { InspectionStatistics } from './statistics.service.js';

const TypeEnum = labelledEnum('InspectionType', inspectionTypeLabels, 'Loại kiểm tra (Charter Art. 32).');
const StageEnum = labelledEnum('InspectionStage', inspectionStageLabels, 'Where an inspection stands; stages follow one another in this order.');
const TeamRoleEnum = labelledEnum('InspectionTeamRole', teamRoleLabels, 'Role in the inspection team.');
const SupervisionKindEnum = labelledEnum('SupervisionKind', supervisionKindLabels, 'Giám sát thường xuyên or chuyên đề.');

type Subject = { organizationId: string; memberId: string | null };
const SubjectRef = builder.objectRef<Subject & { on: string }>('InspectedSubject').implement({
  description: 'An inspected or supervised organisation, or a member (with their branch at the time).',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (s, _a, ctx) => ctx.loaders.organization.load({ id: s.organizationId, asOf: s.on }) }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (s, _a, ctx) => (s.memberId ? ctx.loaders.member.load({ id: s.memberId, asOf: s.on }) : null) }),
  }),
});
const TeamRef = builder.objectRef<InspectionTeamMember>('InspectionTeamMember').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    role: t.field({ type: TeamRoleEnum, resolve: (m) => m.role }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (m, _a, ctx) => (m.memberId ? ctx.loaders.member.load({ id: m.memberId, asOf: todayInVietnam() }) : null) }),
  }),
});
const StageEventRef = builder.objectRef<InspectionStageEvent>('InspectionStageEvent').implement({
  description: 'One step of an inspection, kept.',
  fields: (t) => ({
    stage: t.field({ type: StageEnum, resolve: (e) => e.stage }),
    occurredOn: t.field({ type: 'Date', resolve: (e) => e.occurredOn }),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (e, _a, ctx) => (e.documentId ? ctx.loaders.documents.load(e.documentId) : null) }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const PlanRef = builder.objectRef<InspectionPlan>('InspectionPlan');
builder.node(PlanRef, {
  id: { resolve: (row) => row.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'year' in value && 'title' in value && 'documentId' in value && !('kind' in value),
  loadMany: loadFound((ids, ctx) => ctx.services.inspections.plansByIds(ids)),
  description: 'A committee’s annual inspection and supervision programme.',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (p, _a, ctx) => ctx.loaders.organization.load({ id: p.organizationId, asOf: `${p.year}-01-01` }) }),
    year: t.exposeInt('year'),
    title: t.exposeString('title'),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (p, _a, ctx) => (p.documentId ? ctx.loaders.documents.load(p.documentId) : null) }),
  }),
});

const subjectsOn = (subjects: Subject[], on: Date | null, fallback: string) => subjects.map((s) => ({ ...s, on: on ? fromDbDate(on) : fallback }));

builder.node(InspectionCaseRef, {
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'stage' in value && 'authorityId' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.inspectionCases.load(id))),
  description: 'An inspection (cuộc kiểm tra) from its plan or decision to its conclusion.',
  fields: (t) => ({
    type: t.field({ type: TypeEnum, resolve: (c) => c.type }),
    title: t.exposeString('title'),
    stage: t.field({ type: StageEnum, resolve: (c) => c.stage }),
    authority: t.field({ type: OrganizationRef, nullable: true, description: 'The inspecting committee.', resolve: (c, _a, ctx) => ctx.loaders.organization.load({ id: c.authorityId, asOf: todayInVietnam() }) }),
    decidedOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.decidedOn }),
    concludedOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.concludedOn }),
    violationFound: t.exposeBoolean('violationFound', { nullable: true }),
    gravity: t.field({ type: GravityEnum, nullable: true, resolve: (c) => c.gravity }),
    disciplineWarranted: t.exposeBoolean('disciplineWarranted', { nullable: true }),
    conclusionSummary: t.exposeString('conclusionSummary', { nullable: true }),
    subjects: t.field({ type: [SubjectRef], resolve: (c) => subjectsOn(c.subjects, c.decidedOn, fromDbDate(c.createdAt)) }),
    team: t.field({ type: [TeamRef], resolve: (c) => c.team }),
    stages: t.field({ type: [StageEventRef], description: 'Every step, in order.', resolve: (c) => c.stages }),
    procedure: t.field({
      type: [StageEnum],
      description: 'The stages its kind goes through, in order, under the procedure in force when it was opened (regulation value inspections.procedure).',
      resolve: (c, _a, ctx) => ctx.services.inspections.procedure(c.type, openedOn(c)),
    }),
    disciplineRecords: t.field({ type: [DisciplineRecordRef], description: 'The discipline decisions that followed from it.', resolve: (c) => c.disciplines }),
  }),
});

const SupervisionRef = builder.objectRef<SupervisionView>('Supervision');
builder.node(SupervisionRef, {
  id: { resolve: (row) => row.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'topic' in value && 'signsOfViolation' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.inspections.supervisionsByIds(ids)),
  description: 'Giám sát: regular (all year) or thematic (by plan), with its findings.',
  fields: (t) => ({
    kind: t.field({ type: SupervisionKindEnum, resolve: (s) => s.kind }),
    topic: t.exposeString('topic'),
    authority: t.field({ type: OrganizationRef, nullable: true, resolve: (s, _a, ctx) => ctx.loaders.organization.load({ id: s.authorityId, asOf: fromDbDate(s.startsOn) }) }),
    startsOn: t.field({ type: 'Date', resolve: (s) => s.startsOn }),
    concludedOn: t.field({ type: 'Date', nullable: true, resolve: (s) => s.concludedOn }),
    findings: t.exposeString('findings', { nullable: true }),
    signsOfViolation: t.exposeBoolean('signsOfViolation', { nullable: true, description: 'An inspection on signs of violation should follow.' }),
    document: t.field({ type: DocumentRef, nullable: true, resolve: (s, _a, ctx) => (s.documentId ? ctx.loaders.documents.load(s.documentId) : null) }),
    subjects: t.field({ type: [SubjectRef], resolve: (s) => subjectsOn(s.subjects, s.startsOn, fromDbDate(s.startsOn)) }),
  }),
});

const FormCount = builder.objectRef<{ form: string; count: number }>('DisciplineFormCount').implement({
  fields: (t) => ({ form: t.field({ type: DisciplineFormEnum, resolve: (c) => c.form as never }), count: t.exposeInt('count') }),
});
const TypeCount = builder.objectRef<{ type: string; count: number }>('InspectionTypeCount').implement({
  fields: (t) => ({ type: t.field({ type: TypeEnum, resolve: (c) => c.type as never }), count: t.exposeInt('count') }),
});
const KindCount = builder.objectRef<{ kind: string; count: number }>('SupervisionKindCount').implement({
  fields: (t) => ({ kind: t.field({ type: SupervisionKindEnum, resolve: (c) => c.kind as never }), count: t.exposeInt('count') }),
});
const ComplaintCount = builder.objectRef<{ kind: string; status: string; count: number }>('ComplaintStatusCount').implement({
  fields: (t) => ({
    kind: t.field({ type: ComplaintKindEnum, resolve: (c) => c.kind as never }),
    status: t.field({ type: ComplaintStatusEnum, resolve: (c) => c.status as never }),
    count: t.exposeInt('count'),
  }),
});
const sum = (counts: { count: number }[]) => counts.reduce((total, c) => total + c.count, 0);
export const StatisticsRef = builder.objectRef<InspectionStatistics>('InspectionStatistics').implement({
  description: 'The inspection committee’s figures for a subtree and period (counts only, no names).',
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (s) => s.from }),
    to: t.field({ type: 'Date', resolve: (s) => s.to }),
    asOf: t.field({ type: 'Date', description: 'The day overdue letters are counted on.', resolve: (s) => s.asOf }),
    disciplinedMembers: t.field({ type: [FormCount], description: 'Decisions in force against members, by form.', resolve: (s) => s.disciplinedMembers }),
    disciplinedMembersTotal: t.int({ resolve: (s) => sum(s.disciplinedMembers) }),
    disciplinedOrganizations: t.field({ type: [FormCount], resolve: (s) => s.disciplinedOrganizations }),
    disciplinedOrganizationsTotal: t.int({ resolve: (s) => sum(s.disciplinedOrganizations) }),
    memberSuspensions: t.exposeInt('memberSuspensions'),
    memberReinstatements: t.exposeInt('memberReinstatements'),
    organizationSuspensions: t.exposeInt('organizationSuspensions'),
    organizationReinstatements: t.exposeInt('organizationReinstatements'),
    inspectionsByType: t.field({ type: [TypeCount], description: 'Inspections decided in the period.', resolve: (s) => s.inspectionsByType }),
    inspectionsTotal: t.int({ resolve: (s) => sum(s.inspectionsByType) }),
    organizationsInspected: t.exposeInt('organizationsInspected', { description: 'Distinct organisations inspected (as organisations).' }),
    membersInspected: t.exposeInt('membersInspected'),
    organizationsInspectedOnSigns: t.exposeInt('organizationsInspectedOnSigns', { description: 'Of them, on signs of violation.' }),
    membersInspectedOnSigns: t.exposeInt('membersInspectedOnSigns'),
    supervisionsByKind: t.field({ type: [KindCount], resolve: (s) => s.supervisionsByKind }),
    complaintsByStatus: t.field({ type: [ComplaintCount], description: 'Letters received in the period.', resolve: (s) => s.complaintsByStatus }),
    complaintsOverdue: t.exposeInt('complaintsOverdue', { description: 'Still processing after their deadline on `asOf`.' }),
    complaintsResolvedLate: t.exposeInt('complaintsResolvedLate'),
  }),
});


builder.queryFields((t) => ({
  inspectionPlans: t.field({
    type: [PlanRef],
    args: { organizationId: t.arg.id({ required: true }), year: t.arg.int({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.inspections.plans(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.year),
  }),
  inspectionCase: t.field({
    type: InspectionCaseRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.inspections.getCase(fromGlobalId('InspectionCase', args.id, 'id')),
  }),
  inspectionCases: t.field({
    type: [InspectionCaseRef],
    description: 'Inspections decided in a period (or planned for its years) by the committees of a subtree.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }), type: t.arg({ type: TypeEnum }) },
    resolve: (_root, args, ctx) => ctx.services.inspections.cases({ organizationId: fromGlobalId('Organization', args.organizationId, 'organizationId'), from: args.from, to: args.to, type: args.type }),
  }),
  supervisions: t.field({
    type: [SupervisionRef],
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }), kind: t.arg({ type: SupervisionKindEnum }) },
    resolve: (_root, args, ctx) => ctx.services.inspections.supervisions({ organizationId: fromGlobalId('Organization', args.organizationId, 'organizationId'), from: args.from, to: args.to, kind: args.kind }),
  }),
  inspectionStatistics: t.field({
    type: StatisticsRef,
    description: 'Discipline, suspensions, inspections, supervision and letters of a subtree in a period.',
    args: {
      organizationId: t.arg.id({ required: true }),
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      asOf: t.arg({ type: 'Date', description: 'The day overdue letters are counted on (`to` when omitted).' }),
    },
    resolve: (_root, args, ctx) => ctx.services.inspectionStatistics.forPeriod(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.from, args.to, args.asOf ?? args.to),
  }),
}));

const SubjectInput = builder.inputType('InspectedSubjectInput', { fields: (t) => ({ organizationId: t.id(), memberId: t.id() }) });
const TeamInput = builder.inputType('InspectionTeamMemberInput', {
  fields: (t) => ({ name: t.string({ required: true }), role: t.field({ type: TeamRoleEnum, required: true }), memberId: t.id() }),
});
const PlanInput = builder.inputType('CreateInspectionPlanInput', {
  fields: (t) => ({ organizationId: t.id({ required: true }), year: t.int({ required: true }), title: t.string({ required: true }), documentId: t.id() }),
});
const OpenInput = builder.inputType('OpenInspectionCaseInput', {
  fields: (t) => ({
    authorityId: t.id({ required: true, description: 'The inspecting committee.' }),
    type: t.field({ type: TypeEnum, required: true }),
    title: t.string({ required: true }),
    planId: t.id({ description: 'Required for a case not yet decided.' }),
    subjects: t.field({ type: [SubjectInput], required: true }),
    decidedOn: t.field({ type: 'Date', description: 'With decisionId and team: the case opens DECIDED; without: PLANNED.' }),
    decisionId: t.id(),
    team: t.field({ type: [TeamInput] }),
  }),
});
const ConclusionInput = builder.inputType('InspectionConclusionInput', {
  fields: (t) => ({
    violationFound: t.boolean({ required: true }),
    gravity: t.field({ type: GravityEnum }),
    disciplineWarranted: t.boolean(),
    summary: t.string({ required: true }),
  }),
});
const AdvanceInput = builder.inputType('AdvanceInspectionCaseInput', {
  fields: (t) => ({
    caseId: t.id({ required: true }),
    stage: t.field({ type: StageEnum, required: true, description: 'The next stage.' }),
    occurredOn: t.field({ type: 'Date', required: true }),
    documentId: t.id({ description: 'Required for DECIDED (the decision) and CONCLUDED (the conclusion notice).' }),
    note: t.string(),
    team: t.field({ type: [TeamInput], description: 'DECIDED: the team the decision appoints.' }),
    conclusion: t.field({ type: ConclusionInput, description: 'CONCLUDED only.' }),
  }),
});
const StartInput = builder.inputType('StartSupervisionInput', {
  fields: (t) => ({
    authorityId: t.id({ required: true }),
    kind: t.field({ type: SupervisionKindEnum, required: true }),
    topic: t.string({ required: true }),
    planId: t.id({ description: 'Required for THEMATIC.' }),
    startsOn: t.field({ type: 'Date', required: true }),
    documentId: t.id(),
    subjects: t.field({ type: [SubjectInput], required: true }),
  }),
});
const ConcludeInput = builder.inputType('ConcludeSupervisionInput', {
  fields: (t) => ({
    supervisionId: t.id({ required: true }),
    concludedOn: t.field({ type: 'Date', required: true }),
    findings: t.string({ required: true }),
    signsOfViolation: t.boolean({ required: true }),
  }),
});
const PlanPayload = builder.objectRef<{ plan: InspectionPlan }>('InspectionPlanPayload').implement({ fields: (t) => ({ plan: t.field({ type: PlanRef, resolve: (p) => p.plan }) }) });
const CasePayload = builder.objectRef<{ inspectionCase: InspectionCaseView }>('InspectionCasePayload').implement({
  fields: (t) => ({ inspectionCase: t.field({ type: InspectionCaseRef, resolve: (p) => p.inspectionCase }) }),
});
const SupervisionPayload = builder.objectRef<{ supervision: SupervisionView }>('SupervisionPayload').implement({
  fields: (t) => ({ supervision: t.field({ type: SupervisionRef, resolve: (p) => p.supervision }) }),
});

builder.mutationFields((t) => ({
  createInspectionPlan: t.field({
    type: PlanPayload,
    errors: { ...mutationErrors, union: { name: 'CreateInspectionPlanResult' } },
    args: { input: t.arg({ type: PlanInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ plan: await ctx.services.inspections.createPlan(decodeCreatePlan(input)) }),
  }),
  openInspectionCase: t.field({
    type: CasePayload,
    description: 'Opens an inspection: PLANNED in a plan, or DECIDED with its decision and team.',
    errors: { ...mutationErrors, union: { name: 'OpenInspectionCaseResult' } },
    args: { input: t.arg({ type: OpenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ inspectionCase: await ctx.services.inspections.openCase(decodeOpenCase(input)) }),
  }),
  advanceInspectionCase: t.field({
    type: CasePayload,
    description: 'Moves an inspection to its next stage (CONCLUDED with the conclusion).',
    errors: { ...mutationErrors, union: { name: 'AdvanceInspectionCaseResult' } },
    args: { input: t.arg({ type: AdvanceInput, required: true }) },
    resolve: async (_root, { input: { caseId, ...input } }, ctx) => ({ inspectionCase: await ctx.services.inspections.advanceCase(decodeAdvanceCase(caseId, input)) }),
  }),
  startSupervision: t.field({
    type: SupervisionPayload,
    errors: { ...mutationErrors, union: { name: 'StartSupervisionResult' } },
    args: { input: t.arg({ type: StartInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ supervision: await ctx.services.inspections.startSupervision(decodeStartSupervision(input)) }),
  }),
  concludeSupervision: t.field({
    type: SupervisionPayload,
    errors: { ...mutationErrors, union: { name: 'ConcludeSupervisionResult' } },
    args: { input: t.arg({ type: ConcludeInput, required: true }) },
    resolve: async (_root, { input: { supervisionId, ...input } }, ctx) => ({ supervision: await ctx.services.inspections.concludeSupervision(decodeConcludeSupervision(supervisionId, input)) }),
  }),
}));
