import t, { type Test } from 'tap';
import { buildTestApp, type TestApp } from '../helper.js';
import { buildTree, createDecision, docGid, orgGid } from '../factories.js';

const RESULT = `
  __typename
  ... on OrganizationEventPayload {
    event { type effectiveOn decision { number } details participants { role organization { code } } }
    organization { code name status parent { code } }
    organizations { code status }
  }
  ... on Error { code message }
  ... on RuleViolationError { rule }
  ... on ValidationError { problems { field message } }
  ... on InvalidTransitionError { state attemptedEvent }
  ... on NotFoundError { entity }
  ... on ConflictError { field }
`;

const mutation = (name: string, inputType: string) =>
  `mutation ($input: ${inputType}!) { result: ${name}(input: $input) { ${RESULT} } }`;

const ESTABLISH = mutation('establishOrganization', 'EstablishOrganizationInput');
const RENAME = mutation('renameOrganization', 'RenameOrganizationInput');
const MOVE = mutation('moveOrganization', 'MoveOrganizationInput');
const MERGE = mutation('mergeOrganizations', 'MergeOrganizationsInput');
const SPLIT = mutation('splitOrganization', 'SplitOrganizationInput');
const DISSOLVE = mutation('dissolveOrganization', 'DissolveOrganizationInput');

async function setup(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const decision = docGid(tree.decision.id);
  return { ...api, tree, decision };
}

/** Runs a mutation that must be refused, and checks that nothing at all was written. */
async function refused(t: Test, api: TestApp, query: string, input: object) {
  const before = await api.snapshot();
  const { status, body } = await api.gql(query, { input });
  t.equal(status, 200);
  t.same(await api.snapshot(), before, 'nothing was written');
  return body.data.result;
}

async function children(api: TestApp, id: string, asOf: string): Promise<string[]> {
  const { body } = await api.gql(`query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { children { code } } }`, { id, asOf });
  return body.data.organization?.children.map((c: { code: string }) => c.code) ?? null;
}

