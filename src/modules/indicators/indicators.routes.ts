import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { enumSchema, idParam, problemResponses, yearOrTerm, yearSchema } from '../../http/schemas.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { decodeValueRows } from './indicators.inputs.js';
import type { IndicatorResult } from './indicators.service.js';
import { directionLabels, rollupLabels, sourceLabels, valueKindLabels } from './indicators.labels.js';

const IndicatorSchema = Type.Object(
  {
    code: Type.String(),
    nameVi: Type.String(),
    nameEn: Type.String(),
    unit: Type.String(),
    valueKind: enumSchema('IndicatorValueKind', valueKindLabels),
    direction: enumSchema('IndicatorDirection', directionLabels),
    rollup: enumSchema('IndicatorRollup', rollupLabels),
    source: enumSchema('IndicatorSource', sourceLabels),
  },
  { $id: 'Indicator' },
);
const nullableNumber = () => Type.Union([Type.Number(), Type.Null()]);
export const ResultSchema = Type.Object(
  {
    indicator: Type.String(),
    period: Type.String(),
    targetPeriod: Type.Union([Type.String(), Type.Null()]),
    target: Type.Union([Type.Number(), Type.Null()], { description: 'The target (the low end of a range) as a quantity: a rate target worked out on its base.' }),
    targetMax: Type.Union([Type.Number(), Type.Null()], { description: 'The high end of a range; null for a single value.' }),
    rate: Type.Union([
      Type.Object({
        base: Type.String({ description: 'The indicator the rate is of.' }),
        baseValue: nullableNumber(),
        from: Type.Number({ description: 'Percent.' }),
        to: Type.Union([Type.Number(), Type.Null()], { description: 'Percent: the high end of a range of rates.' }),
      }),
      Type.Null(),
    ]),
    actual: nullableNumber(),
    numerator: nullableNumber(),
    denominator: nullableNumber(),
    achievement: nullableNumber(),
    met: Type.Union([Type.Boolean(), Type.Null()]),
    yearToDate: nullableNumber(),
    yearTarget: nullableNumber(),
    yearProgress: nullableNumber(),
    previous: nullableNumber(),
    change: nullableNumber(),
    resolutionId: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'IndicatorResult' },
);
const Period = Type.Object(
  { year: Type.Optional(yearSchema()), quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })), termId: Type.Optional(Type.String({ description: 'A term instead of a year.' })) },
  { additionalProperties: false, description: 'A year, a quarter of it, or a term.', ...yearOrTerm },
);
const TargetBody = Type.Object(
  {
    organizationId: Type.String(),
    indicatorCode: Type.String(),
    period: Period,
    targetValue: Type.Number({ description: 'The target, or the low end of a range; a percentage of the base when baseIndicatorCode is given.' }),
    targetMax: Type.Optional(Type.Number({ description: 'The high end of a range ("from 1 to 2").' })),
    baseIndicatorCode: Type.Optional(Type.String({ description: 'A rate target: the values are percentages of this indicator’s result for the same subtree and period (e.g. MEMBERSHIP_AT_START).' })),
    resolutionId: Type.String(),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
const ValuesBody = Type.Object(
  {
    rows: Type.Array(
      Type.Object(
        {
          organizationId: Type.String(),
          indicatorCode: Type.String(),
          period: Period,
          value: Type.Optional(Type.Number()),
          numerator: Type.Optional(Type.Number()),
          denominator: Type.Optional(Type.Number()),
          sourceDocumentId: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 1000 },
    ),
  },
  { additionalProperties: false },
);
const ResultsQuery = Type.Object(
  { year: Type.Optional(yearSchema()), quarter: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })), termId: Type.Optional(Type.String({ description: 'A term instead of a year.' })) },
  { additionalProperties: false, ...yearOrTerm },
);

