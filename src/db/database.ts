import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { poolConfigFromUrl, statementCounter } from './pg-client.js';

export type Database = {
  prisma: PrismaClient;
  pool: pg.Pool;
  /** Statements sent so far by this process (all pools): for metrics and statement-count tests. */
  statementCount(): number;
  close(): Promise<void>;
};

export function openDatabase(url: string, options: { poolSize: number }): Database {
  const pool = new pg.Pool(poolConfigFromUrl(url, { max: options.poolSize }));
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    statementCount: () => statementCounter.count,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

export type Tx = Omit<PrismaClient, '$connect' | '$disconnect' | '$on' | '$transaction' | '$extends'>;
