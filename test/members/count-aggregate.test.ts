/**
 * As-of member counts are read from member_subtree_counts, running totals per subtree kept by
 * triggers with the member periods and the organisations' versions (issue 16). Whatever the histories — transfers, temporary transfers,
 * exemptions, suspensions, deaths, back-dated events that rewrite a history, an organisation
 * moved to another bloc, concurrent writers — the counts equal a direct count of the periods,
 * for random days and subtrees.
 */
import fc from 'fast-check';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helper.js';
import { admitMember, buildTree, orgGid } from '../factories.js';
import { addDays, toDbDate, type IsoDate } from '../../src/shared/dates.js';

const IN_PARTY = ['PROBATIONARY', 'OFFICIAL', 'SUSPENDED'];
const BY_STATUS: Record<string, string> = {
  PROBATIONARY: 'probationary',
  OFFICIAL: 'official',
  SUSPENDED: 'suspended',
  REMOVED_FROM_ROLL: 'removedFromRoll',
  EXPELLED: 'expelled',
  DECEASED: 'deceased',
  TRANSFERRED_OUT: 'transferredOut',
};

/** The counts of a subtree on a day, straight from the member periods (one row per member). */
async function directCounts(app: FastifyInstance, root: string, day: IsoDate, seenKeys: number[] | null = null) {
  const rows = await app.db.prisma.$queryRaw<{ organization_id: string; temporary_organization_id: string | null; status: string; exempted: boolean; own_inside: boolean; own_seen: boolean; host_seen: boolean }[]>`
    WITH subtree AS (
      SELECT v.organization_id FROM organization_versions v
      WHERE v.path @> ARRAY[(SELECT path_key FROM organizations WHERE id = ${root}::uuid)]
        AND v.valid_from <= ${toDbDate(day)} AND (v.valid_to IS NULL OR v.valid_to > ${toDbDate(day)})
    )
    SELECT p.organization_id::text, p.temporary_organization_id::text, p.status::text, p.exempted,
           p.organization_id IN (SELECT organization_id FROM subtree) AS own_inside,
           p.organization_id IN (SELECT organization_id FROM subtree JOIN organization_versions v USING (organization_id)
             WHERE v.valid_from <= ${toDbDate(day)} AND (v.valid_to IS NULL OR v.valid_to > ${toDbDate(day)})
               AND (${seenKeys === null} OR v.path && ${seenKeys ?? []}::int[])) AS own_seen,
           coalesce(p.temporary_organization_id IN (SELECT organization_id FROM subtree JOIN organization_versions v USING (organization_id)
             WHERE v.valid_from <= ${toDbDate(day)} AND (v.valid_to IS NULL OR v.valid_to > ${toDbDate(day)})
               AND (${seenKeys === null} OR v.path && ${seenKeys ?? []}::int[])), false) AS host_seen
    FROM member_periods p
    WHERE p.valid_from <= ${toDbDate(day)} AND (p.valid_to IS NULL OR p.valid_to > ${toDbDate(day)})`;
  const counts: Record<string, number> = { total: 0, probationary: 0, official: 0, suspended: 0, exempted: 0, temporarilyAway: 0, temporarilyHosted: 0, removedFromRoll: 0, expelled: 0, deceased: 0, transferredOut: 0 };
  for (const row of rows) {
    const inParty = IN_PARTY.includes(row.status);
    if (row.own_seen) {
      counts[BY_STATUS[row.status]!]!++;
      if (inParty) {
        counts.total!++;
        if (row.exempted) counts.exempted!++;
        if (row.temporary_organization_id) counts.temporarilyAway!++;
      }
    } else if (!row.own_inside && row.host_seen && inParty) counts.temporarilyHosted!++;
  }
  return counts;
}

