import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

const HealthSchema = Type.Object(
  {
    status: Type.String({ description: '`ok`, `ready`, `starting` or `database unavailable`.' }),
    phase: Type.Optional(Type.String({ description: 'While starting: what is being done.' })),
    progress: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'While starting: how far it has got.' })),
  },
  { $id: 'Health' },
);

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
        summary: 'The service can serve requests: started, and its database answers',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      if (!app.startup.ready) {
        reply.header('retry-after', '5');
        return reply.status(503).send({ status: 'starting', phase: app.startup.phase, progress: app.startup.detail });
      }
      try {
        await app.db.pool.query('SELECT 1');
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    },
  );
}
