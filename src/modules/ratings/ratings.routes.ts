import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { QualityRating } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, pageOf, pageQuery, problemResponses, yearSchema } from '../../http/schemas.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { decodeRatingRows, ratingLevelLabels, ratingSubjectLabels } from './ratings.inputs.js';
import type { RatingBatch } from './ratings.service.js';

const Level = enumSchema('RatingLevel', ratingLevelLabels);
const Subject = enumSchema('RatingSubject', ratingSubjectLabels);
/** A year's ratings by level (the period report prints them too). */
export const Counts = {
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

const RatingSchema = Type.Object(
  {
    id: Type.String(),
    subject: Subject,
    organizationId: Type.String({ description: 'The rated organisation, or the rated member’s branch at the end of the period.' }),
    memberId: Type.Union([Type.String(), Type.Null()]),
    periodStart: dateSchema(),
    periodEnd: dateSchema(),
    level: Level,
    score: Type.Union([Type.Number(), Type.Null()]),
    ratedById: Type.String(),
    decisionId: Type.String(),
  },
  { $id: 'QualityRating' },
);
const ListQuery = Type.Object({ ...Query.properties, ...pageQuery }, { additionalProperties: false });

const ratingDto = (r: QualityRating) => ({
  id: toGlobalId('QualityRating', r.id),
  subject: r.subject,
  organizationId: toGlobalId('Organization', r.organizationId),
  memberId: r.memberId ? toGlobalId('Member', r.memberId) : null,
  periodStart: fromDbDate(r.periodStart),
  periodEnd: fromDbDate(r.periodEnd),
  level: r.level,
  score: r.score === null ? null : Number(r.score),
  ratedById: toGlobalId('Organization', r.ratedById),
  decisionId: toGlobalId('Document', r.decisionId),
});

/** The columns the ratings import reads back (RATING_IMPORT_COLUMNS), with names beside the codes. */
const RATING_COLUMNS: Column<{ rating: QualityRating; refs: Awaited<ReturnType<typeof referencesOf>> }>[] = [
  { header: 'Năm', kind: 'INTEGER', value: (r) => Number(fromDbDate(r.rating.periodEnd).slice(0, 4)) },
  { header: 'Đối tượng', value: (r) => ratingSubjectLabels[r.rating.subject] },
  { header: 'Số thẻ đảng viên', value: (r) => r.refs.member(r.rating.memberId)?.partyCardNumber },
  { header: 'Họ và tên', width: 28, value: (r) => r.refs.member(r.rating.memberId)?.fullName },
  { header: 'Mã tổ chức', value: (r) => r.refs.organization(r.rating.organizationId)?.code },
  { header: 'Tổ chức đảng', width: 36, value: (r) => r.refs.organization(r.rating.organizationId)?.name },
  { header: 'Từ ngày', kind: 'DATE', value: (r) => fromDbDate(r.rating.periodStart) },
  { header: 'Đến ngày', kind: 'DATE', value: (r) => fromDbDate(r.rating.periodEnd) },
  { header: 'Xếp loại', width: 30, value: (r) => ratingLevelLabels[r.rating.level] },
  { header: 'Điểm', kind: 'DECIMAL', value: (r) => (r.rating.score === null ? null : Number(r.rating.score)) },
  { header: 'Mã cấp quyết định', value: (r) => r.refs.organization(r.rating.ratedById)?.code },
  { header: 'Cấp quyết định', width: 32, value: (r) => r.refs.organization(r.rating.ratedById)?.name },
  { header: 'Số quyết định', value: (r) => r.refs.decision(r.rating.decisionId) },
  { header: 'Cấp ban hành quyết định', width: 32, value: (r) => r.refs.issuer(r.rating.decisionId) },
];

export async function ratingRoutes(app: FastifyInstance) {
  app.addSchema(DistributionSchema);
  app.addSchema(RatingSchema);
  const organizationOf = (request: { params: unknown }) => fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
  const ratingPage = (request: FastifyRequest, query: Static<typeof ListQuery>) =>
    request.services.ratings.list(organizationOf(request), query.year, query.subject, { first: query.first, after: query.after });
  app.get(
    '/organizations/:id/ratings',
    {
      schema: {
        tags: ['ratings'],
        operationId: 'listRatings',
        summary: 'The ratings in force of a year in a subtree (organisations or members)',
        params: idParam,
        querystring: ListQuery,
        response: { 200: pageOf('QualityRating'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const page = await ratingPage(request, request.query as Static<typeof ListQuery>);
      return { items: page.items.map(ratingDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );
  registerListExport(app, {
    url: '/organizations/:id/ratings/export',
    list: 'ratings',
    tag: 'ratings',
    operationId: 'exportRatings',
    summary: 'The ratings in force of a year in a subtree as a spreadsheet (xlsx or csv)',
    sheet: 'Xếp loại chất lượng',
    filename: 'xep-loai-chat-luong',
    params: idParam,
    query: ListQuery,
    capability: 'readMembers',
    columns: RATING_COLUMNS,
    organizationOf,
    async page(request, query: Static<typeof ListQuery>, after, first) {
      const page = await ratingPage(request, { ...query, after: after ?? undefined, first });
      const refs = await referencesOf(request, {
        members: page.items.map((r) => r.memberId),
        organizations: page.items.flatMap((r) => [r.organizationId, r.ratedById]),
        documents: page.items.map((r) => r.decisionId),
      });
      return { items: page.items.map((rating) => ({ rating, refs })), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
  });
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
