import { readFileSync } from 'node:fs';
import { createConfig, lintFromString } from '@redocly/openapi-core';

/** Lints openapi.yaml with Redocly's recommended OpenAPI 3.1 rules; prints problems, exits 1 on errors. */
export async function lintOpenapi(source: string) {
  const config = await createConfig({ extends: ['recommended'] });
  const problems = await lintFromString({ source, absoluteRef: 'openapi.yaml', config });
  return problems.map((problem) => ({
    severity: problem.severity,
    rule: problem.ruleId,
    message: problem.message,
    at: problem.location[0]?.pointer,
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = await lintOpenapi(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'));
  for (const problem of problems) console.log(`${problem.severity} ${problem.rule} ${problem.at}: ${problem.message}`);
  process.exitCode = problems.some((problem) => problem.severity === 'error') ? 1 : 0;
}
