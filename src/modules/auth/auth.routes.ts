import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ApiKey, RoleGrant, User } from '../../generated/prisma/client.js';
import { enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { roleLabels } from './auth.labels.js';

const Role = enumSchema('Role', roleLabels);

const TokenSchema = Type.Object(
  {
    accessToken: Type.String(),
    tokenType: Type.Literal('Bearer'),
    expiresIn: Type.Integer({ description: 'Seconds.' }),
    refreshToken: Type.String({ description: 'Send it to /auth/refresh for the next access token (it is rotated).' }),
  },
  { $id: 'TokenPair' },
);
const GrantSchema = Type.Object(
  { id: Type.String({ description: 'Global id.' }), role: Role, organizationId: Type.Union([Type.String(), Type.Null()]), grantedAt: Type.String({ format: 'date-time' }), revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) },
  { $id: 'RoleGrant' },
);
const ApiKeySchema = Type.Object(
  {
    id: Type.String({ description: 'Global id.' }),
    name: Type.String(),
    prefix: Type.String({ description: 'Its first characters, to recognise it.' }),
    createdAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ApiKey' },
);
const UserSchema = Type.Object(
  {
    id: Type.String({ description: 'Global id.' }),
    username: Type.String(),
    displayName: Type.String(),
    memberId: Type.Union([Type.String(), Type.Null()]),
    lockedUntil: Type.Union([Type.String({ format: 'date-time', description: 'Sign-in is refused until then (too many wrong passwords).' }), Type.Null()]),
    grants: Type.Array(Type.Ref('RoleGrant'), { description: 'Active grants (within the caller’s subtrees).' }),
    apiKeys: Type.Array(Type.Ref('ApiKey'), { description: 'The user’s API keys, revoked ones too, newest first.' }),
  },
  { $id: 'User' },
);

const apiKeyDto = (key: ApiKey) => ({
  id: toGlobalId('ApiKey', key.id),
  name: key.name,
  prefix: key.prefix,
  createdAt: key.createdAt.toISOString(),
  revokedAt: key.revokedAt?.toISOString() ?? null,
});
const grantDto = (grant: RoleGrant) => ({
  id: toGlobalId('RoleGrant', grant.id),
  role: grant.role,
  organizationId: grant.organizationId ? toGlobalId('Organization', grant.organizationId) : null,
  grantedAt: grant.grantedAt.toISOString(),
  revokedAt: grant.revokedAt?.toISOString() ?? null,
});
const userDto = (user: User & { grants: RoleGrant[] }, apiKeys: ApiKey[]) => ({
  id: toGlobalId('User', user.id),
  username: user.username,
  displayName: user.displayName,
  memberId: user.memberId ? toGlobalId('Member', user.memberId) : null,
  lockedUntil: user.lockedUntil?.toISOString() ?? null,
  grants: user.grants.map(grantDto),
  apiKeys: apiKeys.map(apiKeyDto),
});

export async function authRoutes(app: FastifyInstance) {
  app.addSchema(TokenSchema);
  app.addSchema(GrantSchema);
  app.addSchema(ApiKeySchema);
  app.addSchema(UserSchema);
  const userWithKeys = async (request: FastifyRequest, user: User & { grants: RoleGrant[] }) =>
    userDto(user, (await request.services.auth.apiKeysOfUsers([user.id])).get(user.id) ?? []);
  const token = { 200: Type.Ref('TokenPair'), ...problemResponses(400, 401) };

  app.post(
    '/auth/token',
    {
      config: { public: true },
      schema: {
        tags: ['auth'],
        operationId: 'signIn',
        summary: 'Sign in: username and password for an access token and a refresh token',
        security: [],
        body: Type.Object({ username: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
        response: token,
      },
    },
    async (request) => {
      const body = request.body as { username: string; password: string };
      return request.services.auth.signIn(body.username, body.password, { requestId: String(request.id) });
    },
  );

  const RefreshBody = Type.Object({ refreshToken: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
  app.post(
    '/auth/refresh',
    { config: { public: true }, schema: { tags: ['auth'], operationId: 'refreshToken', summary: 'A new access token (and refresh token) for a refresh token', security: [], body: RefreshBody, response: token } },
    async (request) => request.services.auth.refresh((request.body as Static<typeof RefreshBody>).refreshToken),
  );
  app.post(
    '/auth/revoke',
    {
      config: { public: true },
      schema: { tags: ['auth'], operationId: 'revokeToken', summary: 'Sign out: the refresh token and its access tokens stop working', security: [], body: RefreshBody, response: { 204: Type.Null(), ...problemResponses(400, 401) } },
    },
    async (request, reply) => {
      await request.services.auth.revoke((request.body as Static<typeof RefreshBody>).refreshToken);
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        operationId: 'me',
        summary: 'Who the caller is and what they may do',
        response: { 200: Type.Object({ userId: Type.Union([Type.String({ description: 'The User’s global id.' }), Type.Null()]), name: Type.String(), memberId: Type.Union([Type.String(), Type.Null()]), grants: Type.Array(Type.Object({ role: Role, organizationId: Type.Union([Type.String(), Type.Null()]) })) }), ...problemResponses(401) },
      },
    },
    async (request) => {
      const actor = request.actor!;
      return {
        userId: actor.userId ? toGlobalId('User', actor.userId) : null,
        name: actor.name,
        memberId: actor.memberId ? toGlobalId('Member', actor.memberId) : null,
        grants: actor.grants.map((grant) => ({ role: grant.role, organizationId: grant.organizationId ? toGlobalId('Organization', grant.organizationId) : null })),
      };
    },
  );

  app.get(
    '/users',
    { schema: { tags: ['auth'], operationId: 'listUsers', summary: 'Users and their grants (administrators)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('User')) }), ...problemResponses(401, 403) } } },
    async (request) => {
      const users = await request.services.auth.users();
      const keys = await request.services.auth.apiKeysOfUsers(users.map((user) => user.id));
      return { items: users.map((user) => userDto(user, keys.get(user.id) ?? [])) };
    },
  );

  const CreateUserBody = Type.Object(
    { username: Type.String({ maxLength: 50 }), displayName: Type.String({ maxLength: 200 }), password: Type.Optional(Type.String({ maxLength: 1000 })), memberId: Type.Optional(Type.String()) },
    { additionalProperties: false },
  );
  app.post(
    '/users',
    { schema: { tags: ['auth'], operationId: 'createUser', summary: 'Create a user (administrators)', body: CreateUserBody, response: { 201: Type.Ref('User'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateUserBody>;
      const user = await request.services.auth.createUser({ ...body, memberId: body.memberId ? fromGlobalId('Member', body.memberId, 'memberId') : null });
      return reply.status(201).send(userDto({ ...user, grants: [] }, []));
    },
  );

  app.post(
    '/users/:id/unlock',
    {
      schema: {
        tags: ['auth'],
        operationId: 'unlockUser',
        summary: 'Lift a sign-in lockout after too many wrong passwords (administrators of every subtree the user holds a grant in)',
        params: idParam,
        response: { 200: Type.Ref('User'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userWithKeys(request, await request.services.auth.unlockUser(fromGlobalId('User', (request.params as Static<typeof idParam>).id, 'id'))),
  );

  const GrantBody = Type.Object({ role: Role, organizationId: Type.Optional(Type.String({ description: 'Omit for a global grant.' })) }, { additionalProperties: false });
  app.post(
    '/users/:id/grants',
    { schema: { tags: ['auth'], operationId: 'grantRole', summary: 'Grant a role on an organisation and its subtree', params: idParam, body: GrantBody, response: { 201: Type.Ref('RoleGrant'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request, reply) => {
      const body = request.body as Static<typeof GrantBody>;
      const grant = await request.services.auth.grant({
        userId: fromGlobalId('User', (request.params as Static<typeof idParam>).id, 'id'),
        role: body.role,
        organizationId: body.organizationId ? fromGlobalId('Organization', body.organizationId, 'organizationId') : null,
      });
      return reply.status(201).send(grantDto(grant));
    },
  );
  app.post(
    '/grants/:id/revoke',
    { schema: { tags: ['auth'], operationId: 'revokeGrant', summary: 'Revoke a grant (kept, with its end)', params: idParam, response: { 200: Type.Ref('RoleGrant'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request) => grantDto(await request.services.auth.revokeGrant(fromGlobalId('RoleGrant', (request.params as Static<typeof idParam>).id, 'id'))),
  );

  const KeyBody = Type.Object({ name: Type.String({ maxLength: 200 }) }, { additionalProperties: false });
  app.post(
    '/users/:id/api-keys',
    {
      schema: {
        tags: ['auth'],
        operationId: 'createApiKey',
        summary: 'Issue an API key acting with the user’s grants; the key is shown only in this response',
        params: idParam,
        body: KeyBody,
        response: { 201: Type.Object({ id: Type.String({ description: 'Global id.' }), name: Type.String(), prefix: Type.String(), key: Type.String({ description: 'Shown only here.' }) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { apiKey, key } = await request.services.auth.createApiKey({ userId: fromGlobalId('User', (request.params as Static<typeof idParam>).id, 'id'), name: (request.body as Static<typeof KeyBody>).name });
      return reply.status(201).send({ id: toGlobalId('ApiKey', apiKey.id), name: apiKey.name, prefix: apiKey.prefix, key });
    },
  );
  app.post(
    '/api-keys/:id/revoke',
    { schema: { tags: ['auth'], operationId: 'revokeApiKey', summary: 'Revoke an API key', params: idParam, response: { 200: Type.Ref('ApiKey'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      return apiKeyDto(await request.services.auth.revokeApiKey(fromGlobalId('ApiKey', (request.params as Static<typeof idParam>).id, 'id')));
    },
  );
}
