import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import t from 'tap';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { Role } from '../../src/generated/prisma/client.js';
import { DEVELOPMENT_PROTECTED_DATA_KEY } from '../../src/shared/sealing.js';
import { fromGlobalId } from '../../src/shared/ids.js';
import { buildTestApp, type Client, type TestApp } from '../helper.js';
import { admitMember, apiKeyGid, buildTree, grantGid, memberGid, orgGid, userGid } from '../factories.js';

const PASSWORD = 'test-password-1234';
const UNKNOWN = '0190a0a0-0000-7000-8000-000000000000';

type Outcome = { status: number; code: string | undefined; text: string; body: any };

/** A REST call; `text` is what the answer says (its instance and request id, which echo the request, left out). */
const rest = (client: Client, method: 'GET' | 'POST', url: string, payload?: object) => async (): Promise<Outcome> => {
  const response = await client.request({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) });
  const { instance: _instance, requestId: _requestId, ...said } = response.body ?? {};
  return { status: response.status, code: response.body?.code, text: JSON.stringify(said), body: response.body };
};

/** A GraphQL mutation with one input; the status is the HTTP one, the code the typed error's. */
const mutation = (client: Client, name: string, input: object, select = '') => async (): Promise<Outcome> => {
  const type = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const { status, body } = await client.gql(`mutation ($input: ${type}!) { result: ${name}(input: $input) { __typename ${select} ... on Error { code message } } }`, { input });
  const result = body.data?.result;
  return { status, code: result?.code, text: String(result?.message ?? JSON.stringify(body.errors ?? body)), body: result };
};

