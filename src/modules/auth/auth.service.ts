import { createHash, randomBytes } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { Prisma, type ApiKey, type PrismaClient, type Role, type RoleGrant, type User } from '../../generated/prisma/client.js';
import { SIGN_IN_DEFAULTS } from '../../config.js';
import { uniqueViolation } from '../../db/errors.js';
import { ConflictError, DomainError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { authorize, authorizeAnywhere, scopeOf, type Actor, type Grant } from './access.js';
import type { AuditService } from '../audit/audit.service.js';
import { inTransaction, TRANSACTION } from '../../db/transactions.js';
import type { Reader } from '../../db/reader.js';
import type { PrincipalCache } from './principal-cache.js';

/** A failed authentication: 401 with a code saying why (never which part of a secret was wrong). */
export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'TOKEN_EXPIRED' | 'TOKEN_INVALID' | 'TOKEN_REVOKED' | 'WRONG_AUDIENCE' | 'INVALID_REFRESH_TOKEN' | 'INVALID_API_KEY',
    message: string,
  ) {
    super(message);
  }
}

export type SignInSettings = {
  /** Wrong passwords in a row that lock an account (SIGN_IN_MAX_FAILURES). */
  maxFailures: number;
  /** How long the lock lasts (SIGN_IN_LOCKOUT_MINUTES). */
  lockoutMinutes: number;
};

export type TokenSettings = {
  secret: Uint8Array;
  accessTtlSeconds: number;
  refreshTtlDays: number;
  /** Sign-in throttling; the configuration's defaults when omitted (tools that never sign anyone in). */
  signIn?: SignInSettings;
  /** Where failed sign-ins of unknown usernames are counted: in the process when omitted, in Redis for several instances. */
  unknownUsernames?: UsernameThrottle;
};

/** Counts failed sign-ins of a username that has no account; false when that name is "locked". */
export type UsernameThrottle = { attempt(username: string, settings: SignInSettings): boolean | Promise<boolean> };

export type TokenPair = { accessToken: string; tokenType: 'Bearer'; expiresIn: number; refreshToken: string };

export const TOKEN_ISSUER = 'party-building-service';
export const TOKEN_AUDIENCE = 'party-building-api';
const API_KEY_PREFIX = 'pbk_';
const USERNAME = /^[a-z0-9._-]{3,50}$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const secretToken = () => randomBytes(32).toString('base64url');

const lockedError = () => new UnauthenticatedError('ACCOUNT_LOCKED', 'too many wrong passwords: sign-in is locked for a while (an administrator can unlock it)');
const invalidCredentials = () => new UnauthenticatedError('INVALID_CREDENTIALS', 'wrong username or password');
const invalidRefreshToken = () => new UnauthenticatedError('INVALID_REFRESH_TOKEN', 'the refresh token is not valid (expired, revoked or already used)');

/**
 * Failed sign-ins of usernames that do not exist, counted like those of real accounts so that
 * a lockout does not tell which usernames exist. Kept in memory (one per app, bounded): a
 * real account's counter is in its row. Several processes each count on their own unless
 * they share Redis (RedisUsernameThrottle): without it, behind a load balancer an unknown name
 * may take more attempts to "lock" than a real one.
 */
export class UnknownUsernameThrottle implements UsernameThrottle {
  private static readonly CAPACITY = 10_000;
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  /** Counts an attempt, as the users table does for a real account; false when "locked". */
  attempt(username: string, settings: SignInSettings, now = Date.now()): boolean {
    const key = sha256(username);
    const entry = this.entries.get(key);
    if (entry && entry.lockedUntil > now) return false;
    const failures = entry && entry.lockedUntil === 0 ? entry.failures + 1 : 1;
    this.entries.delete(key); // re-inserted last: the map's order is the eviction order
    this.entries.set(key, { failures, lockedUntil: failures >= settings.maxFailures ? now + settings.lockoutMinutes * 60_000 : 0 });
    if (this.entries.size > UnknownUsernameThrottle.CAPACITY) this.evict(now);
    return true;
  }

  /** Drops unlocked entries first (oldest first), so spraying names cannot free a locked one cheaply. */
  private evict(now: number) {
    const target = UnknownUsernameThrottle.CAPACITY * 0.9;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= target) return;
      if (entry.lockedUntil <= now) this.entries.delete(key);
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= target) return;
      this.entries.delete(key);
    }
  }
}
const unknownUsernames = new WeakMap<TokenSettings, UnknownUsernameThrottle>();

