import t from 'tap';
import { buildTestApp } from './helper.js';
import { buildTree, orgGid } from './factories.js';

const CREATE = `mutation ($input: CreateDocumentInput!) {
  result: createDocument(input: $input) {
    __typename
    ... on CreateDocumentPayload { document { id type number issuedOn issuer { code } issuerName title summary } }
    ... on Error { code message }
    ... on ValidationError { problems { field message } }
  }
}`;

t.test('documents through GraphQL', async (t) => {
  const api = await buildTestApp(t);
  const { app, gql, snapshot } = api;
  const tree = await buildTree(app);

  const { body } = await gql(CREATE, {
    input: {
      type: 'RESOLUTION',
      number: '05-NQ/ĐUK',
      issuedOn: '2021-08-16',
      issuerId: orgGid(tree.U1),
      title: 'Nghị quyết chuyên đề về nâng cao chất lượng tổ chức cơ sở đảng',
      summary: 'Nghị quyết chuyên đề nhiệm kỳ 2020–2025',
    },
  });
  t.same(body.data.result, {
    __typename: 'CreateDocumentPayload',
    document: {
      id: body.data.result.document.id,
      type: 'RESOLUTION',
      number: '05-NQ/ĐUK',
      issuedOn: '2021-08-16',
      issuer: { code: 'U1' },
      issuerName: null,
      title: 'Nghị quyết chuyên đề về nâng cao chất lượng tổ chức cơ sở đảng',
      summary: 'Nghị quyết chuyên đề nhiệm kỳ 2020–2025',
    },
  });

  const before = await snapshot();
  const duplicate = await gql(CREATE, {
    input: { type: 'RESOLUTION', number: '05-NQ/ĐUK', issuedOn: '2021-08-16', issuerId: orgGid(tree.U1), title: 'Trùng' },
  });
  t.same(duplicate.body.data.result, {
    __typename: 'ConflictError',
    code: 'CONFLICT',
    message: 'document 05-NQ/ĐUK of 2021-08-16 is already recorded',
  });
  const external = { type: 'REGULATION', number: '366-QĐ/TW', issuedOn: '2025-08-30', issuerName: 'Ban Chấp hành Trung ương', title: 'Quy định về đánh giá, xếp loại' };
  const noIssuer = await gql(CREATE, { input: { ...external, issuerName: undefined } });
  t.same(noIssuer.body.data.result.problems, [
    { field: 'issuer', message: 'give exactly one of issuerId (an organisation in the tree) or issuerName (one outside it)' },
  ]);
  const empty = await gql(CREATE, { input: { ...external, number: ' ', title: '' } });
  t.same(empty.body.data.result.problems, [
    { field: 'number', message: 'must not be empty' },
    { field: 'title', message: 'must not be empty' },
  ]);
  t.same(await snapshot(), before, 'refused documents write nothing');

  const created = await gql(CREATE, { input: external });
  t.equal(created.body.data.result.__typename, 'CreateDocumentPayload');
  const again = await gql(CREATE, { input: external });
  t.equal(again.body.data.result.code, 'CONFLICT', 'an issuer outside the tree is checked for duplicates too');

  const list = await gql(`{
    all: documents(first: 10) { edges { node { number } } }
    found: documents(filter: { search: "danh gia xep loai" }) { edges { node { number } } }
    resolutions: documents(filter: { type: RESOLUTION, issuedFrom: "2021-01-01", issuedTo: "2021-12-31" }) { edges { node { number } } }
  }`);
  t.same(list.body.data, {
    all: { edges: [{ node: { number: '366-QĐ/TW' } }, { node: { number: '05-NQ/ĐUK' } }, { node: { number: tree.decision.number } }] },
    found: { edges: [{ node: { number: '366-QĐ/TW' } }] },
    resolutions: { edges: [{ node: { number: '05-NQ/ĐUK' } }] },
  });
  const one = await gql(`query ($id: ID!) { document(id: $id) { number issuer { code } } }`, { id: created.body.data.result.document.id });
  t.same(one.body.data.document, { number: '366-QĐ/TW', issuer: null });
});

t.test('documents through REST, with idempotent creation', async (t) => {
  const { app, request, snapshot } = await buildTestApp(t);
  const tree = await buildTree(app);
  const payload = { type: 'DECISION', number: '1788-QĐ/TU', issuedOn: '2025-06-20', issuerId: orgGid(tree.P), title: 'Quyết định chuyển giao tổ chức đảng' };

  const created = await request({ method: 'POST', url: '/api/v1/documents', payload, headers: { 'idempotency-key': 'doc-1788' } });
  t.equal(created.status, 201);
  t.same(created.body, {
    id: created.body.id,
    type: 'DECISION',
    number: '1788-QĐ/TU',
    issuedOn: '2025-06-20',
    issuerId: orgGid(tree.P),
    issuerName: null,
    title: 'Quyết định chuyển giao tổ chức đảng',
    summary: null,
    createdAt: created.body.createdAt,
  });

  const before = await snapshot();
  const replay = await request({ method: 'POST', url: '/api/v1/documents', payload, headers: { 'idempotency-key': 'doc-1788' } });
  t.equal(replay.status, 201);
  t.same(replay.body, created.body, 'the retry gets the stored response');
  t.equal(replay.headers['idempotent-replayed'], 'true');
  const reused = await request({
    method: 'POST',
    url: '/api/v1/documents',
    payload: { ...payload, title: 'Khác' },
    headers: { 'idempotency-key': 'doc-1788' },
  });
  t.equal(reused.status, 422);
  t.equal(reused.body.code, 'IDEMPOTENCY_KEY_REUSED');
  const badKey = await request({ method: 'POST', url: '/api/v1/documents', payload, headers: { 'idempotency-key': 'có dấu' } });
  t.equal(badKey.status, 400);
  const duplicate = await request({ method: 'POST', url: '/api/v1/documents', payload });
  t.equal(duplicate.status, 409, 'without a key the same document is a conflict');
  t.same(await snapshot(), before, 'replays and refusals wrote nothing');

  const failed = await request({ method: 'POST', url: '/api/v1/documents', payload: { ...payload, issuerId: 'bad' }, headers: { 'idempotency-key': 'k2' } });
  t.equal(failed.status, 400);
  const retried = await request({
    method: 'POST',
    url: '/api/v1/documents',
    payload: { ...payload, number: '1789-QĐ/TU', issuerId: 'bad' },
    headers: { 'idempotency-key': 'k2' },
  });
  t.equal(retried.status, 400, 'a failed request leaves its key free for a corrected retry');
  t.equal(retried.body.detail, 'issuerId: "bad" is not a valid Organization id');

  const list = await request({ method: 'GET', url: '/api/v1/documents?search=chuyen%20giao' });
  t.same(list.body.items.map((d: any) => d.number), ['1788-QĐ/TU']);
  const one = await request({ method: 'GET', url: `/api/v1/documents/${encodeURIComponent(created.body.id)}` });
  t.same(one.body, created.body);
  const wrong = await request({ method: 'GET', url: `/api/v1/documents/${encodeURIComponent(orgGid(tree.P))}` });
  t.equal(wrong.status, 400);
});
