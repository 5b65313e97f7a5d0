/**
 * HTTP as standard clients expect it (issue 15): compression, ETag and 304 on every GET,
 * Location on 201, CORS for every method, WWW-Authenticate on 401, 405 with Allow.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import t from 'tap';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

t.test('answers are compressed (br, gzip) for JSON and the UI assets, and decompress to the same', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  await api.app.services.members.importHistories(
    Array.from({ length: 100 }, (_, i) => ({
      person: { fullName: `Nguyễn Văn Nén ${i}`, gender: 'MALE' as const, dateOfBirth: '1990-01-01', hometown: 'Xã Tân Phú, tỉnh Đồng Nai' },
      events: [{ type: 'ADMITTED' as const, occurredOn: '2020-03-01', decisionId: tree.decision.id, organizationId: tree.B1 }],
    })),
  );
  const url = '/api/v1/members?first=100';
  const plain = await api.app.inject({ method: 'GET', url, headers: api.headers });
  t.equal(plain.headers['content-encoding'], undefined, 'not compressed when not asked');
  for (const [encoding, decompress] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
    const packed = await api.app.inject({ method: 'GET', url, headers: { ...api.headers, 'accept-encoding': encoding } });
    t.equal(packed.headers['content-encoding'], encoding);
    t.equal(decompress(packed.rawPayload).toString(), plain.body, `${encoding} decompresses to the same page`);
    t.ok(packed.rawPayload.length * 4 < plain.rawPayload.length, `${encoding}: a page of 100 members, ${plain.rawPayload.length} bytes → ${packed.rawPayload.length}`);
    t.comment(`GET ${url}: ${plain.rawPayload.length} bytes, ${encoding} ${packed.rawPayload.length}`);
  }
  const page = await api.anonymous.request({ method: 'GET', url: '/graphiql' });
  const script = String(page.body).match(/src="([^"]+graphiql\.js)"/)![1]!;
  const asset = await api.app.inject({ method: 'GET', url: `/${script}`, headers: { 'accept-encoding': 'br' } });
  t.equal(asset.headers['content-encoding'], 'br', 'GraphiQL’s script too');
  t.comment(`graphiql.js: ${brotliDecompressSync(asset.rawPayload).length} bytes, br ${asset.rawPayload.length}`);
  const yaml = await api.app.inject({ method: 'GET', url: '/docs/yaml', headers: { 'accept-encoding': 'gzip' } });
  t.equal(yaml.headers['content-encoding'], 'gzip', 'the OpenAPI document as YAML');
});

t.test('every GET has an ETag and Cache-Control: private, no-cache; If-None-Match is a 304 until the data changes', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  for (const url of [`/api/v1/organizations/${orgGid(tree.G1)}`, '/api/v1/organizations?first=5', '/api/v1/indicators']) {
    const first = await api.request({ method: 'GET', url });
    t.equal(first.status, 200);
    const tag = String(first.headers.etag);
    t.match(tag, /^(W\/)?"[^"]+"$/, `${url}: an ETag (the record's own, or a weak one of the representation)`);
    t.equal(first.headers['cache-control'], 'private, no-cache', `${url}: revalidated, never shared`);
    const again = await api.request({ method: 'GET', url, headers: { 'if-none-match': tag } });
    t.same([again.status, again.body], [304, ''], `${url}: 304 with no body`);
  }
  const url = `/api/v1/organizations/${orgGid(tree.G1)}`;
  const tag = String((await api.request({ method: 'GET', url })).headers.etag);
  await api.app.services.organizations.rename({ organizationId: tree.G1, name: 'Đảng bộ Sở Tài chính (mới)', effectiveOn: '2016-01-01', decisionId: tree.decision.id });
  const changed = await api.request({ method: 'GET', url, headers: { 'if-none-match': tag } });
  t.equal(changed.status, 200, 'changed: the new representation');
  t.not(changed.headers.etag, tag, 'with a new ETag');
});

t.test('a 201 says where the new resource is; If-None-Match never turns a write into a 304', async (t) => {
  const api = await buildTestApp(t);
  const payload = { type: 'DECISION', number: '12-QĐ/ĐUK', issuedOn: '2024-01-02', issuerName: 'Đảng ủy Khối', title: 'Quyết định thử nghiệm' };
  const created = await api.request({ method: 'POST', url: '/api/v1/documents', payload, headers: { 'if-none-match': '*' } });
  t.equal(created.status, 201);
  t.equal(created.headers.location, `/api/v1/documents/${encodeURIComponent(created.body.id)}`);
  const read = await api.request({ method: 'GET', url: String(created.headers.location) });
  t.same([read.status, read.body.number], [200, '12-QĐ/ĐUK'], 'the Location is readable');
});

t.test('CORS allows every method the API uses and exposes the headers a browser client reads', async (t) => {
  const api = await buildTestApp(t, { CORS_ORIGINS: 'https://app.example.vn' });
  const preflight = await api.app.inject({
    method: 'OPTIONS',
    url: '/api/v1/members/abc',
    headers: { origin: 'https://app.example.vn', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'if-match, content-type' },
  });
  t.equal(preflight.statusCode, 204);
  for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) t.match(preflight.headers['access-control-allow-methods'], method, `${method} allowed`);
  t.match(preflight.headers['access-control-allow-headers'], /if-match/);
  const simple = await api.app.inject({ method: 'GET', url: '/api/v1/indicators', headers: { ...api.headers, origin: 'https://app.example.vn' } });
  const exposed = String(simple.headers['access-control-expose-headers']).split(',').map((h) => h.trim());
  for (const header of ['etag', 'location', 'retry-after', 'x-request-id', 'idempotent-replayed', 'x-ratelimit-remaining']) t.ok(exposed.includes(header), `${header} exposed`);
});

t.test('a 401 says how to authenticate; a known path with another method is a 405 with Allow', async (t) => {
  const api = await buildTestApp(t);
  const anonymous = await api.anonymous.request({ method: 'GET', url: '/api/v1/indicators' });
  t.equal(anonymous.status, 401);
  t.match(anonymous.headers['www-authenticate'], /^Bearer realm="party-building"/);
  const wrong = await api.request({ method: 'DELETE', url: '/api/v1/documents/RG9jdW1lbnQ6eA' });
  t.same([wrong.status, wrong.body.code, wrong.headers.allow], [405, 'METHOD_NOT_ALLOWED', 'GET, HEAD']);
  const unknown = await api.request({ method: 'GET', url: '/api/v1/no-such-thing' });
  t.same([unknown.status, unknown.body.code], [404, 'NOT_FOUND']);
});

t.test('every successful write answers with the new ETag: the one a GET gives, good for the next If-Match; problems have none', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  const memberPath = `/api/v1/members/${encodeURIComponent(memberGid(member))}`;
  const etagOfGet = async (url: string) => String((await api.request({ method: 'GET', url })).headers.etag);

  const recognized = await api.request({ method: 'POST', url: `${memberPath}/recognize-official`, payload: { occurredOn: '2017-01-01', decisionId: docGid(tree.decision.id) } });
  t.equal(recognized.status, 201, JSON.stringify(recognized.body));
  t.equal(recognized.headers.etag, await etagOfGet(memberPath), 'a member event: the member’s new ETag');
  const patched = await api.request({ method: 'PATCH', url: memberPath, payload: { phone: '0912000111' }, headers: { 'if-match': String(recognized.headers.etag) } });
  t.equal(patched.status, 200, 'the ETag of the write is good for the next If-Match');
  t.equal(patched.headers.etag, await etagOfGet(memberPath));

  const orgPath = `/api/v1/organizations/${encodeURIComponent(orgGid(tree.B2))}`;
  const renamed = await api.request({ method: 'POST', url: `${orgPath}/rename`, payload: { name: 'Chi bộ Văn phòng', effectiveOn: '2024-01-01', decisionId: docGid(tree.decision.id) }, headers: { 'if-match': await etagOfGet(orgPath) } });
  t.equal(renamed.status, 201, JSON.stringify(renamed.body));
  t.equal(renamed.headers.etag, await etagOfGet(orgPath), 'an organisation event: the organisation’s new ETag');
  const again = await api.request({ method: 'POST', url: `${orgPath}/rename`, payload: { name: 'Chi bộ Văn phòng Đảng ủy', effectiveOn: '2024-02-01', decisionId: docGid(tree.decision.id) }, headers: { 'if-match': String(renamed.headers.etag) } });
  t.equal(again.status, 201, 'and good for the next If-Match');

  const document = await api.request({ method: 'POST', url: '/api/v1/documents', payload: { type: 'DECISION', number: '13-QĐ/ĐUK', issuedOn: '2024-01-02', issuerName: 'Đảng ủy Khối', title: 'Quyết định' } });
  t.equal(document.headers.etag, await etagOfGet(String(document.headers.location)), 'a created document: the ETag of what GET reads');

  const refused = await api.request({ method: 'POST', url: `${orgPath}/rename`, payload: { name: 'X', effectiveOn: '2024-03-01', decisionId: docGid(tree.decision.id) }, headers: { 'if-match': '"stale"' } });
  t.same([refused.status, refused.headers.etag], [412, undefined], 'a problem carries no ETag');
});

t.test('one-of rules are in the schema and refused with one message naming the choice', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const path = `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/indicator-results`;
  for (const query of ['', '?quarter=1', `?year=2024&termId=${encodeURIComponent(orgGid(tree.U1))}`]) {
    const response = await api.request({ method: 'GET', url: `${path}${query}` });
    t.same([response.status, response.body.problems], [400, [{ field: 'querystring', message: 'give a year (and a quarter of it) or a termId (a term has no quarters)' }]], `indicator results${query || ' without a period'}`);
  }
  t.equal((await api.request({ method: 'GET', url: `${path}?year=2024&quarter=1` })).status, 200);
  const before = await api.snapshot();
  const both = await api.request({
    method: 'POST',
    url: '/api/v1/commendations',
    payload: { awardedById: orgGid(tree.U1), decisionId: docGid(tree.decision.id), rows: [{ organizationId: orgGid(tree.G1), memberId: orgGid(tree.G1), form: 'PRAISE', reason: 'Biểu dương', fromYear: 2022 }] },
  });
  t.same([both.status, both.body.problems], [400, [{ field: 'body.rows.0', message: 'give exactly one of organizationId, memberId' }]], 'a commendation row names a member or an organisation');
  t.same(await api.snapshot(), before, 'nothing written');
});