t.test('establish', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  const input = {
    organization: {
      code: 'G4',
      name: 'Đảng bộ Sở Xây dựng',
      shortName: 'SXD',
      kind: 'GRASSROOTS_COMMITTEE',
      sector: 'STATE_AGENCY',
      address: '1 Trường Thi',
      parentId: orgGid(tree.U1),
    },
    effectiveOn: '2021-03-01',
    decisionId: decision,
    note: 'Thành lập theo đề án',
  };
  const { body } = await gql(ESTABLISH, { input });
  t.same(body.data.result, {
    __typename: 'OrganizationEventPayload',
    event: {
      type: 'ESTABLISHED',
      effectiveOn: '2021-03-01',
      decision: { number: tree.decision.number },
      details: { code: 'G4' },
      participants: [
        { role: 'SUBJECT', organization: { code: 'G4' } },
        { role: 'PARENT_AFTER', organization: { code: 'U1' } },
      ],
    },
    organization: { code: 'G4', name: 'Đảng bộ Sở Xây dựng', status: 'ACTIVE', parent: { code: 'U1' } },
    organizations: [{ code: 'G4', status: 'ACTIVE' }],
  });
  t.same(await children(api, orgGid(tree.U1), '2021-02-28'), ['G1', 'G2'], 'not there the day before');
  t.same(await children(api, orgGid(tree.U1), '2021-03-01'), ['G1', 'G2', 'G4']);

  t.test('refusals change nothing', async (t) => {
    const base = { ...input, organization: { ...input.organization, code: 'G5' } };
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, kind: 'CELL' } }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message:
        'kind: unknown kind "CELL"; known kinds: PROVINCIAL_COMMITTEE, UPPER_GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH, GRASSROOTS_COMMITTEE, SUB_COMMITTEE, BRANCH',
      problems: [
        {
          field: 'kind',
          message:
            'unknown kind "CELL"; known kinds: PROVINCIAL_COMMITTEE, UPPER_GRASSROOTS_COMMITTEE, GRASSROOTS_BRANCH, GRASSROOTS_COMMITTEE, SUB_COMMITTEE, BRANCH',
        },
      ],
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, kind: 'BRANCH' } }), {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message:
        'a BRANCH cannot be placed under U1 (UPPER_GRASSROOTS_COMMITTEE); allowed parent kinds: GRASSROOTS_COMMITTEE, SUB_COMMITTEE',
      rule: 'PARENT_KIND_NOT_ALLOWED',
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, kind: 'BRANCH', parentId: orgGid(tree.G2) } }), {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'a BRANCH cannot be placed under G2 (GRASSROOTS_BRANCH); allowed parent kinds: GRASSROOTS_COMMITTEE, SUB_COMMITTEE',
      rule: 'PARENT_KIND_NOT_ALLOWED',
    }, 'a grassroots branch has no sub-organisations');
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, code: 'G1' } }), {
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message: 'an organisation with code G1 already exists',
      field: 'code',
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, effectiveOn: '2019-06-01' }), {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'U1 was established on 2020-01-01: nothing can happen to it on 2019-06-01',
      rule: 'BEFORE_ESTABLISHMENT',
    }, 'an event dated before its parent existed');
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, parentId: 'xyz' } }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'organization.parentId: "xyz" is not a valid Organization id',
      problems: [{ field: 'organization.parentId', message: '"xyz" is not a valid Organization id' }],
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, decisionId: orgGid(tree.P) }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: `decisionId: "${orgGid(tree.P)}" is not a valid Document id`,
      problems: [{ field: 'decisionId', message: `"${orgGid(tree.P)}" is not a valid Document id` }],
    });
    const missing = '0190a000-0000-7000-8000-000000000000';
    t.same(await refused(t, api, ESTABLISH, { ...base, decisionId: docGid(missing) }), {
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      message: `Document ${missing} was not found`,
      entity: 'Document',
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, name: '   ' } }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'name: must not be empty',
      problems: [{ field: 'name', message: 'must not be empty' }],
    });
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, code: 'có dấu' } }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'code: use 1–40 letters, digits, ".", "_", "/" or "-", starting with a letter or digit',
      problems: [{ field: 'code', message: 'use 1–40 letters, digits, ".", "_", "/" or "-", starting with a letter or digit' }],
    });
    t.same(
      await refused(t, api, ESTABLISH, {
        ...base,
        organization: { ...base.organization, kind: 'PROVINCIAL_COMMITTEE', parentId: orgGid(tree.P) },
      }),
      {
        __typename: 'RuleViolationError',
        code: 'RULE_VIOLATION',
        message: 'a PROVINCIAL_COMMITTEE cannot be placed under P (PROVINCIAL_COMMITTEE); allowed parent kinds: none (it is a root)',
        rule: 'PARENT_KIND_NOT_ALLOWED',
      },
    );
    t.same(await refused(t, api, ESTABLISH, { ...base, organization: { ...base.organization, parentId: null } }), {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'parentId: a GRASSROOTS_COMMITTEE must have a parent',
      problems: [{ field: 'parentId', message: 'a GRASSROOTS_COMMITTEE must have a parent' }],
    });
  });
});

t.test('rename keeps the old name in history', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  const { body } = await gql(RENAME, {
    input: { organizationId: orgGid(tree.G1), name: 'Đảng bộ Sở Tài chính tỉnh', effectiveOn: '2023-01-01', decisionId: decision },
  });
  t.same(body.data.result.event.details, {
    nameBefore: 'Đảng bộ Sở Tài chính',
    nameAfter: 'Đảng bộ Sở Tài chính tỉnh',
    shortNameBefore: null,
    shortNameAfter: null,
  });
  t.equal(body.data.result.organization.name, 'Đảng bộ Sở Tài chính tỉnh');
  const names = await gql(`query ($id: ID!) {
    before: organization(id: $id, asOf: "2022-12-31") { name stateSince }
    after: organization(id: $id, asOf: "2023-01-01") { name stateSince history { type effectiveOn } }
  }`, { id: orgGid(tree.G1) });
  t.same(names.body.data, {
    before: { name: 'Đảng bộ Sở Tài chính', stateSince: '2020-01-01' },
    after: {
      name: 'Đảng bộ Sở Tài chính tỉnh',
      stateSince: '2023-01-01',
      history: [
        { type: 'ESTABLISHED', effectiveOn: '2020-01-01' },
        { type: 'RENAMED', effectiveOn: '2023-01-01' },
      ],
    },
  });
  t.same(
    await refused(t, api, RENAME, { organizationId: orgGid(tree.G1), name: 'Tên khác', effectiveOn: '2022-06-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'G1 last changed on 2023-01-01: events are recorded in date order, so one on 2022-06-01 cannot follow',
      rule: 'OUT_OF_ORDER',
    },
  );
});

