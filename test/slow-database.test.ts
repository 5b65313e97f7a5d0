import t, { type Test } from 'tap';
import { generateMember, seededRandom } from '../src/seed/demo-members.js';
import type { TestApp } from './helper.js';
import { buildTestApp } from './helper.js';
import { buildTree } from './factories.js';

/**
 * A 5,000-member import on a slow database (issue 13): every row written to member_periods
 * waits 0.2 ms in a trigger, so the import's bulk statement takes seconds. Past the statement
 * budget the import is stopped and leaves nothing; within it, it completes whole. It never
 * depends on Prisma's 5 s transaction default.
 */
const MEMBERS = 5000;

async function importOnSlowDatabase(t: Test, statementTimeoutMs: string) {
  const api = await buildTestApp(t, { DATABASE_STATEMENT_TIMEOUT_MS: statementTimeoutMs });
  const tree = await buildTree(api.app, '1990-01-01');
  await api.app.db.prisma.$executeRawUnsafe(`CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.0002); RETURN NEW; END $$`);
  await api.app.db.prisma.$executeRawUnsafe(`CREATE TRIGGER slow_periods BEFORE INSERT ON member_periods FOR EACH ROW EXECUTE FUNCTION slow_row()`);
  const branches = [tree.B1, tree.B2, tree.B3].map((id) => ({ id, establishedOn: '1990-01-01' }));
  const records = Array.from({ length: MEMBERS }, (_, i) =>
    generateMember({ random: seededRandom(42 + i), branches, decisionFor: () => tree.decision.id, today: '2026-11-01', firstNumber: 500_000 }, i, branches[i % 3]!),
  );
  return { api, records };
}

const tables = (api: TestApp) =>
  api.app.db.prisma.$queryRaw<{ members: number; events: number; periods: number; audit: number }[]>`
    SELECT (SELECT count(*)::int FROM members) AS members, (SELECT count(*)::int FROM member_events) AS events,
           (SELECT count(*)::int FROM member_periods) AS periods,
           (SELECT count(*)::int FROM audit_events WHERE action = 'member.import') AS audit`;

t.test('past its statement budget the import stops and leaves nothing', async (t) => {
  const { api, records } = await importOnSlowDatabase(t, '500');
  const started = Date.now();
  const error = await api.app.services.members.importHistories(records).then(
    () => null,
    (caught: unknown) => caught,
  );
  t.ok(error, 'the import was stopped');
  const { databaseError } = await import('../src/db/errors.js');
  t.equal(databaseError(error)?.code, 'TIME_BUDGET_EXCEEDED', `answered as a time budget, not an internal error: ${String((error as Error).message).slice(-300)} ${JSON.stringify((error as { meta?: unknown }).meta)}`);
  t.same((await tables(api))[0], { members: 0, events: 0, periods: 0, audit: 0 }, 'nothing of it is left');
  t.comment(`stopped after ${Date.now() - started} ms`);
});

t.test('within its budget the slow import completes whole', async (t) => {
  const { api, records } = await importOnSlowDatabase(t, '60000');
  const started = Date.now();
  const ids = await api.app.services.members.importHistories(records);
  t.equal(ids.length, MEMBERS);
  const [counts] = await tables(api);
  t.equal(counts!.members, MEMBERS, 'every member');
  t.ok(counts!.periods >= MEMBERS, `their periods (${counts!.periods})`);
  t.equal(counts!.audit, 1, 'one audit event for the import');
  t.comment(`5,000 members with ${counts!.events} events on the slow database in ${Date.now() - started} ms`);
});

t.test('a batch of 1,000 histories costs the statements a batch of 10 does (set-based)', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1990-01-01');
  const branches = [tree.B1, tree.B2, tree.B3].map((id) => ({ id, establishedOn: '1990-01-01' }));
  const batch = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      generateMember({ random: seededRandom(7 + i + n), branches, decisionFor: () => tree.decision.id, today: '2026-11-01', firstNumber: 600_000 + n * 10 }, i, branches[i % 3]!),
    );
  const small = await api.countStatements(() => api.app.services.members.importHistories(batch(10)));
  const large = await api.countStatements(() => api.app.services.members.importHistories(batch(1000)));
  t.equal(large.statements, small.statements, `${large.statements} statements for 1,000 members as for 10`);
  t.ok(large.statements <= 10, 'a few statements: the organisations, then members, events and periods inserted set-based with one audit row, in one transaction');
});
