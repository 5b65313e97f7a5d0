import type { Indicator, IndicatorTarget, IndicatorValue } from '../../generated/prisma/client.js';
import { loadFound } from '../../graphql/connections.js';
import { fromDbDate } from '../../shared/dates.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId } from '../../shared/ids.js';
import type { IndicatorResult, TargetRate } from './indicators.service.js';
import { decodeValueRows } from './indicators.inputs.js';
import { directionLabels, periodTypeLabels, rollupLabels, sourceLabels, valueKindLabels } from './indicators.labels.js';

const ValueKind = labelledEnum('IndicatorValueKind', valueKindLabels, 'What an indicator measures.');
const Direction = labelledEnum('IndicatorDirection', directionLabels, 'How a target is met.');
const Rollup = labelledEnum('IndicatorRollup', rollupLabels, 'How the values of a subtree combine.');
const Source = labelledEnum('IndicatorSource', sourceLabels, 'Where the values come from.');
const PeriodTypeEnum = labelledEnum('PeriodType', periodTypeLabels, 'A reporting period.');

const IndicatorRef = builder.objectRef<Indicator>('Indicator').implement({
  description: 'Chỉ tiêu: an indicator of the catalogue.',
  fields: (t) => ({
    code: t.exposeString('code'),
    nameVi: t.exposeString('nameVi'),
    nameEn: t.exposeString('nameEn'),
    unit: t.exposeString('unit'),
    valueKind: t.field({ type: ValueKind, resolve: (i) => i.valueKind }),
    direction: t.field({ type: Direction, resolve: (i) => i.direction }),
    rollup: t.field({ type: Rollup, resolve: (i) => i.rollup }),
    source: t.field({ type: Source, resolve: (i) => i.source }),
  }),
});

const RateRef = builder.objectRef<TargetRate>('IndicatorTargetRate').implement({
  description: 'A target set as a rate of another quantity ("3–4 % of the membership at the start of the year").',
  fields: (t) => ({
    base: t.field({ type: IndicatorRef, resolve: (r) => r.base }),
    baseValue: t.float({ nullable: true, description: 'The base’s result for the same subtree and period.', resolve: (r) => r.baseValue }),
    from: t.float({ description: 'Percent (the low end of a range).', resolve: (r) => r.from }),
    to: t.float({ nullable: true, description: 'Percent: the high end of a range.', resolve: (r) => r.to }),
  }),
});

export const ResultRef = builder.objectRef<IndicatorResult>('IndicatorResult').implement({
  description: 'An indicator of an organisation’s subtree for a period, against its target.',
  fields: (t) => ({
    indicator: t.field({ type: IndicatorRef, resolve: (r) => r.indicator }),
    periodType: t.field({ type: PeriodTypeEnum, resolve: (r) => r.period.type }),
    period: t.string({ description: 'The period of the results: "2024", "2024-Q1".', resolve: (r) => r.period.key }),
    targetPeriod: t.string({ nullable: true, description: 'The period of the target (a quarter is measured against the year’s target); null for values entered without a target.', resolve: (r) => r.targetPeriod }),
    target: t.float({ nullable: true, description: 'The target (the low end of a range) as a quantity: a rate target worked out on its base.', resolve: (r) => r.target }),
    targetMax: t.float({ nullable: true, description: 'The high end of a range; null for a single value.', resolve: (r) => r.targetMax }),
    rate: t.field({ type: RateRef, nullable: true, description: 'A rate target: the percentages and the base.', resolve: (r) => r.rate }),
    actual: t.float({ nullable: true, resolve: (r) => r.actual }),
    numerator: t.float({ nullable: true, resolve: (r) => r.numerator }),
    denominator: t.float({ nullable: true, resolve: (r) => r.denominator }),
    achievement: t.float({ nullable: true, description: 'actual ÷ target, in percent (two decimals).', resolve: (r) => r.achievement }),
    met: t.boolean({ nullable: true, resolve: (r) => r.met }),
    yearToDate: t.float({ nullable: true, description: 'For a quarter: the year so far.', resolve: (r) => r.yearToDate }),
    yearTarget: t.float({ nullable: true, resolve: (r) => r.yearTarget }),
    yearProgress: t.float({ nullable: true, description: 'The year so far against the year’s target, in percent.', resolve: (r) => r.yearProgress }),
    previous: t.float({ nullable: true, description: 'The same period a year earlier.', resolve: (r) => r.previous }),
    change: t.float({ nullable: true, description: 'Change from a year earlier, in percent.', resolve: (r) => r.change }),
    resolution: t.field({ type: DocumentRef, nullable: true, resolve: async (r, _args, ctx) => (r.resolutionId ? ctx.loaders.documents.load(r.resolutionId) : null) }),
  }),
});

const PeriodInput = builder.inputType('PeriodInput', {
  description: 'A year, a quarter of it, or a term (nhiệm kỳ).',
  fields: (t) => ({
    year: t.int(),
    quarter: t.int({ description: '1–4; the whole year when omitted.' }),
    termId: t.id({ description: 'A term instead of a year.' }),
  }),
});

type PeriodArg = { year?: number | null; quarter?: number | null; termId?: string | null };
const decodePeriod = (period: PeriodArg) => ({ ...period, termId: period.termId ? fromGlobalId('Term', period.termId, 'period.termId') : null });

