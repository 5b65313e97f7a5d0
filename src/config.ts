import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';

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
  MIGRATE_ON_START: Type.Boolean({ default: true, description: 'Apply pending migrations when the server starts.' }),
  SEED_DEMO_DATA: Type.Boolean({ default: true, description: 'Load the demo dataset when the database is empty.' }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'pino log level.',
  }),
  GRAPHIQL: Type.Boolean({ default: true, description: 'Serve GraphiQL at /graphiql.' }),
  GRAPHQL_MAX_DEPTH: Type.Integer({ default: 8, minimum: 1, description: 'Deepest GraphQL selection allowed.' }),
  SHUTDOWN_GRACE_MS: Type.Integer({ default: 10000, minimum: 0, description: 'Time to finish requests on SIGTERM.' }),
});

export type Config = Static<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Reads the configuration from an environment (process.env by default), or fails listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(ConfigSchema.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const candidate = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, known));
  const errors = [...Value.Errors(ConfigSchema, candidate)];
  if (errors.length > 0) {
    const lines = new Set(errors.map((error) => `  ${error.instancePath.replace(/^\//, '') || '(root)'}: ${error.message}`));
    throw new ConfigError(`Invalid configuration:\n${[...lines].join('\n')}`);
  }
  return candidate as Config;
}
