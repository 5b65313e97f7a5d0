import fp from 'fastify-plugin';
import { GraphQLError, NoSchemaIntrospectionCustomRule, getNamedType, getNullableType, isCompositeType, isListType, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination.js';
import mercurius from 'mercurius';
import { databaseError } from '../db/errors.js';
import { stringProblem } from '../http/input-domain.js';
import { DomainError } from '../shared/errors.js';
import { buildContext } from './context.js';
import { depthRule } from './depth.js';
import { schema } from './schema.js';

type GraphQLOptions = { maxDepth: number; introspection: boolean; maxComplexity: number };

/**
 * The cost of a query: 1 per field, times `first` (default 20) for what a paginated field
 * returns. A list without pagination (children, ancestors, events, a subtree's lists) costs a
 * flat 20 more than its selection: each such field is at least one statement (nested ones are
 * batched per level by the loaders, so they add up rather than multiply), and a thousand
 * aliases of one are refused. Introspection costs nothing: its size is the schema's, and its
 * depth is bounded.
 */
const UNPAGINATED_LIST_COST = 20;
const paginationEstimator: ComplexityEstimator = ({ args, childComplexity, field, type: parent }) => {
  if (field.name.startsWith('__')) return 0;
  const type = String(field.type);
  if (typeof args.first === 'number') return 1 + childComplexity * Math.max(1, args.first);
  if (type.endsWith('Connection!') || type.endsWith('Connection')) return 1 + childComplexity * DEFAULT_PAGE_SIZE;
  // A connection's edges are its page, already counted by `first`; lists of values are values.
  const listed = getNamedType(field.type);
  if (isListType(getNullableType(field.type)) && isCompositeType(listed) && !parent.name.endsWith('Connection') && !listed.name.startsWith('__')) {
    return 1 + UNPAGINATED_LIST_COST + childComplexity;
  }
  return undefined;
};

/**
 * At most 50 fields at the root of an operation, aliases included: each root field is its own
 * work (nested fields are batched per level), so a request of a thousand aliases holds the
 * process however cheap each one looks.
 */
const MAX_ROOT_FIELDS = 50;
const RootFieldsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const count = node.selectionSet.selections.length;
    if (count > MAX_ROOT_FIELDS) {
      context.reportError(new GraphQLError(`at most ${MAX_ROOT_FIELDS} root fields (aliases included) in one operation, not ${count}`, { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } }));
    }
  },
});

/** String literals in the query text are held to the domain request bodies are (no NUL, no lone surrogate). */
const StringDomainRule: ValidationRule = (context) => ({
  StringValue(node) {
    const problem = stringProblem(node.value);
    if (problem) context.reportError(new GraphQLError(`a string ${problem}`, { nodes: [node], extensions: { code: 'VALIDATION_FAILED' } }));
  },
});

type Log = { error(obj: object, msg: string): void };

/** Mercurius reports a failed validation as one error holding the GraphQL errors: unwrap them. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(inner) ? inner.map(toGraphQLError) : [error];
  });
}

function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const plain = error as Error;
  return new GraphQLError(plain.message, { originalError: plain });
}

/** Errors of the request itself (syntax, unknown fields, depth), raised by graphql-js or Mercurius. */
function isRequestError(error: GraphQLError): boolean {
  const original = error.originalError;
  if (!original || original instanceof GraphQLError) return true;
  const code = (original as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('MER_ERR_GQL');
}

/**
 * Expected errors keep their message and carry `extensions.code`; errors of the request pass
 * through; anything else is logged and masked with the request id.
 */
function formatError(error: GraphQLError, requestId: string, log: Log, suggestions: boolean): GraphQLError {
  const original = error.originalError instanceof DomainError ? error.originalError : (databaseError(error.originalError) ?? error.originalError);
  const where = { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path };
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, { ...where, extensions: { code: original.code, ...original.details() } });
  }
  // The body could not be read (bad JSON, too large, a forbidden key): the client's error,
  // answered with Fastify's 4xx status.
  const status = (original as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new GraphQLError(error.message, { ...where, extensions: { code: 'BAD_REQUEST', httpStatus: status } });
  }
  if (isRequestError(error)) {
    // Without introspection, "Did you mean …?" would list the schema's fields one guess at a time.
    const message = suggestions ? error.message : error.message.replace(/ ?Did you mean .*\?$/, '');
    return new GraphQLError(message, {
      ...where,
      extensions: { ...error.extensions, code: error.extensions.code === 'QUERY_TOO_COMPLEX' ? 'QUERY_TOO_COMPLEX' : 'GRAPHQL_VALIDATION_FAILED' },
    });
  }
  log.error({ err: original, path: error.path }, 'unexpected GraphQL error');
  return new GraphQLError(`Internal error; quote request id ${requestId}`, {
    ...where,
    extensions: { code: 'INTERNAL', requestId },
  });
}

export const graphqlPlugin = fp<GraphQLOptions>(
  async (app, options) => {
    await app.register(mercurius, {
      schema,
      path: '/graphql',
      // GraphiQL is served by the service itself (src/http/graphiql.ts), not from a CDN.
      graphiql: false,
      jit: 1,
      context: (request) => buildContext(request),
      // Depth is measured apart for introspection (its standard query nests a dozen levels).
      validationRules: [StringDomainRule, RootFieldsRule, depthRule(options.maxDepth), ...(options.introspection ? [] : [NoSchemaIntrospectionCustomRule])],
      errorFormatter: (execution, context) => {
        const requestId = String(context.reply.request.id);
        const errors = flatten(execution.errors ?? []).map((error) => formatError(error, requestId, context.reply.log, options.introspection));
        const codes = errors.map((e) => e.extensions.code);
        const hasData = execution.data !== undefined && execution.data !== null;
        const unavailable = errors.map((e) => e.extensions.retryAfterSeconds).find((seconds) => typeof seconds === 'number');
        if (unavailable !== undefined) context.reply.header('retry-after', String(unavailable));
        const requestStatus = errors.map((e) => e.extensions.httpStatus).find((status) => typeof status === 'number') as number | undefined;
        for (const error of errors) delete (error.extensions as Record<string, unknown>).httpStatus;
        const statusCode = requestStatus
          ? requestStatus
          : hasData
          ? 200
          : codes.includes('INTERNAL')
            ? 500
            : unavailable !== undefined
              ? 503
              : codes.every((code) => code === 'GRAPHQL_VALIDATION_FAILED' || code === 'QUERY_TOO_COMPLEX' )
                ? 400
                : 200;
        return { statusCode, response: { data: execution.data ?? null, errors } };
      },
    });
    // The cost depends on the variables (page sizes), so it is measured per request, after the
    // cached parse and validation.
    app.graphql.addHook('preExecution', async (schema, document, _context, variables) => {
      const cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        estimators: [paginationEstimator, simpleEstimator({ defaultComplexity: 1 })],
      });
      if (cost > options.maxComplexity) {
        throw new GraphQLError(`the query costs ${cost}, more than the ${options.maxComplexity} allowed: ask for fewer fields or smaller pages`, {
          extensions: { code: 'QUERY_TOO_COMPLEX' },
        });
      }
    });
  },
  { name: 'graphql', dependencies: ['database'], fastify: '5.x' },
);
