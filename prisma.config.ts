import { defineConfig } from 'prisma/config';
import { migrateAdapterFor } from './src/db/migrate-adapter.js';

// Prisma Migrate runs on the JS schema engine over @prisma/adapter-pg (no native engine can
// be downloaded on these machines). Two upstream defects are worked around in
// src/db/pg-client.ts (prisma/orm#27403: catalog types `name`/`"char"`) and
// src/db/migrate-adapter.ts (shadow database connection and disposal).
//
// The schema's `url = env("DATABASE_URL")` must resolve even for `prisma generate`, which
// needs no database: with the variable unset the CLI cannot read the generator settings,
// falls back to defaults and tries to download a native query engine
// (binaries.prisma.sh, libquery_engine). A placeholder keeps it offline. Commands that need
// a database get the real URL from scripts/db.ts (embedded or configured).
const PLACEHOLDER_URL = 'postgresql://placeholder@localhost:5432/placeholder';
process.env.DATABASE_URL ??= PLACEHOLDER_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => migrateAdapterFor(process.env.DATABASE_URL ?? PLACEHOLDER_URL),
});
