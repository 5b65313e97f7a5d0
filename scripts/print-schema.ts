import { writeFileSync } from 'node:fs';
import { printSdl } from '../src/graphql/schema.js';

// Writes schema.graphql (the GraphQL SDL the server exposes); `--stdout` prints it instead.
if (process.argv.includes('--stdout')) process.stdout.write(printSdl());
else writeFileSync(new URL('../schema.graphql', import.meta.url), printSdl());
