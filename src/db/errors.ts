import pg from 'pg';
import { Prisma } from '../generated/prisma/client.js';
import { ConflictError, UnavailableError, ValidationError, type DomainError } from '../shared/errors.js';

/**
 * The columns of the unique constraint a write violated, or null when the error is not a
 * unique violation. With a driver adapter Prisma reports them in
 * `meta.driverAdapterError.cause.constraint.fields` (database column names), not `meta.target`.
 */
export function uniqueViolation(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return null;
  const meta = error.meta as
    | { target?: string[] | string; driverAdapterError?: { cause?: { kind?: string; constraint?: { fields?: string[] } } } }
    | undefined;
  // P2002 from a model query; P2010 from a raw statement (the bulk inserts of src/db/bulk.ts).
  if (error.code !== 'P2002' && !(error.code === 'P2010' && meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation')) return null;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target ?? [];
  return Array.isArray(fields) ? fields : [fields];
}

type AdapterCause = { kind?: string; code?: string; originalCode?: string };

/** The PostgreSQL SQLSTATE (or the adapter's kind) behind an error from Prisma or pg. */
function causeOf(error: unknown): { sqlState?: string; kind?: string; prismaCode?: string } {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = (error.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined)?.driverAdapterError?.cause;
    return { sqlState: cause?.originalCode ?? cause?.code, kind: cause?.kind, prismaCode: error.code };
  }
  if (error instanceof Prisma.PrismaClientInitializationError) return { kind: 'DatabaseNotReachable' };
  // Inside an interactive transaction the adapter's error can reach the caller unwrapped.
  if ((error as { name?: unknown } | null)?.name === 'DriverAdapterError') {
    const cause = (error as { cause?: AdapterCause }).cause;
    return { sqlState: cause?.originalCode ?? cause?.code, kind: cause?.kind };
  }
  if (error instanceof pg.DatabaseError) return { sqlState: error.code };
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE)$/.test(code)) return { kind: 'DatabaseNotReachable' };
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect/.test(message)) return { kind: 'DatabaseNotReachable' };
  return {};
}

/**
 * What an error of the database means for the caller, or null when it is unexpected. A lost
 * race is a CONFLICT to retry, an unreachable or overloaded database is 503 with Retry-After,
 * and a value PostgreSQL refuses is the caller's VALIDATION_FAILED; in every case the
 * transaction was rolled back, so nothing was written.
 */
export function databaseError(error: unknown): DomainError | null {
  const { sqlState, kind, prismaCode } = causeOf(error);
  if (kind === 'DatabaseNotReachable' || prismaCode === 'P1001' || prismaCode === 'P1017' || sqlState?.startsWith('08') || sqlState === '57P01' || sqlState === '57P03') {
    return new UnavailableError('SERVICE_UNAVAILABLE', 'the database cannot be reached now: retry shortly', 10);
  }
  if (sqlState === '57014') {
    return new UnavailableError('TIME_BUDGET_EXCEEDED', 'the request ran past its time budget and was stopped: ask for less (a smaller subtree, period or page) or retry later', 10);
  }
  if (prismaCode === 'P2028' || prismaCode === 'P2024' || sqlState === '55P03') {
    return new UnavailableError('BUSY', 'the service is busy and the change was not made: retry it', 5);
  }
  if (prismaCode === 'P2034' || sqlState === '40001' || sqlState === '40P01') {
    return new ConflictError('a concurrent change collided with this one and it was not made: read the record again and retry');
  }
  if (prismaCode === 'P2002' || sqlState === '23505' || sqlState === '23P01') {
    return new ConflictError('a concurrent or earlier change already holds this record: read it again and retry');
  }
  if (prismaCode === 'P2025') {
    return new ConflictError('the record changed while this change was being made, and it was not made: read it again and retry');
  }
  if (sqlState?.startsWith('22') || prismaCode === 'P2023' || prismaCode === 'P2020') {
    return new ValidationError([{ field: 'input', message: 'a value is outside what the database accepts (too large, too long or malformed)' }]);
  }
  return null;
}