t.test('a subtree administrator acts only within its subtree: API keys, users, member links, grants', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const auth = app.services.auth;
  const prisma = app.db.prisma;
  const tree = await buildTree(app);
  const insideMember = await admitMember(app, tree.B2, tree.decision.id, { admittedOn: '2021-01-01' });
  const outsideMember = await admitMember(app, tree.B3, tree.decision.id, { fullName: 'Lê Thị Ngoài Khối', admittedOn: '2021-01-01' });
  const unlinkedOutside = await admitMember(app, tree.B3, tree.decision.id, { fullName: 'Vũ Văn Chưa Liên Kết', admittedOn: '2021-01-01' });
  // The administrator of the U1 bloc (and, for contrast, the global administrator `api`).
  const bloc = await api.signInAs('ADMIN', tree.U1);

  const user = async (username: string, grants: [Role, string | null][], memberId: string | null = null) => {
    const created = await auth.createUser({ username, displayName: `Tên ${username}`, password: PASSWORD, memberId });
    for (const [role, organizationId] of grants) await auth.grant({ userId: created.id, role, organizationId });
    return userGid(created.id);
  };
  const globalAdmin = userGid((await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).id);
  const inB1 = await user('trong-khoi', [['VIEWER', tree.B1]]);
  const inB3 = await user('khoi-khac', [['VIEWER', tree.B3]]);
  const both = await user('hai-khoi', [['VIEWER', tree.B1], ['ORGANIZATION_OFFICER', tree.B3]]);
  const everywhere = await user('toan-tinh', [['VIEWER', null]]);
  const bare = await user('chua-co-quyen', []);
  const linkedOutside = await user('dang-vien-khoi-khac', [], outsideMember);
  const adminKeyCreated = await auth.createApiKey({ userId: (await prisma.user.findUniqueOrThrow({ where: { username: 'admin' } })).id, name: 'Khóa của quản trị' });
  const adminKey = apiKeyGid(adminKeyCreated.apiKey.id);
  const outsideGrantRow = await prisma.roleGrant.findFirstOrThrow({ where: { user: { username: 'khoi-khac' } } });
  const outsideGrant = grantGid(outsideGrantRow.id);
  const names = ['admin', 'khoi-khac', 'hai-khoi', 'toan-tinh', 'dang-vien-khoi-khac', 'Lê Thị Ngoài Khối', 'Vũ Văn Chưa Liên Kết'];

  /** Refused with FORBIDDEN, nothing written, and nothing said about the target. */
  const refused = async (label: string, run: () => Promise<Outcome>, overHttp = true) => {
    const before = await api.snapshot();
    const outcome = await run();
    t.same([overHttp ? outcome.status : 403, outcome.code], [403, 'FORBIDDEN'], `${label}: FORBIDDEN`);
    const said = outcome.text;
    t.notOk(
      [...names, globalAdmin, inB3, both, everywhere, linkedOutside, outsideMember, unlinkedOutside, outsideGrant, outsideGrantRow.id, adminKey, adminKeyCreated.apiKey.id, tree.B3].some((secret) => said.includes(secret)),
      `${label}: the refusal names nothing of the target (${said})`,
    );
    t.same(await api.snapshot(), before, `${label}: nothing written`);
    return said;
  };

  // API keys: the escalation of the report (a key acting as the global administrator).
  const forAdmin = await refused('a key for the global administrator', rest(bloc, 'POST', `/users/${globalAdmin}/api-keys`, { name: 'Khóa' }));
  await refused('a key for the global administrator (GraphQL)', mutation(bloc, 'createApiKey', { userId: globalAdmin, name: 'Khóa' }), false);
  await refused('a key for a user granted in another bloc', rest(bloc, 'POST', `/users/${inB3}/api-keys`, { name: 'Khóa' }));
  await refused('a key for a user granted here and in another bloc', rest(bloc, 'POST', `/users/${both}/api-keys`, { name: 'Khóa' }));
  await refused('a key for a user with a global grant', rest(bloc, 'POST', `/users/${everywhere}/api-keys`, { name: 'Khóa' }));
  await refused('a key for a user who is a member of another bloc', rest(bloc, 'POST', `/users/${linkedOutside}/api-keys`, { name: 'Khóa' }));
  const forUnknown = await refused('a key for an unknown user', rest(bloc, 'POST', `/users/${userGid(UNKNOWN)}/api-keys`, { name: 'Khóa' }));
  t.equal(forUnknown, forAdmin, 'an unknown user and one outside read the same');
  const revokeAdmin = await refused('revoking the global administrator’s key', rest(bloc, 'POST', `/api-keys/${adminKey}/revoke`));
  t.equal(await refused('revoking an unknown key', rest(bloc, 'POST', `/api-keys/${apiKeyGid(UNKNOWN)}/revoke`)), revokeAdmin);
  t.equal(await refused('unlocking the global administrator', rest(bloc, 'POST', `/users/${globalAdmin}/unlock`)), forAdmin);
  await refused('unlocking a user of another bloc (GraphQL)', mutation(bloc, 'unlockUser', { userId: inB3 }), false);

  // Member links: a user linked to a member reads the member's record as their own.
  const linkOutside = await refused('a user linked to a member of another bloc', rest(bloc, 'POST', '/users', { username: 'mao-danh', displayName: 'Mạo danh', memberId: memberGid(unlinkedOutside) }));
  t.equal(await refused('a user linked to an unknown member', rest(bloc, 'POST', '/users', { username: 'mao-danh', displayName: 'Mạo danh', memberId: memberGid(UNKNOWN) })), linkOutside);
  await refused('a user linked to a member of another bloc (GraphQL)', mutation(bloc, 'createUser', { username: 'mao-danh', displayName: 'Mạo danh', memberId: memberGid(unlinkedOutside) }), false);

  // Grants: only on the bloc's subtree; an unknown organisation or grant reads as one outside.
  const grantOutside = await refused('a grant on another bloc', rest(bloc, 'POST', `/users/${inB1}/grants`, { role: 'VIEWER', organizationId: orgGid(tree.B3) }));
  t.equal(await refused('a grant on an unknown organisation', rest(bloc, 'POST', `/users/${inB1}/grants`, { role: 'VIEWER', organizationId: orgGid(UNKNOWN) })), grantOutside);
  await refused('a global grant', rest(bloc, 'POST', `/users/${bare}/grants`, { role: 'ADMIN' }));
  const revokeOutside = await refused('revoking a grant of another bloc', rest(bloc, 'POST', `/grants/${outsideGrant}/revoke`));
  t.equal(await refused('revoking an unknown grant', rest(bloc, 'POST', `/grants/${grantGid(UNKNOWN)}/revoke`)), revokeOutside);
  await refused('revoking a grant of another bloc (GraphQL)', mutation(bloc, 'revokeGrant', { grantId: outsideGrant }), false);

  // What the bloc's administrator may do.
  const key = await rest(bloc, 'POST', `/users/${inB1}/api-keys`, { name: 'Báo cáo khối' })();
  t.equal(key.status, 201, 'a key for a user granted only inside the bloc');
  const asKey = await api.anonymous.request({ method: 'GET', url: '/api/v1/auth/me', headers: { 'x-api-key': key.body.key } });
  t.same([asKey.body.name, asKey.body.grants], ['trong-khoi', [{ role: 'VIEWER', organizationId: orgGid(tree.B1) }]]);
  t.equal((await rest(bloc, 'POST', `/users/${bare}/api-keys`, { name: 'Tích hợp' })()).status, 201, 'a key for a user without grants (it can do nothing yet)');
  t.equal((await rest(bloc, 'POST', `/api-keys/${key.body.id}/revoke`)()).status, 200);
  const linked = await rest(bloc, 'POST', '/users', { username: 'dang-vien-trong', displayName: 'Đảng viên trong khối', memberId: memberGid(insideMember) })();
  t.same([linked.status, linked.body.memberId], [201, memberGid(insideMember)], 'a user linked to a member of the bloc');
  const granted = await rest(bloc, 'POST', `/users/${bare}/grants`, { role: 'VIEWER', organizationId: orgGid(tree.G1) })();
  t.equal(granted.status, 201);
  t.equal((await rest(bloc, 'POST', `/grants/${granted.body.id}/revoke`)()).status, 200);
  t.equal((await rest(bloc, 'POST', `/users/${inB1}/unlock`)()).status, 200);
  t.same((await rest(api, 'POST', `/users/${userGid(UNKNOWN)}/api-keys`, { name: 'Khóa' })()).code, 'NOT_FOUND', 'the global administrator is told an unknown user does not exist');

  // The list: the bloc's users (a grant or a member there), with only the bloc's grants.
  const listed = await rest(bloc, 'GET', '/users')();
  t.same(
    listed.body.items.map((u: any) => [u.username, u.memberId, u.grants.map((g: any) => `${g.role}@${g.organizationId}`)]),
    [
      ['dang-vien-trong', memberGid(insideMember), []],
      ['hai-khoi', null, [`VIEWER@${orgGid(tree.B1)}`]],
      ['trong-khoi', null, [`VIEWER@${orgGid(tree.B1)}`]],
      ['user1-admin', null, [`ADMIN@${orgGid(tree.U1)}`]],
    ],
    'a subtree administrator lists only its users and grants',
  );
  t.notOk(JSON.stringify(listed.body).includes(orgGid(tree.B3)), 'no grant of another bloc');
  const all = await rest(api, 'GET', '/users')();
  t.equal(all.body.items.length, 9, 'the global administrator lists everyone');
  t.same(all.body.items.find((u: any) => u.username === 'hai-khoi').grants.length, 2);
});

