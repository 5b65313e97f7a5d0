import { readFileSync } from 'node:fs';
import t from 'tap';
import { runPrisma } from '../src/db/migrate.js';
import { printSdl } from '../src/graphql/schema.js';
import { lintOpenapi } from '../scripts/lint-openapi.js';
import { adminQuery, buildTestApp, createTestDatabase, databaseUrl } from './helper.js';

const committed = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

t.test('schema.graphql is the schema the server exposes', async (t) => {
  t.equal(committed('schema.graphql'), printSdl(), 'run `npm run schema:print` after changing the GraphQL schema');
});

t.test('openapi.yaml is the document /docs serves, and it lints clean', async (t) => {
  const { request } = await buildTestApp(t);
  const served = await request({ method: 'GET', url: '/docs/yaml' });
  t.equal(served.status, 200);
  t.equal(committed('openapi.yaml'), served.body, 'run `npm run openapi:print` after changing a route schema');
  t.same(await lintOpenapi(committed('openapi.yaml')), [], 'no problems from the OpenAPI 3.1 linter');
});

t.test('prisma/migrations produce exactly prisma/schema.prisma (JS schema engine workarounds)', async (t) => {
  // `migrate diff --from-migrations` replays every migration in a shadow database, then
  // describes it: this exercises the shadow-database and catalog-type workarounds.
  const database = await createTestDatabase(t);
  const output = await runPrisma(
    ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code'],
    databaseUrl(database),
  );
  t.match(output, 'No difference detected.');
  const shadows = await adminQuery(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
  t.same(shadows, [], 'the shadow database was dropped');
});

t.test('the runtime adapter reads catalog types (callback and promise forms of pg queries)', async (t) => {
  const { app } = await buildTestApp(t);
  const [outside] = await app.db.prisma.$queryRaw<{ name: string }[]>`SELECT current_user AS name`;
  t.equal(typeof outside?.name, 'string', 'pool query (callback form)');
  const inside = await app.db.prisma.$transaction((tx) => tx.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`);
  t.match(inside[0]?.name, /^pbs_test_/, 'transaction query (promise form)');
});

t.test('what the migrations set beyond Prisma schema: the organisation path index has no pending list', async (t) => {
  const { app } = await buildTestApp(t);
  const [index] = await app.db.prisma.$queryRaw<{ options: string[] | null }[]>`
    SELECT reloptions AS options FROM pg_class WHERE relname = 'organization_versions_path_idx'`;
  t.same(index?.options, ['fastupdate=off'], 'new versions go into the index at once (reads never scan a queue)');
});
