import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ProblemSchema } from './problem.js';
import { documentConventions, documentRoute } from './openapi-conventions.js';

const API_DESCRIPTION = `REST API of the party-building service of Party committees: the organisation tree and its
restructuring, members and their lifecycle, committees and terms, candidates and training classes,
indicators and targets, quality ratings, discipline, inspections and supervision, appeals and
denunciations, commendations and Party badges, the regulations' dated rules and the working-day
calendar. The same data is served through GraphQL at \`/graphql\` (GraphiQL at \`/graphiql\`).

**Authentication.** Sign in with \`POST /api/v1/auth/token\` (username and password) for a short-lived
access token (send it as \`Authorization: Bearer …\`) and a refresh token (\`POST /api/v1/auth/refresh\`
rotates it; \`POST /api/v1/auth/revoke\` signs out). Integrations use an API key in \`X-API-Key\`.
Every grant is a role on an organisation and its whole subtree: what lies outside the caller's
subtrees reads as not found, and a refusal (403) says nothing of its target.

**Ids.** Every id is an opaque global id, the same in REST and GraphQL (\`node(id:)\` fetches any of them).

**Errors.** Every error is an RFC 9457 problem (\`application/problem+json\`) with a stable \`code\`
(VALIDATION_FAILED with \`problems\` naming each field, NOT_FOUND, FORBIDDEN, CONFLICT,
INVALID_TRANSITION, RULE_VIOLATION naming the rule and its source, PRECONDITION_FAILED,
RATE_LIMITED, …) and the request id to quote. A refused request changes nothing.

**Pagination.** Lists return \`items\` and \`pageInfo\`; pass \`pageInfo.endCursor\` as \`after\` for the
next page (\`first\` sets the size). Dates are calendar days (\`YYYY-MM-DD\`) within 1900–2100, and
lists of the tree answer \`asOf\` a day (today in Vietnam when omitted).

**Idempotency.** POSTs that create or record accept an \`Idempotency-Key\` header: a retry with the same
key and body gets the stored response (\`Idempotent-Replayed: true\`), the same key with another body
is refused (422), and a retry while the first is running gets 409.

**Concurrency and caching.** Every GET answers with an \`ETag\` and \`Cache-Control: private, no-cache\`;
send it back as \`If-None-Match\` for a 304. Members and organisations take \`If-Match\` on changes
(412 when the record changed since it was read), and every successful write answers with the
new ETag.

**Limits.** Requests are counted per user or API key (else per address) each minute; over the limit the
answer is 429 with \`Retry-After\`. Responses are compressed (br, gzip) when the client accepts it.`;

/**
 * The OpenAPI 3.1 document is generated from the route schemas (so it cannot drift from
 * what the routes validate), committed as openapi.yaml, and served at /docs.
 */
export const openapiPlugin = fp(
  async (app) => {
    app.addSchema(ProblemSchema);
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Party-building service API',
          version: '1.0.0',
          license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
          description: API_DESCRIPTION,
        },
        servers: [{ url: '/' }],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/auth/token.' },
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An integration key (administrators issue them).' },
          },
        },
        // Every operation needs one of these unless it says otherwise (sign-in, health).
        security: [{ bearerAuth: [] }, { apiKey: [] }],
        tags: [
          { name: 'organizations', description: 'The organisation tree (tổ chức đảng), as of any date' },
          { name: 'members', description: 'Party members and their lifecycle (đảng viên)' },
          { name: 'committees', description: 'Terms, congresses and committee positions (nhiệm kỳ, cấp ủy)' },
          { name: 'candidates', description: 'Candidates for admission and training classes (quần chúng ưu tú, lớp bồi dưỡng)' },
          { name: 'documents', description: 'Party documents: resolutions, decisions, … (văn bản)' },
          { name: 'indicators', description: 'Targets and results (chỉ tiêu)' },
          { name: 'ratings', description: 'Quality ratings of organisations and members (đánh giá, xếp loại chất lượng)' },
          { name: 'discipline', description: 'Discipline decisions (kỷ luật)' },
          { name: 'inspections', description: 'Inspection plans and cases, supervision, and the inspection committee’s statistics (kiểm tra, giám sát)' },
          { name: 'complaints', description: 'Appeals against discipline and denunciations (khiếu nại, tố cáo); senders are sealed' },
          { name: 'commendations', description: 'Commendations, who may award them, and Party badges (khen thưởng, Huy hiệu Đảng)' },
          { name: 'regulations', description: 'The values of the regulations’ rules, dated, with their sources (quy định)' },
          { name: 'calendar', description: 'Holidays, make-up working days and working-day time limits (ngày làm việc)' },
          { name: 'auth', description: 'Sign-in, tokens, users, grants and API keys' },
          { name: 'audit', description: 'The append-only audit trail' },
          { name: 'imports', description: 'Spreadsheet imports (validate, then commit) and the jobs that run them' },
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      // GraphQL has its own schema (schema.graphql); only tagged REST routes are documented here.
      hideUntagged: true,
      transform: documentRoute,
      transformObject: documentConventions,
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
    // Swagger UI's "Authorize" button sends a token or key with every request it makes.
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { deepLinking: true, persistAuthorization: true },
      // Closed networks: the page's own policy, without the plugin's allowances for https: fonts
      // and styles and the swagger.io validator badge (the validator is off: validatorUrl null).
      staticCSP: true,
      transformStaticCSP: (header) =>
        header
          .replace(/ https:/g, '')
          .replace(/ validator\.swagger\.io/g, '')
          .replace(/ ?upgrade-insecure-requests;/, '')
          .trim(),
    });
  },
  { name: 'openapi', fastify: '5.x' },
);
