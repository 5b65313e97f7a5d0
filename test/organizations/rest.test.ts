import t from 'tap';
import { buildTestApp } from '../helper.js';
import { buildTree, docGid, orgGid } from '../factories.js';

t.test('REST: reading the tree', async (t) => {
  const { app, request } = await buildTestApp(t);
  const tree = await buildTree(app);

  t.test('list with filters and cursor pagination', async (t) => {
    const first = await request({ method: 'GET', url: '/api/v1/organizations?first=2&kind=BRANCH' });
    t.equal(first.status, 200);
    t.same(first.body, {
      items: [
        {
          id: orgGid(tree.B1),
          code: 'B1',
          name: 'Chi bộ Văn phòng',
          shortName: null,
          kind: 'BRANCH',
          sector: 'STATE_AGENCY',
          address: null,
          status: 'ACTIVE',
          parentId: orgGid(tree.G1),
          depth: 3,
          establishedOn: '2020-01-01',
          endedOn: null,
          asOf: first.body.items[0].asOf,
          stateSince: '2020-01-01',
        },
        first.body.items[1],
      ],
      pageInfo: { hasNextPage: true, endCursor: first.body.pageInfo.endCursor },
    });
    t.equal(first.body.items[1].code, 'B2');
    const second = await request({ method: 'GET', url: `/api/v1/organizations?first=2&kind=BRANCH&after=${first.body.pageInfo.endCursor}` });
    t.same(second.body.items.map((o: any) => o.code), ['B3']);
    t.equal(second.body.pageInfo.hasNextPage, false);

    const under = await request({ method: 'GET', url: `/api/v1/organizations?underId=${encodeURIComponent(orgGid(tree.U2))}` });
    t.same(under.body.items.map((o: any) => o.code), ['B3', 'G3']);
    const search = await request({ method: 'GET', url: `/api/v1/organizations?search=${encodeURIComponent('cong ty dien luc')}` });
    t.same(search.body.items.map((o: any) => o.code), ['G3']);
    const before = await request({ method: 'GET', url: '/api/v1/organizations?asOf=2019-12-31' });
    t.same(before.body, { items: [], pageInfo: { hasNextPage: false, endCursor: null } });
    const statuses = await request({ method: 'GET', url: '/api/v1/organizations?status=DISSOLVED&status=MERGED' });
    t.same(statuses.body.items, []);
  });

  t.test('one organisation, its children and its history', async (t) => {
    const one = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}?asOf=2021-01-01` });
    t.equal(one.status, 200);
    t.equal(one.body.code, 'G1');
    t.equal(one.body.asOf, '2021-01-01');
    t.match(one.headers.etag, /^"[0-9a-f-]{36}"$/);
    const kids = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/children` });
    t.same(kids.body.items.map((o: any) => o.code), ['B1', 'B2']);
    const history = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.G1))}/history` });
    t.same(history.body, {
      items: [
        {
          id: history.body.items[0].id,
          type: 'ESTABLISHED',
          effectiveOn: '2020-01-01',
          decisionId: docGid(tree.decision.id),
          note: null,
          details: { code: 'G1' },
          recordedAt: history.body.items[0].recordedAt,
          participants: [
            { role: 'SUBJECT', organizationId: orgGid(tree.G1) },
            { role: 'PARENT_AFTER', organizationId: orgGid(tree.U1) },
          ],
        },
      ],
    });
    const kinds = await request({ method: 'GET', url: '/api/v1/organization-kinds' });
    t.same(kinds.body.items.map((k: any) => k.code), [
      'PROVINCIAL_COMMITTEE',
      'UPPER_GRASSROOTS_COMMITTEE',
      'GRASSROOTS_BRANCH',
      'GRASSROOTS_COMMITTEE',
      'SUB_COMMITTEE',
      'BRANCH',
    ]);
    t.same(kinds.body.items[5], {
      code: 'BRANCH',
      nameVi: 'Chi bộ trực thuộc',
      nameEn: 'Party branch',
      isGrassroots: false,
      allowedParentKinds: ['GRASSROOTS_COMMITTEE', 'SUB_COMMITTEE'],
    });
  });

  t.test('bad requests are problem details', async (t) => {
    const malformed = await request({ method: 'GET', url: '/api/v1/organizations/not-an-id' });
    t.equal(malformed.status, 400);
    t.same(malformed.body, {
      type: 'urn:problem:validation-failed',
      title: 'Bad request',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'id: "not-an-id" is not a valid Organization id',
      instance: '/api/v1/organizations/not-an-id',
      requestId: malformed.headers['x-request-id'],
      problems: [{ field: 'id', message: '"not-an-id" is not a valid Organization id' }],
    });
    const missing = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid('0190a000-0000-7000-8000-000000000000'))}` });
    t.equal(missing.status, 404);
    t.equal(missing.body.code, 'NOT_FOUND');
    const tooMany = await request({ method: 'GET', url: '/api/v1/organizations?first=101' });
    t.equal(tooMany.status, 400);
    t.equal(tooMany.body.code, 'VALIDATION_FAILED');
    t.same(tooMany.body.problems, [{ field: 'querystring.first', message: 'must be <= 100' }]);
    const unknownParam = await request({ method: 'GET', url: '/api/v1/organizations?colour=red' });
    t.equal(unknownParam.status, 400);
    t.same(unknownParam.body.problems, [{ field: 'querystring.colour', message: 'must NOT have additional properties' }]);
    const badDate = await request({ method: 'GET', url: '/api/v1/organizations?asOf=2024-13-01' });
    t.equal(badDate.status, 400);
    const badStatus = await request({ method: 'GET', url: '/api/v1/organizations?status=SLEEPING' });
    t.equal(badStatus.status, 400);
  });
});

