/**
 * A subtree's member page is read one of two ways, chosen inside the statement by the
 * subtree's size (MemberService#subtreePage): walking all members in name order, or collecting
 * the subtree's members and sorting them. Both must give the same pages, whatever the filters,
 * the date and the cursor.
 */
import t from 'tap';
import { buildTestApp } from '../helper.js';
import { admitMember, buildTree } from '../factories.js';
import { MemberService } from '../../src/modules/members/members.service.js';
import type { MemberFilter } from '../../src/modules/members/members.service.js';

const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Hoa', 'Hùng', 'Lan', 'Minh', 'Nga', 'Tâm', 'Yến'];

t.test('walked or collected, a subtree gives the same pages', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '2010-01-01');
  const d = tree.decision.id;
  const branches = [tree.B1, tree.B2, tree.B3, tree.G2];
  const members = app.services.members;
  for (let i = 0; i < 44; i++) {
    const id = await admitMember(app, branches[i % branches.length]!, d, {
      fullName: `${['Nguyễn', 'Trần', 'Lê'][i % 3]} Thị ${GIVEN[(i * 7) % GIVEN.length]}`,
      gender: i % 3 === 0 ? 'FEMALE' : 'MALE',
      admittedOn: `20${11 + (i % 12)}-0${1 + (i % 9)}-15`,
    });
    if (i % 5 === 0) await members.recordEvent(id, 'TRANSFERRED', { occurredOn: '2024-02-01', decisionId: d, organizationId: branches[(i + 1) % branches.length], letter: { letterNumber: `${i}/GGT` } });
    if (i % 7 === 0) await members.recordEvent(id, 'DECEASED', { occurredOn: '2025-05-01', decisionId: d });
  }
  await app.services.organizations.move({ organizationId: tree.G2, newParentId: tree.U2, effectiveOn: '2023-07-01', decisionId: d });
  await app.db.pool.query('ANALYZE');

  // The statement the reader sends last, to see which way it went.
  const sent: { text: string; values: unknown[] }[] = [];
  const query = app.db.pool.query.bind(app.db.pool) as (...args: unknown[]) => Promise<unknown>;
  (app.db.pool as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => {
    const config = args[0] as { text?: string; values?: unknown[] };
    if (config && typeof config === 'object' && config.text) sent.push({ text: config.text, values: config.values ?? [] });
    return query(...args);
  };
  // Which way the last page went: the statement's choice, asked again with its own parameters.
  const collected = async () => {
    const last = sent.findLast((statement) => statement.text.includes('WITH choice AS'))!;
    const choice = last.text.slice(0, last.text.indexOf('SELECT * FROM ('));
    const used = Math.max(...[...choice.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
    const { rows } = await app.db.pool.query<{ collect: boolean }>(`${choice} SELECT collect FROM choice`, last.values.slice(0, used));
    return rows[0]!.collect;
  };

  const pages = async (filter: MemberFilter, asOf: string) => {
    const ids: string[] = [];
    let after: string | null = null;
    const ways = new Set<boolean>();
    for (let guard = 0; guard < 20; guard++) {
      const page: Awaited<ReturnType<typeof members.list>> = await members.list({ filter, asOf, first: 7, after });
      ways.add(await collected());
      ids.push(...page.items.map((member) => `${member.fullName}|${member.id}`));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    return { ids, ways: [...ways] };
  };

  const saved = MemberService.collectFactor;
  t.teardown(() => {
    MemberService.collectFactor = saved;
  });
  const roots = [tree.P, tree.U1, tree.U2, tree.G1, tree.B1, tree.B3];
  const filters: MemberFilter[] = [
    {},
    { gender: 'FEMALE' },
    { status: ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED', 'DECEASED', 'TRANSFERRED_OUT'] },
    { partyAgeMin: 5 },
    { exempted: false, ageMax: 60 },
  ];
  let compared = 0;
  for (const root of roots) {
    for (const filter of filters) {
      for (const asOf of ['2016-06-30', '2023-12-31', '2026-06-01']) {
        MemberService.collectFactor = 0;
        const walked = await pages({ ...filter, underId: root }, asOf);
        MemberService.collectFactor = 1e12;
        const gathered = await pages({ ...filter, underId: root }, asOf);
        t.same(gathered.ids, walked.ids, `${root.slice(-4)} ${JSON.stringify(filter)} on ${asOf}: ${walked.ids.length} members`);
        if (walked.ids.length > 0) {
          t.same(walked.ways, [false], 'walked');
          t.same(gathered.ways, [true], 'collected');
        }
        compared += walked.ids.length;
      }
    }
  }
  t.ok(compared > 300, `${compared} members compared`);
});
