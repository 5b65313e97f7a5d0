import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/auth/access.js';
import { UnauthenticatedError } from '../modules/auth/auth.service.js';
import type { Services } from '../services.js';
import { sendProblem } from './problem.js';
import { databaseError } from '../db/errors.js';
import { UnavailableError } from '../shared/errors.js';
import { redisErrorSummary } from '../shared/redis.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without signing in (sign-in itself, health checks). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Who sent the request; null for an anonymous request to a public route. */
    actor: Actor | null;
    /** The services acting for `actor`. */
    services: Services;
    /**
     * Whether the request may have written (null: as its method says). A GraphQL query sent by
     * POST writes nothing, a mutation may (graphql/plugin.ts).
     */
    wrote: boolean | null;
  }
}

const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

/** Pages and documents that a browser loads before anyone signs in. */
const PUBLIC_PREFIXES = ['/health/', '/docs', '/graphiql'];

const ANONYMOUS: Actor = { kind: 'user', userId: null, name: 'anonymous', apiKeyId: null, memberId: null, grants: [], requestId: null, clientAddress: null };

function isPublic(request: FastifyRequest): boolean {
  if (request.routeOptions.config?.public) return true;
  // A GraphQL WebSocket authenticates in its connection_init message (a browser cannot set
  // headers on a WebSocket): the connection is refused there without credentials.
  if (request.method === 'GET' && request.routeOptions.url === '/graphql' && String(request.headers.upgrade ?? '').toLowerCase() === 'websocket') return true;
  if (!request.routeOptions.url) return true; // unknown route: answered with 404
  return PUBLIC_PREFIXES.some((prefix) => request.url.startsWith(prefix));
}

/** The iCalendar feeds, which also take an API key as an HTTP Basic password. */
function isCalendarFeed(request: FastifyRequest): boolean {
  return request.routeOptions.url?.endsWith('.ics') ?? false;
}

/**
 * Who is calling: `Authorization: Bearer <access token>` or `X-API-Key: <key>`. Every route
 * but the public ones needs one; a bad one is a 401 with a code saying why.
 */
export const authPlugin = fp(
  async (app) => {
    app.decorateRequest('actor', null);
    app.decorateRequest('services', null as unknown as Services);
    app.decorateRequest('wrote', null);
    // A caller's next reads must see what they wrote: noted before the answer leaves (their
    // transaction has committed), so that a request sent on seeing it reads from the primary or
    // from a replica that has caught up (read-routing.ts). Only with replicas.
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.actor || reply.statusCode >= 400 || !(request.wrote ?? !READ_ONLY_METHODS.has(request.method))) return payload;
      // Only the message: a Redis error carries the command that failed.
      await app.noteWrite(request.actor).catch((error: unknown) =>
        request.log.warn({ error: redisErrorSummary(error) }, 'could not note the write position: this caller may read from a replica a moment behind'),
      );
      return payload;
    });
    app.addHook('onRequest', async (request, reply) => {
      try {
        await authenticate(request);
      } catch (error) {
        // Answered here, as problem details, for REST and GraphQL alike.
        if (error instanceof UnauthenticatedError) {
          // Calendar applications ask for the key when told how (HTTP Basic, the key as the password).
          if (isCalendarFeed(request)) reply.header('www-authenticate', 'Basic realm="due-items", charset="UTF-8"');
          return sendProblem(reply, request, 401, error.code, error.message);
        }
        // A database that does not answer is 503 with Retry-After here too (GraphQL's route
        // has its own error handler, which never sees an error of this hook).
        const unavailable = databaseError(error);
        if (unavailable instanceof UnavailableError) {
          request.log.warn({ err: error }, unavailable.code);
          reply.header('retry-after', String(unavailable.retryAfterSeconds));
          return sendProblem(reply, request, 503, unavailable.code, unavailable.message, unavailable.details());
        }
        throw error;
      }
    });

    async function authenticate(request: FastifyRequest) {
      const context = { requestId: String(request.id), clientAddress: request.ip };
      const authorization = request.headers.authorization;
      const apiKey = request.headers['x-api-key'];
      let actor: Actor | null = null;
      if (typeof apiKey === 'string' && apiKey) {
        actor = await app.services.auth.actorFromApiKey(apiKey, context);
      } else if (authorization && isCalendarFeed(request) && /^basic /i.test(authorization)) {
        // A calendar subscription sends no custom header: the API key is the Basic password
        // (the user name is ignored), so that it never sits in a URL or a log line.
        const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
        const key = decoded.slice(decoded.indexOf(':') + 1);
        if (!key) throw new UnauthenticatedError('INVALID_API_KEY', 'give the API key as the Basic password');
        actor = await app.services.auth.actorFromApiKey(key, context);
      } else if (authorization) {
        const [scheme, token] = authorization.split(' ');
        if (scheme?.toLowerCase() !== 'bearer' || !token) throw new UnauthenticatedError('TOKEN_INVALID', 'use "Authorization: Bearer <access token>"');
        actor = await app.services.auth.actorFromAccessToken(token, context);
      }
      if (!actor && !isPublic(request)) {
        throw new UnauthenticatedError('UNAUTHENTICATED', 'sign in first: send "Authorization: Bearer <access token>" or "X-API-Key"');
      }
      request.actor = actor;
      // GET and HEAD read only: from a replica in use that has the caller's own writes (GraphQL
      // queries sent by POST are routed in graphql/plugin.ts); everything else on the primary.
      // A GET that starts an export job (Prefer: respond-async) writes the job: on the primary, noted.
      const startsJob = /respond-async/i.test(String(request.headers.prefer ?? ''));
      if (startsJob) request.wrote = true;
      const route = READ_ONLY_METHODS.has(request.method) && !startsJob ? await app.readRouteFor(actor) : null;
      request.services = app.servicesFor(actor ?? { ...ANONYMOUS, ...context }, route);
    }
  },
  { name: 'auth', dependencies: ['database'], fastify: '5.x' },
);
