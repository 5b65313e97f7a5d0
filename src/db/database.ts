import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { poolConfigFromUrl, statementCounter } from './pg-client.js';
import { TRANSACTION } from './transactions.js';
import { poolReader, type Reader } from './reader.js';
import { APPLICATION_NAME, ReplicaSet, type ReplicaOptions } from './replicas.js';

export type Database = {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Reads sent straight to the pool, without Prisma's per-call compile (see reader.ts). */
  reader: Reader;
  /** Statements sent so far by this process (all pools): for metrics and statement-count tests. */
  statementCount(): number;
  /** The longest chain of statements each waiting for the one before, so far (see statementCounter). */
  roundTripCount(): number;
  /** Streaming replicas for reads that tolerate lag (DATABASE_REPLICA_URLS); null without. */
  replicas: ReplicaSet | null;
  close(): Promise<void>;
};

export function openDatabase(
  url: string,
  options: { poolSize: number; statementTimeoutMs?: number; replicas?: { urls: string[] } & Omit<ReplicaOptions, 'statementTimeoutMs'> },
): Database {
  // statement_timeout bounds every statement of the service's pool: one slow query cannot hold
  // a connection and a request for ever (0: no limit).
  const pool = new pg.Pool(
    poolConfigFromUrl(url, {
      max: options.poolSize,
      application_name: APPLICATION_NAME.primary,
      ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    }),
  );
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // The default for every interactive transaction that does not state its own (TRANSACTION):
  // never Prisma's 5 s, which a busy machine exceeds.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), transactionOptions: TRANSACTION.write });
  const replicas =
    options.replicas && options.replicas.urls.length > 0
      ? new ReplicaSet(url, options.replicas.urls, prisma, pool, { ...options.replicas, statementTimeoutMs: options.statementTimeoutMs })
      : null;
  return {
    replicas,
    prisma,
    pool,
    reader: poolReader(pool),
    statementCount: () => statementCounter.count,
    roundTripCount: () => statementCounter.roundTrips,
    async close() {
      await replicas?.close();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
