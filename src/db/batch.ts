import { ConflictError, DomainError, ForbiddenError, ValidationError, type FieldProblem } from '../shared/errors.js';
import type { Tx } from './database.js';
import { uniqueViolation } from './errors.js';

/** The most rows one decision for many may name (a bloc's admissions of a quarter are a few hundred). */
export const MAX_BATCH_ROWS = 1_000;

/** The rows' count within bounds, before anything is read. */
export function checkBatchSize(rows: readonly unknown[], field: string): void {
  if (rows.length === 0) throw ValidationError.field(field, 'give at least one row');
  if (rows.length > MAX_BATCH_ROWS) throw ValidationError.field(field, `at most ${MAX_BATCH_ROWS} rows in one call, not ${rows.length}`);
}

/**
 * One decision for many people or organisations, as offices issue them: each row checked and
 * written as its single call would be, inside the caller's transaction. A row that fails is
 * rolled back to its own savepoint (later rows never see its half) and reported by its index
 * (`rows.3.organizationId: …`); when any row failed the whole batch is refused with every
 * problem, so the transaction writes all or nothing. A refusal of the caller's right stops the
 * batch at once: it reveals nothing about the other rows.
 */
export async function eachRow<I, R>(tx: Tx, rows: readonly I[], field: string, work: (row: I, index: number) => Promise<R>, conflict: (error: unknown) => ConflictError | null = () => null): Promise<R[]> {
  const results: R[] = [];
  const problems: FieldProblem[] = [];
  for (const [index, row] of rows.entries()) {
    await tx.$executeRaw`SAVEPOINT batch_row`;
    try {
      results.push(await work(row, index));
      await tx.$executeRaw`RELEASE SAVEPOINT batch_row`;
    } catch (error) {
      await tx.$executeRaw`ROLLBACK TO SAVEPOINT batch_row`;
      if (error instanceof ForbiddenError) throw error;
      problems.push(...problemsOf(conflict(error) ?? error, `${field}.${index}`));
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return results;
}

function problemsOf(error: unknown, field: string): FieldProblem[] {
  if (error instanceof ValidationError) return error.problems.map((problem) => ({ field: `${field}.${problem.field}`, message: problem.message }));
  if (error instanceof ConflictError && error.field) return [{ field: `${field}.${error.field}`, message: error.message }];
  if (error instanceof DomainError) return [{ field, message: error.message }];
  const fields = uniqueViolation(error);
  if (fields) return [{ field, message: `collides with another record (${fields.join(', ')})` }];
  throw error;
}

/**
 * Rows of one batch that repeat an earlier row's key (the same member twice, the same card
 * number twice): named before anything is read or written, with the row they repeat.
 */
export function repeatedRows<I>(rows: readonly I[], field: string, keysOf: (row: I) => readonly (string | null | undefined)[], what: string): void {
  const first = new Map<string, number>();
  const problems: FieldProblem[] = [];
  rows.forEach((row, index) => {
    for (const key of keysOf(row)) {
      if (!key) continue;
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, index);
      else problems.push({ field: `${field}.${index}`, message: `${what} as ${field}.${earlier}` });
    }
  });
  if (problems.length > 0) throw new ValidationError(problems);
}
