import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import type { Complaint, DisciplineRecord } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DisciplineRecordRef, DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { DisciplineFormEnum } from '../discipline/discipline.graphql.js';
import { decodeExtendComplaint, decodeReceiveComplaint, decodeResolveComplaint } from './complaints.inputs.js';
import { complaintKindLabels, complaintOutcomeLabels, complaintRejectionLabels, complaintStatusLabels, resolutionLevelLabels } from './complaints.labels.js';
import { deadlineOf, isOverdue, JUDGED_ON_READING, type ComplaintSenderData } from './complaints.service.js';

export const ComplaintKindEnum = labelledEnum('ComplaintKind', complaintKindLabels, 'Khiếu nại (an appeal against discipline) or tố cáo (a denunciation).');
export const ComplaintStatusEnum = labelledEnum('ComplaintStatus', complaintStatusLabels, 'Where a letter stands.');
const Rejection = labelledEnum('ComplaintRejection', complaintRejectionLabels, 'Why a letter is not processed.');
const ReadingFinding = labelledEnum(
  'ComplaintReadingFinding',
  Object.fromEntries(JUDGED_ON_READING.map((reason) => [reason, complaintRejectionLabels[reason]])) as Record<(typeof JUDGED_ON_READING)[number], string>,
  'A reason not to process a letter that only its reader can judge.',
);
const Level = labelledEnum('ResolutionLevel', resolutionLevelLabels, 'The level that resolves it: the central level has longer time limits.');
const Outcome = labelledEnum('ComplaintOutcome', complaintOutcomeLabels, 'How a letter was resolved (appeals: UPHELD, CHANGED, ANNULLED; denunciations: WELL_FOUNDED, PARTLY_FOUNDED, UNFOUNDED).');

const SenderRef = builder.objectRef<ComplaintSenderData>('ComplaintSender').implement({
  description: 'Who sent a letter. Only inspection officers and administrators read it; each reading is audited.',
  fields: (t) => ({
    name: t.exposeString('name', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true }),
    email: t.exposeString('email', { nullable: true }),
  }),
});

/** node(id:) of a letter the caller may not read: null, as for one that does not exist. */
const notFoundAsNull = (error: unknown) => {
  if (error instanceof NotFoundError || error instanceof ForbiddenError) return null;
  throw error;
};

const ComplaintRef = builder.objectRef<Complaint>('Complaint');
builder.node(ComplaintRef, {
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'senderFingerprint' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.services.complaints.get(id).catch(notFoundAsNull))),
  description: 'A letter of appeal or denunciation handled by an inspection committee.',
  fields: (t) => ({
    kind: t.field({ type: ComplaintKindEnum, resolve: (c) => c.kind }),
    receivedOn: t.field({ type: 'Date', resolve: (c) => c.receivedOn }),
    handler: t.field({ type: OrganizationRef, nullable: true, description: 'The committee handling it.', resolve: (c, _a, ctx) => ctx.loaders.organization.load({ id: c.handlerId, asOf: fromDbDate(c.receivedOn) }) }),
    level: t.field({ type: Level, resolve: (c) => c.level }),
    summary: t.exposeString('summary'),
    concerningMember: t.field({ type: MemberRef, nullable: true, resolve: (c, _a, ctx) => (c.concerningMemberId ? ctx.loaders.member.load({ id: c.concerningMemberId, asOf: fromDbDate(c.receivedOn) }) : null) }),
    concerningOrganization: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (c, _a, ctx) => (c.concerningOrganizationId ? ctx.loaders.organization.load({ id: c.concerningOrganizationId, asOf: fromDbDate(c.receivedOn) }) : null),
    }),
    disciplineRecord: t.field({ type: DisciplineRecordRef, nullable: true, description: 'The decision appealed.', resolve: (c, _a, ctx) => (c.disciplineRecordId ? ctx.loaders.disciplineRecords.load(c.disciplineRecordId) : null) }),
    notifiedOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.notifiedOn }),
    signed: t.exposeBoolean('signed'),
    signatories: t.exposeInt('signatories'),
    newEvidence: t.exposeBoolean('newEvidence'),
    status: t.field({ type: ComplaintStatusEnum, resolve: (c) => c.status }),
    rejection: t.field({ type: Rejection, nullable: true, resolve: (c) => c.rejection }),
    dueOn: t.field({ type: 'Date', nullable: true, description: 'The time limit as received.', resolve: (c) => c.dueOn }),
    extendedDueOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.extendedDueOn }),
    deadline: t.field({ type: 'Date', nullable: true, description: 'The time limit in force (extended or not).', resolve: (c) => deadlineOf(c) }),
    overdue: t.boolean({
      description: 'Still processing after its deadline on `asOf`, or resolved after it.',
      args: { asOf: t.arg({ type: 'Date', required: true }) },
      resolve: (c, args) => isOverdue(c, args.asOf),
    }),
    resolvedOn: t.field({ type: 'Date', nullable: true, resolve: (c) => c.resolvedOn }),
    outcome: t.field({ type: Outcome, nullable: true, resolve: (c) => c.outcome }),
    withdrawnOn: t.field({ type: 'Date', nullable: true, description: 'The day the sender withdrew it.', resolve: (c) => c.withdrawnOn }),
    resultSummary: t.exposeString('resultSummary', { nullable: true }),
    resolutionDecision: t.field({ type: DocumentRef, nullable: true, resolve: (c, _a, ctx) => (c.resolutionDecisionId ? ctx.loaders.documents.load(c.resolutionDecisionId) : null) }),
    sender: t.field({ type: SenderRef, description: 'Reading it is written to the audit trail.', resolve: (c, _a, ctx) => ctx.services.complaints.senderOf(c) }),
  }),
});

