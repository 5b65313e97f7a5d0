import type { RemovalProposal } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { loadFound } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { removalGroundLabels, removalStatusLabels } from './removals.labels.js';

const Ground = labelledEnum('RemovalGround', removalGroundLabels, 'Why a member is proposed for removal from the roll.');
const Status = labelledEnum('RemovalProposalStatus', removalStatusLabels, 'Where a removal proposal stands.');

const ProposalRef = builder.objectRef<RemovalProposal>('RemovalProposal');
builder.node(ProposalRef, {
  id: { resolve: (p) => p.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'ground' in value && 'months' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.removals.byIds(ids)),
  description: 'A branch’s proposal to remove a member from the roll (Điều lệ Đảng Điều 8.2), naming the months that triggered it.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (p, _a, ctx) => ctx.loaders.member.load({ id: p.memberId, asOf: fromDbDate(p.proposedOn) }) }),
    ground: t.field({ type: Ground, resolve: (p) => p.ground }),
    year: t.exposeInt('year'),
    months: t.field({ type: ['Date'], description: 'The months (first days) found on the day proposed.', resolve: (p) => p.months }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The proposing branch.', resolve: (p, _a, ctx) => ctx.loaders.organization.load({ id: p.organizationId, asOf: fromDbDate(p.proposedOn) }) }),
    proposedOn: t.field({ type: 'Date', resolve: (p) => p.proposedOn }),
    note: t.exposeString('note', { nullable: true }),
    status: t.field({ type: Status, resolve: (p) => p.status }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (p, _a, ctx) => (p.decisionId ? ctx.loaders.documents.load(p.decisionId) : null) }),
    decidedOn: t.field({ type: 'Date', nullable: true, resolve: (p) => p.decidedOn }),
    rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
  }),
});

builder.queryField('removalProposals', (t) =>
  t.field({
    type: [ProposalRef],
    description: 'Removal proposals of a subtree’s branches, newest first (at most 1,000).',
    args: { organizationId: t.arg.id({ required: true }), status: t.arg({ type: Status }) },
    resolve: (_r, a, ctx) => ctx.services.removals.ofSubtree(fromGlobalId('Organization', a.organizationId, 'organizationId'), a.status ?? null),
  }),
);

const Payload = builder.objectRef<{ proposal: RemovalProposal }>('RemovalProposalPayload').implement({
  fields: (t) => ({ proposal: t.field({ type: ProposalRef, resolve: (p) => p.proposal }) }),
});

builder.mutationFields((t) => ({
  proposeRemoval: t.field({
    type: Payload,
    description: 'The branch proposes removing a member whose missed meetings or unpaid dues of a year reach the rule; refused when they do not.',
    errors: { ...mutationErrors, union: { name: 'ProposeRemovalResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('ProposeRemovalInput', {
          fields: (f) => ({
            memberId: f.id({ required: true }),
            ground: f.field({ type: Ground, required: true }),
            year: f.int({ required: true }),
            proposedOn: f.field({ type: 'Date', required: true }),
            note: f.string(),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ proposal: await ctx.services.removals.propose({ ...input, memberId: fromGlobalId('Member', input.memberId, 'memberId') }) }),
  }),
  decideRemoval: t.field({
    type: Payload,
    description: 'The competent committee removes the member from the roll on its decision (the event names the months).',
    errors: { ...mutationErrors, union: { name: 'DecideRemovalResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('DecideRemovalInput', {
          fields: (f) => ({ proposalId: f.id({ required: true }), decisionId: f.id({ required: true }), decidedOn: f.field({ type: 'Date', required: true }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({
      proposal: await ctx.services.removals.decide({ proposalId: fromGlobalId('RemovalProposal', input.proposalId, 'proposalId'), decisionId: fromGlobalId('Document', input.decisionId, 'decisionId'), decidedOn: input.decidedOn }),
    }),
  }),
  rejectRemoval: t.field({
    type: Payload,
    description: 'The committee decides against the removal, with its reason.',
    errors: { ...mutationErrors, union: { name: 'RejectRemovalResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('RejectRemovalInput', {
          fields: (f) => ({ proposalId: f.id({ required: true }), decidedOn: f.field({ type: 'Date', required: true }), reason: f.string({ required: true }) }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({
      proposal: await ctx.services.removals.reject({ proposalId: fromGlobalId('RemovalProposal', input.proposalId, 'proposalId'), decidedOn: input.decidedOn, reason: input.reason }),
    }),
  }),
}));
