import type { Document } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { pageArgs, toConnection, totalCountField } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import type { GraphQLContext } from '../../graphql/context.js';
import {
  DocumentRef,
  EventParticipantRef,
  OrganizationEventRef,
  OrganizationKindRef,
  OrganizationRef,
} from '../../graphql/refs.js';
import { fromDbDate, type IsoDate } from '../../shared/dates.js';

import { eventRoleLabels, eventTypeLabels, sectorLabels, statusLabels } from './organizations.labels.js';
import { fromDecisionInput, fromNewOrganizationInput, organizationId } from './organizations.inputs.js';
import { participantViewDate, type EventResult, type NewOrganization, type OrganizationView } from './organizations.service.js';

export const SectorEnum = labelledEnum('Sector', sectorLabels, 'Khối, lĩnh vực: the sector an organisation works in.');
export const OrganizationStatusEnum = labelledEnum('OrganizationStatus', statusLabels, 'Whether an organisation exists.');
const EventTypeEnum = labelledEnum('OrganizationEventType', eventTypeLabels, 'A restructuring event of the tree.');
const EventRoleEnum = labelledEnum('EventRole', eventRoleLabels, 'The part an organisation played in an event.');

const orgId = organizationId;
const asOfOrToday = (asOf: IsoDate | null | undefined, ctx: GraphQLContext) => asOf ?? ctx.today;

async function loadOrganization(ctx: GraphQLContext, id: string, asOf: IsoDate) {
  return ctx.loaders.organization.load({ id, asOf });
}

builder.objectType(OrganizationKindRef, {
  description: 'A kind of Party organisation (catalogue data, with the parent kinds it may sit under).',
  fields: (t) => ({
    code: t.exposeString('code'),
    nameVi: t.exposeString('nameVi', { description: 'Vietnamese name, e.g. "Chi bộ cơ sở".' }),
    nameEn: t.exposeString('nameEn'),
    isGrassroots: t.exposeBoolean('isGrassroots', {
      description: 'A grassroots organisation (tổ chức cơ sở đảng): grassroots committee or grassroots branch.',
    }),
    allowedParentKinds: t.stringList({ resolve: (kind) => kind.allowedParents.map((parent) => parent.parentKindCode) }),
  }),
});

const OrganizationFilter = builder.inputType('OrganizationFilter', {
  fields: (t) => ({
    kind: t.string({ description: 'A kind code from `organizationKinds`.' }),
    sector: t.field({ type: SectorEnum }),
    status: t.field({ type: [OrganizationStatusEnum], description: 'Statuses to include; ACTIVE only when omitted.' }),
    underId: t.id({ description: 'Only organisations strictly below this one (its whole subtree).' }),
    search: t.string({ description: 'Name, short name or code; ignores case and Vietnamese diacritics.' }),
  }),
});

const DescendantFilter = builder.inputType('DescendantFilter', {
  fields: (t) => ({
    kind: t.string(),
    sector: t.field({ type: SectorEnum }),
    status: t.field({ type: [OrganizationStatusEnum] }),
    search: t.string(),
  }),
});

type FilterArg = {
  kind?: string | null;
  sector?: NewOrganization['sector'] | null;
  status?: OrganizationView['status'][] | null;
  underId?: string | null;
  search?: string | null;
} | null | undefined;

function decodeFilter(filter: FilterArg) {
  return filter ? { ...filter, underId: filter.underId ? orgId(filter.underId, 'filter.underId') : null } : null;
}

export const OrganizationConnection = builder.connectionObject(
  { type: OrganizationRef, name: 'OrganizationConnection', fields: totalCountField },
  { name: 'OrganizationEdge' },
);

