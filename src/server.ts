import closeWithGrace from 'close-with-grace';
import pino from 'pino';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.js';
import { applyMigrations } from './db/migrate.js';
import { seedDemoDataIfEmpty } from './seed/demo.js';

/** The only file that starts a process: configuration, database, migrations, demo data, listen, graceful close. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = pino({
    level: config.LOG_LEVEL,
    ...(process.stdout.isTTY && config.NODE_ENV !== 'production' ? { transport: { target: 'pino-pretty' } } : {}),
  });

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.DATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'party_building',
      log,
    });
    databaseUrl = embedded.url;
  }

  if (config.MIGRATE_ON_START) {
    log.info('applying database migrations');
    await applyMigrations(databaseUrl);
  }

  const app = await buildApp({ ...config, DATABASE_URL: databaseUrl });
  const admin = await app.services.auth.ensureAdministrator(config.ADMIN_USERNAME, config.ADMIN_PASSWORD);
  if (admin.generatedPassword) {
    // Printed once, on the start that created the account: sign in and change it.
    log.warn(`created the administrator "${config.ADMIN_USERNAME}" with the password ${admin.generatedPassword} (shown only now)`);
  } else if (admin.created) {
    log.info(`created the administrator "${config.ADMIN_USERNAME}" with ADMIN_PASSWORD`);
  }
  if (config.SEED_DEMO_DATA) await seedDemoDataIfEmpty(app.services, app.db, log);

  closeWithGrace({ delay: config.SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'closing after an error');
    else log.info({ signal }, 'closing');
    await app.close();
    await embedded?.stop();
  });

  await app.listen({ host: config.HOST, port: config.PORT });
  log.info(`GraphiQL: http://${config.HOST}:${config.PORT}/graphiql · API docs: http://${config.HOST}:${config.PORT}/docs`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
