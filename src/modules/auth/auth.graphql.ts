import { builder } from '../../graphql/builder.js';
import { loadFound, pageArgs, toConnection, totalCountField } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { MemberRef, OrganizationRef } from '../../graphql/refs.js';
import type { ApiKey, AuditEvent, RoleGrant } from '../../generated/prisma/client.js';
import type { ManagedUser } from './auth.service.js';
import { fromGlobalId, publicId, toGlobalId } from '../../shared/ids.js';
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
    userId: t.id({ nullable: true, description: 'The User’s global id.', resolve: (_v, _a, ctx) => (ctx.services.actor.userId ? toGlobalId('User', ctx.services.actor.userId) : null) }),
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

const AuditEventRef = builder.objectRef<AuditEvent>('AuditEvent');
builder.node(AuditEventRef, {
  id: { resolve: (e) => e.id.toString() },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'entityType' in value && 'diff' in value,
  loadMany: async (ids, ctx) => {
    const found = new Map((await ctx.services.audit.byIds(ids)).map((e) => [e.id.toString(), e]));
    return ids.map((id) => found.get(id) ?? null);
  },
  description: 'A recorded change: who, by which role, what, when, from where; sensitive values masked.',
  fields: (t) => ({
    occurredAt: t.field({ type: 'DateTime', resolve: (e) => e.occurredAt }),
    actorId: t.id({ nullable: true, description: 'The User’s global id.', resolve: (e) => (e.actorId ? toGlobalId('User', e.actorId) : null) }),
    actorName: t.exposeString('actorName'),
    apiKeyId: t.id({ nullable: true, description: 'The ApiKey’s global id.', resolve: (e) => (e.apiKeyId ? toGlobalId('ApiKey', e.apiKeyId) : null) }),
    role: t.exposeString('role'),
    action: t.exposeString('action'),
    entityType: t.exposeString('entityType'),
    entityId: t.id({ description: 'The global id of what changed (a recorded key, such as a calendar day, where it has none).', resolve: (e) => publicId(e.entityType, e.entityId) }),
    diff: t.field({ type: 'JSON', resolve: (e) => e.diff }),
    requestId: t.exposeString('requestId', { nullable: true }),
    clientAddress: t.exposeString('clientAddress', { nullable: true }),
  }),
});
const AuditConnection = builder.connectionObject({ type: AuditEventRef, name: 'AuditEventConnection', fields: totalCountField }, { name: 'AuditEventEdge' });
const AuditFilter = builder.inputType('AuditEventFilter', {
  fields: (t) => ({
    entityType: t.string(),
    entityId: t.id({ description: 'A global id (or a recorded key).' }),
    actorId: t.id({ description: 'A User’s global id.' }),
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
          filter: args.filter && { ...args.filter, actorId: args.filter.actorId ? fromGlobalId('User', args.filter.actorId, 'filter.actorId') : null },
        }),
      ),
  }),
}));

const GrantNode = builder.objectRef<RoleGrant>('RoleGrant');
builder.node(GrantNode, {
  id: { resolve: (g) => g.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'grantedAt' in value && 'role' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.auth.grantsByIds(ids)),
  description: 'A role granted to a user on an organisation and its subtree (or everywhere); revoked grants are kept.',
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
    organization: t.field({
      type: OrganizationRef,
      nullable: true,
      description: 'null for a global grant.',
      resolve: (g, _args, ctx) => (g.organizationId ? ctx.loaders.organization.load({ id: g.organizationId, asOf: ctx.today }) : null),
    }),
    grantedAt: t.field({ type: 'DateTime', resolve: (g) => g.grantedAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (g) => g.revokedAt }),
  }),
});

const ApiKeyNode = builder.objectRef<ApiKey>('ApiKey');
builder.node(ApiKeyNode, {
  id: { resolve: (k) => k.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'prefix' in value && 'keyHash' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.auth.apiKeysByIds(ids)),
  description: 'An integration key acting with its user’s grants. The key itself is shown only when it is issued.',
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'Its first characters, to recognise it.' }),
    createdAt: t.field({ type: 'DateTime', resolve: (k) => k.createdAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k) => k.revokedAt }),
  }),
});

