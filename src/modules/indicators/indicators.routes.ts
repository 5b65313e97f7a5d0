import type { FastifyInstance, FastifyRequest } from 'fastify';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import type { Indicator, IndicatorTarget, IndicatorValue } from '../../generated/prisma/client.js';
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

type Refs = Awaited<ReturnType<typeof referencesOf>>;
const decimal = (value: { toString(): string } | null) => (value === null ? null : Number(value));

/** The columns the indicators import reads back (TARGET_IMPORT_COLUMNS), with names beside the codes. */
const TARGET_COLUMNS: Column<{ target: IndicatorTarget & { indicator: Indicator }; refs: Refs }>[] = [
  { header: 'Mã tổ chức', value: (r) => r.refs.organization(r.target.organizationId)?.code },
  { header: 'Tổ chức đảng', width: 36, value: (r) => r.refs.organization(r.target.organizationId)?.name },
  { header: 'Mã chỉ tiêu', width: 30, value: (r) => r.target.indicatorCode },
  { header: 'Tên chỉ tiêu', width: 48, value: (r) => r.target.indicator.nameVi },
  { header: 'Đơn vị tính', value: (r) => (r.target.baseIndicatorCode ? '%' : r.target.indicator.unit) },
  { header: 'Kỳ', value: (r) => r.target.periodKey },
  { header: 'Mức chỉ tiêu', kind: 'DECIMAL', value: (r) => decimal(r.target.targetValue) },
  { header: 'Mức tối đa', kind: 'DECIMAL', value: (r) => decimal(r.target.targetMax) },
  { header: 'Tỷ lệ trên chỉ tiêu', value: (r) => r.target.baseIndicatorCode },
  { header: 'Số nghị quyết', value: (r) => r.refs.decision(r.target.resolutionId) },
  { header: 'Cấp ban hành nghị quyết', width: 32, value: (r) => r.refs.issuer(r.target.resolutionId) },
  { header: 'Ngày ban hành nghị quyết', kind: 'DATE', value: (r) => r.refs.issuedOn(r.target.resolutionId) },
  { header: 'Ghi chú', width: 40, value: (r) => r.target.note },
];

/** The columns the indicators import reads back (VALUE_IMPORT_COLUMNS). */
const VALUE_COLUMNS: Column<{ value: IndicatorValue & { indicator: Indicator }; refs: Refs }>[] = [
  { header: 'Mã tổ chức', value: (r) => r.refs.organization(r.value.organizationId)?.code },
  { header: 'Tổ chức đảng', width: 36, value: (r) => r.refs.organization(r.value.organizationId)?.name },
  { header: 'Mã chỉ tiêu', width: 30, value: (r) => r.value.indicatorCode },
  { header: 'Tên chỉ tiêu', width: 48, value: (r) => r.value.indicator.nameVi },
  { header: 'Đơn vị tính', value: (r) => r.value.indicator.unit },
  { header: 'Kỳ', value: (r) => r.value.periodKey },
  { header: 'Giá trị', kind: 'DECIMAL', value: (r) => decimal(r.value.value) },
  { header: 'Tử số', kind: 'DECIMAL', value: (r) => decimal(r.value.numerator) },
  { header: 'Mẫu số', kind: 'DECIMAL', value: (r) => decimal(r.value.denominator) },
  { header: 'Số văn bản nguồn', value: (r) => r.refs.decision(r.value.sourceDocumentId) },
  { header: 'Cấp ban hành văn bản', width: 32, value: (r) => r.refs.issuer(r.value.sourceDocumentId) },
  { header: 'Ngày ban hành văn bản', kind: 'DATE', value: (r) => r.refs.issuedOn(r.value.sourceDocumentId) },
  { header: 'Người nhập', width: 24, value: (r) => r.value.enteredBy },
  { header: 'Ngày nhập', kind: 'DATE', value: (r) => r.value.enteredAt.toISOString().slice(0, 10) },
];

const RowsQuery = Type.Object(
  {
    year: Type.Optional(yearSchema({ description: 'Targets and values of periods that start in this year (its quarters, and a term that starts in it).' })),
    indicatorCode: Type.Optional(Type.String({ maxLength: 60, description: 'One indicator of the catalogue.' })),
  },
  { additionalProperties: false },
);

export async function indicatorRoutes(app: FastifyInstance) {
  const underOf = (request: FastifyRequest) => fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
  registerListExport(app, {
    url: '/organizations/:id/indicator-targets/export',
    list: 'indicator-targets',
    tag: 'indicators',
    operationId: 'exportIndicatorTargets',
    summary: 'The targets in force of the organisations of a subtree as a spreadsheet (what the indicators import reads back)',
    sheet: 'Chỉ tiêu',
    filename: 'chi-tieu',
    params: idParam,
    query: RowsQuery,
    capability: 'read',
    columns: TARGET_COLUMNS,
    organizationOf: (request) => underOf(request),
    async page(request, query: Static<typeof RowsQuery>, after, first) {
      const page = await request.services.indicators.listTargets({ ...query, underId: underOf(request) }, { after, first });
      const refs = await referencesOf(request, { organizations: page.items.map((t) => t.organizationId), documents: page.items.map((t) => t.resolutionId) });
      return { items: page.items.map((target) => ({ target, refs })), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
  });
  registerListExport(app, {
    url: '/organizations/:id/indicator-values/export',
    list: 'indicator-values',
    tag: 'indicators',
    operationId: 'exportIndicatorValues',
    summary: 'The values in force that the organisations of a subtree reported, as a spreadsheet (what the indicators import reads back)',
    sheet: 'Kết quả thực hiện',
    filename: 'ket-qua-thuc-hien-chi-tieu',
    params: idParam,
    query: RowsQuery,
    capability: 'read',
    columns: VALUE_COLUMNS,
    organizationOf: (request) => underOf(request),
    async page(request, query: Static<typeof RowsQuery>, after, first) {
      const page = await request.services.indicators.listValues({ ...query, underId: underOf(request) }, { after, first });
      const refs = await referencesOf(request, { organizations: page.items.map((v) => v.organizationId), documents: page.items.map((v) => v.sourceDocumentId) });
      return { items: page.items.map((value) => ({ value, refs })), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
  });

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