builder.queryFields((t) => ({
  indicators: t.field({ type: [IndicatorRef], description: 'The indicator catalogue.', resolve: (_root, _args, ctx) => ctx.services.indicators.catalogue() }),
  indicatorResults: t.field({
    type: [ResultRef],
    description: 'Every target of an organisation for a year or a quarter, with results for its whole subtree, and the values it entered for the period without a target.',
    args: { organizationId: t.arg.id({ required: true }), year: t.arg.int(), quarter: t.arg.int(), termId: t.arg.id({ description: 'A term instead of a year.' }) },
    resolve: (_root, args, ctx) =>
      ctx.services.indicators.results(fromGlobalId('Organization', args.organizationId, 'organizationId'), decodePeriod(args)),
  }),
}));

const TargetInput = builder.inputType('SetIndicatorTargetInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    indicatorCode: t.string({ required: true }),
    period: t.field({ type: PeriodInput, required: true }),
    targetValue: t.float({ required: true, description: 'The target, or the low end of a range; a percentage of the base when baseIndicatorCode is given.' }),
    targetMax: t.float({ description: 'The high end of a range ("from 1 to 2").' }),
    baseIndicatorCode: t.string({ description: 'A rate target: the values are percentages of this indicator’s result for the same subtree and period (e.g. MEMBERSHIP_AT_START).' }),
    resolutionId: t.id({ required: true, description: 'The resolution that set it.' }),
    note: t.string(),
  }),
});
const ValueRowInput = builder.inputType('IndicatorValueInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    indicatorCode: t.string({ required: true }),
    period: t.field({ type: PeriodInput, required: true }),
    value: t.float({ description: 'The value; for a ratio give numerator and denominator.' }),
    numerator: t.float(),
    denominator: t.float(),
    sourceDocumentId: t.id({ description: 'The report it comes from.' }),
  }),
});

const TargetRef = builder.objectRef<IndicatorTarget>('IndicatorTarget');
builder.node(TargetRef, {
  id: { resolve: (target) => target.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'targetValue' in value && 'periodKey' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.indicators.targetsByIds(ids)),
  description: 'A target set by a resolution for an organisation’s subtree and a period; a replaced one is kept with its end.',
  fields: (t) => ({
    indicatorCode: t.exposeString('indicatorCode'),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (target, _a, ctx) => ctx.loaders.organization.load({ id: target.organizationId, asOf: fromDbDate(target.periodEnd) }) }),
    periodType: t.field({ type: PeriodTypeEnum, resolve: (target) => target.periodType }),
    period: t.exposeString('periodKey', { description: 'The period: "2024", "2024-Q1", "2020–2025".' }),
    targetValue: t.float({ description: 'The target, or the low end of a range; a percentage of the base when there is one.', resolve: (target) => Number(target.targetValue) }),
    targetMax: t.float({ nullable: true, description: 'The high end of a range.', resolve: (target) => (target.targetMax === null ? null : Number(target.targetMax)) }),
    baseIndicatorCode: t.exposeString('baseIndicatorCode', { nullable: true, description: 'A rate target: the indicator its values are percentages of.' }),
    resolution: t.field({ type: DocumentRef, nullable: true, resolve: (target, _a, ctx) => ctx.loaders.documents.load(target.resolutionId) }),
    note: t.exposeString('note', { nullable: true }),
    setAt: t.field({ type: 'DateTime', resolve: (target) => target.createdAt }),
    replacedAt: t.field({ type: 'DateTime', nullable: true, description: 'When a later target replaced it.', resolve: (target) => target.supersededAt }),
  }),
});
const ValuesPayload = builder.objectRef<IndicatorValue[]>('IndicatorValuesPayload').implement({
  fields: (t) => ({ count: t.int({ resolve: (rows) => rows.length }) }),
});

const NewIndicatorInput = builder.inputType('AddIndicatorInput', {
  fields: (t) => ({
    code: t.string({ required: true, description: 'Upper case, digits and _, e.g. BRANCH_MEETINGS_HELD.' }),
    nameVi: t.string({ required: true }),
    nameEn: t.string({ required: true }),
    unit: t.string({ required: true, description: 'e.g. "cuộc", "%", "triệu đồng".' }),
    valueKind: t.field({ type: ValueKind, required: true }),
    direction: t.field({ type: Direction, required: true }),
    rollup: t.field({ type: Rollup, required: true }),
  }),
});
const IndicatorPayload = builder.objectRef<Indicator>('IndicatorPayload').implement({ fields: (t) => ({ indicator: t.field({ type: IndicatorRef, resolve: (i) => i }) }) });

builder.mutationFields((t) => ({
  addIndicator: t.field({
    type: IndicatorPayload,
    description: 'Adds an indicator an office reports on (entered values) to the national catalogue: national administrators, audited.',
    errors: { ...mutationErrors, union: { name: 'AddIndicatorResult' } },
    args: { input: t.arg({ type: NewIndicatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.indicators.addIndicator(input),
  }),
  setIndicatorTarget: t.field({
    type: TargetRef,
    description: 'Sets (or replaces, keeping the old one) a target from a resolution.',
    errors: { ...mutationErrors, union: { name: 'SetIndicatorTargetResult' } },
    args: { input: t.arg({ type: TargetInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.services.indicators.setTarget({
        ...input,
        period: decodePeriod(input.period),
        organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId'),
        resolutionId: fromGlobalId('Document', input.resolutionId, 'resolutionId'),
      }),
  }),
  enterIndicatorValues: t.field({
    type: ValuesPayload,
    description: 'Enters values from a report, all or nothing; problems are reported per row.',
    errors: { ...mutationErrors, union: { name: 'EnterIndicatorValuesResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('EnterIndicatorValuesInput', { fields: (f) => ({ rows: f.field({ type: [ValueRowInput], required: true }) }) }),
      }),
    },
    resolve: (_root, { input }, ctx) => ctx.services.indicators.enterValues(decodeValueRows(input.rows)),
  }),
}));
