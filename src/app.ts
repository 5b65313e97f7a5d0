import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomBytes } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import ajvErrors from 'ajv-errors';
import type { Plugin } from 'ajv';
import { authPlugin } from './http/auth.js';
import type { Config } from './config.js';
import { DEVELOPMENT_PROTECTED_DATA_KEY } from './shared/sealing.js';
import { databasePlugin } from './db/plugin.js';
import { graphqlPlugin } from './graphql/plugin.js';
import { healthRoutes } from './http/health.js';
import { idempotencyPlugin } from './http/idempotency.js';
import { inputDomainPlugin } from './http/input-domain.js';
import { startupPlugin, type StartupState } from './http/startup.js';
import { conventionsPlugin } from './http/conventions.js';
import { graphiqlPlugin } from './http/graphiql.js';
import { openapiPlugin } from './http/openapi.js';
import { problemPlugin, sendProblem } from './http/problem.js';
import { PageInfoSchema } from './http/schemas.js';
import { documentRoutes } from './modules/documents/documents.routes.js';
import { memberRoutes } from './modules/members/members.routes.js';
import { committeeRoutes } from './modules/committees/committees.routes.js';
import { candidateRoutes } from './modules/candidates/candidates.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { indicatorRoutes } from './modules/indicators/indicators.routes.js';
import { ratingRoutes } from './modules/ratings/ratings.routes.js';
import { massOrganizationRoutes } from './modules/mass-organizations/mass-organizations.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { disciplineRoutes } from './modules/discipline/discipline.routes.js';
import { complaintRoutes } from './modules/complaints/complaints.routes.js';
import { inspectionRoutes } from './modules/inspections/inspections.routes.js';
import { commendationRoutes } from './modules/commendations/commendations.routes.js';
import { regulationRoutes } from './modules/regulations/regulations.routes.js';
import { duesRoutes } from './modules/dues/dues.routes.js';
import { dueItemRoutes } from './modules/due-items/due-items.routes.js';
import { removalRoutes } from './modules/removals/removals.routes.js';
import { meetingRoutes } from './modules/meetings/meetings.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { organizationRoutes } from './modules/organizations/organizations.routes.js';
import { importRoutes, JobSchema } from './modules/imports/imports.routes.js';
import { jobsPlugin } from './modules/jobs/jobs.plugin.js';
import { RedisUsernameThrottle } from './modules/auth/username-throttle.js';
import { replicaUrlList } from './config.js';
import { connectRedis, openRedis } from './shared/redis.js';

export type AppConfig = Config & { DATABASE_URL: string };

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

