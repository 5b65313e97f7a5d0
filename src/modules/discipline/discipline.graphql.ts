import { loadFound } from '../../graphql/connections.js';
import { violationGravityLabels } from '../inspections/inspections.labels.js';
import type { DisciplineAuthority, DisciplineRecord, OrganizationSuspension } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DisciplineRecordRef, DocumentRef, InspectionCaseRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { OverdueSuspension } from './discipline.service.js';
import { decodeDisciplineInput, decodeReinstateOrganization, decodeSuspendOrganization } from './discipline.inputs.js';
import { disciplineFormLabels, disciplineStatusLabels, violationCategoryLabels } from './discipline.labels.js';

export const DisciplineFormEnum = labelledEnum('DisciplineForm', disciplineFormLabels, 'Hình thức kỷ luật.');
export const GravityEnum = labelledEnum('ViolationGravity', violationGravityLabels, 'Mức độ vi phạm.');
const Category = labelledEnum('ViolationCategory', violationCategoryLabels, 'The kind of violation (some have no statute of limitations).');
const Status = labelledEnum('DisciplineStatus', disciplineStatusLabels, 'Whether a decision is in force, or was changed or annulled on appeal.');

builder.node(DisciplineRecordRef, {
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'violationSummary' in value,
  // Outside the caller's scope a record is not found (null), never a refusal that confirms it exists.
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.disciplineRecords.load(id))),
  description: 'A discipline decision (readable by inspection officers and administrators). Never rewritten: an appeal marks it CHANGED or ANNULLED.',
  fields: (t) => ({
    form: t.field({ type: DisciplineFormEnum, resolve: (r) => r.form }),
    category: t.field({ type: Category, resolve: (r) => r.category }),
    violationSummary: t.exposeString('violationSummary'),
    violatedOn: t.field({ type: 'Date', resolve: (r) => r.violatedOn }),
    decidedOn: t.field({ type: 'Date', resolve: (r) => r.decidedOn }),
    effectiveFrom: t.field({ type: 'Date', resolve: (r) => r.effectiveFrom }),
    gravity: t.field({ type: GravityEnum, nullable: true, description: 'Mức độ vi phạm, when recorded.', resolve: (r) => r.gravity }),
    status: t.field({ type: Status, resolve: (r) => r.status }),
    endedOn: t.field({ type: 'Date', nullable: true, description: 'When an appeal changed or annulled it.', resolve: (r) => r.endedOn }),
    supersedes: t.field({
      type: DisciplineRecordRef,
      nullable: true,
      description: 'The decision this one replaced on appeal.',
      resolve: (r, _a, ctx) => (r.supersedesId ? ctx.loaders.disciplineRecords.load(r.supersedesId) : null),
    }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.organization.load({ id: r.organizationId, asOf: fromDbDate(r.effectiveFrom) }) }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (r, _a, ctx) => (r.memberId ? ctx.loaders.member.load({ id: r.memberId, asOf: fromDbDate(r.decidedOn) }) : null) }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.documents.load(r.decisionId) }),
    inspectionCase: t.field({
      type: InspectionCaseRef,
      nullable: true,
      description: 'The inspection this decision follows from.',
      resolve: (r, _a, ctx) => (r.inspectionCaseId ? ctx.loaders.inspectionCases.load(r.inspectionCaseId) : null),
    }),
  }),
});

const SuspensionRef = builder.objectRef<OrganizationSuspension>('OrganizationSuspension');
builder.node(SuspensionRef, {
  id: { resolve: (row) => row.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'reinstatedOn' in value && 'endsOn' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.discipline.suspensionsByIds(ids)),
  description: 'Đình chỉ sinh hoạt of an organisation (at most 90 days).',
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (s, _a, ctx) => ctx.loaders.organization.load({ id: s.organizationId, asOf: fromDbDate(s.startsOn) }) }),
    startsOn: t.field({ type: 'Date', resolve: (s) => s.startsOn }),
    endsOn: t.field({ type: 'Date', description: 'Its last day.', resolve: (s) => s.endsOn }),
    reason: t.exposeString('reason'),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (s, _a, ctx) => ctx.loaders.documents.load(s.decisionId) }),
    reinstatedOn: t.field({ type: 'Date', nullable: true, resolve: (s) => s.reinstatedOn }),
    reinstatementDecision: t.field({ type: DocumentRef, nullable: true, resolve: (s, _a, ctx) => (s.reinstatementDecisionId ? ctx.loaders.documents.load(s.reinstatementDecisionId) : null) }),
  }),
});

