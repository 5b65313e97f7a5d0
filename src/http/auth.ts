import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../modules/auth/access.js';
import { UnauthenticatedError } from '../modules/auth/auth.service.js';
import type { Services } from '../services.js';
import { sendProblem } from './problem.js';
import { databaseError } from '../db/errors.js';
import { UnavailableError } from '../shared/errors.js';

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
  }
}

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
      request.services = app.servicesFor(actor ?? { ...ANONYMOUS, ...context });
    }
  },
  { name: 'auth', dependencies: ['database'], fastify: '5.x' },
);
