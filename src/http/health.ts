import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { redisAnswers } from '../shared/redis.js';

const HealthSchema = Type.Object(
  {
    status: Type.String({ description: '`ok`, `ready`, `starting` or `database unavailable`.' }),
    phase: Type.Optional(Type.String({ description: 'While starting: what is being done.' })),
    progress: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'While starting: how far it has got.' })),
    replicas: Type.Optional(
      Type.Array(
        Type.Object({
          replica: Type.Integer({ description: 'Its place in DATABASE_REPLICA_URLS, from 1 (addresses are not shown here).' }),
          state: Type.String({ description: '`ok`: reads go there; `behind` (more than DATABASE_REPLICA_MAX_LAG_SECONDS), `down`, `not a replica`, `checking`: skipped, reads go to another or to the primary.' }),
          lagSeconds: Type.Union([Type.Number(), Type.Null()], { description: 'How long ago the primary was where the replica is now.' }),
          lagBytes: Type.Union([Type.Integer(), Type.Null()], { description: 'WAL written on the primary and not yet replayed there.' }),
        }),
        { description: 'With DATABASE_REPLICA_URLS: each replica as last checked. A replica down does not make the service unready.' },
      ),
    ),
    redis: Type.Optional(Type.String({ description: 'With REDIS_URL: `ok`, or `unavailable` (limits counted per instance, subscription events not delivered, reads on the primary).' })),
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
        const [, redis] = await Promise.all([app.db.pool.query('SELECT 1'), app.redis ? redisAnswers(app.redis) : null]);
        return {
          status: 'ready',
          ...(app.db.replicas ? { replicas: app.db.replicas.status().map(({ name: _name, error: _error, reads: _reads, ...status }, i) => ({ replica: i + 1, ...status })) } : {}),
          ...(redis === null ? {} : { redis: redis ? 'ok' : 'unavailable' }),
        };
      } catch {
        return reply.status(503).send({ status: 'database unavailable' });
      }
    },
  );
}
