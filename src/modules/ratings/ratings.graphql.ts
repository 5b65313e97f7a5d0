import { builder, type SchemaTypes } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { fromGlobalId } from '../../shared/ids.js';
import { decodeRatingRows, ratingLevelLabels, ratingSubjectLabels } from './ratings.inputs.js';
import type { RatingSubject } from '../../generated/prisma/client.js';
import type { Distribution, RatingBatch, RatingWarning } from './ratings.service.js';

const Level = labelledEnum('RatingLevel', ratingLevelLabels, 'Mức xếp loại chất lượng.');
const Subject = labelledEnum('RatingSubject', ratingSubjectLabels, 'What is rated.');

/** The counts of one year: shared by a distribution and the year before it. */
function distributionFields<Parent extends Distribution>(t: PothosSchemaTypes.ObjectFieldBuilder<SchemaTypes, Parent>) {
  return {
    year: t.int({ resolve: (d) => d.year }),
    excellent: t.int({ resolve: (d) => d.excellent }),
    good: t.int({ resolve: (d) => d.good }),
    completed: t.int({ resolve: (d) => d.completed }),
    notCompleted: t.int({ resolve: (d) => d.notCompleted }),
    total: t.int({ resolve: (d) => d.total }),
    goodOrAbovePercent: t.float({ nullable: true, resolve: (d) => d.goodOrAbovePercent }),
  };
}

export const PreviousRef = builder.objectRef<Distribution>('RatingDistributionPrevious').implement({ fields: distributionFields });

const DistributionRef = builder.objectRef<Distribution & { previous: Distribution }>('RatingDistribution').implement({
  description: 'Ratings of a year in a subtree (grassroots organisations, or members), with the year before.',
  fields: (t) => ({
    ...distributionFields(t),
    previous: t.field({ type: PreviousRef, description: 'The same for the year before ("17/85/10 → 19/95/6").', resolve: (d) => d.previous }),
  }),
});

builder.queryField('ratingDistribution', (t) =>
  t.field({
    type: DistributionRef,
    args: { organizationId: t.arg.id({ required: true }), year: t.arg.int({ required: true }), subject: t.arg({ type: Subject, required: true }) },
    resolve: async (_root, args, ctx) => {
      const id = fromGlobalId('Organization', args.organizationId, 'organizationId');
      const [current, previous] = await Promise.all([
        ctx.services.ratings.distribution(id, args.year, args.subject),
        ctx.services.ratings.distribution(id, args.year - 1, args.subject),
      ]);
      return { ...current, previous };
    },
  }),
);

const WarningRef = builder.objectRef<RatingWarning>('RatingWarning').implement({
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
});
const RatingsPayload = builder.objectRef<{ count: number; warnings: RatingWarning[] }>('RecordRatingsPayload').implement({
  fields: (t) => ({ count: t.exposeInt('count'), warnings: t.field({ type: [WarningRef], resolve: (p) => p.warnings }) }),
});
const RowInput = builder.inputType('RatingRowInput', {
  fields: (t) => ({
    organizationId: t.id({ description: 'The rated organisation (subject ORGANIZATION).' }),
    memberId: t.id({ description: 'The rated member (subject MEMBER).' }),
    level: t.field({ type: Level, required: true }),
    score: t.float({ description: '0–100; must agree with the level.' }),
  }),
});
const AdHocInput = builder.inputType('AdHocPeriodInput', {
  fields: (t) => ({ from: t.field({ type: 'Date', required: true }), to: t.field({ type: 'Date', required: true }), name: t.string({ required: true }) }),
});

const Input = builder.inputType('RecordRatingsInput', {
  fields: (t) => ({
    subject: t.field({ type: Subject, required: true }),
    ratedById: t.id({ required: true, description: 'The organisation whose committee decided.' }),
    year: t.int({ description: 'The year rated (the default kind of period)…' }),
    quarter: t.int({ description: '…or a quarter of it…' }),
    termId: t.id({ description: '…or a term…' }),
    adHoc: t.field({ type: AdHocInput, description: '…or an ad hoc period (đột xuất).' }),
    decisionId: t.id({ required: true }),
    rows: t.field({ type: [RowInput], required: true }),
  }),
});

const BatchesInput = builder.inputType('RecordRatingBatchesInput', {
  fields: (t) => ({ batches: t.field({ type: [Input], required: true, description: 'At most 2,000 batches and 50,000 ratings in all.' }) }),
});
const BatchesPayload = builder.objectRef<{ batches: { count: number; warnings: RatingWarning[] }[] }>('RecordRatingBatchesPayload').implement({
  fields: (t) => ({ batches: t.field({ type: [RatingsPayload], description: 'One per batch, in the order given.', resolve: (p) => p.batches }) }),
});

builder.mutationField('recordRatingBatches', (t) =>
  t.field({
    type: BatchesPayload,
    description: 'Many batches of ratings at once (e.g. every grassroots organisation rating its members for the year), all or none; every bad row named (batches.3.rows.7).',
    errors: { ...mutationErrors, union: { name: 'RecordRatingBatchesResult' } },
    args: { input: t.arg({ type: BatchesInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const results = await ctx.services.ratings.rateMany(input.batches.map((batch, index) => decodeBatch(batch, `batches.${index}.`)));
      return { batches: results.map((result) => ({ count: result.ratingIds.length, warnings: result.warnings })) };
    },
  }),
);

builder.mutationField('recordRatings', (t) =>
  t.field({
    type: RatingsPayload,
    description: 'Records ratings decided together (one or many), all or nothing, with warnings such as the EXCELLENT quota.',
    errors: { ...mutationErrors, union: { name: 'RecordRatingsResult' } },
    args: { input: t.arg({ type: Input, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await ctx.services.ratings.rate(decodeBatch(input, ''));
      return { count: result.ratingIds.length, warnings: result.warnings };
    },
  }),
);

type BatchInput = {
  subject: RatingSubject;
  ratedById: string;
  year?: number | null;
  quarter?: number | null;
  termId?: string | null;
  adHoc?: { from: string; to: string; name: string } | null;
  decisionId: string;
  rows: Parameters<typeof decodeRatingRows>[0];
};

function decodeBatch(input: BatchInput, prefix: string): RatingBatch {
  return {
    subject: input.subject,
    ratedById: fromGlobalId('Organization', input.ratedById, `${prefix}ratedById`),
    period: { year: input.year, quarter: input.quarter, termId: input.termId ? fromGlobalId('Term', input.termId, `${prefix}termId`) : null, adHoc: input.adHoc },
    decisionId: fromGlobalId('Document', input.decisionId, `${prefix}decisionId`),
    rows: decodeRatingRows(input.rows, `${prefix}rows`),
  };
}
