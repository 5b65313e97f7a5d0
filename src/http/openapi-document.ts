import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

/**
 * The OpenAPI document as YAML. Building the app connects no database (the pool connects
 * lazily), so this needs none: a placeholder URL is enough.
 */
export async function openapiYaml(): Promise<string> {
  const app = await buildApp({
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
  });
  try {
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
  }
}
