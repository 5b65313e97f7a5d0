import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../src/generated/prisma/client.js';
import { poolConfigFromUrl } from '../src/db/pg-client.js';

/** A Prisma client that records the SQL it sends, to EXPLAIN exactly what the service runs. */
export function capturingClient(url: string) {
  const pool = new pg.Pool(poolConfigFromUrl(url, { max: 4 }));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool), log: [{ emit: 'event', level: 'query' }] });
  const statements: { query: string; params: string }[] = [];
  prisma.$on('query', (event) => statements.push({ query: event.query, params: event.params }));
  return { prisma, pool, statements };
}