t.test('REST: restructuring events', async (t) => {
  const api = await buildTestApp(t);
  const { app, request, snapshot } = api;
  const tree = await buildTree(app);
  const decisionId = docGid(tree.decision.id);
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    request({ method: 'POST', url: `/api/v1${url}`, payload, headers });
  const path = (id: string) => `/organizations/${encodeURIComponent(orgGid(id))}`;

  t.test('establish, then refusals that change nothing', async (t) => {
    const created = await post('/organizations', {
      organization: { code: 'G4', name: 'Chi bộ Sở Ngoại vụ', kind: 'GRASSROOTS_BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.U1) },
      effectiveOn: '2021-05-01',
      decisionId,
    });
    t.equal(created.status, 201);
    t.equal(created.body.event.type, 'ESTABLISHED');
    t.same(created.body.organizations.map((o: any) => [o.code, o.kind, o.parentId, o.asOf]), [
      ['G4', 'GRASSROOTS_BRANCH', orgGid(tree.U1), '2021-05-01'],
    ]);

    const before = await snapshot();
    const duplicate = await post('/organizations', {
      organization: { code: 'G4', name: 'Trùng mã', kind: 'GRASSROOTS_BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.U1) },
      effectiveOn: '2021-05-01',
      decisionId,
    });
    t.equal(duplicate.status, 409);
    t.same({ code: duplicate.body.code, field: duplicate.body.field, detail: duplicate.body.detail }, {
      code: 'CONFLICT',
      field: 'code',
      detail: 'an organisation with code G4 already exists',
    });
    const badKind = await post('/organizations', {
      organization: { code: 'G5', name: 'X', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.U1) },
      effectiveOn: '2021-05-01',
      decisionId,
    });
    t.equal(badKind.status, 422);
    t.same([badKind.body.code, badKind.body.rule], ['RULE_VIOLATION', 'PARENT_KIND_NOT_ALLOWED']);
    const extra = await post('/organizations', {
      organization: { code: 'G5', name: 'X', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.G1), colour: 'red' },
      effectiveOn: '2021-05-01',
      decisionId,
    });
    t.equal(extra.status, 400);
    t.same(extra.body.problems, [{ field: 'body.organization.colour', message: 'must NOT have additional properties' }]);
    const missingField = await post('/organizations', { organization: { code: 'G5' }, effectiveOn: '2021-05-01', decisionId });
    t.equal(missingField.status, 400);
    t.equal(missingField.body.code, 'VALIDATION_FAILED');
    const badSector = await post('/organizations', {
      organization: { code: 'G5', name: 'X', kind: 'BRANCH', sector: 'SPACE', parentId: orgGid(tree.G1) },
      effectiveOn: '2021-05-01',
      decisionId,
    });
    t.equal(badSector.status, 400);
    t.same(await snapshot(), before, 'nothing was written by the refused requests');
  });

  t.test('rename with If-Match', async (t) => {
    const current = await request({ method: 'GET', url: `/api/v1${path(tree.G2)}` });
    const stale = '"00000000-0000-0000-0000-000000000000"';
    const before = await snapshot();
    const refused = await post(`${path(tree.G2)}/rename`, { name: 'Chi bộ Sở Tư pháp tỉnh', effectiveOn: '2022-01-01', decisionId }, { 'if-match': stale });
    t.equal(refused.status, 412);
    t.equal(refused.body.code, 'PRECONDITION_FAILED');
    t.same(await snapshot(), before);
    const renamed = await post(
      `${path(tree.G2)}/rename`,
      { name: 'Chi bộ Sở Tư pháp tỉnh', effectiveOn: '2022-01-01', decisionId },
      { 'if-match': String(current.headers.etag) },
    );
    t.equal(renamed.status, 201);
    t.equal(renamed.body.organizations[0].name, 'Chi bộ Sở Tư pháp tỉnh');
    const after = await request({ method: 'GET', url: `/api/v1${path(tree.G2)}` });
    t.not(after.headers.etag, current.headers.etag, 'the ETag changes with the organisation');
  });

  t.test('move, merge, split, dissolve', async (t) => {
    const moved = await post(`${path(tree.G2)}/move`, { newParentId: orgGid(tree.U2), effectiveOn: '2023-01-01', decisionId });
    t.equal(moved.status, 201);
    t.equal(moved.body.organizations[0].parentId, orgGid(tree.U2));
    const selfMove = await post(`${path(tree.U2)}/move`, { newParentId: orgGid(tree.G3), effectiveOn: '2023-02-01', decisionId });
    t.equal(selfMove.status, 422);
    t.equal(selfMove.body.rule, 'MOVE_UNDER_OWN_DESCENDANT');

    const merged = await post('/organizations/merge', { sourceIds: [orgGid(tree.B2)], targetId: orgGid(tree.B1), effectiveOn: '2023-03-01', decisionId });
    t.equal(merged.status, 201);
    t.same(merged.body.organizations.map((o: any) => [o.code, o.status]), [
      ['B1', 'ACTIVE'],
      ['B2', 'MERGED'],
    ]);
    const split = await post(`${path(tree.G3)}/split`, {
      sourceContinues: true,
      parts: [
        {
          organization: { code: 'G3B', name: 'Đảng bộ Công ty Điện lực 2', kind: 'GRASSROOTS_COMMITTEE', sector: 'STATE_ENTERPRISE' },
          childIds: [orgGid(tree.B3)],
        },
      ],
      effectiveOn: '2023-04-01',
      decisionId,
    });
    t.equal(split.status, 201);
    t.same(split.body.organizations.map((o: any) => [o.code, o.status]), [
      ['G3', 'ACTIVE'],
      ['G3B', 'ACTIVE'],
    ]);
    const dissolved = await post(`${path(tree.G3)}/dissolve`, { effectiveOn: '2023-05-01', decisionId });
    t.equal(dissolved.status, 201);
    t.equal(dissolved.body.organizations[0].status, 'DISSOLVED');
    const again = await post(`${path(tree.G3)}/rename`, { name: 'Y', effectiveOn: '2023-06-01', decisionId });
    t.equal(again.status, 409);
    t.same([again.body.code, again.body.state, again.body.event], ['INVALID_TRANSITION', 'DISSOLVED', 'RENAMED']);
  });
});
