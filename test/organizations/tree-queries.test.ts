import t from 'tap';
import { buildTestApp } from '../helper.js';
import { buildTree, orgGid } from '../factories.js';

t.test('tree queries through GraphQL', async (t) => {
  const { app, gql } = await buildTestApp(t);
  const tree = await buildTree(app);

  t.test('one organisation with its kind, parent, children, ancestors and descendants', async (t) => {
    const { status, body } = await gql(
      `query ($id: ID!) {
        organization(id: $id, asOf: "2024-06-30") {
          id code name shortName sector status establishedOn endedOn asOf stateSince depth
          kind { code nameVi isGrassroots allowedParentKinds }
          parent { code }
          children { code name kind { code } }
          ancestors { code depth }
          descendants(first: 10) { edges { node { code } } pageInfo { hasNextPage endCursor } }
        }
      }`,
      { id: orgGid(tree.G1) },
    );
    t.equal(status, 200);
    t.same(body, {
      data: {
        organization: {
          id: orgGid(tree.G1),
          code: 'G1',
          name: 'Đảng bộ Sở Tài chính',
          shortName: null,
          sector: 'STATE_AGENCY',
          status: 'ACTIVE',
          establishedOn: '2020-01-01',
          endedOn: null,
          asOf: '2024-06-30',
          stateSince: '2020-01-01',
          depth: 2,
          kind: {
            code: 'GRASSROOTS_COMMITTEE',
            nameVi: 'Đảng bộ cơ sở',
            isGrassroots: true,
            allowedParentKinds: ['PROVINCIAL_COMMITTEE', 'UPPER_GRASSROOTS_COMMITTEE'],
          },
          parent: { code: 'U1' },
          children: [
            { code: 'B1', name: 'Chi bộ Văn phòng', kind: { code: 'BRANCH' } },
            { code: 'B2', name: 'Chi bộ Thanh tra', kind: { code: 'BRANCH' } },
          ],
          ancestors: [
            { code: 'P', depth: 0 },
            { code: 'U1', depth: 1 },
          ],
          descendants: {
            edges: [{ node: { code: 'B1' } }, { node: { code: 'B2' } }],
            pageInfo: { hasNextPage: false, endCursor: body.data.organization.descendants.pageInfo.endCursor },
          },
        },
      },
    });
  });

  t.test('filters: kind, sector, subtree, search without diacritics', async (t) => {
    const codes = async (filter: object) => {
      const { body } = await gql(`query ($filter: OrganizationFilter) { organizations(filter: $filter, first: 100) { edges { node { code } } } }`, {
        filter,
      });
      return body.data.organizations.edges.map((edge: { node: { code: string } }) => edge.node.code);
    };
    t.same(await codes({}), ['B1', 'B2', 'B3', 'G1', 'G2', 'G3', 'P', 'U1', 'U2']);
    t.same(await codes({ kind: 'BRANCH' }), ['B1', 'B2', 'B3']);
    t.same(await codes({ sector: 'STATE_ENTERPRISE' }), ['B3', 'G3']);
    t.same(await codes({ underId: orgGid(tree.U1) }), ['B1', 'B2', 'G1', 'G2'], 'strictly below U1');
    t.same(await codes({ underId: orgGid(tree.U2), kind: 'BRANCH' }), ['B3']);
    t.same(await codes({ search: 'so tai chinh' }), ['G1'], '"so tai chinh" finds "Sở Tài chính"');
    t.same(await codes({ search: 'ĐẢNG BỘ KHỐI' }), ['U1', 'U2']);
    t.same(await codes({ search: 'g3' }), ['G3'], 'codes are searched too');
    t.same(await codes({ search: 'không có' }), []);
  });

  t.test('cursor pagination', async (t) => {
    const page = async (after?: string) =>
      (
        await gql(`query ($after: String) { organizations(first: 4, after: $after) { edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`, {
          after,
        })
      ).body.data.organizations;
    const first = await page();
    t.same(first.edges.map((e: any) => e.node.code), ['B1', 'B2', 'B3', 'G1']);
    t.equal(first.pageInfo.hasNextPage, true);
    t.equal(first.pageInfo.endCursor, first.edges[3].cursor);
    const second = await page(first.pageInfo.endCursor);
    t.same(second.edges.map((e: any) => e.node.code), ['G2', 'G3', 'P', 'U1']);
    const third = await page(second.pageInfo.endCursor);
    t.same(third.edges.map((e: any) => e.node.code), ['U2']);
    t.equal(third.pageInfo.hasNextPage, false);
  });

  t.test('the kind catalogue', async (t) => {
    const { body } = await gql(`{ organizationKinds { code nameVi nameEn isGrassroots allowedParentKinds } }`);
    t.same(body.data.organizationKinds, [
      { code: 'PROVINCIAL_COMMITTEE', nameVi: 'Đảng bộ tỉnh (Tỉnh ủy)', nameEn: 'Provincial Party committee', isGrassroots: false, allowedParentKinds: [] },
      {
        code: 'UPPER_GRASSROOTS_COMMITTEE',
        nameVi: 'Đảng bộ cấp trên cơ sở',
        nameEn: 'Upper-grassroots Party committee',
        isGrassroots: false,
        allowedParentKinds: ['PROVINCIAL_COMMITTEE'],
      },
      {
        code: 'GRASSROOTS_BRANCH',
        nameVi: 'Chi bộ cơ sở',
        nameEn: 'Grassroots Party branch',
        isGrassroots: true,
        allowedParentKinds: ['PROVINCIAL_COMMITTEE', 'UPPER_GRASSROOTS_COMMITTEE'],
      },
      {
        code: 'GRASSROOTS_COMMITTEE',
        nameVi: 'Đảng bộ cơ sở',
        nameEn: 'Grassroots Party committee',
        isGrassroots: true,
        allowedParentKinds: ['PROVINCIAL_COMMITTEE', 'UPPER_GRASSROOTS_COMMITTEE'],
      },
      { code: 'SUB_COMMITTEE', nameVi: 'Đảng bộ bộ phận', nameEn: 'Party sub-committee', isGrassroots: false, allowedParentKinds: ['GRASSROOTS_COMMITTEE'] },
      { code: 'BRANCH', nameVi: 'Chi bộ trực thuộc', nameEn: 'Party branch', isGrassroots: false, allowedParentKinds: ['GRASSROOTS_COMMITTEE', 'SUB_COMMITTEE'] },
    ]);
  });

  t.test('node and nodes resolve global ids', async (t) => {
    const { body } = await gql(`query ($id: ID!, $ids: [ID!]!) {
      node(id: $id) { id ... on Organization { code } }
      nodes(ids: $ids) { ... on Organization { code } ... on Document { number } }
    }`, { id: orgGid(tree.P), ids: [orgGid(tree.B3), Buffer.from(`Document:${tree.decision.id}`).toString('base64')] });
    t.same(body, { data: { node: { id: orgGid(tree.P), code: 'P' }, nodes: [{ code: 'B3' }, { number: tree.decision.number }] } });
  });

  t.test('an organisation that did not exist yet is null', async (t) => {
    const { body } = await gql(`query ($id: ID!) { organization(id: $id, asOf: "2019-12-31") { code } }`, { id: orgGid(tree.P) });
    t.same(body, { data: { organization: null } });
  });

  t.test('bad query arguments are clear errors', async (t) => {
    const tooMany = await gql(`{ organizations(first: 101) { edges { node { code } } } }`);
    t.same(tooMany.body, {
      data: null,
      errors: [
        {
          message: 'first: must be an integer from 1 to 100, got 101',
          locations: [{ line: 1, column: 3 }],
          path: ['organizations'],
          extensions: { code: 'VALIDATION_FAILED', problems: [{ field: 'first', message: 'must be an integer from 1 to 100, got 101' }] },
        },
      ],
    });
    const malformed = await gql(`{ organization(id: "not-an-id") { code } }`);
    t.equal(malformed.body.errors[0].extensions.code, 'VALIDATION_FAILED');
    t.equal(malformed.body.errors[0].message, 'id: "not-an-id" is not a valid Organization id');
    const wrongType = await gql(`query ($id: ID!) { organization(id: $id) { code } }`, {
      id: Buffer.from(`Document:${tree.decision.id}`).toString('base64'),
    });
    t.equal(wrongType.body.errors[0].extensions.code, 'VALIDATION_FAILED', 'a Document id is not an Organization id');
    const badDate = await gql(`{ organizations(asOf: "2024-02-30") { edges { node { code } } } }`);
    t.equal(badDate.status, 400);
    t.match(badDate.body.errors[0].message, '"2024-02-30" is not a date (YYYY-MM-DD)');
    const badCursor = await gql(`{ organizations(after: "bm9wZQ") { edges { node { code } } } }`);
    t.equal(badCursor.body.errors[0].message, 'after: is not a cursor returned by this API');
    const unknownUnder = await gql(`query ($id: ID!) { organizations(filter: { underId: $id }) { edges { node { code } } } }`, {
      id: orgGid('00000000-0000-7000-8000-000000000000'),
    });
    t.equal(unknownUnder.body.errors[0].extensions.code, 'NOT_FOUND');
  });

  t.test('depth limit', async (t) => {
    const deep = await gql(`{ organizations { edges { node { children { children { children { children { children { code } } } } } } } } }`);
    t.equal(deep.status, 400);
    t.match(deep.body.errors[0].message, /depth/i);
  });
});

