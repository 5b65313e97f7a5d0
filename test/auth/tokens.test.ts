import { SignJWT } from 'jose';
import t from 'tap';
import { buildTestApp } from '../helper.js';

const SECRET = 'a-test-secret-of-at-least-32-characters!';

t.test('sign-in, refresh, revoke, and every way a token is refused', async (t) => {
  const api = await buildTestApp(t, { JWT_SECRET: SECRET, ACCESS_TOKEN_TTL_SECONDS: '120' });
  const { anonymous, request } = api;
  const officer = await api.signInAs('VIEWER');
  const me = await officer.request({ method: 'GET', url: '/api/v1/auth/me' });
  t.same(me.body.grants, [{ role: 'VIEWER', organizationId: null }]);
  const meGraphql = await officer.gql('{ me { name grants { role organization { code } } member { fullName } } }');
  t.same(meGraphql.body.data.me, { name: 'user1-viewer', grants: [{ role: 'VIEWER', organization: null }], member: null });

  // The first administrator: created once, with a password made up when none is configured.
  const empty = await buildTestApp(t);
  await empty.app.db.prisma.$executeRawUnsafe('TRUNCATE users CASCADE');
  const first = await empty.app.services.auth.ensureAdministrator('quan-tri', undefined);
  t.match(first, { created: true, generatedPassword: /^[\w-]{16}$/ });
  t.same(await empty.app.services.auth.ensureAdministrator('quan-tri', undefined), { created: false, generatedPassword: null }, 'only on the first start');
  const withGenerated = await empty.anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'quan-tri', password: first.generatedPassword } });
  t.equal(withGenerated.status, 200);

  const bad = await anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: 'wrong-password' } });
  t.same([bad.status, bad.body.code, bad.body.detail], [401, 'INVALID_CREDENTIALS', 'wrong username or password']);
  const unknown = await anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'nobody', password: 'wrong-password' } });
  t.same([unknown.status, unknown.body.detail], [401, 'wrong username or password'], 'an unknown user reads the same');

  const signedIn = await anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: 'test-password-1234' } });
  t.same([signedIn.status, signedIn.body.tokenType, signedIn.body.expiresIn], [200, 'Bearer', 120]);
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const ok = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: bearer(signedIn.body.accessToken) });
  t.equal(ok.status, 200);

  const none = await anonymous.request({ method: 'GET', url: '/api/v1/organizations' });
  t.same([none.status, none.body.code], [401, 'UNAUTHENTICATED']);
  const noneGraphql = await anonymous.gql('{ organizations { edges { node { code } } } }');
  t.same([noneGraphql.status, (noneGraphql.body as any).code], [401, 'UNAUTHENTICATED']);
  t.equal((await anonymous.request({ method: 'GET', url: '/health/ready' })).status, 200, 'health checks need no sign-in');

  const sign = (claims: Record<string, unknown>, options: { audience?: string; expires?: string | number; secret?: string } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.sub))
      .setIssuer('party-building-service')
      .setAudience(options.audience ?? 'party-building-api')
      .setIssuedAt()
      .setExpirationTime(options.expires ?? '1m')
      .sign(new TextEncoder().encode(options.secret ?? SECRET));
  const [, payload] = signedIn.body.accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const refused = async (token: string) => {
    const response = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: bearer(token) });
    return [response.status, response.body.code];
  };
  t.same(await refused(await sign(claims, { expires: Math.floor(Date.now() / 1000) - 10 })), [401, 'TOKEN_EXPIRED'], 'expired');
  // A checked token is kept (its signature is not checked again) only until it expires.
  const shortLived = await sign(claims, { expires: Math.floor(Date.now() / 1000) + 2 });
  t.equal((await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: bearer(shortLived) })).status, 200, 'accepted while valid');
  t.equal((await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: bearer(shortLived) })).status, 200, 'accepted again');
  await new Promise((resolve) => setTimeout(resolve, 2100 - (Date.now() % 1000)));
  t.same(await refused(shortLived), [401, 'TOKEN_EXPIRED'], 'refused once it has expired, though it was accepted before');
  t.same(await refused(await sign(claims, { audience: 'another-api' })), [401, 'WRONG_AUDIENCE'], 'wrong audience');
  t.same(await refused(await sign(claims, { secret: 'another-secret-of-at-least-32-characters' })), [401, 'TOKEN_INVALID'], 'signed by someone else');
  const tampered = signedIn.body.accessToken.split('.');
  tampered[1] = Buffer.from(JSON.stringify({ ...claims, sub: officer.userId })).toString('base64url');
  t.same(await refused(tampered.join('.')), [401, 'TOKEN_INVALID'], 'tampered');
  t.same(await refused('not.a.token'), [401, 'TOKEN_INVALID']);
  const wrongScheme = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: { authorization: 'Basic YWRtaW46eA==' } });
  t.same([wrongScheme.status, wrongScheme.body.code], [401, 'TOKEN_INVALID']);

  // Refresh rotates the refresh token; the old one stops working.
  const refreshed = await anonymous.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: signedIn.body.refreshToken } });
  t.equal(refreshed.status, 200);
  const reused = await anonymous.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: signedIn.body.refreshToken } });
  t.same([reused.status, reused.body.code], [401, 'INVALID_REFRESH_TOKEN']);
  t.same(await refused(refreshed.body.accessToken), [401, 'TOKEN_REVOKED'], 'a reused refresh token ends the sign-in (test/auth/escalation.test.ts)');

  // Revoking the sign-in ends its access tokens at once.
  const again = await anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: 'test-password-1234' } });
  const rotated = await anonymous.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: again.body.refreshToken } });
  const revoked = await anonymous.request({ method: 'POST', url: '/api/v1/auth/revoke', payload: { refreshToken: rotated.body.refreshToken } });
  t.equal(revoked.status, 204);
  t.same(await refused(rotated.body.accessToken), [401, 'TOKEN_REVOKED'], 'revoked');
  t.same(await refused(again.body.accessToken), [401, 'TOKEN_REVOKED'], 'every token of that sign-in');

  // API keys act with their user's grants and can be revoked.
  const service = await request({ method: 'POST', url: '/api/v1/users', payload: { username: 'tich-hop-bao-cao', displayName: 'Tích hợp báo cáo' } });
  t.equal(service.status, 201);
  await request({ method: 'POST', url: `/api/v1/users/${service.body.id}/grants`, payload: { role: 'VIEWER' } });
  const key = await request({ method: 'POST', url: `/api/v1/users/${service.body.id}/api-keys`, payload: { name: 'Hệ thống báo cáo' } });
  t.match(key.body.key, /^pbk_/);
  const withKey = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: { 'x-api-key': key.body.key } });
  t.equal(withKey.status, 200);
  const keyCannotWrite = await anonymous.request({
    method: 'POST',
    url: '/api/v1/documents',
    headers: { 'x-api-key': key.body.key },
    payload: { type: 'DECISION', number: '1-QĐ', issuedOn: '2024-01-01', issuerName: 'X', title: 'Y' },
  });
  t.same([keyCannotWrite.status, keyCannotWrite.body.code], [403, 'FORBIDDEN'], 'a viewer key cannot write');
  const stored = await api.app.db.prisma.apiKey.findFirstOrThrow();
  t.not(stored.keyHash, key.body.key, 'only a hash of the key is stored');
  await request({ method: 'POST', url: `/api/v1/api-keys/${key.body.id}/revoke` });
  const afterRevoke = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: { 'x-api-key': key.body.key } });
  t.same([afterRevoke.status, afterRevoke.body.code], [401, 'INVALID_API_KEY']);
  const forged = await anonymous.request({ method: 'GET', url: '/api/v1/organizations', headers: { 'x-api-key': 'pbk_forged' } });
  t.same([forged.status, forged.body.code], [401, 'INVALID_API_KEY']);
});

