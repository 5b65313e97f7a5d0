import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { poolConfigFromUrl, ServiceClient } from '../src/db/pg-client.js';
import { poolReader } from '../src/db/reader.js';
import type { Database } from '../src/db/database.js';

export type CapturedStatement = { query: string; params: unknown[] };

/**
 * A database whose pool records every statement it sends, Prisma's and the reader's alike,
 * with its parameters: to EXPLAIN exactly what the service runs and to replay it (the floor).
 */
export function capturingDatabase(url: string): Database & { statements: CapturedStatement[] } {
  const statements: CapturedStatement[] = [];
  class CapturingClient extends ServiceClient {
    override query(...args: unknown[]): never {
      const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
      if (typeof config === 'string') statements.push({ query: config, params: Array.isArray(values) ? values : [] });
      else if (config && typeof config.text === 'string') statements.push({ query: config.text, params: config.values ?? [] });
      return super.query(...args);
    }
  }
  const pool = new pg.Pool({ ...poolConfigFromUrl(url, { max: 4 }), Client: CapturingClient });
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    pool,
    reader: poolReader(pool),
    statements,
    statementCount: () => statements.length,
    roundTripCount: () => statements.length,
    replicas: null,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
