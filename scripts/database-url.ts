import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';

/**
 * The database the scripts work on: DATABASE_URL when set, else the same embedded
 * PostgreSQL the server uses (started for the script, stopped after it).
 */
export async function withDatabaseUrl<T>(work: (url: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  if (config.DATABASE_URL) return work(config.DATABASE_URL);
  const log = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL });
  const embedded = await startEmbeddedPostgres({
    dataDir: config.DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    database: 'party_building',
    log,
  });
  try {
    return await work(embedded.url);
  } finally {
    await embedded.stop();
  }
}