t.test('a nested query costs a constant number of statements, whatever the page size', async (t) => {
  const { app, gql, countStatements } = await buildTestApp(t);
  const tree = await buildTree(app);
  const decision = tree.decision.id;
  // 60 grassroots committees with two branches each.
  for (let i = 1; i <= 60; i++) {
    const [id] = (
      await app.services.organizations.establish({
        code: `GX${String(i).padStart(2, '0')}`,
        name: `Đảng bộ Đơn vị ${i}`,
        kindCode: 'GRASSROOTS_COMMITTEE',
        sector: 'PUBLIC_SERVICE_UNIT',
        parentId: i % 2 ? tree.U1 : tree.U2,
        effectiveOn: '2020-02-01',
        decisionId: decision,
      })
    ).organizationIds;
    for (const branch of ['A', 'B']) {
      await app.services.organizations.establish({
        code: `GX${String(i).padStart(2, '0')}-${branch}`,
        name: `Chi bộ ${branch} của đơn vị ${i}`,
        kindCode: 'BRANCH',
        sector: 'PUBLIC_SERVICE_UNIT',
        parentId: id!,
        effectiveOn: '2020-02-01',
        decisionId: decision,
      });
    }
  }
  const query = `query ($first: Int) {
    organizations(first: $first, filter: { kind: "UPPER_GRASSROOTS_COMMITTEE" }) {
      edges { node { code } }
    }
    grassroots: organizations(first: $first, filter: { kind: "GRASSROOTS_COMMITTEE" }) {
      edges { node { code kind { code } parent { code } ancestors { code } children { code children { code } } } }
    }
  }`;
  const small = await countStatements(() => gql(query, { first: 5 }));
  const large = await countStatements(() => gql(query, { first: 50 }));
  t.equal(small.result.body.data.grassroots.edges.length, 5);
  t.equal(large.result.body.data.grassroots.edges.length, 50);
  t.same(large.result.body.data.grassroots.edges[0].node.children.map((c: any) => c.code), ['B1', 'B2']);
  t.same(large.result.body.data.grassroots.edges[5].node.children.map((c: any) => c.code), ['GX04-A', 'GX04-B']);
  // The caller's grants (1), the two lists (relations joined into one statement each), then
  // one batch per nested field: kinds (with their parent kinds), parents (with their
  // ancestors), the listed organisations' ancestors, children, grandchildren.
  t.equal(large.statements, 8, 'statements for a page of 50');
  t.equal(large.roundTrips, 4, 'round trips: the caller, the lists, the nested fields together, grandchildren');
  t.equal(small.statements, large.statements, 'the same for a page of 5');
});