t.test('an event dated before the organisation existed', async (t) => {
  const api = await setup(t);
  const { tree, decision } = api;
  t.same(
    await refused(t, api, RENAME, { organizationId: orgGid(tree.B1), name: 'Chi bộ cũ', effectiveOn: '2019-12-31', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'B1 was established on 2020-01-01: nothing can happen to it on 2019-12-31',
      rule: 'BEFORE_ESTABLISHMENT',
    },
  );
  t.same(
    await refused(t, api, DISSOLVE, { organizationId: orgGid(tree.B1), effectiveOn: '2019-01-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'B1 was established on 2020-01-01: nothing can happen to it on 2019-01-01',
      rule: 'BEFORE_ESTABLISHMENT',
    },
  );
});

t.test('move carries the whole subtree', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  const { body } = await gql(MOVE, {
    input: { organizationId: orgGid(tree.G1), newParentId: orgGid(tree.U2), effectiveOn: '2022-07-01', decisionId: decision },
  });
  t.same(body.data.result.event.participants, [
    { role: 'SUBJECT', organization: { code: 'G1' } },
    { role: 'PARENT_BEFORE', organization: { code: 'U1' } },
    { role: 'PARENT_AFTER', organization: { code: 'U2' } },
  ]);
  const below = async (id: string, asOf: string) =>
    (
      await gql(`query ($id: ID!, $asOf: Date) { organization(id: $id, asOf: $asOf) { descendants(first: 50) { edges { node { code ancestors { code } } } } } }`, {
        id,
        asOf,
      })
    ).body.data.organization.descendants.edges.map((e: any) => `${e.node.code}<${e.node.ancestors.map((a: any) => a.code).join('/')}`);
  t.same(await below(orgGid(tree.U1), '2022-06-30'), ['B1<P/U1/G1', 'B2<P/U1/G1', 'G1<P/U1', 'G2<P/U1']);
  t.same(await below(orgGid(tree.U1), '2022-07-01'), ['G2<P/U1']);
  t.same(await below(orgGid(tree.U2), '2022-07-01'), ['B1<P/U2/G1', 'B2<P/U2/G1', 'B3<P/U2/G3', 'G1<P/U2', 'G3<P/U2']);

  t.same(
    await refused(t, api, MOVE, { organizationId: orgGid(tree.U2), newParentId: orgGid(tree.G1), effectiveOn: '2023-01-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'G1 lies within U2: an organisation cannot move under itself',
      rule: 'MOVE_UNDER_OWN_DESCENDANT',
    },
  );
  t.same(
    await refused(t, api, MOVE, { organizationId: orgGid(tree.B3), newParentId: orgGid(tree.U1), effectiveOn: '2023-01-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'a BRANCH cannot be placed under U1 (UPPER_GRASSROOTS_COMMITTEE); allowed parent kinds: GRASSROOTS_COMMITTEE, SUB_COMMITTEE',
      rule: 'PARENT_KIND_NOT_ALLOWED',
    },
  );
  t.same(
    await refused(t, api, MOVE, { organizationId: orgGid(tree.G1), newParentId: orgGid(tree.U1), effectiveOn: '2022-06-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'G1 last changed on 2022-07-01: events are recorded in date order, so one on 2022-06-01 cannot follow',
      rule: 'OUT_OF_ORDER',
    },
    'a child of a moved organisation cannot take an event dated before the move',
  );
});

t.test('merge: the tree before and after a 2025 merge both stay answerable', async (t) => {
  const api = await setup(t);
  const { tree, gql } = api;
  const decision = await createDecision(api.app, { number: '1788-QĐ/TU', issuedOn: '2025-01-25' });
  const { body } = await gql(MERGE, {
    input: {
      sourceIds: [orgGid(tree.U1), orgGid(tree.U2)],
      newTarget: {
        code: 'U3',
        name: 'Đảng bộ các cơ quan Đảng tỉnh',
        kind: 'UPPER_GRASSROOTS_COMMITTEE',
        sector: 'PARTY_AGENCY',
      },
      effectiveOn: '2025-02-01',
      decisionId: docGid(decision.id),
    },
  });
  t.same(body.data.result, {
    __typename: 'OrganizationEventPayload',
    event: {
      type: 'MERGED',
      effectiveOn: '2025-02-01',
      decision: { number: '1788-QĐ/TU' },
      details: { sources: ['U1', 'U2'] },
      participants: [
        { role: 'SOURCE', organization: { code: 'U1' } },
        { role: 'SOURCE', organization: { code: 'U2' } },
        { role: 'TARGET', organization: { code: 'U3' } },
      ],
    },
    organization: { code: 'U3', name: 'Đảng bộ các cơ quan Đảng tỉnh', status: 'ACTIVE', parent: { code: 'P' } },
    organizations: [
      { code: 'U3', status: 'ACTIVE' },
      { code: 'U1', status: 'MERGED' },
      { code: 'U2', status: 'MERGED' },
    ],
  });

  const tree2 = async (asOf: string) =>
    (
      await gql(`query ($asOf: Date) {
        organizations(asOf: $asOf, filter: { kind: "PROVINCIAL_COMMITTEE" }) {
          edges { node { code children { code status children { code children { code ancestors { code } } } } } }
        }
      }`, { asOf })
    ).body.data.organizations.edges[0].node;
  t.same(await tree2('2024-12-31'), {
    code: 'P',
    children: [
      {
        code: 'U1',
        status: 'ACTIVE',
        children: [
          { code: 'G1', children: [{ code: 'B1', ancestors: [{ code: 'P' }, { code: 'U1' }, { code: 'G1' }] }, { code: 'B2', ancestors: [{ code: 'P' }, { code: 'U1' }, { code: 'G1' }] }] },
          { code: 'G2', children: [] },
        ],
      },
      { code: 'U2', status: 'ACTIVE', children: [{ code: 'G3', children: [{ code: 'B3', ancestors: [{ code: 'P' }, { code: 'U2' }, { code: 'G3' }] }] }] },
    ],
  });
  t.same(await tree2('2025-02-01'), {
    code: 'P',
    children: [
      {
        code: 'U3',
        status: 'ACTIVE',
        children: [
          { code: 'G1', children: [{ code: 'B1', ancestors: [{ code: 'P' }, { code: 'U3' }, { code: 'G1' }] }, { code: 'B2', ancestors: [{ code: 'P' }, { code: 'U3' }, { code: 'G1' }] }] },
          { code: 'G2', children: [] },
          { code: 'G3', children: [{ code: 'B3', ancestors: [{ code: 'P' }, { code: 'U3' }, { code: 'G3' }] }] },
        ],
      },
    ],
  });
  const merged = await gql(`query ($id: ID!) {
    organization(id: $id, asOf: "2025-06-01") { status endedOn children { code } }
    ended: organizations(asOf: "2025-06-01", filter: { status: [MERGED, DISSOLVED] }) { edges { node { code status } } }
  }`, { id: orgGid(tree.U1) });
  t.same(merged.body.data, {
    organization: { status: 'MERGED', endedOn: '2025-02-01', children: [] },
    ended: { edges: [{ node: { code: 'U1', status: 'MERGED' } }, { node: { code: 'U2', status: 'MERGED' } }] },
  });

  t.same(
    await refused(t, api, RENAME, { organizationId: orgGid(tree.U1), name: 'X', effectiveOn: '2025-03-01', decisionId: docGid(decision.id) }),
    {
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      message: 'U1 is MERGED since 2025-02-01: it cannot take part in a rename',
      state: 'MERGED',
      attemptedEvent: 'RENAMED',
    },
    'a merged organisation takes no further events',
  );
  t.same(
    await refused(t, api, MERGE, { sourceIds: [orgGid(tree.G1)], targetId: orgGid(tree.G1), effectiveOn: '2025-03-01', decisionId: docGid(decision.id) }),
    {
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      message: 'targetId: the target cannot also be a source',
      problems: [{ field: 'targetId', message: 'the target cannot also be a source' }],
    },
  );
  t.same(
    await refused(t, api, MERGE, { sourceIds: [orgGid(tree.G1)], targetId: orgGid(tree.B1), effectiveOn: '2025-03-01', decisionId: docGid(decision.id) }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'B1 lies under G1, so it cannot absorb it',
      rule: 'MERGE_INTO_OWN_DESCENDANT',
    },
  );
});

t.test('merge into an existing organisation moves the children', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  const { body } = await gql(MERGE, {
    input: { sourceIds: [orgGid(tree.G3)], targetId: orgGid(tree.G1), effectiveOn: '2024-01-01', decisionId: decision },
  });
  t.same(body.data.result.organizations, [
    { code: 'G1', status: 'ACTIVE' },
    { code: 'G3', status: 'MERGED' },
  ]);
  t.same(await children(api, orgGid(tree.G1), '2024-01-01'), ['B1', 'B2', 'B3']);
  t.same(await children(api, orgGid(tree.U2), '2024-01-01'), []);
});

t.test('split', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  const part = (code: string, name: string, childIds: string[]) => ({
    organization: { code, name, kind: 'UPPER_GRASSROOTS_COMMITTEE', sector: 'PARTY_AGENCY' },
    childIds,
  });
  t.same(
    await refused(t, api, SPLIT, {
      sourceId: orgGid(tree.U1),
      sourceContinues: false,
      parts: [part('UA', 'Đảng bộ A', [orgGid(tree.G1)]), part('UB', 'Đảng bộ B', [])],
      effectiveOn: '2025-02-01',
      decisionId: decision,
    }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'the split ends U1 but leaves G2 without a part',
      rule: 'CHILDREN_LEFT_BEHIND',
    },
  );
  t.same(
    await refused(t, api, SPLIT, {
      sourceId: orgGid(tree.U1),
      sourceContinues: true,
      parts: [part('UA', 'Đảng bộ A', [orgGid(tree.G3)])],
      effectiveOn: '2025-02-01',
      decisionId: decision,
    }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: `organisation ${tree.G3} is not an active sub-organisation of U1`,
      rule: 'NOT_A_CHILD',
    },
  );
  const { body } = await gql(SPLIT, {
    input: {
      sourceId: orgGid(tree.U1),
      sourceContinues: false,
      parts: [part('UA', 'Đảng bộ các cơ quan Đảng', [orgGid(tree.G1)]), part('UB', 'Đảng bộ UBND', [orgGid(tree.G2)])],
      effectiveOn: '2025-02-01',
      decisionId: decision,
    },
  });
  t.same(body.data.result.organizations, [
    { code: 'U1', status: 'DISSOLVED' },
    { code: 'UA', status: 'ACTIVE' },
    { code: 'UB', status: 'ACTIVE' },
  ]);
  t.same(await children(api, orgGid(tree.P), '2025-02-01'), ['U2', 'UA', 'UB']);
  t.same(await children(api, orgGid(tree.P), '2025-01-31'), ['U1', 'U2']);
  const ua = body.data.result.event.participants.find((p: any) => p.organization.code === 'UA');
  t.equal(ua.role, 'RESULT');
});

t.test('dissolve', async (t) => {
  const api = await setup(t);
  const { tree, decision, gql } = api;
  t.same(
    await refused(t, api, DISSOLVE, { organizationId: orgGid(tree.G1), effectiveOn: '2024-01-01', decisionId: decision }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'G1 still has 2 active sub-organisation(s): move, merge or dissolve them first',
      rule: 'HAS_ACTIVE_CHILDREN',
    },
  );
  const { body } = await gql(DISSOLVE, { input: { organizationId: orgGid(tree.B2), effectiveOn: '2024-01-01', decisionId: decision } });
  t.same(body.data.result.organizations, [{ code: 'B2', status: 'DISSOLVED' }]);
  t.same(await children(api, orgGid(tree.G1), '2024-01-01'), ['B1']);
  t.same(await children(api, orgGid(tree.G1), '2023-12-31'), ['B1', 'B2']);
  t.same(
    await refused(t, api, DISSOLVE, { organizationId: orgGid(tree.B2), effectiveOn: '2024-02-01', decisionId: decision }),
    {
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      message: 'B2 is DISSOLVED since 2024-01-01: it cannot take part in a dissolution',
      state: 'DISSOLVED',
      attemptedEvent: 'DISSOLVED',
    },
  );
  t.same(
    await refused(t, api, MOVE, { organizationId: orgGid(tree.B1), newParentId: orgGid(tree.B2), effectiveOn: '2024-02-01', decisionId: decision }),
    {
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      message: 'B2 is DISSOLVED since 2024-01-01: it cannot take part in a move',
      state: 'DISSOLVED',
      attemptedEvent: 'MOVED',
    },
    'nothing moves under a dissolved organisation',
  );
  t.same(
    await refused(t, api, ESTABLISH, {
      organization: { code: 'B9', name: 'Chi bộ mới', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.B2) },
      effectiveOn: '2024-02-01',
      decisionId: decision,
    }),
    {
      __typename: 'InvalidTransitionError',
      code: 'INVALID_TRANSITION',
      message: 'B2 is DISSOLVED since 2024-01-01: it cannot take part in an establishment',
      state: 'DISSOLVED',
      attemptedEvent: 'ESTABLISHED',
    },
  );
});