const SubjectKind = labelledEnum('SuspendedSubject', { MEMBER: 'Đảng viên', ORGANIZATION: 'Tổ chức đảng' }, 'Who is suspended.');
const OverdueRef = builder.objectRef<OverdueSuspension>('OverdueSuspension').implement({
  description: 'A suspension past its last day without a reinstatement.',
  fields: (t) => ({
    subject: t.field({ type: SubjectKind, resolve: (s) => s.subject }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (s, _a, ctx) => (s.memberId ? ctx.loaders.member.load({ id: s.memberId, asOf: s.endsOn }) : null) }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (s, _a, ctx) => ctx.loaders.organization.load({ id: s.organizationId, asOf: s.endsOn }) }),
    startsOn: t.field({ type: 'Date', resolve: (s) => s.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (s) => s.endsOn }),
    extended: t.exposeBoolean('extended'),
    daysOverdue: t.exposeInt('daysOverdue'),
  }),
});

builder.queryFields((t) => ({
  disciplineRecords: t.field({
    type: [DisciplineRecordRef],
    description: 'Discipline decisions taking effect in a period, in an organisation’s subtree (changed and annulled ones included, with their status).',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.discipline.ofOrganizationSubtree(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.from, args.to),
  }),
  organizationSuspensions: t.field({
    type: [SuspensionRef],
    description: 'The suspensions of an organisation, newest first.',
    args: { organizationId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.discipline.suspensionsOf(fromGlobalId('Organization', args.organizationId, 'organizationId')),
  }),
  overdueSuspensions: t.field({
    type: [OverdueRef],
    description: 'Members and organisations of a subtree still suspended on `asOf` although their suspension ended.',
    args: { organizationId: t.arg.id({ required: true }), asOf: t.arg({ type: 'Date', required: true }) },
    resolve: (_root, args, ctx) => ctx.services.discipline.overdueSuspensions(fromGlobalId('Organization', args.organizationId, 'organizationId'), args.asOf),
  }),
}));

const Input = builder.inputType('RecordDisciplineInput', {
  fields: (t) => ({
    memberId: t.id({ description: 'The disciplined member…' }),
    organizationId: t.id({ description: '…or organisation.' }),
    form: t.field({ type: DisciplineFormEnum, required: true }),
    category: t.field({ type: Category, required: true }),
    violationSummary: t.string({ required: true }),
    violatedOn: t.field({ type: 'Date', required: true }),
    decidedOn: t.field({ type: 'Date', required: true }),
    effectiveFrom: t.field({ type: 'Date', description: 'The decision day when omitted.' }),
    decisionId: t.id({ required: true }),
    authorityId: t.id({ required: true, description: 'The organisation whose committee decided.' }),
    inspectionCaseId: t.id({ description: 'The concluded inspection this decision follows from.' }),
    gravity: t.field({ type: GravityEnum, description: 'Mức độ vi phạm as the committee assessed it (a member who died is disciplined only for EXTREMELY_SERIOUS).' }),
    membersTransferredToId: t.id({ description: 'DISSOLUTION (giải tán) of an organisation that still keeps members: the organisation they are transferred to.' }),
  }),
});
const Payload = builder.objectRef<{ record: DisciplineRecord }>('DisciplinePayload').implement({
  fields: (t) => ({ record: t.field({ type: DisciplineRecordRef, resolve: (p) => p.record }) }),
});
const SuspendInput = builder.inputType('SuspendOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', description: 'The last day; at most 90 days on (the default).' }),
    reason: t.string({ required: true }),
    decisionId: t.id({ required: true }),
  }),
});
const ReinstateInput = builder.inputType('ReinstateOrganizationInput', {
  fields: (t) => ({
    suspensionId: t.id({ required: true }),
    reinstatedOn: t.field({ type: 'Date', required: true }),
    decisionId: t.id({ required: true }),
  }),
});
const SuspensionPayload = builder.objectRef<{ suspension: OrganizationSuspension }>('OrganizationSuspensionPayload').implement({
  fields: (t) => ({ suspension: t.field({ type: SuspensionRef, resolve: (p) => p.suspension }) }),
});

