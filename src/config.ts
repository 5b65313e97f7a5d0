import { isIP } from 'node:net';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { DEVELOPMENT_PROTECTED_DATA_KEY } from './shared/sealing.js';

/** Sign-in throttling when not configured (also what tools that build services directly get). */
export const SIGN_IN_DEFAULTS = { maxFailures: 5, lockoutMinutes: 15 };

/**
 * The service's whole configuration: one schema that validates the environment and types
 * the result. Nothing else reads process.env.
 */
export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], {
    default: 'development',
    description: 'Runtime mode. `production` turns off pretty logs and GraphiQL unless enabled.',
  }),
  HOST: Type.String({ default: '127.0.0.1', description: 'Address to listen on (0.0.0.0 in containers).' }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535, description: 'HTTP port.' }),
  DATABASE_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://',
      description: 'PostgreSQL connection URL. When unset an embedded PostgreSQL 17 runs in DATA_DIR.',
    }),
  ),
  DATA_DIR: Type.String({ default: '.data', description: 'Directory of the embedded PostgreSQL cluster.' }),
  EMBEDDED_PG_PORT: Type.Integer({
    default: 54329,
    minimum: 1,
    maximum: 65535,
    description: 'Port of the embedded PostgreSQL (only when DATABASE_URL is unset).',
  }),
  DATABASE_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200, description: 'Connections in the pool.' }),
  DATABASE_REPLICA_URLS: Type.String({
    default: '',
    description:
      'Comma-separated PostgreSQL URLs of streaming replicas of DATABASE_URL. Reads that tolerate replication lag (GET requests and GraphQL queries, outside transactions) go to one that is up and caught up; writes, transactions and a caller\'s reads of what they just wrote go to the primary. Empty: every statement on the primary.',
  }),
  DATABASE_REPLICA_POOL_SIZE: Type.Integer({ default: 10, minimum: 1, maximum: 200, description: 'Connections in the pool of each replica.' }),
  DATABASE_REPLICA_MAX_LAG_SECONDS: Type.Number({
    default: 10,
    minimum: 0.1,
    maximum: 3_600,
    description: 'A replica further behind the primary than this is skipped (reads go to another, or to the primary) until it catches up.',
  }),
  DATABASE_REPLICA_CHECK_SECONDS: Type.Number({
    default: 1,
    minimum: 0.1,
    maximum: 60,
    description: 'How often each replica is checked (up, a replica of this primary, how far behind).',
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      pattern: '^rediss?://',
      description:
        'Redis shared by the instances: rate limits, the throttle of unknown usernames, where each caller last wrote (read-your-writes on replicas) and GraphQL subscription events. Unset: kept in each process (one instance).',
    }),
  ),
  REDIS_KEY_PREFIX: Type.String({
    default: 'party-building:',
    pattern: '^[A-Za-z0-9:_.-]{0,64}$',
    description: 'What every key the service sets in Redis starts with: deployments sharing one Redis (staging beside production) set different ones (subscription events are by job id, unique anyway).',
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({
    default: 30000,
    minimum: 0,
    maximum: 3_600_000,
    description: 'Longest a single SQL statement may run before PostgreSQL stops it (the request then answers 503 TIME_BUDGET_EXCEEDED); 0: no limit.',
  }),
  REGULATIONS_CACHE_SECONDS: Type.Integer({
    default: 30,
    minimum: 0,
    maximum: 86_400,
    description: 'How long an instance keeps the regulation values it loaded: a change made on another instance applies here within this time (at once on the instance that made it).',
  }),
  PRINCIPAL_CACHE_SECONDS: Type.Integer({
    default: 60,
    minimum: 0,
    maximum: 3_600,
    description:
      'How long an instance may keep who is behind a session or an API key between requests, while it hears the database announce every change to them (a revocation acts at once; without the announcements, nothing is kept); 0: read at every request.',
  }),
  MIGRATE_ON_START: Type.Boolean({ default: true, description: 'Apply pending migrations when the server starts.' }),
  SEED_DEMO_DATA: Type.Boolean({ default: true, description: 'Load the demo dataset when the database is empty (default off in production).' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'pino log level.',
  }),
  JOB_RUNNER: Type.Boolean({ default: true, description: 'Run queued jobs (imports) in this instance; any number of instances may, each job runs in one.' }),
  JOB_POLL_SECONDS: Type.Integer({
    default: 2,
    minimum: 1,
    maximum: 3_600,
    description: 'How often the runner looks for jobs queued by other instances or left by a dead one (a job queued here starts at once).',
  }),
  DUE_ITEMS_REFRESH_SECONDS: Type.Number({
    default: 5,
    minimum: 0.05,
    maximum: 3_600,
    description: 'A subscription to items coming due reads its subtree again at most this often (changes meanwhile are taken together).',
  }),
  JOB_LEASE_SECONDS: Type.Integer({
    default: 60,
    minimum: 5,
    maximum: 3_600,
    description: 'How long a job stays with the instance running it without word from it (renewed while it runs): a job whose instance died is taken over by another after this.',
  }),
  GRAPHIQL: Type.Boolean({ default: true, description: 'Serve GraphiQL at /graphiql (default off in production).' }),
  GRAPHQL_MAX_DEPTH: Type.Integer({ default: 8, minimum: 1, description: 'Deepest GraphQL selection allowed.' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 0, description: 'Time to finish requests on SIGTERM.' }),
  JWT_SECRET: Type.Optional(
    Type.String({
      minLength: 32,
      description: 'Secret that signs access tokens (at least 32 characters). Unset: a random one per start (tokens end with the process).',
    }),
  ),
  PROTECTED_DATA_KEY: Type.Optional(
    Type.String({
      minLength: 32,
      description:
        'Key that encrypts complainants\' identities (at least 32 characters; keep it, or they cannot be read). Unset outside production: a fixed development key.',
    }),
  ),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ default: 900, minimum: 30, description: 'Lifetime of an access token.' }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ default: 30, minimum: 1, description: 'Lifetime of a sign-in (refresh token).' }),
  ADMIN_USERNAME: Type.String({ default: 'admin', description: 'The administrator created on the first start.' }),
  ADMIN_PASSWORD: Type.Optional(
    Type.String({ minLength: 10, description: 'Its password; unset: a random one, printed once in the log.' }),
  ),
  CORS_ORIGINS: Type.String({ default: '', description: 'Comma-separated origins allowed by CORS (none when empty).' }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ default: 600, minimum: 1, description: 'Requests per minute per token or per address.' }),
  GRAPHQL_INTROSPECTION: Type.Boolean({
    default: true,
    description: 'Allow schema introspection (GraphiQL and code generators need it; signed-in callers only) and field suggestions in errors.',
  }),
  GRAPHQL_MAX_COMPLEXITY: Type.Integer({ default: 20000, minimum: 10, description: 'Largest GraphQL query cost allowed.' }),
  SIGN_IN_MAX_FAILURES: Type.Integer({
    default: SIGN_IN_DEFAULTS.maxFailures,
    minimum: 1,
    maximum: 100,
    description: 'Wrong passwords in a row that lock an account (unknown usernames are counted the same way).',
  }),
  SIGN_IN_LOCKOUT_MINUTES: Type.Integer({
    default: SIGN_IN_DEFAULTS.lockoutMinutes,
    minimum: 1,
    maximum: 10080,
    description: 'How long a locked account refuses every sign-in, unless an administrator unlocks it sooner.',
  }),
  TRUST_PROXY: Type.String({
    default: 'false',
    description:
      'Which proxies may set the client address (X-Forwarded-For), used by the rate limit, the audit trail and the logs: `false` (none: the socket address), `true` (any: only behind a proxy that overwrites the header), a number of hops (only when nobody can reach the service but through them), or comma-separated addresses/CIDRs of the proxies (or `loopback`, `linklocal`, `uniquelocal`).',
  }),
});

