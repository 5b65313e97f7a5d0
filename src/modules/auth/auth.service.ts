import { createHash, randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { ApiKey, PrismaClient, Role, RoleGrant, User } from '../../generated/prisma/client.js';
import { uniqueViolation } from '../../db/errors.js';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, type Actor, type Grant } from './access.js';
import type { AuditService } from '../audit/audit.service.js';

/** A failed authentication: 401 with a code saying why (never which part of a secret was wrong). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'INVALID_CREDENTIALS' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_REVOKED' | 'WRONG_AUDIENCE' | 'INVALID_REFRESH_TOKEN' | 'INVALID_API_KEY',
    message: string,
  ) {
    super(message);
  }
}

export type TokenSettings = { secret: Uint8Array; accessTtlSeconds: number; refreshTtlDays: number };

export type TokenPair = { accessToken: string; tokenType: 'Bearer'; expiresIn: number; refreshToken: string };

export const TOKEN_ISSUER = 'party-building-service';
export const TOKEN_AUDIENCE = 'party-building-api';
const API_KEY_PREFIX = 'pbk_';
const USERNAME = /^[a-z0-9._-]{3,50}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secretToken = () => randomBytes(32).toString('base64url');

type PrincipalRow = {
  user_id: string;
  username: string;
  display_name: string;
  member_id: string | null;
  disabled_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date | null;
  api_key_id: string | null;
  role: Role | null;
  organization_id: string | null;
  path: number[] | null;
};

function toActor(rows: PrincipalRow[], context: { requestId: string; clientAddress: string }): Omit<Actor, 'kind'> {
  const first = rows[0]!;
  const grants: Grant[] = rows
    .filter((row) => row.role)
    .map((row) => ({ role: row.role!, organizationId: row.organization_id, pathKey: row.path?.at(-1) ?? null, path: row.path ?? [] }));
  return {
    userId: first.user_id,
    name: first.username,
    apiKeyId: first.api_key_id,
    memberId: first.member_id,
    grants,
    requestId: context.requestId,
    clientAddress: context.clientAddress,
  };
}

/**
 * Sign-in, tokens, API keys, and the administration of users and their grants.
 * Access tokens are short-lived JWTs (HS256) bound to a session; each request looks the
 * session up, so a revoked sign-in stops working at once.
 */
