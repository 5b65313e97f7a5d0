import fp from 'fastify-plugin';
import type { FieldProblem } from '../shared/errors.js';
import { sendProblem } from './problem.js';

/**
 * The domain of every string a caller sends, REST and GraphQL alike (a GraphQL request is a
 * JSON body too): no NUL (PostgreSQL text cannot hold it), no lone UTF-16 surrogate (it is
 * not text, and it breaks the JSON of the audit trail), and Unicode NFC, because Vietnamese
 * is typed both composed ("ễ") and decomposed ("e" + two marks) and the two must be one name
 * in the database, in search and in uniqueness checks.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string is outside the domain, or null. */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

type Container = Record<string, unknown> | unknown[];

// JSON reads 1e400 as Infinity, and a query's "1e400" converts to it; no quantity of the
// service comes near 2^53.
const NUMERIC = /^[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|Infinity)$/;
const NUMBER_RANGE = 'must be a finite number within ±9007199254740991';
const saneNumber = (value: number) => Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;

/**
 * Checks every string (keys included) of a parsed body, query or params object and
 * normalises values to NFC in place. Iterative, so a deeply nested body cannot exhaust the
 * stack; the problems name the path of each bad string.
 */
export function normaliseInput(root: unknown, rootName: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  // Query strings are text until the route's schema converts them: a number there is checked
  // as the number it will become.
  const numericQuery = rootName === 'querystring';
  // A file uploaded as the body (an import) is bytes, read and checked by its importer.
  if (typeof root !== 'object' || root === null || Buffer.isBuffer(root)) return problems;
  const stack: { container: Container; path: string }[] = [{ container: root as Container, path: rootName }];
  while (stack.length > 0 && problems.length < 20) {
    const { container, path } = stack.pop()!;
    const entries: [string | number, unknown][] = Array.isArray(container)
      ? container.map((value, index) => [index, value])
      : Object.entries(container);
    for (const [key, value] of entries) {
      const where = typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
      if (typeof key === 'string') {
        const problem = stringProblem(key);
        if (problem) {
          problems.push({ field: path, message: `a field name ${problem}` });
          continue;
        }
      }
      if (typeof value === 'string') {
        const problem = stringProblem(value) ?? (numericQuery && NUMERIC.test(value) && !saneNumber(Number(value)) ? NUMBER_RANGE : null);
        if (problem) problems.push({ field: where, message: problem });
        else if (!isNfc(value)) (container as Record<string | number, unknown>)[key] = value.normalize('NFC');
      } else if (typeof value === 'number' && !saneNumber(value)) {
        problems.push({ field: where, message: NUMBER_RANGE });
      } else if (typeof value === 'object' && value !== null) {
        stack.push({ container: value as Container, path: where });
      }
    }
  }
  return problems;
}

// ASCII is NFC already: most strings skip the normalisation.
const isNfc = (value: string) => /^[ -~\t\n\r]*$/.test(value) || value.normalize('NFC') === value;

export const inputDomainPlugin = fp(
  async (app) => {
    // preValidation: after the body is parsed, before the route's schema (or GraphQL) sees it.
    app.addHook('preValidation', async (request, reply) => {
      const problems = [
        ...normaliseInput(request.params, 'params'),
        ...normaliseInput(request.query, 'querystring'),
        ...normaliseInput(request.body, 'body'),
      ];
      if (problems.length === 0) return;
      const detail = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
      if (request.url.startsWith('/graphql')) {
        // A GraphQL client reads GraphQL errors, whatever failed.
        return reply
          .status(400)
          .type('application/json; charset=utf-8')
          .send({ data: null, errors: [{ message: detail, extensions: { code: 'VALIDATION_FAILED', problems } }] });
      }
      return sendProblem(reply, request, 400, 'VALIDATION_FAILED', detail, { problems });
    });
  },
  { name: 'input-domain', dependencies: ['problem'], fastify: '5.x' },
);
