import pg from 'pg';
import t from 'tap';
import { databaseError } from '../src/db/errors.js';
import { Prisma } from '../src/generated/prisma/client.js';

/** Every error of the database is answered by what it means for the caller (src/db/errors.ts). */
const prisma = (code: string, sqlState?: string, kind = 'postgres') =>
  new Prisma.PrismaClientKnownRequestError('failed', {
    code,
    clientVersion: '6.19.3',
    meta: sqlState || kind !== 'postgres' ? { driverAdapterError: { cause: { kind, code: sqlState, originalCode: sqlState } } } : {},
  });

t.test('database errors map to typed answers, never to an internal error', async (t) => {
  const cases: [string, unknown, string | null, number | null][] = [
    ['a lost guarded update (P2025)', prisma('P2025'), 'CONFLICT', 409],
    ['a serialization failure (P2034)', prisma('P2034'), 'CONFLICT', 409],
    ['a deadlock (40P01)', prisma('P2010', '40P01'), 'CONFLICT', 409],
    ['a unique violation (P2002)', prisma('P2002'), 'CONFLICT', 409],
    ['an exclusion violation (23P01)', prisma('P2010', '23P01'), 'CONFLICT', 409],
    ['an expired transaction (P2028)', prisma('P2028'), 'BUSY', 503],
    ['a pool timeout (P2024)', prisma('P2024'), 'BUSY', 503],
    ['a statement past its budget (57014)', prisma('P2010', '57014'), 'TIME_BUDGET_EXCEEDED', 503],
    ['an unreachable database', prisma('P2010', undefined, 'DatabaseNotReachable'), 'SERVICE_UNAVAILABLE', 503],
    ['a refused connection from pg', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'SERVICE_UNAVAILABLE', 503],
    ['an administrator shutdown (57P01)', new pg.DatabaseError('terminating connection', 0, 'error'), null, null],
    ['a malformed value (22P02)', prisma('P2010', '22P02'), 'VALIDATION_FAILED', 400],
    ['a number out of range (22003)', prisma('P2010', '22003'), 'VALIDATION_FAILED', 400],
    ['anything else', new Error('boom'), null, null],
  ];
  for (const [label, error, code, status] of cases) {
    const mapped = databaseError(error);
    t.same(mapped ? [mapped.code, mapped.status] : null, code ? [code, status] : null, label);
  }
  const shutdown = Object.assign(new pg.DatabaseError('terminating connection', 0, 'error'), { code: '57P01' });
  t.same([databaseError(shutdown)?.code, databaseError(shutdown)?.status], ['SERVICE_UNAVAILABLE', 503], 'an administrator shutdown (57P01) from pg');
});

t.test('an adapter error reaching the caller unwrapped is mapped the same way', async (t) => {
  const unwrapped = Object.assign(new Error('canceling statement due to statement timeout'), {
    name: 'DriverAdapterError',
    cause: { kind: 'postgres', code: '57014', originalCode: '57014' },
  });
  t.equal(databaseError(unwrapped)?.code, 'TIME_BUDGET_EXCEEDED');
});
