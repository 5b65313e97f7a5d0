import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { embeddedDatabaseUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { applyMigrations } from './db/migrate.js';
import { StartupState } from './http/startup.js';
import { seedDemoDataIfEmpty } from './seed/demo.js';

const EMBEDDED_DATABASE = 'party_building';

/**
 * The only file that starts a process. The port opens first, so that an orchestrator sees the
 * process alive at once (/health/live) and what it is doing (/health/ready: 503 with the
 * phase and progress); then the database, migrations, the demo data and the first
 * administrator; then ready. SIGTERM lets requests in flight finish within the grace period.
 */
function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main() {
  const config = readConfig();
  const log = pino({
    level: config.LOG_LEVEL,
    ...(process.stdout.isTTY && config.NODE_ENV !== 'production' ? { transport: { target: 'pino-pretty' } } : {}),
  });

  const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_PG_PORT, EMBEDDED_DATABASE);
  const startup = new StartupState(config.DATABASE_URL ? 'applying migrations' : 'starting database');
  const started = Date.now();
  const app = await buildApp({ ...config, DATABASE_URL: databaseUrl }, { startup });
  let embedded: EmbeddedDatabase | undefined;

  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS, logger: { error: (message: unknown) => log.error(message) } }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'closing');
    await app.close();
    await embedded?.stop();
  });
  await app.listen({ host: config.HOST, port: config.PORT });
  log.info(`listening on http://${config.HOST}:${config.PORT}; starting (GET /health/ready tells the progress)`);

  try {
    if (!config.DATABASE_URL) {
      embedded = await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT, database: EMBEDDED_DATABASE, log });
      startup.phase = 'applying migrations';
    }
    if (config.MIGRATE_ON_START) {
      log.info('applying database migrations');
      await applyMigrations(databaseUrl);
    }
    if (config.SEED_DEMO_DATA) {
      startup.phase = 'loading demo data';
      const progress = {
        info: (message: string) => {
          startup.detail = message.replace(/^demo data: /, '');
          log.info(message);
        },
        warn: (message: string) => log.warn(message),
      };
      await seedDemoDataIfEmpty(app.services, app.db, progress);
      startup.detail = null;
    }
    // The regulation values, before the first request that applies them.
    await app.rules.current();
    // After the demo data: a load that is undone and redone empties the accounts it began with.
    startup.phase = 'preparing accounts';
    const admin = await app.services.auth.ensureAdministrator(config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
    if (admin.generatedPassword) {
      // Printed once, on the start that created the account: sign in and change it.
      log.warn(`created the administrator "${config.ADMIN_USERNAME}" with the password ${admin.generatedPassword} (shown only now)`);
    } else if (admin.created) {
      log.info(`created the administrator "${config.ADMIN_USERNAME}" with ADMIN_PASSWORD`);
    }
  } catch (error) {
    // A start that cannot finish stops whole: the port closes and the embedded cluster stops.
    log.fatal({ err: error }, `the service could not start (${startup.phase})`);
    await app.close().catch(() => {});
    await embedded?.stop().catch(() => {});
    process.exit(1);
  }
  // Jobs once the tables are there: a job a dead instance left is taken at once.
  if (config.JOB_RUNNER) void app.jobs.start();
  startup.phase = 'ready';
  log.info(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)} s · GraphiQL: http://${config.HOST}:${config.PORT}/graphiql · API docs: http://${config.HOST}:${config.PORT}/docs`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