async function signInRequest(api: TestApp, username: string, password: string) {
  const response = await api.anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username, password } });
  return [response.status, response.body.code ?? 'OK', response.body.detail];
}

t.test('sign-in lockout: after the configured wrong passwords, whatever the password, until unlocked or over', async (t) => {
  const api = await buildTestApp(t, { SIGN_IN_MAX_FAILURES: '3', SIGN_IN_LOCKOUT_MINUTES: '10' });
  const tree = await buildTree(api.app);
  const prisma = api.app.db.prisma;
  const viewer = await api.signInAs('VIEWER', tree.B1);
  const bloc = await api.signInAs('ADMIN', tree.U1);
  const otherBloc = await api.signInAs('ADMIN', tree.U2);
  const name = 'user1-viewer';
  const wrong = () => signInRequest(api, name, 'wrong-password-1');
  const right = () => signInRequest(api, name, PASSWORD);
  const INVALID = [401, 'INVALID_CREDENTIALS', 'wrong username or password'];
  const LOCKED = [401, 'ACCOUNT_LOCKED', 'too many wrong passwords: sign-in is locked for a while (an administrator can unlock it)'];

  for (let i = 1; i <= 3; i++) t.same(await wrong(), INVALID, `wrong password ${i}`);
  t.same(await right(), LOCKED, 'locked even with the right password');
  t.same(await wrong(), LOCKED);
  const row = await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId } });
  t.ok(row.lockedUntil! > new Date(Date.now() + 9 * 60_000) && row.lockedUntil! <= new Date(Date.now() + 10 * 60_000), 'locked for the configured 10 minutes');
  t.ok((await viewer.request({ method: 'GET', url: '/api/v1/auth/me' })).status === 200, 'signed-in sessions go on (the lock is on passwords)');

  // Unknown usernames are counted and answered the same way: the lockout tells nothing.
  for (let i = 1; i <= 3; i++) t.same(await signInRequest(api, 'khong-ai-ca', 'wrong-password-1'), INVALID);
  t.same(await signInRequest(api, 'khong-ai-ca', 'wrong-password-1'), LOCKED, 'an unknown username "locks" too');

  // Unlocking: an administrator of the user's subtree, audited; another bloc's is refused.
  const before = await api.snapshot();
  const refused = await otherBloc.request({ method: 'POST', url: `/api/v1/users/${userGid(viewer.userId)}/unlock` });
  t.same([refused.status, refused.body.code], [403, 'FORBIDDEN']);
  t.same(await api.snapshot(), before, 'a refused unlock changes nothing');
  const unlocked = await mutation(bloc, 'unlockUser', { userId: userGid(viewer.userId) }, '... on User { id username lockedUntil }')();
  t.same(unlocked.body, { __typename: 'User', id: userGid(viewer.userId), username: name, lockedUntil: null });
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.unlock' } });
  t.same([audit.actorName, audit.role, audit.entityId, (audit.diff as any).after], ['user2-admin', 'ADMIN', viewer.userId, { failedSignIns: 0, lockedUntil: null }]);
  t.ok((audit.diff as any).before.lockedUntil && (audit.diff as any).before.failedSignIns >= 3, 'the trail shows the lock that was lifted');
  t.ok(audit.scopePath.length > 0, 'the unlock is in the bloc’s audit trail');
  t.same(await right(), [200, 'OK', undefined], 'signed in once unlocked');

  // A success sets the count back: two wrong, right, two wrong, right.
  t.same([await wrong(), await wrong(), await right(), await wrong(), await wrong(), await right()].map((r) => r[1]), ['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'OK', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'OK']);
  t.equal((await prisma.user.findUniqueOrThrow({ where: { id: viewer.userId } })).failedSignIns, 0);

  // The lockout ends by itself, and the count starts over.
  for (let i = 0; i < 3; i++) await wrong();
  t.same(await right(), LOCKED);
  await prisma.$executeRaw`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = ${viewer.userId}::uuid`;
  t.same(await wrong(), INVALID, 'after the lockout one wrong password does not lock again');
  t.same(await right(), [200, 'OK', undefined]);

  // Concurrent attempts cannot try more passwords than the limit.
  const burst = await Promise.all(Array.from({ length: 12 }, () => wrong()));
  t.equal(burst.filter((r) => r[1] === 'INVALID_CREDENTIALS').length, 3, 'of 12 concurrent wrong passwords, 3 were tried');
  t.equal(burst.filter((r) => r[1] === 'ACCOUNT_LOCKED').length, 9);
  t.same(await right(), LOCKED);

  // REST unlock, by the global administrator.
  const restUnlock = await api.request({ method: 'POST', url: `/api/v1/users/${userGid(viewer.userId)}/unlock` });
  t.same([restUnlock.status, restUnlock.body.username, restUnlock.body.lockedUntil], [200, name, null]);
  t.same(await right(), [200, 'OK', undefined]);
});

