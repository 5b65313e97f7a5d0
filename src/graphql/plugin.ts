import fp from 'fastify-plugin';
import { GraphQLError } from 'graphql';
import mercurius from 'mercurius';
import { DomainError } from '../shared/errors.js';
import { buildContext } from './context.js';
import { schema } from './schema.js';

type GraphQLOptions = { graphiql: boolean; maxDepth: number };

/**
 * Expected errors keep their message and carry `extensions.code`; GraphQL validation errors
 * are the client's and pass through; anything else is logged and masked with the request id.
 */
function formatError(error: GraphQLError, requestId: string, log: { error(obj: object, msg: string): void }): GraphQLError {
  const original = error.originalError;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      path: error.path,
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      extensions: { code: original.code, ...original.details() },
    });
  }
  if (!original || original instanceof GraphQLError) {
    return new GraphQLError(error.message, {
      path: error.path,
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...error.extensions },
    });
  }
  log.error({ err: original, path: error.path }, 'unexpected GraphQL error');
  return new GraphQLError(`Internal error; quote request id ${requestId}`, {
    path: error.path,
    nodes: error.nodes,
      source: error.source,
      positions: error.positions,
    extensions: { code: 'INTERNAL', requestId },
  });
}

export const graphqlPlugin = fp<GraphQLOptions>(
  async (app, options) => {
    await app.register(mercurius, {
      schema,
      path: '/graphql',
      graphiql: options.graphiql,
      jit: 1,
      queryDepth: options.maxDepth,
      context: (request) => buildContext(request),
      errorFormatter: (execution, context) => {
        const requestId = String(context.reply.request.id);
        const errors = (execution.errors ?? []).map((error) => formatError(error, requestId, context.reply.log));
        const codes = errors.map((e) => e.extensions.code);
        const hasData = execution.data !== undefined && execution.data !== null;
        const statusCode = hasData
          ? 200
          : codes.includes('INTERNAL')
            ? 500
            : codes.every((code) => code === 'GRAPHQL_VALIDATION_FAILED')
              ? 400
              : 200;
        return { statusCode, response: { data: execution.data ?? null, errors } };
      },
    });
  },
  { name: 'graphql', dependencies: ['database'], fastify: '5.x' },
);
