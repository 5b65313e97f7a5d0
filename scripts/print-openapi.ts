import { writeFileSync } from 'node:fs';
import { openapiYaml } from '../src/http/openapi-document.js';

// Writes openapi.yaml (generated from the route schemas); `--stdout` prints it instead.
const yaml = await openapiYaml();
if (process.argv.includes('--stdout')) process.stdout.write(yaml);
else writeFileSync(new URL('../openapi.yaml', import.meta.url), yaml);
