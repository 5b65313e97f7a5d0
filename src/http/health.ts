import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const HealthSchema = Type.Object({ status: Type.String() }, { $id: 'Health' });

/** Liveness (the process answers) and readiness (the database answers too). */
export async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/health/live',
    { config: { public: true }, schema: { tags: ['health'], operationId: 'live', security: [], summary: 'The process is up', response: { 200: HealthSchema } } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        operationId: 'ready',
        security: [],
        summary: 'The service can serve requests: its database answers',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      try {
        await app.db.pool.query('SELECT 1');
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    },
  );
}