t.test('a reused refresh token ends the session: the thief’s new tokens stop working', async (t) => {
  const api = await buildTestApp(t);
  const { anonymous } = api;
  const signIn = async () => (await anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: PASSWORD } })).body;
  const refresh = (refreshToken: string) => anonymous.request({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });
  const me = async (accessToken: string) => {
    const response = await anonymous.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${accessToken}` } });
    return [response.status, response.body.code ?? 'OK'];
  };

  const stolen = await signIn();
  const thief = await refresh(stolen.refreshToken);
  t.equal(thief.status, 200, 'the thief refreshes first and gets a new pair');
  t.same(await me(thief.body.accessToken), [200, 'OK']);
  const owner = await refresh(stolen.refreshToken);
  t.same([owner.status, owner.body.code], [401, 'INVALID_REFRESH_TOKEN'], 'the owner’s client presents the same token: reuse');
  t.same(await me(thief.body.accessToken), [401, 'TOKEN_REVOKED'], 'the thief’s access token stops working');
  t.same([(await refresh(thief.body.refreshToken)).status], [401], 'and so does the thief’s refresh token');
  t.same(await me(stolen.accessToken), [401, 'TOKEN_REVOKED']);
  const session = (await api.app.db.prisma.session.findMany({ where: { revokedAt: { not: null } } }))[0]!;
  t.ok(session.previousRefreshTokenHash, 'the previous token is kept (hashed)');
  t.not(session.previousRefreshTokenHash, stolen.refreshToken, 'hashed');

  // Two refreshes with one token at once: only one succeeds, and the reuse ends the session.
  const pair = await signIn();
  const both = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
  t.same(both.map((r) => r.status).sort(), [200, 401]);
  const winner = both.find((r) => r.status === 200)!;
  t.same(await me(winner.body.accessToken), [401, 'TOKEN_REVOKED']);

  // Signing out with a token that was already rotated away also ends the session.
  const third = await signIn();
  const next = await refresh(third.refreshToken);
  const out = await anonymous.request({ method: 'POST', url: '/api/v1/auth/revoke', payload: { refreshToken: third.refreshToken } });
  t.same([out.status, out.body.code], [401, 'INVALID_REFRESH_TOKEN']);
  t.same(await me(next.body.accessToken), [401, 'TOKEN_REVOKED']);
});

t.test('access tokens must carry exp, iat and sub', async (t) => {
  const secret = 'another-test-secret-of-at-least-32-characters';
  const api = await buildTestApp(t, { JWT_SECRET: secret });
  const signedIn = (await api.anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: 'admin', password: PASSWORD } })).body;
  const claims = JSON.parse(Buffer.from(signedIn.accessToken.split('.')[1], 'base64url').toString());
  const token = (options: { exp?: boolean; iat?: boolean }) => {
    const jwt = new SignJWT({ sid: claims.sid }).setProtectedHeader({ alg: 'HS256' }).setSubject(claims.sub).setIssuer('party-building-service').setAudience('party-building-api');
    if (options.iat !== false) jwt.setIssuedAt();
    if (options.exp !== false) jwt.setExpirationTime('5m');
    return jwt.sign(new TextEncoder().encode(secret));
  };
  const answer = async (accessToken: string) => {
    const response = await api.anonymous.request({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${accessToken}` } });
    return [response.status, response.body.code ?? 'OK'];
  };
  t.same(await answer(await token({})), [200, 'OK'], 'a complete token (the right secret)');
  t.same(await answer(await token({ exp: false })), [401, 'TOKEN_INVALID'], 'no exp: it would never expire');
  t.same(await answer(await token({ iat: false })), [401, 'TOKEN_INVALID'], 'no iat');
});

