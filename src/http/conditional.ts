import type { FastifyRequest } from 'fastify';
import { PreconditionFailedError } from '../shared/errors.js';

/**
 * `If-Match` (RFC 9110 §13.1.1): when the request carries one, the record's current ETag
 * must be among its tags (or it is `*`), otherwise the change is refused with 412. The
 * current ETag is only read when the header is there.
 */
export async function assertIfMatch(request: FastifyRequest, what: string, currentEtag: () => Promise<string | null>) {
  const ifMatch = request.headers['if-match'];
  if (!ifMatch) return;
  const current = await currentEtag();
  if (current && (ifMatch === '*' || ifMatch.split(',').map((tag) => tag.trim()).includes(current))) return;
  throw new PreconditionFailedError(`the ${what} changed since it was read${current ? `: its ETag is now ${current}` : ''}`);
}