function loggerOptions(config: Config, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (config.LOG_LEVEL === 'silent') return false;
  const pretty = !stream && process.stdout.isTTY && config.NODE_ENV !== 'production';
  return {
    level: config.LOG_LEVEL,
    ...(stream ? { stream } : {}),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
}

/**
 * Builds the whole service on a database URL: what server.ts listens with and what tests
 * inject requests into.
 */
// ajv-errors types its options; Fastify's list of ajv plugins takes any.
const ajvErrorsPlugin = ajvErrors.default as Plugin<unknown>;

export async function buildApp(
  config: AppConfig,
  options: { logStream?: NodeJS.WritableStream; startup?: StartupState } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    // Keep a caller's request id (from a proxy) when it is sane, else make one.
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // ajv-errors: one message for a rule a schema states as a whole ("exactly one of …").
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: true }, plugins: [ajvErrorsPlugin] },
    // Only the configured proxies may set the client address (rate limit, audit trail, logs).
    // Fastify's own refusals of a URL (bad encoding, an over-long id) in the service's format.
    frameworkErrors: (error, request, reply) => {
      const status = error.statusCode ?? 400;
      return sendProblem(reply, request, status, status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST', error.message);
    },
    trustProxy: config.TRUST_PROXY,
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(helmet, {
    // GraphiQL and Swagger UI load their scripts and styles inline.
    contentSecurityPolicy: false,
  });
  await app.register(cors, {
    origin: config.CORS_ORIGINS ? config.CORS_ORIGINS.split(',').map((origin) => origin.trim()) : false,
    // Every method the API uses, and the headers a browser client needs to read.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['accept', 'authorization', 'content-type', 'idempotency-key', 'if-match', 'if-none-match', 'x-api-key', 'x-request-id'],
    exposedHeaders: [
      'etag',
      'location',
      'retry-after',
      'www-authenticate',
      'x-request-id',
      'idempotent-replayed',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
    maxAge: 600,
  });
  await app.register(conventionsPlugin);
  await app.register(problemPlugin);
  await app.register(startupPlugin, { state: options.startup });
  await app.register(inputDomainPlugin);
  // Shared by the instances when configured: rate limits, sign-in throttling, write positions, subscription events.
  const redis = config.REDIS_URL ? openRedis(config.REDIS_URL, app.log) : null;
  app.decorate('redis', redis);
  if (redis) {
    await connectRedis(redis);
    // Unreachable, it is dropped at once: a shutdown does not wait on it.
    app.addHook('onClose', async () => {
      if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
      else redis.disconnect();
    });
  }
  const replicaUrls = replicaUrlList(config.DATABASE_REPLICA_URLS) as string[];
  await app.register(databasePlugin, {
    redis,
    redisKeyPrefix: config.REDIS_KEY_PREFIX,
    ...(replicaUrls.length > 0
      ? {
          replicas: {
            urls: replicaUrls,
            poolSize: config.DATABASE_REPLICA_POOL_SIZE,
            maxLagMs: config.DATABASE_REPLICA_MAX_LAG_SECONDS * 1000,
            checkMs: config.DATABASE_REPLICA_CHECK_SECONDS * 1000,
          },
        }
      : {}),
    url: config.DATABASE_URL,
    poolSize: config.DATABASE_POOL_SIZE,
    statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
    rulesTtlMs: config.REGULATIONS_CACHE_SECONDS * 1000,
    principalsTtlMs: config.PRINCIPAL_CACHE_SECONDS * 1000,
    tokens: {
      // Without a configured secret, tokens are signed with one made at start: they end with the process.
      secret: new TextEncoder().encode(config.JWT_SECRET ?? randomBytes(32).toString('hex')),
      accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
      signIn: { maxFailures: config.SIGN_IN_MAX_FAILURES, lockoutMinutes: config.SIGN_IN_LOCKOUT_MINUTES },
      ...(redis ? { unknownUsernames: new RedisUsernameThrottle(redis, `${config.REDIS_KEY_PREFIX}sign-in:`) } : {}),
    },
    protectedDataKey: config.PROTECTED_DATA_KEY ?? DEVELOPMENT_PROTECTED_DATA_KEY,
  });
  await app.register(authPlugin);
  await app.register(jobsPlugin, { options: { pollMs: config.JOB_POLL_SECONDS * 1000, leaseMs: config.JOB_LEASE_SECONDS * 1000 } });
  // Counted per signed-in user or API key, else per address; after authentication, so the key is known.
  // With Redis the count is the instances' together; while Redis does not answer, requests pass.
  await app.register(rateLimit, {
    ...(redis ? { redis, nameSpace: `${config.REDIS_KEY_PREFIX}rate-limit:`, skipOnError: true } : {}),
    max: config.RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    hook: 'preHandler',
    keyGenerator: (request) => (request.actor?.userId ? `user:${request.actor.apiKeyId ?? request.actor.userId}` : `ip:${request.ip}`),
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `too many requests: at most ${context.max} a minute; retry in ${context.after}`,
    }),
  });
  await app.register(idempotencyPlugin);
  await app.register(openapiPlugin);
  app.addSchema(PageInfoSchema);
  // A job answers imports and the exports run as jobs of every module.
  app.addSchema(JobSchema);
  await app.register(healthRoutes);
  await app.register(
    async (api) => {
      await api.register(organizationRoutes);
      await api.register(documentRoutes);
      await api.register(memberRoutes);
      await api.register(committeeRoutes);
      await api.register(candidateRoutes);
      await api.register(authRoutes);
      await api.register(auditRoutes);
      await api.register(indicatorRoutes);
      await api.register(ratingRoutes);
      await api.register(massOrganizationRoutes);
      await api.register(disciplineRoutes);
      await api.register(calendarRoutes);
      await api.register(inspectionRoutes);
      await api.register(commendationRoutes);
      await api.register(regulationRoutes);
      await api.register(complaintRoutes);
      await api.register(meetingRoutes);
      await api.register(duesRoutes);
      await api.register(dueItemRoutes);
      await api.register(removalRoutes);
      await api.register(importRoutes);
      await api.register(reportRoutes);
    },
    { prefix: '/api/v1' },
  );
  if (config.GRAPHIQL) await app.register(graphiqlPlugin);
  await app.register(graphqlPlugin, {
    maxDepth: config.GRAPHQL_MAX_DEPTH,
    introspection: config.GRAPHQL_INTROSPECTION,
    maxComplexity: config.GRAPHQL_MAX_COMPLEXITY,
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    databaseUrl: config.DATABASE_URL,
    dueItemsRefreshMs: config.DUE_ITEMS_REFRESH_SECONDS * 1000,
  });
  await app.ready();
  return app;
}