t.test('the client address: X-Forwarded-For only from configured proxies', async (t) => {
  const forwarded = (address: string) => ({ 'x-forwarded-for': address });
  const createdFrom = async (api: TestApp, username: string, headers: Record<string, string>) => {
    const response = await api.request({ method: 'POST', url: '/api/v1/users', payload: { username, displayName: username }, headers });
    t.equal(response.status, 201);
    return (await api.app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'user.create', entityId: fromGlobalId('User', response.body.id, 'id') } })).clientAddress;
  };
  const attempts = async (api: TestApp, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const response = await api.anonymous.request({ method: 'POST', url: '/api/v1/auth/token', payload: { username: `khach-${i}`, password: 'wrong-password-1' }, headers: forwarded(`198.51.100.${i + 1}`) });
      statuses.push(response.status);
    }
    return statuses;
  };

  const direct = await buildTestApp(t, { RATE_LIMIT_PER_MINUTE: '3' });
  t.equal(await createdFrom(direct, 'tu-khai-1', forwarded('203.0.113.7')), '127.0.0.1', 'without TRUST_PROXY the audit trail has the socket address');
  t.same(await attempts(direct, 4), [401, 401, 401, 429], 'and a new X-Forwarded-For per request does not get a new rate-limit budget');

  const behindProxy = await buildTestApp(t, { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'true' });
  t.equal(await createdFrom(behindProxy, 'tu-khai-2', forwarded('203.0.113.7')), '203.0.113.7', 'TRUST_PROXY=true: the forwarded address');
  t.same(await attempts(behindProxy, 4), [401, 401, 401, 401], 'each forwarded address has its own budget');

  const listed = await buildTestApp(t, { TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' });
  t.equal(await createdFrom(listed, 'tu-khai-3', forwarded('203.0.113.9')), '203.0.113.9', 'the socket is a listed proxy');
  const elsewhere = await buildTestApp(t, { TRUST_PROXY: '10.0.0.0/8' });
  t.equal(await createdFrom(elsewhere, 'tu-khai-4', forwarded('203.0.113.9')), '127.0.0.1', 'the socket is not a listed proxy');
});

