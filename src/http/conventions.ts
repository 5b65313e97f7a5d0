import { constants as zlib } from 'node:zlib';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyInstance {
    /** The methods routes answer at a concrete path (empty: no route there at all). */
    allowedMethods(path: string): string[];
  }
}

/**
 * HTTP as standard clients expect it: compressed answers (br and gzip) for JSON, YAML and the
 * UI assets; an ETag on every GET with `If-None-Match` answered 304 and `Cache-Control:
 * private, no-cache` (revalidate, never shared: the data is personal); `Location` on a 201
 * that created a resource readable at `<collection>/{id}`.
 */
export const conventionsPlugin = fp(
  async (app: FastifyInstance) => {
    // Conditional GETs only: If-None-Match on a write means "only if it does not exist" (RFC 9110
    // 13.1.2), which no write here offers, and must never turn a write's answer into a 304.
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') delete request.headers['if-none-match'];
    });
    app.addHook('onSend', async (request, reply, payload) => {
      if ((request.method === 'GET' || request.method === 'HEAD') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'private, no-cache');
      if (reply.statusCode === 201 && !reply.hasHeader('location') && typeof payload === 'string') {
        const url = request.routeOptions.url;
        const id = idOf(payload);
        if (url && id && app.hasRoute({ method: 'GET', url: `${url}/:id` })) {
          reply.header('location', `${request.url.split('?')[0]!.replace(/\/$/, '')}/${encodeURIComponent(id)}`);
        }
      }
      return payload;
    });
    // The methods of every path, for a 405 with Allow when a known path is asked with another.
    const routes: { pattern: RegExp; methods: string[] }[] = [];
    app.addHook('onRoute', (route) => {
      const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
      const pattern = new RegExp(`^${route.url.split('/').map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`);
      routes.push({ pattern, methods });
    });
    app.decorate('allowedMethods', (path: string) => [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods))].sort());
    // Weak: the same representation compressed or not (RFC 9110 8.8.1). A route that knows its
    // record's version (members: updatedAt) sets its own ETag and keeps it.
    await app.register(etag, { weak: true });
    // An ETag names a representation of a resource: a problem (or a redirect) has none.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (reply.statusCode >= 300 && reply.statusCode !== 304) reply.removeHeader('etag');
      return payload;
    });
    await app.register(compress, {
      encodings: ['br', 'gzip'],
      threshold: 1024,
      customTypes: /^text\/(?!event-stream)|(?:\+|\/)json(?:;|$)|(?:\+|\/)(?:x-)?yaml(?:;|$)|^application\/javascript/,
      // Quality 4: most of the gain of 11 at a fraction of its CPU, on a 2-core machine.
      brotliOptions: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } },
    });
  },
  { name: 'conventions', fastify: '5.x' },
);

function idOf(payload: string): string | null {
  if (!payload.startsWith('{')) return null;
  try {
    const body = JSON.parse(payload) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : null;
  } catch {
    return null;
  }
}