builder.node(OrganizationRef, {
  description:
    'A Party organisation as it stood on `asOf`. Fields below follow the same date: the parent, children and ' +
    'names are those of that day.',
  id: { resolve: (organization) => organization.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'pathKey' in value && 'versionId' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => loadOrganization(ctx, id, ctx.today))),
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Unique code of the organisation.' }),
    name: t.exposeString('name'),
    shortName: t.exposeString('shortName', { nullable: true }),
    kind: t.field({ type: OrganizationKindRef, resolve: (o, _args, ctx) => ctx.loaders.organizationKinds.load(o.kindCode) }),
    sector: t.field({ type: SectorEnum, resolve: (o) => o.sector }),
    address: t.exposeString('address', { nullable: true }),
    status: t.field({ type: OrganizationStatusEnum, resolve: (o) => o.status }),
    establishedOn: t.field({ type: 'Date', resolve: (o) => o.establishedOn }),
    endedOn: t.field({ type: 'Date', nullable: true, description: 'When it was dissolved or merged away.', resolve: (o) => o.endedOn }),
    asOf: t.field({ type: 'Date', description: 'The date this view describes.', resolve: (o) => o.asOf }),
    stateSince: t.field({ type: 'Date', description: 'Since when it has been in the state shown.', resolve: (o) => o.validFrom }),
    depth: t.int({ description: '0 for a root (provincial committee).', resolve: (o) => o.path.length - 1 }),
    parent: t.field({
      type: OrganizationRef,
      nullable: true,
      resolve: (o, _args, ctx) => (o.parentId ? loadOrganization(ctx, o.parentId, o.asOf) : null),
    }),
    children: t.field({
      type: [OrganizationRef],
      description: 'Active organisations directly under this one, by code.',
      resolve: (o, _args, ctx) => ctx.loaders.children.load({ id: o.id, asOf: o.asOf }),
    }),
    ancestors: t.field({
      type: [OrganizationRef],
      description: 'From the root down to the parent.',
      resolve: (o, _args, ctx) => ctx.loaders.ancestors.load(o),
    }),
    descendants: t.field({
      type: OrganizationConnection,
      description: 'The whole subtree below, by code (answered from the indexed path).',
      args: { filter: t.arg({ type: DescendantFilter }), ...pageArgs(t.arg) },
      resolve: async (o, args, ctx) => toConnection(await ctx.services.organizations.descendants(o, args)),
    }),
    history: t.field({
      type: [OrganizationEventRef],
      description: 'The restructuring events about it (not those of its children), oldest first.',
      resolve: (o, _args, ctx) => ctx.loaders.organizationHistory.load(o.id),
    }),
  }),
});

builder.node(OrganizationEventRef, {
  description: 'A restructuring event: establish, rename, move, merge, split or dissolve.',
  id: { resolve: (event) => event.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'effectiveOn' in value && 'decisionId' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.organizationEvents.load(id))),
  fields: (t) => ({
    type: t.field({ type: EventTypeEnum, resolve: (event) => event.type }),
    effectiveOn: t.field({ type: 'Date', resolve: (event) => event.effectiveOn }),
    decision: t.field({
      type: DocumentRef,
      description: 'The decision that ordered it.',
      resolve: async (event, _args, ctx) =>
        'decision' in event && event.decision ? (event.decision as Document) : (await ctx.loaders.documents.load(event.decisionId))!,
    }),
    note: t.exposeString('note', { nullable: true }),
    details: t.field({
      type: 'JSON',
      description: 'What changed: names before and after a rename, parents of a move, codes of merged sources.',
      resolve: (event) => event.details,
    }),
    recordedAt: t.field({ type: 'DateTime', resolve: (event) => event.recordedAt }),
    participants: t.field({
      type: [EventParticipantRef],
      resolve: (event, _args, ctx) => ctx.loaders.eventParticipants.load(event.id),
    }),
  }),
});

builder.objectType(EventParticipantRef, {
  fields: (t) => ({
    role: t.field({ type: EventRoleEnum, resolve: (participant) => participant.role }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'The organisation as it was: the day before the event for sources and former parents, on the day otherwise.',
      resolve: async (participant, _args, ctx) => {
        const event = await ctx.loaders.organizationEvents.load(participant.eventId);
        return loadOrganization(ctx, participant.organizationId, participantViewDate(participant.role, fromDbDate(event!.effectiveOn)));
      },
    }),
  }),
});

builder.queryFields((t) => ({
  organizationKinds: t.field({
    type: [OrganizationKindRef],
    description: 'The catalogue of organisation kinds.',
    resolve: (_root, _args, ctx) => ctx.services.organizations.kinds(),
  }),
  organization: t.field({
    type: OrganizationRef,
    nullable: true,
    description: 'One organisation as of a date (today when omitted); null if it did not exist then.',
    args: { id: t.arg.id({ required: true }), asOf: t.arg({ type: 'Date' }) },
    resolve: (_root, args, ctx) => loadOrganization(ctx, orgId(args.id, 'id'), asOfOrToday(args.asOf, ctx)),
  }),
  organizations: t.field({
    type: OrganizationConnection,
    description: 'Organisations as of a date (today when omitted), by code.',
    args: { filter: t.arg({ type: OrganizationFilter }), asOf: t.arg({ type: 'Date' }), ...pageArgs(t.arg) },
    resolve: async (_root, args, ctx) =>
      toConnection(
        await ctx.services.organizations.list({
          filter: decodeFilter(args.filter),
          asOf: asOfOrToday(args.asOf, ctx),
          first: args.first,
          after: args.after,
        }),
      ),
  }),
}));

