import fp from 'fastify-plugin';
import { Prisma } from '../generated/prisma/client.js';
import { sendProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that creates: an `Idempotency-Key` header makes retries of it safe. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyRecord?: { key: string; scope: string };
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/**
 * Idempotency-Key for POSTs that create (IETF draft-ietf-httpapi-idempotency-key-header).
 * The first request with a key runs and its 2xx response is stored; a retry with the same
 * key and body gets the stored response (marked `Idempotent-Replayed: true`), a retry with
 * another body is refused, and a retry while the first is still running gets 409.
 * Failed requests change nothing and leave the key free, so they can be retried.
 */
export const idempotencyPlugin = fp(
  async (app) => {
    app.addHook('preHandler', async (request, reply) => {
      if (!request.routeOptions.config.idempotent) return;
      const key = request.headers['idempotency-key'];
      if (key === undefined) return;
      if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
        return sendProblem(reply, request, 400, 'VALIDATION_FAILED', 'Idempotency-Key must be 1–200 visible ASCII characters');
      }
      // Keys are the caller's own: another user's key never replays someone else's response.
      const scope = `${request.actor?.apiKeyId ?? request.actor?.userId ?? 'anonymous'} ${request.method} ${request.url.split('?')[0]}`;
      // Keyed: a plain hash of a body that names a sender could be confirmed by guessing it.
      const requestHash = app.requestDigest(JSON.stringify(request.body ?? null));
      try {
        await app.db.prisma.idempotencyRecord.create({ data: { key, scope, requestHash } });
        request.idempotencyRecord = { key, scope };
        return;
      } catch (error) {
        if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002')) throw error;
      }
      const stored = await app.db.prisma.idempotencyRecord.findUnique({ where: { key_scope: { key, scope } } });
      if (!stored || stored.requestHash !== requestHash) {
        return sendProblem(reply, request, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request');
      }
      if (stored.statusCode === null) {
        return sendProblem(reply, request, 409, 'CONFLICT', 'A request with this Idempotency-Key is still being processed');
      }
      return reply.status(stored.statusCode).header('idempotent-replayed', 'true').send(stored.responseBody);
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const record = request.idempotencyRecord;
      if (!record) return payload;
      const where = { key_scope: record };
      if (reply.statusCode >= 200 && reply.statusCode < 300 && typeof payload === 'string') {
        await app.db.prisma.idempotencyRecord.update({
          where,
          data: { statusCode: reply.statusCode, responseBody: JSON.parse(payload) as Prisma.InputJsonValue },
        });
      } else {
        await app.db.prisma.idempotencyRecord.delete({ where });
      }
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['database', 'auth'], fastify: '5.x' },
);