builder.queryFields((t) => ({
  complaint: t.field({
    type: ComplaintRef,
    description: 'One letter (inspection officers and administrators of its committee).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.services.complaints.get(fromGlobalId('Complaint', args.id, 'id')),
  }),
  complaints: t.field({
    type: [ComplaintRef],
    description: 'Letters received in a period by the committees of a subtree.',
    args: {
      organizationId: t.arg.id({ required: true }),
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      status: t.arg({ type: ComplaintStatusEnum }),
      overdueOn: t.arg({ type: 'Date', description: 'Only those still processing after their deadline on this day.' }),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.complaints.list({ organizationId: fromGlobalId('Organization', args.organizationId, 'organizationId'), from: args.from, to: args.to, status: args.status, overdueOn: args.overdueOn }),
  }),
}));

const SenderInput = builder.inputType('ComplaintSenderInput', {
  fields: (t) => ({ name: t.string(), address: t.string(), phone: t.string(), email: t.string() }),
});
const ReceiveInput = builder.inputType('ReceiveComplaintInput', {
  fields: (t) => ({
    kind: t.field({ type: ComplaintKindEnum, required: true }),
    receivedOn: t.field({ type: 'Date', required: true }),
    handlerId: t.id({ required: true, description: 'The committee handling it.' }),
    level: t.field({ type: Level, description: 'PROVINCIAL_AND_BELOW when omitted.' }),
    summary: t.string({ required: true }),
    concerningMemberId: t.id({ description: 'Denunciations: the member denounced…' }),
    concerningOrganizationId: t.id({ description: '…or organisation.' }),
    disciplineRecordId: t.id({ description: 'Appeals: the decision appealed.' }),
    notifiedOn: t.field({ type: 'Date', description: 'Appeals: when the subject received the decision.' }),
    sender: t.field({ type: SenderInput, description: 'Empty name: anonymous (not processed).' }),
    signed: t.boolean({ required: true, description: 'Signed by hand by the sender.' }),
    signatories: t.int({ description: 'How many signed (when omitted: 1 if signed, else 0).' }),
    newEvidence: t.boolean({ description: 'Brings new evidence on a matter already handled.' }),
    screenedOut: t.field({ type: ReadingFinding, description: 'What the receiving officer found on reading: the letter is kept, not processed, for this reason.' }),
  }),
});
const WithdrawInput = builder.inputType('WithdrawComplaintInput', {
  fields: (t) => ({ complaintId: t.id({ required: true }), withdrawnOn: t.field({ type: 'Date', required: true }) }),
});
const ExtendInput = builder.inputType('ExtendComplaintDeadlineInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    decidedOn: t.field({ type: 'Date', required: true }),
    workingDays: t.int({ required: true, description: 'At most 30.' }),
    decisionId: t.id({ required: true }),
  }),
});
const ResolveInput = builder.inputType('ResolveComplaintInput', {
  fields: (t) => ({
    complaintId: t.id({ required: true }),
    resolvedOn: t.field({ type: 'Date', required: true }),
    outcome: t.field({ type: Outcome, required: true }),
    form: t.field({ type: DisciplineFormEnum, description: 'The new form, when an appeal CHANGED the decision.' }),
    resultSummary: t.string({ required: true }),
    decisionId: t.id({ required: true }),
  }),
});
const Payload = builder.objectRef<{ complaint: Complaint; replacement?: DisciplineRecord | null }>('ComplaintPayload').implement({
  fields: (t) => ({
    complaint: t.field({ type: ComplaintRef, resolve: (p) => p.complaint }),
    replacementRecord: t.field({ type: DisciplineRecordRef, nullable: true, description: 'The decision with the changed form, when an appeal changed it.', resolve: (p) => p.replacement ?? null }),
  }),
});

builder.mutationFields((t) => ({
  receiveComplaint: t.field({
    type: Payload,
    description: 'Records a letter received; it is screened at once (NOT_PROCESSED with the reason, or PROCESSING with its deadline).',
    errors: { ...mutationErrors, union: { name: 'ReceiveComplaintResult' } },
    args: { input: t.arg({ type: ReceiveInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ complaint: await ctx.services.complaints.receive(decodeReceiveComplaint(input)) }),
  }),
  extendComplaintDeadline: t.field({
    type: Payload,
    description: 'Extends a denunciation’s time limit once, by at most 30 working days.',
    errors: { ...mutationErrors, union: { name: 'ExtendComplaintDeadlineResult' } },
    args: { input: t.arg({ type: ExtendInput, required: true }) },
    resolve: async (_root, { input: { complaintId, ...input } }, ctx) => ({ complaint: await ctx.services.complaints.extend(decodeExtendComplaint(complaintId, input)) }),
  }),
  withdrawComplaint: t.field({
    type: Payload,
    description: 'The sender withdrew a letter being processed: it is kept, WITHDRAWN, with the day.',
    errors: { ...mutationErrors, union: { name: 'WithdrawComplaintResult' } },
    args: { input: t.arg({ type: WithdrawInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      complaint: await ctx.services.complaints.withdraw({ complaintId: fromGlobalId('Complaint', input.complaintId, 'complaintId'), withdrawnOn: input.withdrawnOn }),
    }),
  }),
  resolveComplaint: t.field({
    type: Payload,
    description: 'Concludes a letter; an appeal that changes or annuls a decision takes effect on it in the same transaction.',
    errors: { ...mutationErrors, union: { name: 'ResolveComplaintResult' } },
    args: { input: t.arg({ type: ResolveInput, required: true }) },
    resolve: (_root, { input: { complaintId, ...input } }, ctx) => ctx.services.complaints.resolve(decodeResolveComplaint(complaintId, input)),
  }),
}));