// ---------------------------------------------------------------- mutations

const NewOrganizationInput = builder.inputType('NewOrganizationInput', {
  description: 'An organisation established by an event.',
  fields: (t) => ({
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    shortName: t.string(),
    kind: t.string({ required: true, description: 'A kind code from `organizationKinds`.' }),
    sector: t.field({ type: SectorEnum, required: true }),
    address: t.string(),
    parentId: t.id({ description: 'Required unless the kind is a root.' }),
  }),
});

const decisionFields = {
  effectiveOn: { type: 'Date', required: true, description: 'The day the change takes effect.' },
  decisionId: { type: 'ID', required: true, description: 'The Document (decision) that orders it.' },
  note: { type: 'String', required: false },
} as const;

const EstablishInput = builder.inputType('EstablishOrganizationInput', {
  fields: (t) => ({
    organization: t.field({ type: NewOrganizationInput, required: true }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const EstablishManyInput = builder.inputType('EstablishOrganizationsInput', {
  fields: (t) => ({
    organizations: t.field({
      type: [EstablishInput],
      required: true,
      description: 'At most 2,000, under parents that exist already (enter a tree level by level).',
    }),
  }),
});

const RenameInput = builder.inputType('RenameOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    name: t.string({ required: true }),
    shortName: t.string(),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const MoveInput = builder.inputType('MoveOrganizationInput', {
  description: 'Moves an organisation with its whole subtree under another parent.',
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    newParentId: t.id({ required: true }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const MoveManyInput = builder.inputType('MoveOrganizationsInput', {
  description: 'Several organisations moved by one decision (at most 1,000), in order: every bad row named, nothing written unless every row passes.',
  fields: (t) => ({
    rows: t.field({
      type: [builder.inputType('MoveOrganizationsRowInput', { fields: (r) => ({ organizationId: r.id({ required: true }), newParentId: r.id({ required: true }) }) })],
      required: true,
    }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const MergeInput = builder.inputType('MergeOrganizationsInput', {
  description: 'Merges sources into an existing organisation (targetId) or a new one (newTarget); their children follow.',
  fields: (t) => ({
    sourceIds: t.idList({ required: true }),
    targetId: t.id(),
    newTarget: t.field({ type: NewOrganizationInput }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const SplitPartInput = builder.inputType('SplitPartInput', {
  fields: (t) => ({
    organization: t.field({ type: NewOrganizationInput, required: true }),
    childIds: t.idList({ description: "Children of the source that move to this part, with their subtrees." }),
  }),
});

const SplitInput = builder.inputType('SplitOrganizationInput', {
  fields: (t) => ({
    sourceId: t.id({ required: true }),
    parts: t.field({ type: [SplitPartInput], required: true }),
    sourceContinues: t.boolean({
      required: true,
      description: 'True when the source lives on (tách); false when it ends (chia), leaving every child to a part.',
    }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

const DissolveInput = builder.inputType('DissolveOrganizationInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    effectiveOn: t.field(decisionFields.effectiveOn),
    decisionId: t.field(decisionFields.decisionId),
    note: t.field(decisionFields.note),
  }),
});

type EventPayload = { eventId: string; organizations: OrganizationView[] };
const EventPayloadRef = builder.objectRef<EventPayload>('OrganizationEventPayload').implement({
  description: 'The recorded event and the organisations it created or changed, as of its effective date.',
  fields: (t) => ({
    event: t.field({
      type: OrganizationEventRef,
      resolve: async (payload, _args, ctx) => (await ctx.loaders.organizationEvents.load(payload.eventId))!,
    }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The main subject: the new, renamed, moved or dissolved organisation, the merge target, the split source.',
      resolve: (payload) => payload.organizations[0]!,
    }),
    organizations: t.field({ type: [OrganizationRef], resolve: (payload) => payload.organizations }),
  }),
});

async function toEventPayload(result: EventResult, ctx: GraphQLContext): Promise<EventPayload> {
  const found = await ctx.services.organizations.byIds(result.organizationIds, result.effectiveOn);
  return { eventId: result.eventId, organizations: result.organizationIds.map((id) => found.get(id)!) };
}

const eventsPayload = (name: string, description: string) =>
  builder.objectRef<{ eventIds: string[] }>(name).implement({
    description,
    fields: (t) => ({
      events: t.field({
        type: [OrganizationEventRef],
        resolve: async (payload, _args, ctx) => (await Promise.all(payload.eventIds.map((id) => ctx.loaders.organizationEvents.load(id)))).map((event) => event!),
      }),
    }),
  });
const EstablishManyPayload = eventsPayload('EstablishOrganizationsPayload', 'The establishing events, one per organisation, in the order given.');
const MoveManyPayload = eventsPayload('MoveOrganizationsPayload', 'The moving events, one per row, in the order given.');

builder.mutationFields((t) => ({
  establishOrganizations: t.field({
    type: EstablishManyPayload,
    description: 'Thành lập: establishes many organisations at once, all or none; every bad row is named (organizations.4.code).',
    errors: { ...mutationErrors, union: { name: 'EstablishOrganizationsResult' } },
    args: { input: t.arg({ type: EstablishManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      eventIds: (
        await ctx.services.organizations.establishMany(
          input.organizations.map((row, index) => ({
            ...fromNewOrganizationInput(row.organization, `organizations.${index}.organization`),
            ...fromDecisionInput(row),
          })),
        )
      ).map((result) => result.eventId),
    }),
  }),
  establishOrganization: t.field({
    type: EventPayloadRef,
    description: 'Thành lập: establishes an organisation under a parent.',
    errors: { ...mutationErrors, union: { name: 'EstablishOrganizationResult' } },
    args: { input: t.arg({ type: EstablishInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.establish({
          ...fromNewOrganizationInput(input.organization, 'organization'),
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
  renameOrganization: t.field({
    type: EventPayloadRef,
    description: 'Đổi tên: renames an organisation from a date.',
    errors: { ...mutationErrors, union: { name: 'RenameOrganizationResult' } },
    args: { input: t.arg({ type: RenameInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.rename({
          organizationId: orgId(input.organizationId, 'organizationId'),
          name: input.name,
          shortName: input.shortName,
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
  moveOrganizations: t.field({
    type: MoveManyPayload,
    description: 'Điều chuyển of several organisations, each with its subtree, by one decision: all or none; every bad row is named (rows.2.newParentId).',
    errors: { ...mutationErrors, union: { name: 'MoveOrganizationsResult' } },
    args: { input: t.arg({ type: MoveManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const decision = fromDecisionInput(input);
      const results = await ctx.services.organizations.moveMany(
        input.rows.map((row, index) => ({ organizationId: orgId(row.organizationId, `rows.${index}.organizationId`), newParentId: orgId(row.newParentId, `rows.${index}.newParentId`), ...decision })),
      );
      return { eventIds: results.map((result) => result.eventId) };
    },
  }),
  moveOrganization: t.field({
    type: EventPayloadRef,
    description: 'Điều chuyển: moves an organisation with its subtree under another parent.',
    errors: { ...mutationErrors, union: { name: 'MoveOrganizationResult' } },
    args: { input: t.arg({ type: MoveInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.move({
          organizationId: orgId(input.organizationId, 'organizationId'),
          newParentId: orgId(input.newParentId, 'newParentId'),
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
  mergeOrganizations: t.field({
    type: EventPayloadRef,
    description: 'Hợp nhất, sáp nhập: merges organisations into an existing or a new one.',
    errors: { ...mutationErrors, union: { name: 'MergeOrganizationsResult' } },
    args: { input: t.arg({ type: MergeInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.merge({
          sourceIds: input.sourceIds.map((id, index) => orgId(id, `sourceIds.${index}`)),
          targetId: input.targetId ? orgId(input.targetId, 'targetId') : null,
          newTarget: input.newTarget ? fromNewOrganizationInput(input.newTarget, 'newTarget') : null,
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
  splitOrganization: t.field({
    type: EventPayloadRef,
    description: 'Chia, tách: creates organisations out of one, handing them its children.',
    errors: { ...mutationErrors, union: { name: 'SplitOrganizationResult' } },
    args: { input: t.arg({ type: SplitInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.split({
          sourceId: orgId(input.sourceId, 'sourceId'),
          sourceContinues: input.sourceContinues,
          parts: input.parts.map((part, index) => ({
            ...fromNewOrganizationInput(part.organization, `parts.${index}.organization`),
            childIds: (part.childIds ?? []).map((id, child) => orgId(id, `parts.${index}.childIds.${child}`)),
          })),
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
  dissolveOrganization: t.field({
    type: EventPayloadRef,
    description: 'Giải thể: dissolves an organisation that has no active sub-organisations.',
    errors: { ...mutationErrors, union: { name: 'DissolveOrganizationResult' } },
    args: { input: t.arg({ type: DissolveInput, required: true }) },
    resolve: async (_root, { input }, ctx) =>
      toEventPayload(
        await ctx.services.organizations.dissolve({
          organizationId: orgId(input.organizationId, 'organizationId'),
          ...fromDecisionInput(input),
        }),
        ctx,
      ),
  }),
}));
