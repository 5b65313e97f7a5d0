import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults', async (t) => {
  const config = loadConfig({});
  t.same(config, {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: 3000,
    DATA_DIR: '.data',
    EMBEDDED_PG_PORT: 54329,
    DATABASE_POOL_SIZE: 10,
    DATABASE_STATEMENT_TIMEOUT_MS: 30000,
    DATABASE_REPLICA_URLS: '',
    DATABASE_REPLICA_POOL_SIZE: 10,
    DATABASE_REPLICA_MAX_LAG_SECONDS: 10,
    DATABASE_REPLICA_CHECK_SECONDS: 1,
    DUE_ITEMS_REFRESH_SECONDS: 5,
    REDIS_KEY_PREFIX: 'party-building:',
    REGULATIONS_CACHE_SECONDS: 30,
    PRINCIPAL_CACHE_SECONDS: 60,
    MIGRATE_ON_START: true,
    SEED_DEMO_DATA: true,
    LOG_LEVEL: 'info',
    JOB_RUNNER: true,
    JOB_POLL_SECONDS: 2,
    JOB_LEASE_SECONDS: 60,
    GRAPHIQL: true,
    GRAPHQL_MAX_DEPTH: 8,
    SHUTDOWN_GRACE_MS: 10000,
    ACCESS_TOKEN_TTL_SECONDS: 900,
    REFRESH_TOKEN_TTL_DAYS: 30,
    ADMIN_USERNAME: 'admin',
    CORS_ORIGINS: '',
    RATE_LIMIT_PER_MINUTE: 600,
    GRAPHQL_INTROSPECTION: true,
    GRAPHQL_MAX_COMPLEXITY: 20000,
    SIGN_IN_MAX_FAILURES: 5,
    SIGN_IN_LOCKOUT_MINUTES: 15,
    TRUST_PROXY: false,
  });
  t.throws(() => loadConfig({ NODE_ENV: 'production' }), {
    message:
      "Invalid configuration:\n  JWT_SECRET: required in production (tokens must survive restarts)\n  PROTECTED_DATA_KEY: required in production (complainants' identities are encrypted with it)",
  }, 'every missing secret is named at once');
});

t.test('replicas and Redis: the URLs are checked, a bad one is not echoed (it holds a password), and Redis needs a shared JWT secret', async (t) => {
  t.throws(() => loadConfig({ REDIS_URL: 'redis://h:6379/0' }), {
    message: 'Invalid configuration:\n  JWT_SECRET: required with REDIS_URL (every instance must accept the tokens the others sign)',
  });
  const config = loadConfig({ DATABASE_REPLICA_URLS: ' postgresql://r@h1:5432/d , postgres://r@h2/d ', REDIS_URL: 'redis://h:6379/0', JWT_SECRET: 'a-long-enough-secret-for-the-tokens-0123456789' });
  t.equal(config.DATABASE_REPLICA_URLS, ' postgresql://r@h1:5432/d , postgres://r@h2/d ');
  t.equal(config.REDIS_URL, 'redis://h:6379/0');
  t.throws(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgresql://r@h1/d,mysql://user:secret@h2/d' }), {
    message: 'Invalid configuration:\n  DATABASE_REPLICA_URLS: not PostgreSQL URLs: 1 of 2 (each starts with postgresql://)',
  });
  t.throws(() => loadConfig({ REDIS_URL: 'http://h' }), { message: /REDIS_URL: must match pattern/ });
  t.throws(() => loadConfig({ DATABASE_REPLICA_MAX_LAG_SECONDS: '0' }), { message: /DATABASE_REPLICA_MAX_LAG_SECONDS/ });
});

t.test('values are converted and validated from the environment', async (t) => {
  const config = loadConfig({ PORT: '8080', MIGRATE_ON_START: 'false', DATABASE_URL: 'postgresql://u@h:5432/d' });
  t.equal(config.PORT, 8080);
  t.equal(config.MIGRATE_ON_START, false);
  t.equal(config.DATABASE_URL, 'postgresql://u@h:5432/d');
  t.throws(
    () => loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }),
    new ConfigError(
      'Invalid configuration:\n  PORT: must be integer\n  DATABASE_URL: must match pattern "^postgres(ql)?://"\n  LOG_LEVEL: must be equal to one of the allowed values',
    ),
  );
});

t.test('production: GraphiQL and demo data off unless asked for by name', async (t) => {
  const secrets = { NODE_ENV: 'production', JWT_SECRET: 'k7Pq2Zx9Lm4Wv8Rt1Ys6Nb3Hc5Jd0FgAe', PROTECTED_DATA_KEY: 'Qw3Er5Ty7Ui9Op1As2Df4Gh6Jk8Lz0XcBd' };
  const production = loadConfig(secrets);
  t.same([production.GRAPHIQL, production.GRAPHQL_INTROSPECTION, production.SEED_DEMO_DATA], [false, true, false], 'introspection stays on for signed-in callers: off only by GRAPHQL_INTROSPECTION=false');
  const asked = loadConfig({ ...secrets, GRAPHIQL: 'true', GRAPHQL_INTROSPECTION: 'true' });
  t.same([asked.GRAPHIQL, asked.GRAPHQL_INTROSPECTION], [true, true]);
  const development = loadConfig({});
  t.same([development.GRAPHIQL, development.GRAPHQL_INTROSPECTION], [true, true]);
});
