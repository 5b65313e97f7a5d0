import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { CommitteePositionRef, DocumentRef, MemberRef, OrganizationRef, TermRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { committeeRoleLabels } from './committees.labels.js';

const CommitteeRoleEnum = labelledEnum('CommitteeRole', committeeRoleLabels, 'A position in a Party committee.');

builder.node(TermRef, {
  description: 'Nhiệm kỳ: a term of an organisation’s committee, opened by its congress.',
  id: { resolve: (term) => term.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'congressOn' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.term.load(id))),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'e.g. "2020–2025".' }),
    startsOn: t.field({ type: 'Date', resolve: (term) => term.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (term) => term.endsOn }),
    congressOn: t.field({ type: 'Date', description: 'The congress (đại hội) that opened it.', resolve: (term) => term.congressOn }),
    congressDecision: t.field({
      type: DocumentRef,
      nullable: true,
      resolve: (term, _args, ctx) => (term.congressDecisionId ? ctx.loaders.documents.load(term.congressDecisionId) : null),
    }),
    organization: t.field({
      type: OrganizationRef,
      resolve: async (term, _args, ctx) => (await ctx.loaders.organization.load({ id: term.organizationId, asOf: fromDbDate(term.startsOn) }))!,
    }),
    positions: t.field({
      type: [CommitteePositionRef],
      args: { activeOn: t.arg({ type: 'Date', description: 'Only positions held on this day.' }) },
      resolve: async (term, args, ctx) => {
        const positions = await ctx.loaders.positionsOfTerm.load(term.id);
        if (!args.activeOn) return positions;
        const day = args.activeOn;
        return positions.filter((p) => fromDbDate(p.startsOn) <= day && (!p.endsOn || fromDbDate(p.endsOn) > day));
      },
    }),
  }),
});

builder.node(CommitteePositionRef, {
  id: { resolve: (position) => position.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'termId' in value && 'role' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.position.load(id))),
  fields: (t) => ({
    role: t.field({ type: CommitteeRoleEnum, resolve: (p) => p.role }),
    startsOn: t.field({ type: 'Date', resolve: (p) => p.startsOn }),
    endsOn: t.field({ type: 'Date', nullable: true, resolve: (p) => p.endsOn }),
    term: t.field({ type: TermRef, resolve: async (p, _args, ctx) => (await ctx.loaders.term.load(p.termId))! }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The member as of the start of the position.',
      resolve: (p, _args, ctx) => ctx.loaders.member.load({ id: p.memberId, asOf: fromDbDate(p.startsOn) }),
    }),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (p, _args, ctx) => (p.decisionId ? ctx.loaders.documents.load(p.decisionId) : null) }),
    suspended: t.boolean({
      nullable: true,
      description: 'Whether the holder is suspended from party activity on this day, and so from the committee’s (đình chỉ sinh hoạt cấp ủy); null when the holder is not readable.',
      args: { asOf: t.arg({ type: 'Date', required: true }) },
      resolve: async (p, args, ctx) => {
        const holder = await ctx.loaders.member.load({ id: p.memberId, asOf: args.asOf });
        return holder ? holder.period.status === 'SUSPENDED' : null;
      },
    }),
  }),
});

builder.objectField(OrganizationRef, 'terms', (t) =>
  t.field({ type: [TermRef], description: 'Its terms, oldest first.', resolve: (o, _args, ctx) => ctx.loaders.termsOfOrganization.load(o.id) }),
);
builder.objectField(MemberRef, 'positions', (t) =>
  t.field({ type: [CommitteePositionRef], description: 'Committee positions held, oldest first.', resolve: (m, _args, ctx) => ctx.loaders.positionsOfMember.load(m.id) }),
);

