import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { databaseError } from '../db/errors.js';
import { DomainError, UnavailableError } from '../shared/errors.js';

/** RFC 9457 problem details, with the same `code` a GraphQL error carries. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId: string;
  [extra: string]: unknown;
};

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem.' }),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String({
      description: 'VALIDATION_FAILED, NOT_FOUND, CONFLICT, INVALID_TRANSITION, RULE_VIOLATION, FORBIDDEN, PRECONDITION_FAILED, …',
    }),
    detail: Type.String(),
    instance: Type.String(),
    requestId: Type.String(),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details.' },
);

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  412: 'Precondition failed',
  413: 'Content too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  // RFC 9110 11.6.1: a 401 says how to authenticate.
  if (status === 401 && !reply.hasHeader('www-authenticate')) reply.header('www-authenticate', 'Bearer realm="party-building", charset="UTF-8"');
  const problem: Problem = {
    type: `urn:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...extra,
  };
  return reply.status(status).type('application/problem+json').send(problem);
}

/** Maps every error of a REST route to problem+json; unexpected ones are logged and masked. */
export const problemPlugin = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((thrown: FastifyError | DomainError | Error, request, reply) => {
      const error = thrown instanceof DomainError ? thrown : (databaseError(thrown) ?? thrown);
      if (error instanceof DomainError) {
        if (error instanceof UnavailableError) {
          reply.header('retry-after', String(error.retryAfterSeconds));
          request.log.warn({ err: thrown }, error.code);
        }
        return sendProblem(reply, request, error.status, error.code, error.message, error.details());
      }
      const fastifyError = error as FastifyError;
      if (fastifyError.validation) {
        // The branches of a one-of are not problems of their own: its one message says what to give.
        const issues = fastifyError.validation.filter((issue) => !/\/oneOf\/\d+\//.test(issue.schemaPath));
        const problems = issues.map((issue) => ({
          field: `${fastifyError.validationContext ?? 'body'}${issue.instancePath.replaceAll('/', '.')}${
            issue.keyword === 'required' ? `.${String((issue.params as { missingProperty?: string }).missingProperty)}` : ''
          }${issue.keyword === 'additionalProperties' ? `.${String((issue.params as { additionalProperty?: string }).additionalProperty)}` : ''}`,
          message: issue.message ?? 'is invalid',
        }));
        return sendProblem(reply, request, 400, 'VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
          problems,
        });
      }
      const status = fastifyError.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'unexpected error');
        return sendProblem(reply, request, 500, 'INTERNAL', `An unexpected error occurred; quote request id ${request.id}.`);
      }
      return sendProblem(reply, request, status, fastifyError.code ?? 'BAD_REQUEST', error.message);
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      // A known path asked with a method it does not answer: 405 with the methods it does.
      const allowed = request.server.allowedMethods?.(path) ?? [];
      // (A route that answers this method and found nothing is a 404.)
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        reply.header('allow', allowed.join(', '));
        return sendProblem(reply, request, 405, 'METHOD_NOT_ALLOWED', `${path} answers ${allowed.join(', ')}, not ${request.method}`);
      }
      return sendProblem(reply, request, 404, 'NOT_FOUND', `No route ${request.method} ${path}`);
    });
  },
  { name: 'problem', fastify: '5.x' },
);
