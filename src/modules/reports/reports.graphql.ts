import { builder } from '../../graphql/builder.js';
import { OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId } from '../../shared/ids.js';
import { StatisticsRef as CommendationStatisticsRef } from '../commendations/commendations.graphql.js';
import { ResultRef } from '../indicators/indicators.graphql.js';
import { StatisticsRef as InspectionStatisticsRef } from '../inspections/inspections.graphql.js';
import { MembershipChangesRef } from '../members/members.graphql.js';
import { PreviousRef as RatingYearRef } from '../ratings/ratings.graphql.js';
import type { ReportCheck, ReportColumn, ReportForm, ReportRow, Unclassified } from './forms.service.js';
import type { PeriodReport, RatingsComparison, ReportPeriod } from './period-report.service.js';

const FormKindEnum = builder.enumType('ReportFormKind', {
  values: {
    MOVEMENT: { description: 'Biểu 1: members at the start, increase and decrease in the period, at the end.' },
    STRUCTURE: { description: 'Biểu 3: the membership at the end of the period by occupation, age, admission era, education, qualification, political theory.' },
    ETHNICITY_RELIGION: { description: 'Biểu 4: members by ethnic group and religion, women among them, shares.' },
    ORGANIZATIONS: { description: 'Biểu 5: grassroots organisations by type, what is under them, their members.' },
  } as const,
});
const ColumnKindEnum = builder.enumType('ReportColumnKind', { values: ['COUNT', 'PERCENT', 'DECIMAL'] as const });
const PeriodKindEnum = builder.enumType('ReportPeriodKind', { values: ['QUARTER', 'HALF_YEAR', 'YEAR', 'TERM'] as const });

const ColumnRef = builder.objectRef<ReportColumn>('ReportColumn').implement({
  fields: (t) => ({ key: t.exposeString('key'), label: t.exposeString('label'), kind: t.field({ type: ColumnKindEnum, resolve: (c) => c.kind }) }),
});
const RowRef = builder.objectRef<ReportRow>('ReportRow').implement({
  description: 'A row of a form: its code, label, indentation and one value per column (null: not kept or not comparable).',
  fields: (t) => ({
    code: t.exposeString('code'),
    label: t.exposeString('label'),
    depth: t.exposeInt('depth'),
    values: t.field({ type: ['Float'], nullable: { list: false, items: true }, resolve: (r) => r.values }),
    note: t.exposeString('note', { nullable: true }),
  }),
});
const UnclassifiedRef = builder.objectRef<Unclassified>('UnclassifiedValue').implement({
  description: 'A recorded text no row of the form counts: correct the records, or add it to the rule reports.<dimension>.',
  fields: (t) => ({ dimension: t.exposeString('dimension'), value: t.exposeString('value'), count: t.exposeInt('count') }),
});
const CheckRef = builder.objectRef<ReportCheck>('ReportCheck').implement({
  fields: (t) => ({ name: t.exposeString('name'), holds: t.exposeBoolean('holds'), detail: t.exposeString('detail') }),
});
const SourceRef = builder.objectRef<{ rule: string; citation: string }>('ReportSource').implement({
  fields: (t) => ({ rule: t.exposeString('rule'), citation: t.exposeString('citation') }),
});

const FormRef = builder.objectRef<ReportForm>('ReportForm').implement({
  description: 'A statistical form of the organisation commissions for a subtree: counts only.',
  fields: (t) => ({
    kind: t.field({ type: FormKindEnum, resolve: (f) => f.kind }),
    number: t.exposeString('number'),
    title: t.exposeString('title'),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (f, _args, ctx) => ctx.loaders.organization.load({ id: f.organizationId, asOf: f.to }) }),
    organizationName: t.exposeString('organizationName'),
    from: t.field({ type: 'Date', nullable: true, resolve: (f) => f.from }),
    to: t.field({ type: 'Date', resolve: (f) => f.to }),
    unit: t.exposeString('unit'),
    columns: t.field({ type: [ColumnRef], resolve: (f) => f.columns }),
    rows: t.field({ type: [RowRef], resolve: (f) => f.rows }),
    unclassified: t.field({ type: [UnclassifiedRef], resolve: (f) => f.unclassified }),
    checks: t.field({ type: [CheckRef], resolve: (f) => f.checks }),
    sources: t.field({ type: [SourceRef], resolve: (f) => f.sources }),
  }),
});