export class AuthService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly tokens: TokenSettings,
  ) {}

  // ---------------------------------------------------------------- authentication

  async signIn(username: string, password: string, context: { requestId: string }): Promise<TokenPair> {
    const user = await this.prisma.user.findUnique({ where: { username: username.trim().toLowerCase() } });
    // Verify against a hash even for unknown users, so timing does not tell which usernames exist.
    const ok = await argon2Verify(user?.passwordHash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !user.passwordHash || !ok || user.disabledAt) throw new UnauthenticatedError('INVALID_CREDENTIALS', 'wrong username or password');
    void context;
    const refreshToken = secretToken();
    const session = await this.prisma.session.create({
      data: { userId: user.id, refreshTokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + this.tokens.refreshTtlDays * 86400_000) },
    });
    return { ...(await this.accessToken(user.id, session.id)), refreshToken };
  }

  /** A new access token for a valid refresh token; the refresh token is rotated (the old one stops working). */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const session = await this.prisma.session.findUnique({ where: { refreshTokenHash: sha256(refreshToken) }, include: { user: true } });
    if (!session || session.revokedAt || session.expiresAt < new Date() || session.user.disabledAt) {
      throw new UnauthenticatedError('INVALID_REFRESH_TOKEN', 'the refresh token is not valid (expired, revoked or already used)');
    }
    const next = secretToken();
    await this.prisma.session.update({ where: { id: session.id }, data: { refreshTokenHash: sha256(next) } });
    return { ...(await this.accessToken(session.userId, session.id)), refreshToken: next };
  }

  /** Ends a sign-in: its refresh token and every access token issued for it stop working. */
  async revoke(refreshToken: string): Promise<void> {
    const session = await this.prisma.session.findUnique({ where: { refreshTokenHash: sha256(refreshToken) } });
    if (!session || session.revokedAt) throw new UnauthenticatedError('INVALID_REFRESH_TOKEN', 'the refresh token is not valid');
    await this.prisma.session.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
  }

  private async accessToken(userId: string, sessionId: string) {
    const accessToken = await new SignJWT({ sid: sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.tokens.accessTtlSeconds}s`)
      .sign(this.tokens.secret);
    return { accessToken, tokenType: 'Bearer' as const, expiresIn: this.tokens.accessTtlSeconds };
  }

  /** The actor behind a bearer token: one statement for the user, the session and the grants. */
  async actorFromAccessToken(token: string, context: { requestId: string; clientAddress: string }): Promise<Actor> {
    let claims: { sub?: string; sid?: unknown };
    try {
      ({ payload: claims } = await jwtVerify(token, this.tokens.secret, { issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, algorithms: ['HS256'] }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('TOKEN_EXPIRED', 'the access token has expired: refresh it');
      if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud') {
        throw new UnauthenticatedError('WRONG_AUDIENCE', 'the access token is not for this API');
      }
      throw new UnauthenticatedError('TOKEN_INVALID', 'the access token is not valid');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || !/^[0-9a-f-]{36}$/.test(claims.sid)) {
      throw new UnauthenticatedError('TOKEN_INVALID', 'the access token is not valid');
    }
    const rows = await this.prisma.$queryRaw<PrincipalRow[]>`
      SELECT u.id::text AS user_id, u.username, u.display_name, u.member_id::text, u.disabled_at, s.revoked_at, s.expires_at,
             NULL::text AS api_key_id, g.role::text AS role, g.organization_id::text, v.path
      FROM users u
      JOIN sessions s ON s.user_id = u.id AND s.id = ${claims.sid}::uuid
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE u.id = ${claims.sub}::uuid`;
    const first = rows[0];
    if (!first || first.revoked_at || first.disabled_at || (first.expires_at && first.expires_at < new Date())) {
      throw new UnauthenticatedError('TOKEN_REVOKED', 'the sign-in behind this token has ended');
    }
    return { kind: 'user', ...toActor(rows, context) };
  }

  /** The actor behind an API key (acting with its user's grants). */
  async actorFromApiKey(key: string, context: { requestId: string; clientAddress: string }): Promise<Actor> {
    if (!key.startsWith(API_KEY_PREFIX)) throw new UnauthenticatedError('INVALID_API_KEY', 'the API key is not valid');
    const rows = await this.prisma.$queryRaw<PrincipalRow[]>`
      SELECT u.id::text AS user_id, u.username, u.display_name, u.member_id::text, u.disabled_at, k.revoked_at, NULL::timestamptz AS expires_at,
             k.id::text AS api_key_id, g.role::text AS role, g.organization_id::text, v.path
      FROM api_keys k
      JOIN users u ON u.id = k.user_id
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE k.key_hash = ${sha256(key)}`;
    const first = rows[0];
    if (!first || first.revoked_at || first.disabled_at) throw new UnauthenticatedError('INVALID_API_KEY', 'the API key is not valid or was revoked');
    return { kind: 'apiKey', ...toActor(rows, context) };
  }

  // ---------------------------------------------------------------- administration

  /** Creates the first administrator when there is no user at all; returns the password made up, if any. */
  async ensureAdministrator(username: string, password: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
    if ((await this.prisma.user.count()) > 0) return { created: false, generatedPassword: null };
    const generatedPassword = password ? null : randomBytes(12).toString('base64url');
    await this.prisma.user.create({
      data: {
        username: username.trim().toLowerCase(),
        displayName: 'Quản trị hệ thống',
        passwordHash: await argon2Hash(password ?? generatedPassword!),
        grants: { create: { role: 'ADMIN' } },
      },
    });
    return { created: true, generatedPassword };
  }

  async users(): Promise<(User & { grants: RoleGrant[] })[]> {
    authorizeAnywhere(this.actor, 'manageAccess');
    return this.prisma.user.findMany({ include: { grants: { where: { revokedAt: null } } }, orderBy: { username: 'asc' } });
  }

  async createUser(input: { username: string; displayName: string; password?: string | null; memberId?: string | null }): Promise<User> {
    const role = authorizeAnywhere(this.actor, 'manageAccess');
    const username = input.username.trim().toLowerCase();
    const problems: { field: string; message: string }[] = [];
    if (!USERNAME.test(username)) problems.push({ field: 'username', message: '3–50 lower-case letters, digits, ".", "_" or "-"' });
    if (!input.displayName.trim()) problems.push({ field: 'displayName', message: 'must not be empty' });
    if (input.password !== undefined && input.password !== null && input.password.length < 10) {
      problems.push({ field: 'password', message: 'at least 10 characters' });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    if (input.memberId && !(await this.prisma.member.findUnique({ where: { id: input.memberId } }))) throw new NotFoundError('Member', input.memberId);
    const passwordHash = input.password ? await argon2Hash(input.password) : null;
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { username, displayName: input.displayName.trim(), passwordHash, memberId: input.memberId ?? null } });
        await this.audit.record(tx, role, {
          action: 'user.create',
          entityType: 'User',
          entityId: user.id,
          scopePath: [],
          after: { username, displayName: user.displayName, memberId: user.memberId, password: passwordHash ? 'set' : null },
        });
        return user;
      });
    } catch (error) {
      const fields = uniqueViolation(error);
      if (fields?.includes('username')) throw new ConflictError(`the username ${username} is taken`, 'username');
      if (fields?.includes('member_id')) throw new ConflictError('another user is already this member', 'memberId');
      throw error;
    }
  }

  /** Grants a role on an organisation (its subtree), or everywhere (no organisation: ADMIN only). */
  async grant(input: { userId: string; role: Role; organizationId?: string | null }): Promise<RoleGrant> {
    const target = input.organizationId
      ? await this.prisma.organizationVersion.findFirst({ where: { organizationId: input.organizationId, validTo: null } })
      : null;
    if (input.organizationId && !target) throw new NotFoundError('Organization', input.organizationId);
    // An administrator can hand out rights only within their own subtrees.
    const role = target ? authorize(this.actor, 'manageAccess', [target.path]) : authorizeAnywhereGlobal(this.actor);
    if (!(await this.prisma.user.findUnique({ where: { id: input.userId } }))) throw new NotFoundError('User', input.userId);
    return this.prisma.$transaction(async (tx) => {
      const existing = await tx.roleGrant.findFirst({
        where: { userId: input.userId, role: input.role, organizationId: input.organizationId ?? null, revokedAt: null },
      });
      if (existing) throw new ConflictError('the user already holds this role there', 'role');
      const grant = await tx.roleGrant.create({ data: { userId: input.userId, role: input.role, organizationId: input.organizationId ?? null } });
      await this.audit.record(tx, role, {
        action: 'grant.create',
        entityType: 'RoleGrant',
        entityId: grant.id,
        scopePath: target?.path ?? [],
        after: { userId: input.userId, role: input.role, organizationId: grant.organizationId },
      });
      return grant;
    });
  }

  async revokeGrant(grantId: string): Promise<RoleGrant> {
    const grant = await this.prisma.roleGrant.findUnique({ where: { id: grantId } });
    if (!grant) throw new NotFoundError('RoleGrant', grantId);
    const target = grant.organizationId ? await this.prisma.organizationVersion.findFirst({ where: { organizationId: grant.organizationId, validTo: null } }) : null;
    const role = target ? authorize(this.actor, 'manageAccess', [target.path]) : authorizeAnywhereGlobal(this.actor);
    if (grant.revokedAt) throw new ConflictError('the grant was already revoked');
    return this.prisma.$transaction(async (tx) => {
      const revoked = await tx.roleGrant.update({ where: { id: grant.id }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, role, {
        action: 'grant.revoke',
        entityType: 'RoleGrant',
        entityId: grant.id,
        scopePath: target?.path ?? [],
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
      return revoked;
    });
  }

  /** A new API key for a user; the key itself is returned once and stored only as a hash. */
  async createApiKey(input: { userId: string; name: string }): Promise<{ apiKey: ApiKey; key: string }> {
    const role = authorizeAnywhere(this.actor, 'manageAccess');
    if (!input.name.trim()) throw ValidationError.field('name', 'must not be empty');
    if (!(await this.prisma.user.findUnique({ where: { id: input.userId } }))) throw new NotFoundError('User', input.userId);
    const key = `${API_KEY_PREFIX}${secretToken()}`;
    return this.prisma.$transaction(async (tx) => {
      const apiKey = await tx.apiKey.create({ data: { userId: input.userId, name: input.name.trim(), keyHash: sha256(key), prefix: key.slice(0, 10) } });
      await this.audit.record(tx, role, {
        action: 'apiKey.create',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        scopePath: [],
        after: { userId: input.userId, name: apiKey.name, prefix: apiKey.prefix, secret: 'issued' },
      });
      return { apiKey, key };
    });
  }

  async revokeApiKey(apiKeyId: string): Promise<ApiKey> {
    const role = authorizeAnywhere(this.actor, 'manageAccess');
    const apiKey = await this.prisma.apiKey.findUnique({ where: { id: apiKeyId } });
    if (!apiKey) throw new NotFoundError('ApiKey', apiKeyId);
    if (apiKey.revokedAt) throw new ConflictError('the key was already revoked');
    return this.prisma.$transaction(async (tx) => {
      const revoked = await tx.apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
      await this.audit.record(tx, role, {
        action: 'apiKey.revoke',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        scopePath: [],
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
      return revoked;
    });
  }
}

/** Global rights (a grant without organisation) can be handed out only by a global administrator. */
function authorizeAnywhereGlobal(actor: Actor): Role {
  const global = actor.grants.find((grant) => grant.role === 'ADMIN' && grant.organizationId === null);
  if (!global) return authorize(actor, 'manageAccess', [[]]);
  return global.role;
}

// A valid argon2id hash of a random string: verifying against it costs what a real check costs.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$tX7W8l8O8yCwQrRnWJ9dQ1XH9cqP+WmUqg0vA3aD9xM';
