import { Prisma } from '../generated/prisma/client.js';

/**
 * The columns of the unique constraint a write violated, or null when the error is not a
 * unique violation. With a driver adapter Prisma reports them in
 * `meta.driverAdapterError.cause.constraint.fields` (database column names), not `meta.target`.
 */
export function uniqueViolation(error: unknown): string[] | null {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return null;
  const meta = error.meta as
    | { target?: string[] | string; driverAdapterError?: { cause?: { constraint?: { fields?: string[] } } } }
    | undefined;
  const fields = meta?.driverAdapterError?.cause?.constraint?.fields ?? meta?.target ?? [];
  return Array.isArray(fields) ? fields : [fields];
}