t.test('as-of counts from the aggregate equal a direct count of the periods, for random days and subtrees', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '2010-01-01');
  const d = tree.decision.id;
  const branches = [tree.B1, tree.B2, tree.B3, tree.G2];
  const members = app.services.members;
  // Reproducible random histories: each member a run of events a few months apart; an event
  // the rules refuse (a transfer while suspended, …) is simply not recorded.
  const random = fc.sample(
    fc.record({
      branch: fc.integer({ min: 0, max: 3 }),
      admittedOn: fc.date({ min: new Date('2010-02-01'), max: new Date('2024-01-01'), noInvalidDate: true }),
      events: fc.array(fc.record({ kind: fc.integer({ min: 0, max: 7 }), gapDays: fc.integer({ min: 20, max: 900 }), to: fc.integer({ min: 0, max: 3 }) }), { maxLength: 6 }),
    }),
    { numRuns: 60, seed: 20261202 },
  );
  let recorded = 0;
  for (const [index, plan] of random.entries()) {
    let day = plan.admittedOn.toISOString().slice(0, 10) as IsoDate;
    const id = await admitMember(app, branches[plan.branch]!, d, { admittedOn: day, fullName: `Đảng viên ${index}` });
    for (const step of plan.events) {
      day = addDays(day, step.gapDays);
      const event = (
        [
          ['RECOGNIZED_OFFICIAL', {}],
          ['TRANSFERRED', { organizationId: branches[step.to], letter: { letterNumber: `${index}/GGT` } }],
          ['TEMPORARY_TRANSFER', { organizationId: branches[step.to], reason: 'WORK', expectedReturnOn: addDays(day, 365) }],
          ['TEMPORARY_RETURN', {}],
          ['EXEMPTED', {}],
          ['SUSPENDED', {}],
          ['REINSTATED', {}],
          ['DECEASED', {}],
        ] as const
      )[step.kind]!;
      try {
        await members.recordEvent(id, event[0], { occurredOn: day, decisionId: d, ...event[1] });
        recorded++;
      } catch {
        // refused by the lifecycle's rules: the history goes on without it
      }
    }
  }
  t.ok(recorded > 60, `${recorded} events recorded over 60 members`);
  // A bloc's organisation moves to the other bloc: subtrees differ before and after.
  await app.services.organizations.move({ organizationId: tree.G2, newParentId: tree.U2, effectiveOn: '2019-07-01', decisionId: d });

  const roots = [tree.P, tree.U1, tree.U2, tree.G1, tree.G2, tree.G3, tree.B1, tree.B2, tree.B3];
  const compare = async (label: string, runs: number, seed: number) => {
    let mismatches = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: roots.length - 1 }), fc.date({ min: new Date('2009-06-01'), max: new Date('2027-12-31'), noInvalidDate: true }), async (r, date) => {
        const root = roots[r]!;
        const day = date.toISOString().slice(0, 10) as IsoDate;
        const version = await app.db.prisma.organization.findUniqueOrThrow({ where: { id: root } });
        const { organizationId: _id, asOf: _asOf, ...fromAggregate } = (await members.counts([{ id: root, pathKey: version.pathKey }], day)).get(root)!;
        const direct = await directCounts(app, root, day);
        if (JSON.stringify(fromAggregate) !== JSON.stringify(direct)) mismatches++;
        t.same(fromAggregate, direct, `${label}: subtree ${r} on ${day}`);
      }),
      { numRuns: runs, seed },
    );
    return mismatches;
  };
  t.equal(await compare('random histories', 120, 1), 0);

  // A back-dated event rewrites a history (the periods are replayed): the counts follow.
  const late = await admitMember(app, tree.B1, d, { admittedOn: '2012-04-02', fullName: 'Đảng viên ghi bù' });
  await members.recordEvent(late, 'DECEASED', { occurredOn: '2024-08-01', decisionId: d });
  await members.recordEvent(late, 'RECOGNIZED_OFFICIAL', { occurredOn: '2013-04-02', decisionId: d });
  await members.recordEvent(late, 'TEMPORARY_TRANSFER', { occurredOn: '2016-01-04', decisionId: d, organizationId: tree.B3, reason: 'WORK', expectedReturnOn: '2017-01-04' });
  t.same((await app.db.prisma.memberPeriod.findMany({ where: { memberId: late }, orderBy: { validFrom: 'asc' } })).map((p) => p.status), ['PROBATIONARY', 'OFFICIAL', 'OFFICIAL', 'DECEASED'], 'the history was replayed with the back-dated events');
  t.equal(await compare('after a back-dated event', 40, 2), 0);

  // Concurrent admissions into the same branch: none is lost from the counts.
  await Promise.all(Array.from({ length: 12 }, (_, i) => admitMember(app, branches[i % branches.length]!, d, { admittedOn: '2025-03-01', fullName: `Cùng lúc ${i}` })));
  const today = '2025-06-01' as IsoDate;
  const b2 = await app.db.prisma.organization.findUniqueOrThrow({ where: { id: tree.B2 } });
  const { organizationId: _o, asOf: _a, ...afterConcurrent } = (await members.counts([{ id: tree.B2, pathKey: b2.pathKey }], today)).get(tree.B2)!;
  t.same(afterConcurrent, await directCounts(app, tree.B2, today), 'twelve concurrent admissions, all counted');

  // Kept incrementally through all of the above, the table is the one a recount makes: a row
  // only where a count changed, none left over by a change undone.
  const table = () => app.db.prisma.$queryRaw<unknown[]>`SELECT * FROM member_subtree_counts ORDER BY subtree_key, day`;
  const kept = await table();
  await app.db.prisma.$executeRaw`SELECT rebuild_member_subtree_counts()`;
  t.same(kept, await table(), `${kept.length} rows kept incrementally, the same as recounted`);
  t.ok(kept.length > 100, 'rows for many days');
  t.same(
    [await app.db.prisma.memberCountPending.count(), await app.db.prisma.memberCountFlush.count()],
    [0, 0],
    'nothing left waiting: every transaction applied its changes at commit (refused events rolled theirs back)',
  );

  // A caller who sees one bloc is counted, for the province above it, the part they see.
  const bloc = await api.signInAs('ADMIN', tree.U1);
  const blocKey = (await app.db.prisma.organization.findUniqueOrThrow({ where: { id: tree.U1 } })).pathKey;
  for (const day of ['2015-06-30', '2018-01-01', '2020-12-31', '2025-06-01'] as IsoDate[]) {
    const { body } = await bloc.gql(
      `query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { memberCounts { total probationary official suspended exempted temporarilyAway temporarilyHosted removedFromRoll expelled deceased transferredOut } } }`,
      { id: orgGid(tree.P), asOf: day },
    );
    t.same(body.data?.organization?.memberCounts ?? body, await directCounts(app, tree.P, day, [blocKey]), `the province on ${day}, as the bloc sees it`);
    t.notSame(await directCounts(app, tree.P, day), await directCounts(app, tree.P, day, [blocKey]), 'the bloc does not see the whole province');
  }
});

t.test('emptying the periods empties the aggregate, also when both are in one TRUNCATE (an interrupted demo load is undone so)', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  const prisma = api.app.db.prisma;
  t.ok((await prisma.memberSubtreeCount.count()) > 0);
  await prisma.$executeRawUnsafe('TRUNCATE "member_periods", "member_subtree_counts", "member_events", "members" CASCADE');
  t.equal(await prisma.memberSubtreeCount.count(), 0, 'in one TRUNCATE with them');
  await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  await prisma.$executeRawUnsafe('TRUNCATE "member_periods" CASCADE');
  t.equal(await prisma.memberSubtreeCount.count(), 0, 'alone');
});
