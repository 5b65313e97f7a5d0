import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { applyMigrations, runPrisma } from '../src/db/migrate.js';
import { seedDemoDataIfEmpty } from '../src/seed/demo.js';
import { withDatabaseUrl } from './database-url.js';

// npm run db:migrate       apply pending migrations (prisma migrate deploy)
// npm run db:migrate:dev   create a migration from schema changes (prisma migrate dev), args passed on
// npm run db:seed          load the demo dataset into an empty database
const [command, ...rest] = process.argv.slice(2);

await withDatabaseUrl(async (url) => {
  switch (command) {
    case 'migrate':
      process.stdout.write(await applyMigrations(url));
      break;
    case 'migrate-dev':
      process.stdout.write(await runPrisma(['migrate', 'dev', ...rest], url));
      break;
    case 'seed': {
      await applyMigrations(url);
      const app = await buildApp({ ...loadConfig(), DATABASE_URL: url, LOG_LEVEL: 'silent' });
      await seedDemoDataIfEmpty(app.services, app.db, pino());
      await app.close();
      break;
    }
    default:
      console.error('usage: tsx scripts/db.ts migrate | migrate-dev [--name NAME] | seed');
      process.exitCode = 2;
  }
});