const PeriodRef = builder.objectRef<ReportPeriod>('ReportPeriod').implement({
  fields: (t) => ({
    kind: t.field({ type: PeriodKindEnum, resolve: (p) => p.kind }),
    name: t.exposeString('name'),
    from: t.field({ type: 'Date', resolve: (p) => p.from }),
    to: t.field({ type: 'Date', resolve: (p) => p.to }),
    yearBeforeFrom: t.field({ type: 'Date', nullable: true, resolve: (p) => p.yearBefore?.from ?? null }),
    yearBeforeTo: t.field({ type: 'Date', nullable: true, resolve: (p) => p.yearBefore?.to ?? null }),
  }),
});
const RatingsRef = builder.objectRef<RatingsComparison>('RatingsComparison').implement({
  fields: (t) => ({
    year: t.exposeInt('year'),
    members: t.field({ type: RatingYearRef, resolve: (r) => r.members }),
    membersYearBefore: t.field({ type: RatingYearRef, resolve: (r) => r.membersYearBefore }),
    organizations: t.field({ type: RatingYearRef, resolve: (r) => r.organizations }),
    organizationsYearBefore: t.field({ type: RatingYearRef, resolve: (r) => r.organizationsYearBefore }),
  }),
});
const ReportRef = builder.objectRef<PeriodReport>('PeriodReport').implement({
  description: 'The figures of a committee’s period report, each with the same period a year before (REST adds xlsx and a Word draft).',
  fields: (t) => ({
    organizationName: t.exposeString('organizationName'),
    period: t.field({ type: PeriodRef, resolve: (r) => r.period }),
    membersAtStart: t.exposeInt('membersAtStart'),
    membersAtEnd: t.exposeInt('membersAtEnd'),
    membersAtEndYearBefore: t.exposeInt('membersAtEndYearBefore', { nullable: true }),
    restructuredArrived: t.int({ description: 'Members who came with their organisation when the tree was restructured.', resolve: (r) => r.restructured.arrived }),
    restructuredLeft: t.int({ description: 'Members who went with their organisation when the tree was restructured.', resolve: (r) => r.restructured.left }),
    changes: t.field({ type: MembershipChangesRef, resolve: (r) => r.changes }),
    changesYearBefore: t.field({ type: MembershipChangesRef, nullable: true, resolve: (r) => r.changesYearBefore }),
    candidatesTrained: t.exposeInt('candidatesTrained'),
    candidatesTrainedYearBefore: t.exposeInt('candidatesTrainedYearBefore', { nullable: true }),
    ratings: t.field({ type: RatingsRef, nullable: true, resolve: (r) => r.ratings }),
    inspections: t.field({ type: InspectionStatisticsRef, resolve: (r) => r.inspections }),
    commendations: t.field({ type: CommendationStatisticsRef, resolve: (r) => r.commendations }),
    indicators: t.field({ type: [ResultRef], resolve: (r) => r.indicators }),
    rows: t.field({ type: [RowRef], resolve: (r) => r.rows }),
  }),
});

builder.queryFields((t) => ({
  reportForm: t.field({
    type: FormRef,
    description: 'A statistical form (Biểu 1, 3, 4, 5) of a subtree: `to` is the day counted (Biểu 1: the period from `from` to `to`).',
    args: {
      organizationId: t.arg.id({ required: true }),
      form: t.arg({ type: FormKindEnum, required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date', required: true }),
    },
    resolve: (_root, args, ctx) => ctx.services.reportForms.form(args.form, fromGlobalId('Organization', args.organizationId, 'organizationId'), { from: args.from ?? null, to: args.to }),
  }),
  periodReport: t.field({
    type: ReportRef,
    description: 'A committee’s period report: a year, a quarter or half of it, or a term.',
    args: {
      organizationId: t.arg.id({ required: true }),
      year: t.arg.int(),
      quarter: t.arg.int(),
      half: t.arg.int({ description: '1: the first six months; 2: the last six.' }),
      termId: t.arg.id(),
    },
    resolve: (_root, args, ctx) =>
      ctx.services.periodReports.report(fromGlobalId('Organization', args.organizationId, 'organizationId'), {
        year: args.year ?? null,
        quarter: args.quarter ?? null,
        half: args.half ?? null,
        termId: args.termId ? fromGlobalId('Term', args.termId, 'termId') : null,
      }),
  }),
}));
