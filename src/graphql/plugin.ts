import fp from 'fastify-plugin';
import { GraphQLError, Kind, NoSchemaIntrospectionCustomRule, type DocumentNode, getNamedType, getNullableType, isCompositeType, isListType, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../shared/pagination.js';
import mercurius from 'mercurius';
import mqemitterRedis from 'mqemitter-redis';
import { redisErrorSummary } from '../shared/redis.js';
import type { JobProgress } from '../modules/jobs/runner.js';
import { todayInVietnam } from '../shared/dates.js';
import { databaseError } from '../db/errors.js';
import { stringProblem } from '../http/input-domain.js';
import { DomainError } from '../shared/errors.js';
import { buildContext, type GraphQLContext } from './context.js';
import { createLoaders } from './loaders.js';
import { poolConfigFromUrl } from '../db/pg-client.js';
import { APPLICATION_NAME } from '../db/replicas.js';
import { SubtreeChanges } from '../modules/due-items/due-items.live.js';
import { depthRule } from './depth.js';
import { schema } from './schema.js';

type GraphQLOptions = {
  maxDepth: number;
  introspection: boolean;
  maxComplexity: number;
  /** Subscription events through Redis, so that an event published on one instance reaches subscribers on all. */
  redisUrl?: string;
  /** Where the database announces changes (subscriptions to items coming due). */
  databaseUrl: string;
  /** The least time between two reads of one subscription to items coming due. */
  dueItemsRefreshMs: number;
};

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
 * Reports read a subtree's rows for a period in one statement (a province's year of meetings is
 * a million attendance rows): each costs 6,000, so one request asks for three at most and a
 * page of aliases of one is refused before anything runs.
 */
export const REPORT_FIELD_COST = 6_000;
const REPORT_FIELDS = new Set(['meetingStatistics', 'dueItems', 'duesArrears', 'duesRemittance', 'reportForm', 'periodReport']);
const reportEstimator: ComplexityEstimator = ({ field, childComplexity }) => (REPORT_FIELDS.has(field.name) ? REPORT_FIELD_COST + childComplexity : undefined);

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

const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * GraphQL over HTTP: the client gets application/graphql-response+json (with its status codes)
 * when it names that type before application/json, or alone; otherwise application/json, the
 * legacy type, whose request errors are 200 (a client that does not send Accept gets it too).
 */
export function wantsGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]!.trim().toLowerCase());
  const preferred = types.indexOf(GRAPHQL_RESPONSE);
  if (preferred < 0) return false;
  const json = types.findIndex((type) => type === 'application/json' || type === 'application/*' || type === '*/*');
  return json < 0 || preferred < json;
}

/** What is wrong with the parameters of a GraphQL request body, if anything. */
function badParameter(body: Record<string, unknown>): string | null {
  const { query, operationName, variables, extensions } = body;
  if (typeof query !== 'string') return query === undefined ? null : '`query` is a string';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return '`operationName` is a string or null';
  const object = (value: unknown) => value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value));
  if (!object(variables)) return '`variables` is an object or null';
  if (!object(extensions)) return '`extensions` is an object or null';
  return null;
}

/** Mercurius reports a failed validation as one error holding the GraphQL errors: unwrap them. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((error) => {
    const wrapper = error.originalError as { errors?: unknown; statusCode?: unknown } | undefined;
    const inner = wrapper?.errors;
    if (!Array.isArray(inner)) return [error];
    // A refusal of the request with its own status (a mutation over GET: 405) keeps that status.
    if (typeof wrapper?.statusCode === 'number' && wrapper.statusCode !== 400) {
      return [new GraphQLError(inner.map((e: Error) => e.message).join('; '), { originalError: wrapper as Error })];
    }
    return inner.map(toGraphQLError);
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
    const code = status === 429 ? 'RATE_LIMITED' : status === 405 ? 'METHOD_NOT_ALLOWED' : 'BAD_REQUEST';
    return new GraphQLError(error.message, { ...where, extensions: { code, httpStatus: status } });
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

/**
 * Costs of the documents seen, by their variables: Mercurius keeps a parsed document per query
 * text, so the same query sent again is the same object, and its cost (a walk of the document
 * with the schema's types: a twentieth of a small query's time) is measured once for each set
 * of variables. Only short variables are kept, a few dozen sets per document.
 */