const UserNode = builder.objectRef<ManagedUser>('User');
builder.node(UserNode, {
  id: { resolve: (u) => u.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'username' in value && 'displayName' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.auth.users(ids)),
  description: 'A user account (administrators, within their subtrees).',
  fields: (t) => ({
    username: t.exposeString('username'),
    displayName: t.exposeString('displayName'),
    member: t.field({
      type: MemberRef,
      nullable: true,
      description: 'The member this user is (null when not a member or outside the caller’s subtrees).',
      resolve: (u, _a, ctx) => (u.memberId ? ctx.loaders.member.load({ id: u.memberId, asOf: ctx.today }) : null),
    }),
    lockedUntil: t.field({ type: 'DateTime', nullable: true, description: 'Sign-in is refused until then (too many wrong passwords).', resolve: (u) => u.lockedUntil }),
    grants: t.field({ type: [GrantNode], description: 'Active grants (within the caller’s subtrees).', resolve: (u) => u.grants }),
    apiKeys: t.field({
      type: [ApiKeyNode],
      description: 'The user’s API keys, revoked ones too, newest first.',
      resolve: async (u, _a, ctx) => (await ctx.services.auth.apiKeysOfUsers([u.id])).get(u.id) ?? [],
    }),
  }),
});

const ApiKeyPayload = builder.objectRef<{ apiKey: ApiKey; key: string }>('ApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyNode, resolve: (p) => p.apiKey }),
    key: t.exposeString('key', { description: 'Shown only here.' }),
  }),
});

builder.queryFields((t) => ({
  users: t.field({
    type: [UserNode],
    description: 'Users and their active grants (administrators: everyone for a global one, those of their subtrees otherwise).',
    resolve: (_root, _args, ctx) => ctx.services.auth.users(),
  }),
}));

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserNode,
    errors: { ...mutationErrors, union: { name: 'CreateUserResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateUserInput', {
          fields: (f) => ({ username: f.string({ required: true }), displayName: f.string({ required: true }), password: f.string(), memberId: f.id() }),
        }),
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      ...(await ctx.services.auth.createUser({ ...input, memberId: input.memberId ? fromGlobalId('Member', input.memberId, 'memberId') : null })),
      grants: [],
    }),
  }),
  grantRole: t.field({
    type: GrantNode,
    errors: { ...mutationErrors, union: { name: 'GrantRoleResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('GrantRoleInput', {
          fields: (f) => ({ userId: f.id({ required: true }), role: f.field({ type: RoleEnum, required: true }), organizationId: f.id() }),
        }),
      }),
    },
    resolve: (_root, { input }, ctx) =>
      ctx.services.auth.grant({
        userId: fromGlobalId('User', input.userId, 'userId'),
        role: input.role,
        organizationId: input.organizationId ? fromGlobalId('Organization', input.organizationId, 'organizationId') : null,
      }),
  }),
  revokeGrant: t.field({
    type: GrantNode,
    errors: { ...mutationErrors, union: { name: 'RevokeGrantResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('RevokeGrantInput', { fields: (f) => ({ grantId: f.id({ required: true }) }) }) }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.revokeGrant(fromGlobalId('RoleGrant', input.grantId, 'grantId')),
  }),
  unlockUser: t.field({
    type: UserNode,
    description: 'Lifts a sign-in lockout after too many wrong passwords (administrators of every subtree the user holds a grant in).',
    errors: { ...mutationErrors, union: { name: 'UnlockUserResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('UnlockUserInput', { fields: (f) => ({ userId: f.id({ required: true }) }) }) }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.unlockUser(fromGlobalId('User', input.userId, 'userId')),
  }),
  createApiKey: t.field({
    type: ApiKeyPayload,
    errors: { ...mutationErrors, union: { name: 'CreateApiKeyResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('CreateApiKeyInput', { fields: (f) => ({ userId: f.id({ required: true }), name: f.string({ required: true }) }) }),
      }),
    },
    resolve: (_root, { input }, ctx) => ctx.services.auth.createApiKey({ userId: fromGlobalId('User', input.userId, 'userId'), name: input.name }),
  }),
  revokeApiKey: t.field({
    type: ApiKeyNode,
    description: 'Revokes an API key (kept, with its end).',
    errors: { ...mutationErrors, union: { name: 'RevokeApiKeyResult' } },
    args: { input: t.arg({ required: true, type: builder.inputType('RevokeApiKeyInput', { fields: (f) => ({ apiKeyId: f.id({ required: true }) }) }) }) },
    resolve: (_root, { input }, ctx) => ctx.services.auth.revokeApiKey(fromGlobalId('ApiKey', input.apiKeyId, 'apiKeyId')),
  }),
}));