/**
 * Access tokens whose signature and claims were checked, until they expire: the check is an
 * HMAC through WebCrypto (a thread-pool job and a key import at each call), which cost an
 * eighth of the process's CPU on the lightest requests, and a token's claims never change.
 * Only valid tokens are kept (a forged one costs a full check every time); the session
 * behind a token is still looked up at every request, so revoking still acts at once.
 * Bounded: the least recently used tokens go first.
 */
export type VerifiedClaims = { sub: string; sid: string };
const verifiedTokens = new WeakMap<TokenSettings, LRUCache<string, VerifiedClaims>>();
function verifiedTokenCache(settings: TokenSettings) {
  let cache = verifiedTokens.get(settings);
  if (!cache) verifiedTokens.set(settings, (cache = new LRUCache<string, VerifiedClaims>({ max: 10_000 })));
  return cache;
}

/** A user as an administrator sees it: their grants (within the administrator's subtrees). */
export type ManagedUser = User & { grants: RoleGrant[] };

/** One row per active grant of a user (or one row without grant): what deciding who may manage them needs. */
type SubjectRow = {
  user_id: string;
  member_path: number[] | null;
  member_known: boolean;
  organization_id: string | null;
  grant_id: string | null;
  grant_path: number[] | null;
};

export type PrincipalRow = {
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
    private readonly reader: Reader,
    /** Principals kept between requests (none: read at every request). */
    private readonly principals?: PrincipalCache<PrincipalRow[]>,
  ) {}

  /** The rows of a principal, from the cache when it holds them. */
  private async principal(key: string, query: Prisma.Sql): Promise<PrincipalRow[]> {
    const load = async () => {
      const value = await this.reader.rows<PrincipalRow>(query);
      return { userId: value[0]?.user_id ?? null, value };
    };
    return this.principals ? this.principals.get(key, load) : (await load()).value;
  }

  // ---------------------------------------------------------------- authentication

  /**
   * Sign-in with a password, throttled per account: after SIGN_IN_MAX_FAILURES wrong passwords
   * in a row the account answers ACCOUNT_LOCKED whatever the password, until the lockout ends
   * or an administrator unlocks it. Unknown usernames are counted and answered the same way.
   *
   * Each attempt is counted before its password is checked, in one statement on the user's
   * row, and a success sets the count back to zero: so however many attempts run at once, at
   * most SIGN_IN_MAX_FAILURES passwords are ever tried between two successful sign-ins.
   */
  async signIn(username: string, password: string, context: { requestId: string }): Promise<TokenPair> {
    void context;
    const settings = this.tokens.signIn ?? SIGN_IN_DEFAULTS;
    const name = username.trim().toLowerCase();
    const [user] = await this.prisma.$queryRaw<{ id: string; password_hash: string | null; disabled_at: Date | null; locked: boolean }[]>`
      WITH previous AS (
        SELECT id, coalesce(locked_until > now(), false) AS locked FROM users WHERE username = ${name} FOR UPDATE
      )
      UPDATE users u SET
        failed_sign_ins = CASE WHEN u.locked_until <= now() THEN 1 ELSE u.failed_sign_ins + 1 END,
        locked_until = CASE
          WHEN u.locked_until > now() THEN u.locked_until
          WHEN (CASE WHEN u.locked_until <= now() THEN 1 ELSE u.failed_sign_ins + 1 END) >= ${settings.maxFailures}::int
            THEN now() + make_interval(mins => ${settings.lockoutMinutes}::int)
          ELSE NULL
        END
      FROM previous
      WHERE u.id = previous.id
      RETURNING u.id::text, u.password_hash, u.disabled_at, previous.locked`;
    // A locked account is not even checked: the answer is the same whatever the password.
    if (user ? user.locked : !(await this.unknownUsernames().attempt(name, settings))) throw lockedError();
    // Verify against a hash even for unknown users, so timing does not tell which usernames exist.
    const ok = await argon2Verify(user?.password_hash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !user.password_hash || !ok || user.disabled_at) throw invalidCredentials();
    await this.prisma.$executeRaw`UPDATE users SET failed_sign_ins = 0, locked_until = NULL WHERE id = ${user.id}::uuid`;
    const refreshToken = secretToken();
    const session = await this.prisma.session.create({
      data: { userId: user.id, refreshTokenHash: sha256(refreshToken), expiresAt: new Date(Date.now() + this.tokens.refreshTtlDays * 86400_000) },
    });
    return { ...(await this.accessToken(user.id, session.id)), refreshToken };
  }

  private unknownUsernames(): UsernameThrottle {
    if (this.tokens.unknownUsernames) return this.tokens.unknownUsernames;
    let throttle = unknownUsernames.get(this.tokens);
    if (!throttle) unknownUsernames.set(this.tokens, (throttle = new UnknownUsernameThrottle()));
    return throttle;
  }

  /**
   * A new access token for a valid refresh token; the refresh token is rotated in one
   * statement (of two concurrent refreshes with one token, only one can succeed). A token
   * that was already rotated away means two parties hold it (one of them a thief): the whole
   * session is revoked, so neither the thief's nor the owner's newer tokens keep working.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const presented = sha256(refreshToken);
    const next = secretToken();
    const [session] = await this.prisma.$queryRaw<{ id: string; user_id: string }[]>`
      UPDATE sessions s SET refresh_token_hash = ${sha256(next)}, previous_refresh_token_hash = ${presented}
      FROM users u
      WHERE s.refresh_token_hash = ${presented} AND s.revoked_at IS NULL AND s.expires_at > now()
        AND u.id = s.user_id AND u.disabled_at IS NULL
      RETURNING s.id::text, s.user_id::text`;
    if (!session) {
      await this.revokeReusedSession(presented);
      throw invalidRefreshToken();
    }
    return { ...(await this.accessToken(session.user_id, session.id)), refreshToken: next };
  }

  /** Ends a sign-in: its refresh token and every access token issued for it stop working. */
  async revoke(refreshToken: string): Promise<void> {
    const presented = sha256(refreshToken);
    const revoked = await this.prisma.$executeRaw`
      UPDATE sessions SET revoked_at = now() WHERE refresh_token_hash = ${presented} AND revoked_at IS NULL`;
    this.principals?.forget(null);
    if (revoked === 0) {
      await this.revokeReusedSession(presented);
      throw new UnauthenticatedError('INVALID_REFRESH_TOKEN', 'the refresh token is not valid');
    }
  }

  /** A rotated-away refresh token came back: end the session it belonged to. */
  private async revokeReusedSession(previousHash: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE sessions SET revoked_at = now() WHERE previous_refresh_token_hash = ${previousHash} AND revoked_at IS NULL`;
    this.principals?.forget(null);
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
    return this.actorOfSession(await this.verifyAccessToken(token), context);
  }

  /**
   * The subject and session of a valid access token: what a long-lived connection (a
   * subscription) keeps, to read its actor again from the session later, after the token itself
   * has expired (the session still ends it: revoked, expired, user disabled).
   */
  async claimsOfAccessToken(token: string): Promise<VerifiedClaims> {
    return this.verifyAccessToken(token);
  }

  /** The actor of a session (the user's current grants): TOKEN_REVOKED once the session has ended. */
  async actorOfSession(claims: VerifiedClaims, context: { requestId: string; clientAddress: string }): Promise<Actor> {
    const rows = await this.principal(`session:${claims.sid}:${claims.sub}`, Prisma.sql`
      SELECT u.id::text AS user_id, u.username, u.display_name, u.member_id::text, u.disabled_at, s.revoked_at, s.expires_at,
             NULL::text AS api_key_id, g.role::text AS role, g.organization_id::text, v.path
      FROM users u
      JOIN sessions s ON s.user_id = u.id AND s.id = ${claims.sid}::uuid
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE u.id = ${claims.sub}::uuid`);
    const first = rows[0];
    if (!first || first.revoked_at || first.disabled_at || (first.expires_at && first.expires_at < new Date())) {
      throw new UnauthenticatedError('TOKEN_REVOKED', 'the sign-in behind this token has ended');
    }
    return { kind: 'user', ...toActor(rows, context) };
  }

  /** The subject and session of a valid access token (TOKEN_EXPIRED, WRONG_AUDIENCE or TOKEN_INVALID otherwise). */
  private async verifyAccessToken(token: string): Promise<VerifiedClaims> {
    const cache = verifiedTokenCache(this.tokens);
    const known = cache.get(token);
    if (known) return known;
    let claims: { sub?: string; sid?: unknown; exp?: number };
    try {
      // A token without an expiry would be valid for ever: refused, like one without subject.
      ({ payload: claims } = await jwtVerify(token, this.tokens.secret, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: ['HS256'],
        requiredClaims: ['exp', 'iat', 'sub'],
      }));
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
    const verified = { sub: claims.sub, sid: claims.sid };
    // Kept until the second it expires (jose refuses it from that second on: exp <= now).
    const ttl = claims.exp! * 1000 - Date.now();
    if (ttl > 0) cache.set(token, verified, { ttl });
    return verified;
  }

  /** The actor behind an API key (acting with its user's grants). */
  async actorFromApiKey(key: string, context: { requestId: string; clientAddress: string }): Promise<Actor> {
    if (!key.startsWith(API_KEY_PREFIX)) throw new UnauthenticatedError('INVALID_API_KEY', 'the API key is not valid');
    const rows = await this.principal(`key:${sha256(key)}`, Prisma.sql`
      SELECT u.id::text AS user_id, u.username, u.display_name, u.member_id::text, u.disabled_at, k.revoked_at, NULL::timestamptz AS expires_at,
             k.id::text AS api_key_id, g.role::text AS role, g.organization_id::text, v.path
      FROM api_keys k
      JOIN users u ON u.id = k.user_id
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE k.key_hash = ${sha256(key)}`);
    const first = rows[0];
    if (!first || first.revoked_at || first.disabled_at) throw new UnauthenticatedError('INVALID_API_KEY', 'the API key is not valid or was revoked');
    return { kind: 'apiKey', ...toActor(rows, context) };
  }

  /**
   * The actor a job runs as: the user who queued it, with their grants of now (a grant revoked
   * since is not used), through the same API key if one queued it. A disabled user or a revoked
   * key stops the job.
   */
  async actorOfJob(job: { id: string; userId: string | null; apiKeyId: string | null }): Promise<Actor> {
    if (!job.userId) throw new UnauthenticatedError('TOKEN_REVOKED', 'the job has no user to run as');
    const rows = await this.reader.rows<PrincipalRow>(Prisma.sql`
      SELECT u.id::text AS user_id, u.username, u.display_name, u.member_id::text, u.disabled_at, k.revoked_at, NULL::timestamptz AS expires_at,
             k.id::text AS api_key_id, g.role::text AS role, g.organization_id::text, v.path
      FROM users u
      LEFT JOIN api_keys k ON k.id = ${job.apiKeyId}::uuid AND k.user_id = u.id
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE u.id = ${job.userId}::uuid`);
    const first = rows[0];
    if (!first || first.disabled_at || first.revoked_at || (job.apiKeyId && !first.api_key_id)) {
      throw new UnauthenticatedError('TOKEN_REVOKED', 'the user or API key that queued the job can no longer act');
    }
    return { kind: job.apiKeyId ? 'apiKey' : 'user', ...toActor(rows, { requestId: `job:${job.id}`, clientAddress: 'job' }) };
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

  /**
   * Users and their active grants. A global administrator sees everyone; an administrator of
   * subtrees sees the users holding a grant there or being a member kept there, with only
   * the grants (and the member link) inside those subtrees.
   */
  async users(ids?: readonly string[]): Promise<ManagedUser[]> {
    authorizeAnywhere(this.actor, 'manageAccess');
    const scope = scopeOf(this.actor, 'manageAccess');
    const only = ids ? { id: { in: [...ids] } } : {};
    if (scope === null) return this.prisma.user.findMany({ where: only, include: { grants: { where: { revokedAt: null } } }, orderBy: { username: 'asc' } });
    const visible = await this.prisma.$queryRaw<{ id: string; member_visible: boolean }[]>`
      SELECT u.id::text, coalesce(m.path && ${scope}::int[], false) AS member_visible
      FROM users u
      LEFT JOIN LATERAL (${memberPathOf(Prisma.sql`u.member_id`)}) m ON true
      WHERE (${ids ? Prisma.sql`u.id = ANY(${[...ids]}::uuid[])` : Prisma.sql`true`})
        AND (m.path && ${scope}::int[]
         OR EXISTS (SELECT 1 FROM role_grants g
                    JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
                    WHERE g.user_id = u.id AND g.revoked_at IS NULL AND v.path && ${scope}::int[]))`;
    const memberVisible = new Set(visible.filter((row) => row.member_visible).map((row) => row.id));
    const users = await this.prisma.user.findMany({
      where: { id: { in: visible.map((row) => row.id) } },
      include: { grants: { where: { revokedAt: null, organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } } },
      orderBy: { username: 'asc' },
    });
    return users.map((user) => (memberVisible.has(user.id) ? user : { ...user, memberId: null }));
  }

  /**
   * Grants by id, as an administrator may read them: a global one only by a global
   * administrator, the others within the administrator's subtrees; revoked ones too (history).
   */
  async grantsByIds(ids: readonly string[]): Promise<RoleGrant[]> {
    authorizeAnywhere(this.actor, 'manageAccess');
    const scope = scopeOf(this.actor, 'manageAccess');
    return this.prisma.roleGrant.findMany({
      where: { id: { in: [...ids] }, ...(scope ? { organization: { versions: { some: { validTo: null, path: { hasSome: scope } } } } } : {}) },
    });
  }

  /** API keys by id (never their secret), of the users the administrator may read. */
  async apiKeysByIds(ids: readonly string[]): Promise<ApiKey[]> {
    authorizeAnywhere(this.actor, 'manageAccess');
    const keys = await this.prisma.apiKey.findMany({ where: { id: { in: [...ids] } } });
    if (scopeOf(this.actor, 'manageAccess') === null || keys.length === 0) return keys;
    const visible = new Set((await this.users([...new Set(keys.map((key) => key.userId))])).map((user) => user.id));
    return keys.filter((key) => visible.has(key.userId));
  }

  /** The keys of users (active and revoked), newest first, for the user lists. */
  async apiKeysOfUsers(userIds: readonly string[]): Promise<Map<string, ApiKey[]>> {
    // Called for users already read through users() (which limits them to the caller's subtrees).
    authorizeAnywhere(this.actor, 'manageAccess');
    const keys = await this.prisma.apiKey.findMany({ where: { userId: { in: [...userIds] } }, orderBy: { createdAt: 'desc' } });
    const byUser = new Map<string, ApiKey[]>(userIds.map((id) => [id, []]));
    for (const key of keys) byUser.get(key.userId)?.push(key);
    return byUser;
  }

  async createUser(input: { username: string; displayName: string; password?: string | null; memberId?: string | null }): Promise<User> {
    let role = authorizeAnywhere(this.actor, 'manageAccess');
    let scopePath: number[] = [];
    if (input.memberId) {
      // The user will read this member's record as their own: only within the administrator's
      // subtrees. An unknown member and one outside read the same to a subtree administrator.
      const [member] = await this.prisma.$queryRaw<{ path: number[] }[]>(memberPathOf(Prisma.sql`${input.memberId}::uuid`));
      role = authorize(this.actor, 'manageAccess', [member?.path ?? []]);
      if (!member) throw new NotFoundError('Member', input.memberId);
      scopePath = member.path;
    }
    const username = input.username.trim().toLowerCase();
    const problems: { field: string; message: string }[] = [];
    if (!USERNAME.test(username)) problems.push({ field: 'username', message: '3–50 lower-case letters, digits, ".", "_" or "-"' });
    if (!input.displayName.trim()) problems.push({ field: 'displayName', message: 'must not be empty' });
    if (input.password !== undefined && input.password !== null && input.password.length < 10) {
      problems.push({ field: 'password', message: 'at least 10 characters' });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const passwordHash = input.password ? await argon2Hash(input.password) : null;
    try {
      return await inTransaction(this.prisma, async (tx) => {
        const user = await tx.user.create({ data: { username, displayName: input.displayName.trim(), passwordHash, memberId: input.memberId ?? null } });
        await this.audit.record(tx, role, {
          action: 'user.create',
          entityType: 'User',
          entityId: user.id,
          scopePath,
          after: { username, displayName: user.displayName, memberId: user.memberId, password: passwordHash ? 'set' : null },
        });
        return user;
      }, TRANSACTION.write);
    } catch (error) {
      const fields = uniqueViolation(error);
      if (fields?.includes('username')) throw new ConflictError(`the username ${username} is taken`, 'username');
      if (fields?.includes('member_id')) throw new ConflictError('another user is already this member', 'memberId');
      throw error;
    }
  }

  /**
   * Grants a role on an organisation (its subtree), or everywhere (no organisation: a global
   * administrator only). An administrator hands out rights only within their own subtrees;
   * an unknown organisation and one outside them read the same.
   */
  async grant(input: { userId: string; role: Role; organizationId?: string | null }): Promise<RoleGrant> {
    const target = input.organizationId
      ? await this.prisma.organizationVersion.findFirst({ where: { organizationId: input.organizationId, validTo: null }, select: { path: true } })
      : null;
    const role = input.organizationId ? authorize(this.actor, 'manageAccess', [target?.path ?? []]) : authorizeAnywhereGlobal(this.actor);
    if (input.organizationId && !target) throw new NotFoundError('Organization', input.organizationId);
    if (!(await this.prisma.user.findUnique({ where: { id: input.userId }, select: { id: true } }))) throw new NotFoundError('User', input.userId);
    const granted = await inTransaction(this.prisma, async (tx) => {
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
    }, TRANSACTION.write);
    this.principals?.forget(input.userId);
    return granted;
  }

  async revokeGrant(grantId: string): Promise<RoleGrant> {
    // The grant's organisation decides who may revoke it; an unknown grant has none, and is
    // refused to a subtree administrator as one outside their subtrees would be.
    const [found] = await this.prisma.$queryRaw<{ organization_id: string | null; path: number[] | null }[]>`
      SELECT g.organization_id::text, v.path FROM role_grants g
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE g.id = ${grantId}::uuid`;
    const role = found && !found.organization_id ? authorizeAnywhereGlobal(this.actor) : authorize(this.actor, 'manageAccess', [found?.path ?? []]);
    if (!found) throw new NotFoundError('RoleGrant', grantId);
    const revokedGrant = await inTransaction(this.prisma, async (tx) => {
      // Conditional, so that of two concurrent revocations one is told it came too late.
      const { count } = await tx.roleGrant.updateMany({ where: { id: grantId, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) throw new ConflictError('the grant was already revoked');
      const revoked = await tx.roleGrant.findUniqueOrThrow({ where: { id: grantId } });
      await this.audit.record(tx, role, {
        action: 'grant.revoke',
        entityType: 'RoleGrant',
        entityId: grantId,
        scopePath: found.path ?? [],
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
      return revoked;
    }, TRANSACTION.write);
    this.principals?.forget(revokedGrant.userId);
    return revokedGrant;
  }

  /** A new API key for a user; the key itself is returned once and stored only as a hash. */
  async createApiKey(input: { userId: string; name: string }): Promise<{ apiKey: ApiKey; key: string }> {
    const subject = await this.authorizeOnUser(Prisma.sql`u.id = ${input.userId}::uuid`);
    if (!subject) throw new NotFoundError('User', input.userId);
    if (!input.name.trim()) throw ValidationError.field('name', 'must not be empty');
    const key = `${API_KEY_PREFIX}${secretToken()}`;
    return inTransaction(this.prisma, async (tx) => {
      const apiKey = await tx.apiKey.create({ data: { userId: input.userId, name: input.name.trim(), keyHash: sha256(key), prefix: key.slice(0, 10) } });
      await this.audit.record(tx, subject.role, {
        action: 'apiKey.create',
        entityType: 'ApiKey',
        entityId: apiKey.id,
        scopePath: subject.scopePath,
        after: { userId: input.userId, name: apiKey.name, prefix: apiKey.prefix, secret: 'issued' },
      });
      return { apiKey, key };
    }, TRANSACTION.write);
  }

  async revokeApiKey(apiKeyId: string): Promise<ApiKey> {
    const subject = await this.authorizeOnUser(Prisma.sql`u.id = (SELECT user_id FROM api_keys WHERE id = ${apiKeyId}::uuid)`);
    if (!subject) throw new NotFoundError('ApiKey', apiKeyId);
    const revokedKey = await inTransaction(this.prisma, async (tx) => {
      const { count } = await tx.apiKey.updateMany({ where: { id: apiKeyId, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) throw new ConflictError('the key was already revoked');
      const revoked = await tx.apiKey.findUniqueOrThrow({ where: { id: apiKeyId } });
      await this.audit.record(tx, subject.role, {
        action: 'apiKey.revoke',
        entityType: 'ApiKey',
        entityId: apiKeyId,
        scopePath: subject.scopePath,
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt },
      });
      return revoked;
    }, TRANSACTION.write);
    this.principals?.forget(revokedKey.userId);
    return revokedKey;
  }

  /** Lifts a sign-in lockout (and clears the count of wrong passwords). */
  async unlockUser(userId: string): Promise<ManagedUser> {
    const subject = await this.authorizeOnUser(Prisma.sql`u.id = ${userId}::uuid`);
    if (!subject) throw new NotFoundError('User', userId);
    return inTransaction(this.prisma, async (tx) => {
      const [before] = await tx.$queryRaw<{ failed_sign_ins: number; locked_until: Date | null }[]>`
        SELECT failed_sign_ins, locked_until FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      const user = await tx.user.update({ where: { id: userId }, data: { failedSignIns: 0, lockedUntil: null }, include: { grants: { where: { revokedAt: null } } } });
      await this.audit.record(tx, subject.role, {
        action: 'user.unlock',
        entityType: 'User',
        entityId: userId,
        scopePath: subject.scopePath,
        before: { failedSignIns: before!.failed_sign_ins, lockedUntil: before!.locked_until },
        after: { failedSignIns: 0, lockedUntil: null },
      });
      return user;
    }, TRANSACTION.write);
  }

  /**
   * Whether the actor may act on a user's account (their API keys, their lockout): a key
   * acts with all of the user's grants, so every active grant of the user must lie within
   * the administrator's subtrees (a global grant: a global administrator only), and so must
   * the member the user is. A user without grant and member link may be managed by any
   * administrator: what they could do is nothing until granted, and every grant is checked
   * against the granting administrator's subtrees when it is given. (What stays possible: a
   * key made for such a user gains whatever a later grant gives; grant carefully to users
   * who already hold keys.)
   *
   * Refusals come before the user's existence is told: to an administrator of subtrees, an
   * unknown user and one outside their subtrees are both FORBIDDEN. Returns null for an
   * unknown user when the actor is a global administrator (their NOT_FOUND to throw).
   */
  private async authorizeOnUser(user: Prisma.Sql): Promise<{ role: Role; scopePath: number[] } | null> {
    const role = authorizeAnywhere(this.actor, 'manageAccess');
    const rows = await this.prisma.$queryRaw<SubjectRow[]>`
      SELECT u.id::text AS user_id, m.path AS member_path, u.member_id IS NOT NULL AS member_known,
             g.organization_id::text, g.id::text AS grant_id, v.path AS grant_path
      FROM users u
      LEFT JOIN LATERAL (${memberPathOf(Prisma.sql`u.member_id`)}) m ON true
      LEFT JOIN role_grants g ON g.user_id = u.id AND g.revoked_at IS NULL
      LEFT JOIN organization_versions v ON v.organization_id = g.organization_id AND v.valid_to IS NULL
      WHERE ${user}`;
    const global = scopeOf(this.actor, 'manageAccess') === null;
    if (rows.length === 0) {
      if (!global) throw new ForbiddenError();
      return null;
    }
    const first = rows[0]!;
    const paths: number[][] = first.member_known ? [first.member_path ?? []] : [];
    for (const row of rows) {
      if (!row.grant_id) continue;
      if (!row.organization_id) {
        if (!global) throw new ForbiddenError();
        continue;
      }
      paths.push(row.grant_path ?? []);
    }
    return {
      role: paths.length > 0 ? authorize(this.actor, 'manageAccess', paths) : role,
      scopePath: [...new Set(paths.flat())].sort((a, b) => a - b),
    };
  }
}

/** The current path of a member's branch (the organisation of their latest period), as a one-column query. */
function memberPathOf(memberId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT v.path FROM member_periods p
    JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_to IS NULL
    WHERE p.member_id = ${memberId}
    ORDER BY p.valid_from DESC LIMIT 1`;
}

/** Global rights (a grant without organisation) can be handed out only by a global administrator. */
function authorizeAnywhereGlobal(actor: Actor): Role {
  const global = actor.grants.find((grant) => grant.role === 'ADMIN' && grant.organizationId === null);
  if (!global) return authorize(actor, 'manageAccess', [[]]);
  return global.role;
}

// A valid argon2id hash of a random string: verifying against it costs what a real check costs.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$tX7W8l8O8yCwQrRnWJ9dQ1XH9cqP+WmUqg0vA3aD9xM';