const OpenTermInput = builder.inputType('OpenTermInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    name: t.string({ required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    congressOn: t.field({ type: 'Date', required: true }),
    congressDecisionId: t.id(),
  }),
});
const ElectedPositionInput = builder.inputType('ElectedPositionInput', {
  description: 'A position of the committee a congress elected: it starts with the term.',
  fields: (t) => ({ memberId: t.id({ required: true }), role: t.field({ type: CommitteeRoleEnum, required: true }), decisionId: t.id() }),
});
const OpenTermsRowInput = builder.inputType('OpenTermWithCommitteeInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    name: t.string({ required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
    congressOn: t.field({ type: 'Date', required: true }),
    congressDecisionId: t.id(),
    positions: t.field({ type: [ElectedPositionInput], description: 'At most 100.' }),
  }),
});
const OpenTermsInput = builder.inputType('OpenTermsInput', {
  fields: (t) => ({ terms: t.field({ type: [OpenTermsRowInput], required: true, description: 'At most 2,000.' }) }),
});
const AppointInput = builder.inputType('AppointCommitteeMemberInput', {
  fields: (t) => ({
    termId: t.id({ required: true }),
    memberId: t.id({ required: true }),
    role: t.field({ type: CommitteeRoleEnum, required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    decisionId: t.id(),
  }),
});
const EndInput = builder.inputType('EndCommitteePositionInput', {
  fields: (t) => ({ positionId: t.id({ required: true }), endsOn: t.field({ type: 'Date', required: true }), decisionId: t.id() }),
});

const TermPayload = builder.objectRef<{ termId: string }>('TermPayload').implement({
  fields: (t) => ({ term: t.field({ type: TermRef, resolve: async (p, _args, ctx) => (await ctx.loaders.term.load(p.termId))! }) }),
});
const PositionPayload = builder.objectRef<{ positionId: string }>('CommitteePositionPayload').implement({
  fields: (t) => ({ position: t.field({ type: CommitteePositionRef, resolve: async (p, _args, ctx) => (await ctx.loaders.position.load(p.positionId))! }) }),
});

const optionalDocument = (value: string | null | undefined, field: string) => (value ? fromGlobalId('Document', value, field) : null);

const OpenTermsPayload = builder.objectRef<{ termIds: string[] }>('OpenTermsPayload').implement({
  fields: (t) => ({
    terms: t.field({
      type: [TermRef],
      description: 'The terms opened, in the order given, with their committees.',
      resolve: async (p, _args, ctx) => (await Promise.all(p.termIds.map((id) => ctx.loaders.term.load(id)))).map((term) => term!),
    }),
  }),
});

builder.mutationFields((t) => ({
  openTerms: t.field({
    type: OpenTermsPayload,
    description: 'A congress season: many terms at once, each with the committee its congress elected; all or none, every bad row named (terms.3.positions.1).',
    errors: { ...mutationErrors, union: { name: 'OpenTermsResult' } },
    args: { input: t.arg({ type: OpenTermsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      termIds: (
        await ctx.services.committees.openTerms(
          input.terms.map((row, index) => ({
            ...row,
            organizationId: fromGlobalId('Organization', row.organizationId, `terms.${index}.organizationId`),
            congressDecisionId: optionalDocument(row.congressDecisionId, `terms.${index}.congressDecisionId`),
            positions: (row.positions ?? []).map((position, at) => ({
              memberId: fromGlobalId('Member', position.memberId, `terms.${index}.positions.${at}.memberId`),
              role: position.role,
              decisionId: optionalDocument(position.decisionId, `terms.${index}.positions.${at}.decisionId`),
            })),
          })),
        )
      ).map((opened) => opened.term.id),
    }),
  }),
  openTerm: t.field({
    type: TermPayload,
    description: 'Records a term opened by a congress.',
    errors: { ...mutationErrors, union: { name: 'OpenTermResult' } },
    args: { input: t.arg({ type: OpenTermInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      termId: (
        await ctx.services.committees.openTerm({
          ...input,
          organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
          congressDecisionId: optionalDocument(input.congressDecisionId, 'congressDecisionId'),
        })
      ).id,
    }),
  }),
  appointCommitteeMember: t.field({
    type: PositionPayload,
    description: 'A member takes a committee position in a term.',
    errors: { ...mutationErrors, union: { name: 'AppointCommitteeMemberResult' } },
    args: { input: t.arg({ type: AppointInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      positionId: (
        await ctx.services.committees.appoint({
          termId: fromGlobalId('Term', input.termId, 'termId'),
          memberId: fromGlobalId('Member', input.memberId, 'memberId'),
          role: input.role,
          startsOn: input.startsOn,
          decisionId: optionalDocument(input.decisionId, 'decisionId'),
        })
      ).id,
    }),
  }),
  endCommitteePosition: t.field({
    type: PositionPayload,
    errors: { ...mutationErrors, union: { name: 'EndCommitteePositionResult' } },
    args: { input: t.arg({ type: EndInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      positionId: (
        await ctx.services.committees.endPosition({
          positionId: fromGlobalId('CommitteePosition', input.positionId, 'positionId'),
          endsOn: input.endsOn,
          decisionId: optionalDocument(input.decisionId, 'decisionId'),
        })
      ).id,
    }),
  }),
}));
