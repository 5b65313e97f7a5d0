import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';

/**
 * What the OpenAPI document says of every operation beyond its own schemas: the problem
 * responses each can give (as `application/problem+json`), the response headers (ETag,
 * Location, Retry-After, Idempotent-Replayed, the rate-limit counters), the request headers
 * of conditional and idempotent requests, and no example that would pre-fill an optional
 * filter. Derived from the routes themselves (their inputs, whether they are public,
 * idempotent or conditional), so a new route is documented the same way without effort.
 */

const PROBLEM_REF = '#/components/schemas/Problem';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or a value is outside its domain (VALIDATION_FAILED, with `problems` naming each field).',
  401: 'No credentials, or a token or key that is invalid, expired or revoked.',
  403: 'The caller’s grants do not allow this here (FORBIDDEN). The refusal says nothing of the target.',
  404: 'Not found, or outside the caller’s subtrees (NOT_FOUND).',
  409: 'In conflict with the current state (CONFLICT, INVALID_TRANSITION), or a request with the same Idempotency-Key is still running.',
  412: 'If-Match does not name the current ETag (PRECONDITION_FAILED): the record changed since it was read.',
  413: 'The body is larger than the service accepts.',
  415: 'The body is not `application/json`.',
  422: 'A rule of the regulations refuses it (RULE_VIOLATION, naming the rule and its source), or the Idempotency-Key was used with another request (IDEMPOTENCY_KEY_REUSED).',
  429: 'Too many requests (RATE_LIMITED): retry after Retry-After seconds.',
  500: 'An unexpected error (INTERNAL): quote the request id.',
  503: 'The service is starting or its database is unavailable (SERVICE_STARTING, DATABASE_UNAVAILABLE): retry after Retry-After seconds.',
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Schema = Record<string, unknown>;
type RouteFacts = { idempotent: boolean; secured: boolean; rateLimited: boolean; streamed?: boolean; upload?: Record<string, Schema>; combinedQuery?: Schema };

/** The facts of each documented operation (`GET /api/v1/members/{id}`), gathered by the per-route transform. */
const facts = new Map<string, RouteFacts>();
const operationKey = (method: string, url: string) => `${method.toUpperCase()} ${url.replace(/:(\w+)/g, '{$1}')}`;

const propertyNames = (schema: unknown): string[] => Object.keys((schema as { properties?: object } | undefined)?.properties ?? {});

/** @fastify/swagger's per-route `transform`: the problem responses a route can give, added to its own. */
export const documentRoute: SwaggerTransform = ({ schema: routeSchema, url, route }) => {
  const schema = routeSchema as Schema;
  if (!schema || schema.hide || !Array.isArray(schema.tags)) return { schema, url };
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
  const config = (route.config ?? {}) as { public?: boolean; idempotent?: boolean; rateLimit?: unknown; streamed?: boolean; upload?: Record<string, Schema> };
  const secured = !config.public;
  const write = methods.some((method) => WRITE_METHODS.has(method));
  const hasBody = write && schema.body !== undefined;
  const namesIds = [...propertyNames(schema.querystring), ...propertyNames(schema.params)].some((name) => name === 'id' || /Id$/.test(name));
  const conditional = propertyNames(schema.headers).includes('if-match');
  const statuses = [
    400,
    ...(secured ? [401, 403] : []),
    ...(secured && (hasBody || namesIds) ? [404] : []),
    ...(secured && write ? [409, 422] : []),
    ...(conditional ? [412] : []),
    ...(hasBody ? [413, 415] : []),
    ...(config.rateLimit === false ? [] : [429]),
    500,
    // Health answers while starting and without a database: that is what it reports.
    ...(url.startsWith('/health') ? [] : [503]),
  ];
  // A public route's 401 is its own (sign-in's wrong password), documented by the route.
  const responses: Schema = { ...(schema.response as Schema | undefined) };
  for (const status of statuses) responses[status] ??= { $ref: 'Problem', description: PROBLEM_DESCRIPTIONS[status] };
  // Every idempotent POST takes the key, whether or not the route names the header itself.
  let headers = schema.headers as Schema | undefined;
  if (config.idempotent && !propertyNames(headers).includes('idempotency-key')) {
    headers = {
      type: 'object',
      ...headers,
      properties: { ...(headers?.properties as Schema | undefined), 'idempotency-key': { type: 'string', description: 'Makes retries of this request safe (1–200 visible ASCII characters).' } },
    };
  }
  // A query whose parameters are one-of (or required together) is one object parameter in the
  // document (form style, exploded: the same query string), so the schema can say so.
  const query = schema.querystring as Schema | undefined;
  const combinedQuery = query && (query.oneOf || query.anyOf) ? query : undefined;
  for (const method of methods) facts.set(operationKey(method, url), { idempotent: !!config.idempotent, secured, rateLimited: config.rateLimit !== false, streamed: !!config.streamed, upload: config.upload, combinedQuery });
  return { schema: { ...schema, response: responses, ...(headers ? { headers } : {}) }, url };
};

const header = (description: string, schema: Schema = { type: 'string' }) => ({ description, schema });

const HEADERS = {
  ETag: header('The version of this representation: send it as If-None-Match to revalidate, and (members, organisations) as If-Match to change it only if unchanged.'),
  CacheControl: header('`private, no-cache`: personal data, never stored by shared caches; revalidate with If-None-Match.'),
  Location: header('The URL of the created resource.'),
  RetryAfter: header('Seconds to wait before retrying.', { type: 'integer', minimum: 0 }),
  IdempotentReplayed: header('`true` when this is the stored response of an earlier request with the same Idempotency-Key.', { type: 'string', enum: ['true'] }),
  RequestId: header('The request’s id (the caller’s X-Request-Id when it is sane): quote it when reporting a problem.'),
  RateLimitLimit: header('Requests allowed in the window (a minute), per user or API key, else per address.', { type: 'integer' }),
  RateLimitRemaining: header('Requests left in the window.', { type: 'integer' }),
  RateLimitReset: header('Seconds until the window restarts.', { type: 'integer' }),
  WWWAuthenticate: header('How to authenticate: `Bearer`.'),
};

