import { builder } from '../../graphql/builder.js';
import { pageArgs, toConnection, totalCountField } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { MemberRef, OrganizationRef } from '../../graphql/refs.js';
import type { AuditEvent, RoleGrant } from '../../generated/prisma/client.js';
import { fromGlobalId, requireUuid } from '../../shared/ids.js';
import type { Grant } from './access.js';
import { roleLabels } from './auth.labels.js';

const RoleEnum = labelledEnum('Role', roleLabels, 'A role, granted on an organisation for its whole subtree.');

const GrantRef = builder.objectRef<Grant>('Grant').implement({
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'null for a global grant.',
      resolve: (g, _args, ctx) => (g.organizationId ? ctx.loaders.organization.load({ id: g.organizationId, asOf: ctx.today }) : null),
    }),
  }),
});

const Viewer = builder.objectRef<Record<string, never>>('Viewer').implement({
  description: 'The caller.',
  fields: (t) => ({
    userId: t.string({ nullable: true, resolve: (_v, _a, ctx) => ctx.services.actor.userId }),
    name: t.string({ resolve: (_v, _a, ctx) => ctx.services.actor.name }),
    grants: t.field({ type: [GrantRef], resolve: (_v, _a, ctx) => ctx.services.actor.grants }),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The caller’s own member record, when they are a member.',
      resolve: (_v, _a, ctx) => (ctx.services.actor.memberId ? ctx.loaders.member.load({ id: ctx.services.actor.memberId, asOf: ctx.today }) : null),
    }),
  }),
});

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent').implement({
  description: 'A recorded change: who, by which role, what, when, from where; sensitive values masked.',
  fields: (t) => ({
    id: t.string({ resolve: (e) => e.id.toString() }),
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    actorId: t.exposeString('actorId', { nullable: true }),
    actorName: t.exposeString('actorName'),
    apiKeyId: t.exposeString('apiKeyId', { nullable: true }),
    role: t.exposeString('role'),
    action: t.exposeString('action'),
    entityType: t.exposeString('entityType'),
    entityId: t.exposeString('entityId'),
    diff: t.field({ type: 'JSON', resolve: (e) => e.diff }),
    requestId: t.exposeString('requestId', { nullable: true }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
  }),
});
const AuditConnection = builder.connectionObject({ type: AuditEventRef, name: 'AuditEventConnection', fields: totalCountField }, { name: 'AuditEventEdge' });
const AuditFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    entityType: t.string(),
    entityId: t.string(),
    actorId: t.string(),
    from: t.field({ type: 'DateTime' }),
    to: t.field({ type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({ type: Viewer, description: 'The caller: who they are, their grants, their own member record.', resolve: () => ({}) }),
  auditEvents: t.field({
    type: AuditConnection,
    description: 'The audit trail, newest first (administrators, within their subtrees). Read-only.',
    args: { filter: t.arg({ type: AuditFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, args, ctx) =>
      toConnection(
        await ctx.services.audit.list({
          first: args.first,
          after: args.after,
          filter: args.filter && { ...args.filter, actorId: args.filter.actorId ? requireUuid(args.filter.actorId, 'filter.actorId') : null },
        }),
      ),
  }),
}));

const GrantPayload = builder.objectRef<RoleGrant>('RoleGrantPayload').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.revokedAt }),
  }),
});
const UserPayload = builder.objectRef<{ id: string; username: string; lockedUntil: Date | null }>('UserPayload').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    username: t.exposeString('username'),
    lockedUntil: t.field({ type: 'DateTime', nullable: true, description: 'Sign-in is refused until then (too many wrong passwords).', resolve: (u) => u.lockedUntil }),
  }),
});
const ApiKeyPayload = builder.objectRef<{ id: string; key: string; prefix: string }>('ApiKeyPayload').implement({
  fields: (t) => ({ id: t.exposeString('id'), prefix: t.exposeString('prefix'), key: t.exposeString('key', { description: 'Shown only here.' }) }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserPayload,
    errors: { ...mutationErrors, union: { name: 'CreateUserResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateUserInput', {
          fields: (f) => ({ username: f.string({ required: true }), displayName: f.string({ required: true }), password: f.string(), memberId: f.id() }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) =>
      ctx.services.auth.createUser({ ...input, memberId: input.memberId ? fromGlobalId('Member', input.memberId, 'memberId') : null }),
  }),
  grantRole: t.field({
    type: GrantPayload,
    errors: { ...mutationErrors, union: { name: 'GrantRoleResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('GrantRoleInput', {
          fields: (f) => ({ userId: f.string({ required: true }), role: f.field({ type: RoleEnum, required: true }), organizationId: f.id() }),
        }),
      }),
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.auth.grant({
        userId: requireUuid(input.userId, 'userId'),
        role: input.role,
        organizationId: input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null,
      }),
  }),
  revokeGrant: t.field({
    type: GrantPayload,
    errors: { ...mutationErrors, union: { name: 'RevokeGrantResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('RevokeGrantInput', { fields: (f) => ({ grantId: f.string({ required: true }) }) }) }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.revokeGrant(requireUuid(input.grantId, 'grantId')),
  }),
  unlockUser: t.field({
    type: UserPayload,
    description: 'Lifts a sign-in lockout after too many wrong passwords (administrators of every subtree the user holds a grant in).',
    errors: { ...mutationErrors, union: { name: 'UnlockUserResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('UnlockUserInput', { fields: (f) => ({ userId: f.string({ required: true }) }) }) }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.unlockUser(requireUuid(input.userId, 'userId')),
  }),
  createApiKey: t.field({
    type: ApiKeyPayload,
    errors: { ...mutationErrors, union: { name: 'CreateApiKeyResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateApiKeyInput', { fields: (f) => ({ userId: f.string({ required: true }), name: f.string({ required: true }) }) }),
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { apiKey, key } = await ctx.services.auth.createApiKey({ userId: requireUuid(input.userId, 'userId'), name: input.name });
      return { id: apiKey.id, prefix: apiKey.prefix, key };
    },
  }),
}));
