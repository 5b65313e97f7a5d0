import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AuditEvent } from '../../generated/prisma/client.js';
import { pageOf, pageQuery, problemResponses, dateTimeSchema } from '../../http/schemas.js';
import { fromGlobalId, publicId, toGlobalId } from '../../shared/ids.js';

const AuditEventSchema = Type.Object(
  {
    id: Type.String({ description: 'Global id.' }),
    occurredAt: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String({ description: 'The User’s global id.' }), Type.Null()]),
    actorName: Type.String(),
    apiKeyId: Type.Union([Type.String({ description: 'The ApiKey’s global id.' }), Type.Null()]),
    role: Type.String({ description: 'The role that allowed the change.' }),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.String({ description: 'The global id of what changed (a recorded key, such as a calendar day, where it has none).' }),
    diff: Type.Object({}, { additionalProperties: true, description: '{ before, after } of the changed fields; sensitive values masked.' }),
    requestId: Type.Union([Type.String(), Type.Null()]),
    clientAddress: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditEvent' },
);

export const auditEventDto = (event: AuditEvent) => ({
  id: toGlobalId('AuditEvent', event.id.toString()),
  occurredAt: event.occurredAt.toISOString(),
  actorId: event.actorId ? toGlobalId('User', event.actorId) : null,
  actorName: event.actorName,
  apiKeyId: event.apiKeyId ? toGlobalId('ApiKey', event.apiKeyId) : null,
  role: event.role,
  action: event.action,
  entityType: event.entityType,
  entityId: publicId(event.entityType, event.entityId),
  diff: event.diff as Record<string, unknown>,
  requestId: event.requestId,
  clientAddress: event.clientAddress,
});

const Query = Type.Object(
  {
    entityType: Type.Optional(Type.String()),
    entityId: Type.Optional(Type.String({ description: 'A global id (or a recorded key).' })),
    actorId: Type.Optional(Type.String({ description: 'A User’s global id.' })),
    from: Type.Optional(dateTimeSchema()),
    to: Type.Optional(dateTimeSchema()),
    ...pageQuery,
  },
  { additionalProperties: false },
);

export async function auditRoutes(app: FastifyInstance) {
  app.addSchema(AuditEventSchema);
  app.get(
    '/audit-events',
    { schema: { tags: ['audit'], operationId: 'listAuditEvents', summary: 'The audit trail, newest first (administrators; read-only)', querystring: Query, response: { 200: pageOf('AuditEvent'), ...problemResponses(400, 401, 403) } } },
    async (request) => {
      const { first, after, from, to, actorId, ...filter } = request.query as Static<typeof Query>;
      const page = await request.services.audit.list({
        first,
        after,
        filter: { ...filter, actorId: actorId ? fromGlobalId('User', actorId, 'actorId') : null, from: from ? new Date(from) : null, to: to ? new Date(to) : null },
      });
      return { items: page.items.map(auditEventDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );
}
