import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { AuditEvent } from '../../generated/prisma/client.js';
import { pageOf, pageQuery, problemResponses, dateTimeSchema } from '../../http/schemas.js';

const AuditEventSchema = Type.Object(
  {
    id: Type.String(),
    occurredAt: Type.String({ format: 'date-time' }),
    actorId: Type.Union([Type.String(), Type.Null()]),
    actorName: Type.String(),
    apiKeyId: Type.Union([Type.String(), Type.Null()]),
    role: Type.String({ description: 'The role that allowed the change.' }),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.String(),
    diff: Type.Object({}, { additionalProperties: true, description: '{ before, after } of the changed fields; sensitive values masked.' }),
    requestId: Type.Union([Type.String(), Type.Null()]),
    clientAddress: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'AuditEvent' },
);

export const auditEventDto = (event: AuditEvent) => ({
  id: event.id.toString(),
  occurredAt: event.occurredAt.toISOString(),
  actorId: event.actorId,
  actorName: event.actorName,
  apiKeyId: event.apiKeyId,
  role: event.role,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  diff: event.diff as Record<string, unknown>,
  requestId: event.requestId,
  clientAddress: event.clientAddress,
});

const Query = Type.Object(
  {
    entityType: Type.Optional(Type.String()),
    entityId: Type.Optional(Type.String()),
    actorId: Type.Optional(Type.String({ format: 'uuid' })),
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
      const { first, after, from, to, ...filter } = request.query as Static<typeof Query>;
      const page = await request.services.audit.list({ first, after, filter: { ...filter, from: from ? new Date(from) : null, to: to ? new Date(to) : null } });
      return { items: page.items.map(auditEventDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );
}
