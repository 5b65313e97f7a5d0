import { encodeCursor } from '../../src/shared/pagination.js';
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helper.js';
import { admitMember, buildTree, orgGid } from '../factories.js';

/**
 * Eight members whose histories cross the three dates of the count test; the expected
 * counts below were worked out by hand from this list.
 */
async function buildMembers(app: FastifyInstance) {
  const tree = await buildTree(app, '2010-01-01');
  const d = tree.decision.id;
  const members = app.services.members;
  const admit = (org: string, fullName: string, admittedOn: string, gender: 'MALE' | 'FEMALE' = 'MALE', dateOfBirth = '1980-06-15') =>
    admitMember(app, org, d, { fullName, admittedOn, gender, dateOfBirth });
  const event = (id: string, type: Parameters<typeof members.recordEvent>[1], occurredOn: string, extra: object = {}) =>
    members.recordEvent(id, type, { occurredOn, decisionId: d, ...extra });

  const m1 = await admit(tree.B1, 'Nguyễn Văn An', '2018-01-10');
  await event(m1, 'RECOGNIZED_OFFICIAL', '2019-01-10');
  const m2 = await admit(tree.B1, 'Nguyễn Văn Anh', '2021-06-01', 'MALE', '1999-02-01');
  await event(m2, 'RECOGNIZED_OFFICIAL', '2022-07-15'); // late: takes effect 2022-06-01
  const m3 = await admit(tree.B2, 'Trần Thị Hoa', '2015-03-03', 'FEMALE', '1950-01-01');
  await event(m3, 'RECOGNIZED_OFFICIAL', '2016-03-03');
  await event(m3, 'DECEASED', '2022-02-02');
  const m4 = await admit(tree.G2, 'Lê Thị Mai', '2019-05-19', 'FEMALE');
  await event(m4, 'RECOGNIZED_OFFICIAL', '2020-05-19');
  await event(m4, 'SUSPENDED', '2021-09-01');
  await event(m4, 'REINSTATED', '2021-12-01');
  const m5 = await admit(tree.B3, 'Phạm Đức Bình', '2016-01-01');
  await event(m5, 'RECOGNIZED_OFFICIAL', '2017-01-01');
  await event(m5, 'TRANSFERRED', '2021-03-01', { organizationId: tree.B2, letter: { letterNumber: '12/GGT' } });
  const m6 = await admit(tree.B1, 'Hoàng Văn Cường', '2020-02-03');
  await event(m6, 'PROBATION_REMOVED', '2020-12-01');
  const m7 = await admit(tree.B3, 'Võ Thị Dung', '2017-07-07', 'FEMALE');
  await event(m7, 'RECOGNIZED_OFFICIAL', '2018-07-07');
  await event(m7, 'TEMPORARY_TRANSFER', '2021-08-01', { organizationId: tree.G2, reason: 'WORK', expectedReturnOn: '2022-06-01' });
  await event(m7, 'TEMPORARY_RETURN', '2022-05-01');
  const m8 = await admit(tree.G2, 'Đặng Văn Em', '2012-09-02', 'MALE', '1945-03-03');
  await event(m8, 'RECOGNIZED_OFFICIAL', '2013-09-02');
  await event(m8, 'EXEMPTED', '2019-04-01');
  await app.services.discipline.record({ memberId: m8, form: 'EXPULSION', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2021-10-01', decidedOn: '2021-11-11', decisionId: d, authorityId: tree.U1 });
  return tree;
}

const zero = { total: 0, probationary: 0, official: 0, suspended: 0, exempted: 0, temporarilyAway: 0, temporarilyHosted: 0, removedFromRoll: 0, expelled: 0, deceased: 0 };

t.test('counts by status of a subtree on three dates agree with the hand-built fixture', async (t) => {
  const { app, gql, countStatements } = await buildTestApp(t);
  const tree = await buildMembers(app);
  const query = `query ($p: ID!, $u1: ID!, $u2: ID!, $asOf: Date) {
    p: organization(id: $p, asOf: $asOf) { memberCounts { total probationary official suspended exempted temporarilyAway temporarilyHosted removedFromRoll expelled deceased } }
    u1: organization(id: $u1, asOf: $asOf) { memberCounts { total probationary official suspended exempted temporarilyAway temporarilyHosted removedFromRoll expelled deceased } }
    u2: organization(id: $u2, asOf: $asOf) { memberCounts { total probationary official suspended exempted temporarilyAway temporarilyHosted removedFromRoll expelled deceased } }
  }`;
  const counts = async (asOf: string) => {
    const { body } = await gql(query, { p: orgGid(tree.P), u1: orgGid(tree.U1), u2: orgGid(tree.U2), asOf });
    return { p: body.data.p.memberCounts, u1: body.data.u1.memberCounts, u2: body.data.u2.memberCounts };
  };
  t.same(await counts('2020-12-31'), {
    p: { ...zero, total: 6, official: 6, exempted: 1, removedFromRoll: 1 },
    u1: { ...zero, total: 4, official: 4, exempted: 1, removedFromRoll: 1 },
    u2: { ...zero, total: 2, official: 2 },
  });
  t.same(await counts('2021-10-01'), {
    p: { ...zero, total: 7, probationary: 1, official: 5, suspended: 1, exempted: 1, temporarilyAway: 1, removedFromRoll: 1 },
    u1: { ...zero, total: 6, probationary: 1, official: 4, suspended: 1, exempted: 1, temporarilyHosted: 1, removedFromRoll: 1 },
    u2: { ...zero, total: 1, official: 1, temporarilyAway: 1 },
  });
  t.same(await counts('2022-06-30'), {
    p: { ...zero, total: 5, official: 5, removedFromRoll: 1, expelled: 1, deceased: 1 },
    u1: { ...zero, total: 4, official: 4, removedFromRoll: 1, expelled: 1, deceased: 1 },
    u2: { ...zero, total: 1, official: 1 },
  });
  const cost = await countStatements(() => counts('2022-06-30'));
  t.equal(cost.statements, 3, 'the caller (1 statement), three organisations with their ancestors (1) and their counts (1, computed in the database)');
  t.equal(cost.roundTrips, 3, 'each waits for the one before');
});

t.test('search and filters', async (t) => {
  const { app, gql, countStatements } = await buildTestApp(t);
  const tree = await buildMembers(app);
  const names = async (filter: object, asOf = '2021-10-01') =>
    (await gql(`query ($filter: MemberFilter, $asOf: Date) { members(filter: $filter, asOf: $asOf, first: 100) { edges { node { fullName } } } }`, { filter, asOf }))
      .body.data.members.edges.map((e: any) => e.node.fullName);
  t.same(await names({}), ['Nguyễn Văn An', 'Nguyễn Văn Anh', 'Phạm Đức Bình', 'Võ Thị Dung', 'Đặng Văn Em', 'Trần Thị Hoa', 'Lê Thị Mai'], 'ordered by given name');
  t.same(await names({ search: 'nguyen van an' }), ['Nguyễn Văn An', 'Nguyễn Văn Anh'], 'without diacritics');
  t.same(await names({ search: 'TRAN THI HOA' }), ['Trần Thị Hoa']);
  t.same(await names({ search: 'đặng' }), ['Đặng Văn Em']);
  t.same(await names({ gender: 'FEMALE' }), ['Võ Thị Dung', 'Trần Thị Hoa', 'Lê Thị Mai']);
  t.same(await names({ underId: orgGid(tree.G1) }), ['Nguyễn Văn An', 'Nguyễn Văn Anh', 'Phạm Đức Bình', 'Trần Thị Hoa'], 'a subtree, its own members included');
  t.same(await names({ underId: orgGid(tree.G1) }, '2015-01-01'), [], 'an organisation without members on the day: an empty list');
  const nowhere = await gql(`query ($id: ID!) { members(filter: { underId: $id }) { totalCount edges { node { fullName } } } }`, {
    id: orgGid('0190a000-0000-7000-8000-000000000000'),
  });
  t.equal(nowhere.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', 'under an organisation that does not exist: NOT_FOUND, not an empty list');
  const underCost = await countStatements(() => names({ underId: orgGid(tree.G1) }));
  t.equal(underCost.statements, 2, 'a page under an organisation: the caller and the page (the organisation looked up within it)');
  t.same(await names({ status: ['SUSPENDED'] }), ['Lê Thị Mai']);
  t.same(await names({ status: ['REMOVED_FROM_ROLL', 'EXPELLED', 'DECEASED'] }, '2022-06-30'), ['Hoàng Văn Cường', 'Đặng Văn Em', 'Trần Thị Hoa']);
  t.same(await names({ ageMax: 30 }), ['Nguyễn Văn Anh'], 'born 1999: 22 on 2021-10-01');
  t.same(await names({ ageMin: 70 }), ['Đặng Văn Em', 'Trần Thị Hoa']);
  t.same(await names({ admittedFrom: '2017-01-01', admittedTo: '2019-12-31' }), ['Nguyễn Văn An', 'Võ Thị Dung', 'Lê Thị Mai']);
  t.same(await names({ partyAgeMin: 5 }), ['Phạm Đức Bình', 'Đặng Văn Em', 'Trần Thị Hoa'], 'admitted before 2016-10-01');
  t.same(await names({ partyAgeMax: 0 }), ['Nguyễn Văn Anh']);
  t.same(await names({ exempted: true }), ['Đặng Văn Em']);
  const bad = await gql(`{ members(filter: { ageMin: -1 }) { edges { node { fullName } } } }`);
  t.equal(bad.body.errors[0].message, 'ageMin: must be a whole number of years from 0 to 150');

  const page1 = await gql(`{ members(first: 3, asOf: "2021-10-01") { edges { node { fullName } } pageInfo { endCursor hasNextPage } } }`);
  const page2 = await gql(`query ($after: String) { members(first: 10, asOf: "2021-10-01", after: $after) { edges { node { fullName } } pageInfo { hasNextPage } } }`, {
    after: page1.body.data.members.pageInfo.endCursor,
  });
  t.same(page2.body.data.members.edges.map((e: any) => e.node.fullName), ['Võ Thị Dung', 'Đặng Văn Em', 'Trần Thị Hoa', 'Lê Thị Mai']);
  // Well-formed cursors this API never returns: refused as bad input, never a database error.
  for (const forged of ['an\u0000not-a-uuid', 'a\u0000b\u00000190a000-0000-7000-8000-000000000000']) {
    const refused = await gql(`query ($after: String) { members(first: 3, after: $after) { edges { node { fullName } } } }`, { after: encodeCursor(forged) });
    t.equal(refused.body.errors?.[0]?.extensions?.code, 'VALIDATION_FAILED', `a forged cursor (${JSON.stringify(forged)}) is refused`);
  }
});

t.test('a members page with each organisation and its ancestors costs constant statements', async (t) => {
  const { app, gql, countStatements } = await buildTestApp(t);
  const tree = await buildTree(app);
  for (let i = 0; i < 60; i++) {
    await admitMember(app, [tree.B1, tree.B2, tree.B3, tree.G2][i % 4]!, tree.decision.id, { fullName: `Nguyễn Thị Số ${i}`, admittedOn: '2021-01-01' });
  }
  const query = `query ($first: Int) { members(first: $first) { edges { node { fullName status partyAge { years } organization { code ancestors { code } } } } } }`;
  const small = await countStatements(() => gql(query, { first: 5 }));
  const large = await countStatements(() => gql(query, { first: 50 }));
  t.equal(large.result.body.data.members.edges.length, 50);
  t.same(large.result.body.data.members.edges[0].node.organization.ancestors.map((a: any) => a.code), ['P', 'U1', 'G1']);
  t.equal(large.statements, 3, 'the caller (1), members (1), their organisations with the ancestors (1)');
  t.equal(large.roundTrips, 3, 'each waits for the one before');
  t.equal(small.statements, large.statements, 'whatever the page size');
});