const ref = (name: keyof typeof HEADERS) => ({ $ref: `#/components/headers/${name}` });

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; example?: unknown; examples?: unknown; schema?: Schema }[];
  responses?: Record<string, { description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
};
type Document = {
  info: { description?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { headers?: Record<string, unknown>; parameters?: Record<string, unknown>; schemas?: Record<string, unknown> };
};

/** @fastify/swagger's `transformObject`: content types, headers and parameters of the whole document. */
export const documentConventions: SwaggerTransformObject = (documentObject) => {
  const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as unknown as Document;
  document.components.headers = { ...document.components.headers, ...HEADERS };
  document.components.parameters = {
    ...document.components.parameters,
    IfNoneMatch: { in: 'header', name: 'if-none-match', required: false, description: 'An ETag read before: 304 Not Modified if it is still current.', schema: { type: 'string' } },
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const routeFacts = facts.get(`${method.toUpperCase()} ${path}`) ?? { idempotent: false, secured: true, rateLimited: true };
      const isGet = method === 'get';
      // Swagger UI pre-fills a parameter with its example: an optional filter must not have one.
      for (const parameter of operation.parameters ?? []) {
        if (parameter.required) continue;
        delete parameter.example;
        delete parameter.examples;
        if (parameter.schema) delete parameter.schema.examples;
      }
      if (routeFacts.combinedQuery) {
        const names = propertyNames(routeFacts.combinedQuery);
        const { errorMessage: _message, ...schema } = routeFacts.combinedQuery;
        operation.parameters = [
          ...(operation.parameters ?? []).filter((parameter) => parameter.in !== 'query' || !names.includes(parameter.name)),
          { in: 'query', name: 'query', style: 'form', explode: true, required: true, example: exampleOf(schema), description: `${names.join(', ')}: ${String(routeFacts.combinedQuery.errorMessage && (routeFacts.combinedQuery.errorMessage as Schema).oneOf)}.`, schema } as never,
        ];
      }
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'header' && parameter.name === 'idempotency-key') (parameter as { description?: string }).description ??= 'Makes retries of this request safe (1–200 visible ASCII characters).';
      }
      // A file sent as the body (an import) is bytes the route reads itself: documented here, not validated by a schema.
      if (routeFacts.upload) {
        (operation as { requestBody?: unknown }).requestBody = {
          required: true,
          description: 'The file itself.',
          content: Object.fromEntries(Object.entries(routeFacts.upload).map(([type, schema]) => [type, { schema }])),
        };
      }
      // A streamed file (an export) is written as it is read: it has no ETag to revalidate against.
      const conditional = isGet && !routeFacts.streamed;
      if (conditional) operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IfNoneMatch' } as never];
      for (const [code, response] of Object.entries(operation.responses ?? {})) {
        const status = Number(code);
        const headers: Record<string, unknown> = { 'X-Request-Id': ref('RequestId') };
        if (routeFacts.rateLimited) Object.assign(headers, { 'X-RateLimit-Limit': ref('RateLimitLimit'), 'X-RateLimit-Remaining': ref('RateLimitRemaining'), 'X-RateLimit-Reset': ref('RateLimitReset') });
        const json = response.content?.['application/json'];
        if (status >= 400 && json?.schema?.$ref === PROBLEM_REF) {
          response.content = { 'application/problem+json': json };
          response.description = PROBLEM_DESCRIPTIONS[status] ?? response.description;
        }
        if (status === 401) headers['WWW-Authenticate'] = ref('WWWAuthenticate');
        if (status === 429 || status === 503) headers['Retry-After'] = ref('RetryAfter');
        if (status >= 200 && status < 300 && response.content) {
          if (!routeFacts.streamed) headers.ETag = ref('ETag');
          if (isGet) headers['Cache-Control'] = ref('CacheControl');
          if (status === 201 && document.paths[`${path}/{id}`]?.get) headers.Location = ref('Location');
          if (routeFacts.idempotent) headers['Idempotent-Replayed'] = ref('IdempotentReplayed');
        }
        response.headers = { ...response.headers, ...headers };
      }
      if (conditional && operation.responses?.['200']) {
        operation.responses['304'] = { description: 'Not modified: the ETag sent in If-None-Match is still current.', headers: { ETag: ref('ETag'), 'Cache-Control': ref('CacheControl'), 'X-Request-Id': ref('RequestId') } };
      }
    }
  }
  withoutErrorMessages(document);
  return document as unknown as ReturnType<SwaggerTransformObject>;
};

/** ajv-errors' `errorMessage` is for the validator, not a JSON Schema keyword: not in the document. */
function withoutErrorMessages(value: unknown): void {
  const stack = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (typeof current !== 'object' || current === null) continue;
    if (!Array.isArray(current)) delete (current as Schema).errorMessage;
    stack.push(...Object.values(current as object));
  }
}

/** An example of an object query: its properties' own first examples, as far as they make a valid one. */
function exampleOf(schema: Schema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const first = ((schema.oneOf ?? schema.anyOf) as Schema[] | undefined)?.[0];
  const names = (first?.required as string[] | undefined) ?? Object.keys(properties);
  return Object.fromEntries(names.map((name) => [name, (properties[name]?.examples as unknown[] | undefined)?.[0]]).filter(([, value]) => value !== undefined));
}