/**
 * Fastify's `trustProxy`: which proxies' X-Forwarded-For is believed. A number of hops is a
 * function here: Fastify 5.12 takes a number but then trusts no hop at all (it cannot tell a
 * proxy from a client that sends the header itself), so hops are trusted as configured, as
 * Express does; only for a service that nobody reaches but through those proxies.
 */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

export type Config = Omit<Static<typeof ConfigSchema>, 'TRUST_PROXY'> & { TRUST_PROXY: TrustProxy };

/** proxy-addr's names for address ranges (Fastify passes the list to it). */
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY as Fastify takes it, or the reason it is not one. */
function parseTrustProxy(value: string): TrustProxy | Error {
  const text = value.trim().toLowerCase();
  if (text === 'false' || text === '0') return false;
  if (text === 'true') return true;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return Object.defineProperty((_address: string, hop: number) => hop < hops, 'name', { value: `trust ${hops} hops` });
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.filter((entry) => {
    if (PROXY_RANGES.has(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const version = isIP(address ?? '');
    if (!version || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
  });
  if (bad.length > 0) return new Error(`not an address or CIDR: ${bad.map((entry) => JSON.stringify(entry)).join(', ')} (or use true, false, a number of hops)`);
  return entries;
}

/** DATABASE_REPLICA_URLS as a list, or what is wrong with it. */
export function replicaUrlList(value: string): string[] | Error {
  const urls = value
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
  const bad = urls.filter((url) => {
    if (!/^postgres(ql)?:\/\/[^\s]+$/.test(url)) return true;
    try {
      const parsed = new URL(url);
      return !parsed.hostname || (parsed.port !== '' && !/^\d+$/.test(parsed.port));
    } catch {
      return true;
    }
  });
  if (bad.length > 0) return new Error(`not PostgreSQL URLs: ${bad.length} of ${urls.length} (each starts with postgresql://)`);
  return urls;
}

/** A JWT secret anyone could guess: few distinct characters ("aaaa…", "0000…", "abab…"). */
const weakSecret = (secret: string) => new Set(secret).size < 10;

export class ConfigError extends Error {}

/** Reads the configuration from an environment (process.env by default), or fails listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  // What the environment names (Value.Default fills `known` in place).
  const given = new Set(Object.keys(known));
  const candidate = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, known));
  const errors = [...Value.Errors(ConfigSchema, candidate)];
  if (errors.length > 0) {
    const lines = new Set(errors.map((error) => `  ${error.instancePath.replace(/^\//, '') || '(root)'}: ${error.message}`));
    throw new ConfigError(`Invalid configuration:\n${[...lines].join('\n')}`);
  }
  const raw = candidate as Static<typeof ConfigSchema>;
  // In production the schema browser, introspection and demo data are off unless asked for by name.
  if (raw.NODE_ENV === 'production') {
    if (!given.has('GRAPHIQL')) raw.GRAPHIQL = false;
    // A production database gets demo data only when asked for.
    if (!given.has('SEED_DEMO_DATA')) raw.SEED_DEMO_DATA = false;
  }
  const replicaUrls = replicaUrlList(raw.DATABASE_REPLICA_URLS);
  if (replicaUrls instanceof Error) throw new ConfigError(`Invalid configuration:\n  DATABASE_REPLICA_URLS: ${replicaUrls.message}`);
  const trustProxy = parseTrustProxy(raw.TRUST_PROXY);
  if (trustProxy instanceof Error) throw new ConfigError(`Invalid configuration:\n  TRUST_PROXY: ${trustProxy.message}`);
  const config: Config = { ...raw, TRUST_PROXY: trustProxy };
  // Instances that share Redis serve one set of users: a token one signs, another must accept.
  if (config.REDIS_URL && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required with REDIS_URL (every instance must accept the tokens the others sign)');
  }
  if (config.NODE_ENV === 'production') {
    // Every missing or unusable secret is named at once, so a deployment is fixed in one go.
    const problems: string[] = [];
    if (!config.JWT_SECRET) problems.push('JWT_SECRET: required in production (tokens must survive restarts)');
    if (!config.PROTECTED_DATA_KEY) problems.push("PROTECTED_DATA_KEY: required in production (complainants' identities are encrypted with it)");
    // The development key is in the source code: data sealed with it is readable by anyone.
    if (config.PROTECTED_DATA_KEY === DEVELOPMENT_PROTECTED_DATA_KEY) {
      problems.push('PROTECTED_DATA_KEY: the development key cannot be used in production (generate a random one)');
    }
    if (config.JWT_SECRET && weakSecret(config.JWT_SECRET)) {
      problems.push('JWT_SECRET: too weak for production (generate a random one, e.g. `openssl rand -hex 32`)');
    }
    if (config.JWT_SECRET && config.JWT_SECRET === config.PROTECTED_DATA_KEY) problems.push('JWT_SECRET: must differ from PROTECTED_DATA_KEY');
    if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  return config;
}