t.test('configuration: production refuses development keys; TRUST_PROXY is checked', async (t) => {
  const production = { NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('base64'), PROTECTED_DATA_KEY: randomBytes(32).toString('base64') };
  t.equal(loadConfig(production).NODE_ENV, 'production');
  t.throws(() => loadConfig({ ...production, PROTECTED_DATA_KEY: DEVELOPMENT_PROTECTED_DATA_KEY }), new ConfigError('Invalid configuration:\n  PROTECTED_DATA_KEY: the development key cannot be used in production (generate a random one)'));
  t.equal(loadConfig({ PROTECTED_DATA_KEY: DEVELOPMENT_PROTECTED_DATA_KEY }).PROTECTED_DATA_KEY, DEVELOPMENT_PROTECTED_DATA_KEY, 'development may use it');
  t.throws(() => loadConfig({ ...production, JWT_SECRET: 'ab'.repeat(20) }), { message: /JWT_SECRET: too weak for production/ });
  t.throws(() => loadConfig({ ...production, JWT_SECRET: production.PROTECTED_DATA_KEY }), { message: /JWT_SECRET: must differ from PROTECTED_DATA_KEY/ });

  t.equal(loadConfig({}).TRUST_PROXY, false);
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY, true);
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16 ,loopback,::1' }).TRUST_PROXY, ['10.0.0.1', '192.168.0.0/16', 'loopback', '::1']);
  const hops = loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY as (address: string, hop: number) => boolean;
  t.same([hops('10.0.0.1', 0), hops('10.0.0.2', 1), hops('203.0.113.1', 2)], [true, true, false], 'two hops trusted');
  t.throws(() => loadConfig({ TRUST_PROXY: 'proxy.example, 10.0.0.0/33' }), new ConfigError('Invalid configuration:\n  TRUST_PROXY: not an address or CIDR: "proxy.example", "10.0.0.0/33" (or use true, false, a number of hops)'));
  t.throws(() => loadConfig({ SIGN_IN_MAX_FAILURES: '0' }), { message: /SIGN_IN_MAX_FAILURES: must be >= 1/ });
});

t.test('idempotency records keep a keyed hash of the request, not a plain one', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2021-01-01' });
  const payload = { kind: 'DENUNCIATION', handlerId: orgGid(tree.U1), receivedOn: '2024-03-01', concerningMemberId: memberGid(member), summary: 'Tố cáo', sender: { name: 'Trần Văn Tố', address: 'Số 1 phố Huế' }, signed: true };
  const first = await api.request({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'idempotency-key': 'thu-1' } });
  t.equal(first.status, 201);
  const record = await api.app.db.prisma.idempotencyRecord.findFirstOrThrow({ where: { key: 'thu-1' } });
  t.match(record.requestHash, /^[0-9a-f]{64}$/);
  t.not(record.requestHash, createHash('sha256').update(JSON.stringify(payload)).digest('hex'), 'not the plain SHA-256 of the body');
  const again = await api.request({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'idempotency-key': 'thu-1' } });
  t.same([again.status, again.headers['idempotent-replayed'], again.body.id], [201, 'true', first.body.id], 'a retry is still recognised');
  const other = await api.request({ method: 'POST', url: '/api/v1/complaints', payload: { ...payload, summary: 'Khác' }, headers: { 'idempotency-key': 'thu-1' } });
  t.same([other.status, other.body.code], [422, 'IDEMPOTENCY_KEY_REUSED']);
});
