import type { Prisma, PrismaClient } from '../generated/prisma/client.js';

/**
 * How long a transaction may wait for a connection and run, stated once for each kind of
 * work: nothing relies on Prisma's 5 s default, which a busy machine exceeds. A transaction
 * that runs past its time is rolled back whole and answered as BUSY (503, Retry-After).
 */
export const TRANSACTION = {
  /** One change with its audit row: a few statements. */
  write: { maxWait: 10_000, timeout: 30_000 },
  /** A batch decided together (ratings, commendations, values): set-based, hundreds of rows. */
  batch: { maxWait: 10_000, timeout: 120_000 },
  /** Bulk loads (the demo dataset, imports of histories): chunked, each chunk one transaction. */
  bulk: { maxWait: 30_000, timeout: 600_000 },
} as const;

export type TransactionBudget = { maxWait: number; timeout: number };

/**
 * Every interactive transaction of the services opens here, with the budget of its kind of
 * work (a single change by default): one place that says how long writes may take.
 */
export function inTransaction<T>(prisma: PrismaClient, work: (tx: Prisma.TransactionClient) => Promise<T>, budget: TransactionBudget = TRANSACTION.write): Promise<T> {
  return prisma.$transaction(work, budget);
}
