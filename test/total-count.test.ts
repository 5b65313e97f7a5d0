/**
 * Relay connections with totalCount (issue 15): the size of the whole list with the same
 * filters, one count statement, computed only when the field is selected.
 */
import t from 'tap';
import { buildTree, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

t.test('totalCount: the whole list, with the filters, one statement when asked and none otherwise', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const people = (branch: string, count: number, name: string) =>
    Array.from({ length: count }, (_, i) => ({
      person: { fullName: `${name} ${i}`, gender: (i % 2 ? 'MALE' : 'FEMALE') as 'MALE' | 'FEMALE', dateOfBirth: '1990-01-01' },
      events: [{ type: 'ADMITTED' as const, occurredOn: '2020-03-01', decisionId: tree.decision.id, organizationId: branch }],
    }));
  await api.app.services.members.importHistories([...people(tree.B1, 25, 'Trần Văn Đếm'), ...people(tree.B3, 7, 'Lê Thị Khác')]);

  const MEMBERS = (withTotal: boolean) => `query ($under: ID!, $after: String) { members(filter: { underId: $under }, first: 10, after: $after) {
    ${withTotal ? 'totalCount' : ''} edges { node { id } } pageInfo { endCursor hasNextPage } } }`;
  const plain = await api.countStatements(() => api.gql(MEMBERS(false), { under: orgGid(tree.U1) }));
  const counted = await api.countStatements(() => api.gql(MEMBERS(true), { under: orgGid(tree.U1) }));
  t.equal(counted.result.body.data.members.totalCount, 25, 'the 25 members under U1, not the page of 10 nor the 7 elsewhere');
  t.equal(counted.statements, plain.statements + 1, 'one more statement when asked');
  const second = await api.gql(MEMBERS(true), { under: orgGid(tree.U1), after: counted.result.body.data.members.pageInfo.endCursor });
  t.equal(second.body.data.members.totalCount, 25, 'the same on every page');
  const women = await api.gql(`{ members(filter: { gender: FEMALE }, first: 1) { totalCount } }`);
  t.equal(women.body.data.members.totalCount, 17, 'with the filters (13 of 25 and 4 of 7)');

  const others = await api.gql(`query ($u1: ID!) {
    organizations(first: 2) { totalCount }
    organization(id: $u1) { descendants(first: 1) { totalCount } }
    documents(first: 1) { totalCount }
    candidates(first: 1) { totalCount }
    auditEvents(first: 1) { totalCount }
  }`, { u1: orgGid(tree.U1) });
  t.notOk(others.body.errors, JSON.stringify(others.body.errors));
  const [[organizations], [documents], [audit]] = await Promise.all([
    api.app.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM organization_versions WHERE valid_to IS NULL AND status = 'ACTIVE'`,
    api.app.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM documents`,
    api.app.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_events`,
  ]);
  t.same(others.body.data, {
    organizations: { totalCount: organizations!.n },
    organization: { descendants: { totalCount: 4 } },
    documents: { totalCount: documents!.n },
    candidates: { totalCount: 0 },
    auditEvents: { totalCount: audit!.n },
  }, 'each equals a direct count (below U1: G1, G2, B1, B2)');
});
