import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { dateSchema, enumSchema, idParam, problemResponses, yearSchema } from '../../http/schemas.js';
import { fromGlobalId } from '../../shared/ids.js';
import { decodeRatingRows, ratingLevelLabels, ratingSubjectLabels } from './ratings.inputs.js';
import type { RatingBatch } from './ratings.service.js';

const Level = enumSchema('RatingLevel', ratingLevelLabels);
const Subject = enumSchema('RatingSubject', ratingSubjectLabels);
const Counts = {
  year: Type.Integer(),
  excellent: Type.Integer(),
  good: Type.Integer(),
  completed: Type.Integer(),
  notCompleted: Type.Integer(),
  total: Type.Integer(),
  goodOrAbovePercent: Type.Union([Type.Number(), Type.Null()]),
};
const DistributionSchema = Type.Object({ ...Counts, previous: Type.Object(Counts) }, { $id: 'RatingDistribution' });
const Body = Type.Object(
  {
    subject: Subject,
    ratedById: Type.String(),
    year: Type.Optional(Type.Integer({ description: 'The year rated, or a quarter of it…' })),
    quarter: Type.Optional(Type.Integer()),
    termId: Type.Optional(Type.String({ description: '…or a term…' })),
    adHoc: Type.Optional(
      Type.Object({ from: dateSchema(), to: dateSchema(), name: Type.String({ maxLength: 200 }) }, { additionalProperties: false, description: '…or an ad hoc period.' }),
    ),
    decisionId: Type.String(),
    rows: Type.Array(
      Type.Object(
        { organizationId: Type.Optional(Type.String()), memberId: Type.Optional(Type.String()), level: Level, score: Type.Optional(Type.Number()) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);
const Query = Type.Object({ year: yearSchema(), subject: Type.Unsafe<Static<typeof Subject>>({ ...Subject, examples: ['ORGANIZATION'] }) }, { additionalProperties: false });

export async function ratingRoutes(app: FastifyInstance) {
  app.addSchema(DistributionSchema);
  app.post(
    '/ratings',
    {
      config: { idempotent: true },
      schema: {
        tags: ['ratings'],
        operationId: 'recordRatings',
        summary: 'Record ratings decided together, in bulk: all rows or none, with the problems of every row',
        body: Body,
        response: {
          201: Type.Object({ count: Type.Integer(), warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof Body>;
      const result = await request.services.ratings.rate(decodeBody(body, ''));
      return reply.status(201).send({ count: result.ratingIds.length, warnings: result.warnings });
    },
  );
  app.post(
    '/ratings/batches',
    {
      config: { idempotent: true },
      schema: {
        tags: ['ratings'],
        operationId: 'recordRatingBatches',
        summary: 'Many batches of ratings at once (each its deciding organisation’s), all or none, with the problems of every row',
        body: Type.Object({ batches: Type.Array(Body, { minItems: 1, maxItems: 2000 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ items: Type.Array(Type.Object({ count: Type.Integer(), warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })) })) }),
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { batches } = request.body as { batches: Static<typeof Body>[] };
      const results = await request.services.ratings.rateMany(batches.map((batch, index) => decodeBody(batch, `batches.${index}.`)));
      return reply.status(201).send({ items: results.map((result) => ({ count: result.ratingIds.length, warnings: result.warnings })) });
    },
  );
  app.get(
    '/organizations/:id/rating-distribution',
    {
      schema: {
        tags: ['ratings'],
        operationId: 'getRatingDistribution',
        summary: 'Ratings of a year in a subtree, with the year before',
        params: idParam,
        querystring: Query,
        response: { 200: Type.Ref('RatingDistribution'), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { year, subject } = request.query as Static<typeof Query>;
      const id = fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
      const [current, previous] = await Promise.all([request.services.ratings.distribution(id, year, subject), request.services.ratings.distribution(id, year - 1, subject)]);
      const { subject: _s, ...counts } = current;
      const { subject: _p, ...before } = previous;
      return { ...counts, previous: before };
    },
  );
}

function decodeBody(body: Static<typeof Body>, prefix: string): RatingBatch {
  return {
    subject: body.subject,
    ratedById: fromGlobalId('Organization', body.ratedById, `${prefix}ratedById`),
    period: { year: body.year, quarter: body.quarter, termId: body.termId ? fromGlobalId('Term', body.termId, `${prefix}termId`) : null, adHoc: body.adHoc },
    decisionId: fromGlobalId('Document', body.decisionId, `${prefix}decisionId`),
    rows: decodeRatingRows(body.rows, `${prefix}rows`),
  };
}