export const resultDto = (r: IndicatorResult) => ({
  indicator: r.indicator.code,
  period: r.period.key,
  targetPeriod: r.targetPeriod,
  target: r.target,
  targetMax: r.targetMax,
  rate: r.rate ? { base: r.rate.base.code, baseValue: r.rate.baseValue, from: r.rate.from, to: r.rate.to } : null,
  actual: r.actual,
  numerator: r.numerator,
  denominator: r.denominator,
  achievement: r.achievement,
  met: r.met,
  yearToDate: r.yearToDate,
  yearTarget: r.yearTarget,
  yearProgress: r.yearProgress,
  previous: r.previous,
  change: r.change,
  resolutionId: r.resolutionId ? toGlobalId('Document', r.resolutionId) : null,
});

export async function indicatorRoutes(app: FastifyInstance) {
  app.addSchema(IndicatorSchema);
  app.addSchema(ResultSchema);
  app.get(
    '/indicators',
    { schema: { tags: ['indicators'], operationId: 'listIndicators', summary: 'The indicator catalogue (chỉ tiêu)', response: { 200: Type.Object({ items: Type.Array(Type.Ref('Indicator')) }), ...problemResponses(401) } } },
    async (request) => ({ items: await request.services.indicators.catalogue() }),
  );
  const NewIndicatorBody = Type.Object(
    {
      code: Type.String({ maxLength: 60, description: 'Upper case, digits and _, e.g. BRANCH_MEETINGS_HELD.' }),
      nameVi: Type.String({ maxLength: 300 }),
      nameEn: Type.String({ maxLength: 300 }),
      unit: Type.String({ maxLength: 50 }),
      valueKind: enumSchema('IndicatorValueKind', valueKindLabels),
      direction: enumSchema('IndicatorDirection', directionLabels),
      rollup: enumSchema('IndicatorRollup', rollupLabels),
    },
    { additionalProperties: false },
  );
  app.post(
    '/indicators',
    {
      schema: {
        tags: ['indicators'],
        operationId: 'addIndicator',
        summary: 'Add an indicator an office reports on to the national catalogue (national administrators)',
        body: NewIndicatorBody,
        response: { 201: Type.Ref('Indicator'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await request.services.indicators.addIndicator(request.body as Static<typeof NewIndicatorBody>)),
  );
  app.get(
    '/organizations/:id/indicator-results',
    {
      schema: {
        tags: ['indicators'],
        operationId: 'getIndicatorResults',
        summary: 'An organisation’s targets for a year or quarter, with results for its subtree',
        params: idParam,
        querystring: ResultsQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('IndicatorResult')) }), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ResultsQuery>;
      const results = await request.services.indicators.results(fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id'), {
        ...query,
        termId: query.termId ? fromGlobalId('Term', query.termId, 'termId') : null,
      });
      return { items: results.map(resultDto) };
    },
  );
  app.post(
    '/indicator-targets',
    {
      config: { idempotent: true },
      schema: { tags: ['indicators'], operationId: 'setIndicatorTarget', summary: 'Set a target from a resolution (replacing, and keeping, the previous one)', body: TargetBody, response: { 201: Type.Object({ id: Type.String({ description: 'Global id of the IndicatorTarget.' }) }), ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof TargetBody>;
      const target = await request.services.indicators.setTarget({
        ...body,
        period: { ...body.period, termId: body.period.termId ? fromGlobalId('Term', body.period.termId, 'period.termId') : null },
        organizationId: fromGlobalId('Organization', body.organizationId, 'organizationId'),
        resolutionId: fromGlobalId('Document', body.resolutionId, 'resolutionId'),
      });
      return reply.status(201).send({ id: toGlobalId('IndicatorTarget', target.id) });
    },
  );
  app.post(
    '/indicator-values',
    {
      config: { idempotent: true },
      schema: {
        tags: ['indicators'],
        operationId: 'enterIndicatorValues',
        summary: 'Enter values from reports in bulk: all rows or none, with the problems of every row',
        body: ValuesBody,
        response: { 201: Type.Object({ count: Type.Integer() }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const rows = await request.services.indicators.enterValues(decodeValueRows((request.body as Static<typeof ValuesBody>).rows));
      return reply.status(201).send({ count: rows.length });
    },
  );
}