t.test('rate limits answer 429 with a code', async (t) => {
  const api = await buildTestApp(t, { RATE_LIMIT_PER_MINUTE: '3' });
  for (let i = 0; i < 3; i++) t.equal((await api.request({ method: 'GET', url: '/api/v1/organization-kinds' })).status, 200);
  const limited = await api.request({ method: 'GET', url: '/api/v1/organization-kinds' });
  t.same([limited.status, limited.body.code], [429, 'RATE_LIMITED']);
  const other = await api.signInAs('VIEWER');
  t.equal((await other.request({ method: 'GET', url: '/api/v1/organization-kinds' })).status, 200, 'each token has its own budget');
});

t.test('GraphQL protection: introspection switch and query cost', async (t) => {
  const closed = await buildTestApp(t, { GRAPHQL_INTROSPECTION: 'false', GRAPHQL_MAX_COMPLEXITY: '500' });
  const introspection = await closed.gql('{ __schema { types { name } } }');
  t.equal(introspection.status, 400);
  t.match(introspection.body.errors[0].message, /introspection/i);
  const costly = await closed.gql('{ organizations(first: 100) { edges { node { code descendants(first: 100) { edges { node { code } } } } } } }');
  t.same(costly.body.errors[0].extensions, { code: 'QUERY_TOO_COMPLEX' });
  t.match(costly.body.errors[0].message, /the query costs \d+, more than the 500 allowed/);
  // The cost of a document is kept per set of variables: the same text with a larger page is
  // measured again, and a small page after a refused large one is not refused.
  const paged = 'query ($n: Int) { organizations(first: $n) { edges { node { code descendants(first: $n) { edges { node { code } } } } } } }';
  for (const [n, refused] of [[5, false], [100, true], [5, false], [100, true]] as const) {
    const answer = await closed.gql(paged, { n });
    t.equal(answer.body.errors?.[0]?.extensions?.code === 'QUERY_TOO_COMPLEX', refused, `pages of ${n}: ${refused ? 'refused' : 'answered'}`);
    if (!refused) t.equal(answer.body.errors, undefined);
  }
});

t.test('CORS from the configuration, security headers on every answer', async (t) => {
  const api = await buildTestApp(t, { CORS_ORIGINS: 'https://dangbo.example.vn' });
  const allowed = await api.anonymous.request({
    method: 'OPTIONS',
    url: '/api/v1/organizations',
    headers: { origin: 'https://dangbo.example.vn', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  t.equal(allowed.headers['access-control-allow-origin'], 'https://dangbo.example.vn');
  const other = await api.anonymous.request({
    method: 'OPTIONS',
    url: '/api/v1/organizations',
    headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
  });
  t.equal(other.headers['access-control-allow-origin'], undefined, 'another origin is not allowed');
  const answer = await api.request({ method: 'GET', url: '/api/v1/organization-kinds' });
  t.match(answer.headers, { 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN', 'strict-transport-security': /max-age/ });
});