class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();
  constructor(
    private readonly maxVariablesLength = 512,
    private readonly maxPerDocument = 32,
  ) {}

  of(document: DocumentNode, variables: Record<string, unknown>, measure: () => number): number {
    const key = JSON.stringify(variables);
    if (key.length > this.maxVariablesLength) return measure();
    let costs = this.byDocument.get(document);
    if (!costs) this.byDocument.set(document, (costs = new Map()));
    let cost = costs.get(key);
    if (cost === undefined) {
      if (costs.size >= this.maxPerDocument) costs.clear();
      costs.set(key, (cost = measure()));
    }
    return cost;
  }
}

export const graphqlPlugin = fp<GraphQLOptions>(
  async (app, options) => {
    const costs = new CostCache();
    // Announcements of changes in the tree, heard once a subscription needs them.
    const { Client: _client, ...connection } = poolConfigFromUrl(options.databaseUrl, { application_name: `${APPLICATION_NAME.primary}/listen` });
    const subtreeChanges = new SubtreeChanges(connection, { log: app.log, minIntervalMs: options.dueItemsRefreshMs });
    app.addHook('onClose', async () => subtreeChanges.stop());
    // mqemitter-redis: Mercurius's emitter over Redis pub/sub (its own two connections).
    const emitter = options.redisUrl ? mqemitterRedis({ connectionString: options.redisUrl }) : undefined;
    if (emitter) {
      // Its connections' errors come out here (an unheard 'error' would end the process); told once a minute.
      let toldAt = 0;
      (emitter as unknown as { state: NodeJS.EventEmitter }).state.on('error', (error: Error) => {
        if (Date.now() - toldAt < 60_000) return;
        toldAt = Date.now();
        app.log.warn({ redisError: redisErrorSummary(error) }, 'subscription events: redis unavailable, no events are delivered until it is back');
      });
      // Closed in a second at most: with Redis unreachable its QUIT would wait out the grace period.
      app.addHook('onClose', async () => {
        await new Promise<void>((resolve) => {
          setTimeout(resolve, 1_000).unref();
          emitter.close(() => resolve());
        });
      });
    }
    await app.register(mercurius, {
      schema,
      path: '/graphql',
      // GraphiQL is served by the service itself (src/http/graphiql.ts), not from a CDN.
      graphiql: false,
      jit: 1,
      context: (request) => buildContext(request),
      // Subscriptions over a WebSocket: the caller is authenticated once, in connection_init.
      subscription: {
        ...(emitter ? { emitter } : {}),
        onConnect: async ({ payload }: { payload?: { authorization?: unknown; apiKey?: unknown } | null }) => {
          const context = { requestId: 'subscription', clientAddress: 'websocket' };
          const auth = app.services.auth;
          const bearer = typeof payload?.authorization === 'string' ? /^Bearer (.+)$/.exec(payload.authorization)?.[1] : undefined;
          const apiKey = typeof payload?.apiKey === 'string' ? payload.apiKey : undefined;
          // Who is connected, read again whenever a subscription acts later (a grant revoked,
          // the session ended): from the session for a token, which may expire meanwhile.
          const claims = bearer ? await auth.claimsOfAccessToken(bearer).catch(() => null) : null;
          const actorNow = claims ? () => auth.actorOfSession(claims, context) : apiKey ? () => auth.actorFromApiKey(apiKey, context) : null;
          const actor = actorNow ? await actorNow().catch(() => null) : null;
          if (!actor || !actorNow) return false;
          const services = app.servicesFor(actor);
          return {
            services,
            // Fresh loaders for each use: a connection lives for hours, and what it loaded must not be kept.
            get loaders() {
              return createLoaders(services);
            },
            servicesNow: async () => app.servicesFor(await actorNow()),
            subtreeChanges,
            db: app.db,
            today: todayInVietnam(),
            requestId: 'subscription',
            log: app.log,
          };
        },
      },
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
        if (requestStatus === 405) context.reply.header('allow', 'POST');
        for (const error of errors) delete (error.extensions as Record<string, unknown>).httpStatus;
        // A request the service could not run (a bad document, variables that do not fit): 400
        // under application/graphql-response+json, 200 under application/json (GraphQL over HTTP).
        const requestFailed = !hasData && errors.length > 0 && codes.every((code) => code === 'GRAPHQL_VALIDATION_FAILED' || code === 'QUERY_TOO_COMPLEX');
        const graphqlResponse = wantsGraphQLResponse(context.reply.request.headers.accept);
        const statusCode = requestStatus
          ? requestStatus
          : hasData
            ? 200
            : codes.includes('INTERNAL')
              ? 500
              : unavailable !== undefined
                ? 503
                : requestFailed && graphqlResponse
                  ? 400
                  : 200;
        // Under graphql-response+json a request that did not run has no data entry at all.
        if ((requestFailed || requestStatus) && graphqlResponse) return { statusCode, response: { errors } as { data: null; errors: GraphQLError[] } };
        return { statusCode, response: { data: execution.data ?? null, errors } };
      },
    });
    // A job's progress, published where subscribers of any connection to this instance hear it.
    const publish = (progress: JobProgress) => app.graphql.pubsub.publish({ topic: `job:${progress.id}`, payload: progress });
    app.jobs.on('progress', publish);
    app.addHook('onClose', async () => void app.jobs.off('progress', publish));
    // A null `extensions` is the same as none (GraphQL over HTTP), not a malformed body.
    // Parameters of the wrong type are the client's error, named (a number for `query` is not
    // turned into text).
    app.addHook('preValidation', async (request, reply) => {
      if (request.routeOptions.url !== '/graphql' || request.method !== 'POST') return;
      const body = request.body as Record<string, unknown> | null;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return;
      if (body.extensions === null) delete body.extensions;
      const wrong = badParameter(body);
      if (wrong) return reply.code(400).type('application/json; charset=utf-8').send({ errors: [{ message: wrong, extensions: { code: 'BAD_REQUEST' } }] });
    });
    // The media type negotiated, on every answer of /graphql that is a GraphQL response.
    app.addHook('onSend', async (request, reply, payload) => {
      if (request.routeOptions.url !== '/graphql' || !wantsGraphQLResponse(request.headers.accept)) return payload;
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json')) reply.header('content-type', `${GRAPHQL_RESPONSE}; charset=utf-8`);
      return payload;
    });
    // A document of queries only writes nothing: with replicas, its reads go to one that has
    // the caller's own writes (a GET request is routed as it is authenticated, src/http/auth.ts).
    app.graphql.addHook('preExecution', async (_schema, document, context) => {
      const request = context.reply?.request;
      if (!request) return;
      const writes = document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation !== 'query');
      request.wrote = writes;
      if (writes || request.method !== 'POST' || !app.db.replicas) return;
      const route = await app.readRouteFor(request.actor);
      if (!route) return;
      const routed = context as unknown as GraphQLContext;
      routed.services = app.servicesFor(request.services.actor, route);
      routed.loaders = createLoaders(routed.services);
    });
    // The cost depends on the variables (page sizes), so it is measured per request, after the
    // cached parse and validation.
    app.graphql.addHook('preExecution', async (schema, document, _context, variables) => {
      const cost = costs.of(document, variables ?? {}, () =>
        getComplexity({
          schema,
          query: document,
          variables: variables ?? {},
          estimators: [reportEstimator, paginationEstimator, simpleEstimator({ defaultComplexity: 1 })],
        }),
      );
      if (cost > options.maxComplexity) {
        throw new GraphQLError(`the query costs ${cost}, more than the ${options.maxComplexity} allowed: ask for fewer fields or smaller pages`, {
          extensions: { code: 'QUERY_TOO_COMPLEX' },
        });
      }
    });
  },
  { name: 'graphql', dependencies: ['database'], fastify: '5.x' },
);
