/**
 * The raw-SQL floor of the comparison (bench/compare.ts): a minimal Fastify + pg server that
 * runs, for each query, the very statements the service sent for it (captured with their
 * parameters), one after the other, and answers their rows as JSON. What the service adds on
 * top of this is its own cost.
 *
 *   DATABASE_URL=… PORT=… STATEMENTS_FILE=… tsx bench/floor.ts
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import pg from 'pg';

// eslint-disable-next-line no-restricted-properties -- a peer of the service, not the service: its settings are its own
const { DATABASE_URL, PORT, STATEMENTS_FILE } = process.env;
const statements = JSON.parse(readFileSync(STATEMENTS_FILE!, 'utf8')) as Record<string, { query: string; params: unknown[] }[]>;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10 });
const app = Fastify({ logger: false });

app.get('/q/:name', async (request, reply) => {
  const list = statements[(request.params as { name: string }).name];
  if (!list) return reply.code(404).send({ error: 'no such query' });
  const results: unknown[] = [];
  for (const statement of list) results.push((await pool.query(statement.query, statement.params)).rows);
  return results;
});

await app.listen({ host: '127.0.0.1', port: Number(PORT) });
console.log(`floor listening on ${PORT}`);
