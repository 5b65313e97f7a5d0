import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { ProblemSchema } from './problem.js';

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
          description:
            'REST API of the party-building service: the organisation tree and its restructuring events, and the ' +
            'documents that decide them. Ids are the same opaque global ids as in GraphQL (/graphql). Errors are ' +
            'RFC 9457 problem details (application/problem+json) with a stable `code`. Lists use cursor pagination: ' +
            'pass `pageInfo.endCursor` as `after`. POSTs that create accept an `Idempotency-Key` header.',
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
          { name: 'health', description: 'Liveness and readiness' },
        ],
      },
      // GraphQL has its own schema (schema.graphql); only tagged REST routes are documented here.
      hideUntagged: true,
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