builder.mutationFields((t) => ({
  recordDiscipline: t.field({
    type: Payload,
    description: 'Records a discipline decision; an EXPULSION or DISSOLUTION takes effect in the same transaction.',
    errors: { ...mutationErrors, union: { name: 'RecordDisciplineResult' } },
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ record: await ctx.services.discipline.record(decodeDisciplineInput(input)) }),
  }),
  suspendOrganization: t.field({
    type: SuspensionPayload,
    description: 'Suspends an organisation’s party activity (đình chỉ sinh hoạt), at most 90 days.',
    errors: { ...mutationErrors, union: { name: 'SuspendOrganizationResult' } },
    args: { input: t.arg({ type: SuspendInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ suspension: await ctx.services.discipline.suspendOrganization(decodeSuspendOrganization(input)) }),
  }),
  reinstateOrganization: t.field({
    type: SuspensionPayload,
    description: 'Ends an organisation’s suspension.',
    errors: { ...mutationErrors, union: { name: 'ReinstateOrganizationResult' } },
    args: { input: t.arg({ type: ReinstateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ suspension: await ctx.services.discipline.reinstateOrganization(decodeReinstateOrganization(input)) }),
  }),
}));

const DisciplineSubjectEnum = labelledEnum('DisciplineSubject', { MEMBER: 'Đảng viên', ORGANIZATION: 'Tổ chức đảng' }, 'Who is disciplined.');

const AuthorityRef = builder.objectRef<DisciplineAuthority>('DisciplineAuthority');
builder.node(AuthorityRef, {
  id: { resolve: (r) => r.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'organizationKind' in value && 'levelsBelow' in value,
  // The competence table is a few dozen rows, readable by every signed-in caller.
  loadMany: loadFound((_ids, ctx) => ctx.services.discipline.authorities(null)),
  description: 'Thẩm quyền thi hành kỷ luật: which kind of organisation may decide which form, for members of its subtree or organisations some levels below it, from when to when (configurable).',
  fields: (t) => ({
    organizationKind: t.exposeString('organizationKind', { description: 'An organisation kind code.' }),
    subject: t.field({ type: DisciplineSubjectEnum, resolve: (r) => r.subject }),
    form: t.field({ type: DisciplineFormEnum, resolve: (r) => r.form }),
    levelsBelow: t.exposeInt('levelsBelow', { nullable: true, description: 'For an organisation: how many levels below the deciding one (1: directly below).' }),
    effectiveFrom: t.field({ type: 'Date', resolve: (r) => r.effectiveFrom }),
    effectiveTo: t.field({ type: 'Date', nullable: true, description: 'The first day it no longer applies.', resolve: (r) => r.effectiveTo }),
    source: t.exposeString('source'),
    confirmed: t.exposeBoolean('confirmed'),
  }),
});

builder.queryField('disciplineAuthorities', (t) =>
  t.field({
    type: [AuthorityRef],
    description: 'Who may decide which discipline for whom: the rows in force on `asOf`, or every row.',
    args: { asOf: t.arg({ type: 'Date' }) },
    resolve: (_root, args, ctx) => ctx.services.discipline.authorities(args.asOf ?? null),
  }),
);

const AuthorityPayload = builder.objectRef<{ authority: DisciplineAuthority }>('DisciplineAuthorityPayload').implement({
  fields: (t) => ({ authority: t.field({ type: AuthorityRef, resolve: (p) => p.authority }) }),
});

builder.mutationFields((t) => ({
  addDisciplineAuthority: t.field({
    type: AuthorityPayload,
    description: 'Lets a kind of organisation decide a form for a kind of subject over a period (national administrators).',
    errors: { ...mutationErrors, union: { name: 'AddDisciplineAuthorityResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('AddDisciplineAuthorityInput', {
          fields: (f) => ({
            organizationKind: f.string({ required: true }),
            subject: f.field({ type: DisciplineSubjectEnum, required: true }),
            form: f.field({ type: DisciplineFormEnum, required: true }),
            levelsBelow: f.int({ description: 'For an organisation: how many levels below (1: directly below); none for a member.' }),
            effectiveFrom: f.field({ type: 'Date', required: true }),
            effectiveTo: f.field({ type: 'Date' }),
            source: f.string({ required: true }),
            confirmed: f.boolean({ required: true }),
          }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({ authority: await ctx.services.discipline.addAuthority(input) }),
  }),
  endDisciplineAuthority: t.field({
    type: AuthorityPayload,
    description: 'Ends a competence row from a day; it stays with its dates (national administrators).',
    errors: { ...mutationErrors, union: { name: 'EndDisciplineAuthorityResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('EndDisciplineAuthorityInput', {
          fields: (f) => ({ authorityId: f.id({ required: true }), effectiveTo: f.field({ type: 'Date', required: true }) }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      authority: await ctx.services.discipline.endAuthority(fromGlobalId('DisciplineAuthority', input.authorityId, 'authorityId'), input.effectiveTo),
    }),
  }),
}));
