import t from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, memberGid, orgGid } from './factories.js';

/**
 * Round trips to the database of the queries a client sends most: the README's example, a
 * member's page and an organisation's page. A round trip is a wait on the database with
 * nothing else in flight (statements sent together by the loaders of one level are one), and
 * the counts must not grow with the size of the page.
 */

const README_QUERY = `{
  before: organizations(asOf: "2024-12-31", filter: { kind: "UPPER_GRASSROOTS_COMMITTEE" }) {
    edges { node { code name children { code name } } }
  }
  today: organizations(filter: { kind: "UPPER_GRASSROOTS_COMMITTEE" }) {
    edges { node { code name memberCounts { total probationary official } history { type effectiveOn decision { number } } } }
  }
  members(filter: { search: "nguyen van an" }, first: 5) {
    edges { node { fullName status partyAge { years } organization { name ancestors { code } } events { type effectiveOn } } }
  }
}`;

const MEMBER_PAGE = `query ($id: ID!) {
  member(id: $id) {
    fullName gender dateOfBirth age status exempted admittedOn recognizedOfficialOn partyCardNumber stateSince
    partyAge { years months }
    organization { code name ancestors { code name } }
    temporaryOrganization { code name }
    events { type effectiveOn occurredOn }
    suspension { from }
  }
}`;

const ORGANIZATION_PAGE = `query ($id: ID!) {
  organization(id: $id) {
    code name shortName sector status establishedOn depth
    kind { code nameVi }
    parent { code name }
    ancestors { code name }
    children { code name }
    memberCounts { total probationary official suspended }
    history { type effectiveOn }
    members(first: 20) { totalCount edges { node { fullName status partyAge { years } } } }
  }
}`;

t.test('the README query, a member page and an organisation page each take at most three round trips', async (t) => {
  const { app, gql, countStatements } = await buildTestApp(t);
  const tree = await buildTree(app, '2015-01-01');
  const members: string[] = [];
  for (let i = 0; i < 30; i++) {
    const branch = [tree.B1, tree.B2, tree.B3, tree.G2][i % 4]!;
    members.push(await admitMember(app, branch, tree.decision.id, { fullName: i % 3 ? `Trần Thị Số ${i}` : `Nguyễn Văn An ${i}`, admittedOn: '2016-01-01' }));
  }
  for (const id of members.slice(0, 10)) {
    await app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
  }

  const readme = await countStatements(() => gql(README_QUERY));
  t.notOk(readme.result.body.errors, 'the README query answers');
  t.equal(readme.result.body.data.members.edges.length, 5);
  t.same(readme.result.body.data.members.edges[0].node.organization.ancestors.map((a: { code: string }) => a.code).slice(0, 1), ['P']);
  t.ok(readme.roundTrips <= 3, `the README query: ${readme.roundTrips} round trips (${readme.statements} statements)`);

  const member = await countStatements(() => gql(MEMBER_PAGE, { id: memberGid(members[0]!) }));
  t.notOk(member.result.body.errors, 'the member page answers');
  t.equal(member.result.body.data.member.events.length, 2);
  t.ok(member.roundTrips <= 3, `a member page: ${member.roundTrips} round trips (${member.statements} statements)`);
  const withEvents = await countStatements(() => gql(`query ($id: ID!) { member(id: $id) { fullName events { type effectiveOn } } }`, { id: memberGid(members[0]!) }));
  t.equal(withEvents.result.body.data.member.events.length, 2);
  t.equal(withEvents.statements, 2, 'a member with its events: the caller, then the member with its events in one statement');
  t.equal(withEvents.roundTrips, 2);

  const organization = await countStatements(() => gql(ORGANIZATION_PAGE, { id: orgGid(tree.G1) }));
  t.notOk(organization.result.body.errors, 'the organisation page answers');
  t.equal(organization.result.body.data.organization.members.totalCount, 16, 'a committee lists the members of its subtree');
  t.ok(organization.roundTrips <= 3, `an organisation page: ${organization.roundTrips} round trips (${organization.statements} statements)`);
  const branch = await countStatements(() => gql(ORGANIZATION_PAGE, { id: orgGid(tree.B1) }));
  t.equal(branch.result.body.data.organization.members.edges.length, 8);
  t.ok(branch.roundTrips <= 3, `a branch page: ${branch.roundTrips} round trips (${branch.statements} statements)`);
  t.equal(organization.statements, branch.statements, 'the same statements whatever the number of members');
});

t.test('the round-trip count: statements sent together are one, statements that wait for each other are one each', async (t) => {
  const { app, countStatements } = await buildTestApp(t);
  const query = (ms: number) => app.db.prisma.$queryRawUnsafe(`SELECT pg_sleep(${ms / 1000})::text`);
  const together = await countStatements(() => Promise.all([query(30), query(1), query(10)]));
  t.equal(together.statements, 3);
  t.equal(together.roundTrips, 1, 'three statements in flight at once');
  const chained = await countStatements(async () => {
    await query(1);
    await Promise.all([query(20), query(1)]);
    await query(1);
  });
  t.equal(chained.statements, 4);
  t.equal(chained.roundTrips, 3, 'one, then two together, then one');
  // Two chains of two, one slow and one fast: what follows the fast answer is not counted as
  // waiting for the slow one (without the lockstep, the slow chain's second statement would be
  // sent after the fast chain's second answer, and counted third).
  const uneven = await countStatements(() => Promise.all([query(60).then(() => query(1)), query(1).then(() => query(1))]));
  t.equal(uneven.statements, 4);
  t.equal(uneven.roundTrips, 2, 'two chains of two side by side: two round trips');
});
