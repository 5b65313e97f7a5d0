import type { DuesAdjustment, DuesBasis, DuesPayment } from '../../generated/prisma/client.js';
import { builder } from '../../graphql/builder.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { DocumentRef, MemberRef, OrganizationRef } from '../../graphql/refs.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { decodeAdjustment, decodeBasis, decodePayments } from './dues.inputs.js';
import { duesAdjustmentLabels, duesChannelLabels, duesDerivationLabels, duesGroupLabels } from './dues.labels.js';
import type { DuesArrears, DuesMonth, DuesRemittance } from './dues.service.js';

const Group = labelledEnum('DuesGroup', duesGroupLabels, 'What a member’s dues are reckoned from.');
const AdjustmentKind = labelledEnum('DuesAdjustmentKind', duesAdjustmentLabels, 'A decision on a member’s dues for some months.');
const Channel = labelledEnum('DuesChannel', duesChannelLabels, 'How dues were paid.');
const Derivation = labelledEnum('DuesDerivation', duesDerivationLabels, 'Why a month’s amount is what it is.');

const MonthRef = builder.objectRef<DuesMonth>('DuesMonth').implement({
  description: 'A member’s month of dues: the amount due, how it was reckoned under the regulation in force that month, and what was paid.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.member.load({ id: m.memberId, asOf: m.month }) }),
    month: t.field({ type: 'Date', resolve: (m) => m.month }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The branch that collects it.', resolve: (m, _a, ctx) => ctx.loaders.organization.load({ id: m.organizationId, asOf: m.month }) }),
    group: t.field({ type: Group, nullable: true, resolve: (m) => m.group }),
    baseAmount: t.exposeInt('baseAmount', { nullable: true, description: 'The salary, pension or allowance the percentage is taken of (đồng).' }),
    basisMonth: t.field({ type: 'Date', nullable: true, description: 'The month whose basis was used (the month before, for a salary under 01-QĐ/TW).', resolve: (m) => m.basisMonth }),
    percent: t.exposeFloat('percent', { nullable: true }),
    rateAmount: t.exposeInt('rateAmount', { nullable: true, description: 'By the group’s rate, before exemptions and reductions.' }),
    derivation: t.field({ type: Derivation, resolve: (m) => m.derivation }),
    reductionPercent: t.exposeInt('reductionPercent', { nullable: true }),
    due: t.exposeInt('due', { nullable: true, description: 'null: not known (no basis, or no amount set).' }),
    paid: t.exposeInt('paid'),
    deferredUntil: t.field({ type: 'Date', nullable: true, resolve: (m) => m.deferredUntil }),
    inArrears: t.exposeBoolean('inArrears'),
    citation: t.exposeString('citation'),
  }),
});

const BasisRef = builder.objectRef<DuesBasis>('DuesBasis').implement({
  fields: (t) => ({
    fromMonth: t.field({ type: 'Date', resolve: (b) => b.fromMonth }),
    group: t.field({ type: Group, resolve: (b) => b.group }),
    baseAmount: t.exposeInt('baseAmount', { nullable: true }),
    setAmount: t.exposeInt('setAmount', { nullable: true }),
    note: t.exposeString('note', { nullable: true }),
    recordedAt: t.field({ type: 'DateTime', resolve: (b) => b.recordedAt }),
  }),
});
const AdjustmentRef = builder.objectRef<DuesAdjustment>('DuesAdjustment').implement({
  fields: (t) => ({
    id: t.id({ resolve: (a) => toGlobalId('DuesAdjustment', a.id) }),
    kind: t.field({ type: AdjustmentKind, resolve: (a) => a.kind }),
    percent: t.exposeInt('percent', { nullable: true }),
    fromMonth: t.field({ type: 'Date', resolve: (a) => a.fromMonth }),
    toMonth: t.field({ type: 'Date', resolve: (a) => a.toMonth }),
    reason: t.exposeString('reason'),
    decision: t.field({ type: DocumentRef, nullable: true, resolve: (a, _x, ctx) => ctx.loaders.documents.load(a.decisionId) }),
    decidedOn: t.field({ type: 'Date', resolve: (a) => a.decidedOn }),
    revokedOn: t.field({ type: 'Date', nullable: true, resolve: (a) => a.revokedOn }),
  }),
});
const PaymentRef = builder.objectRef<DuesPayment>('DuesPayment').implement({
  fields: (t) => ({
    id: t.id({ resolve: (p) => toGlobalId('DuesPayment', p.id) }),
    month: t.field({ type: 'Date', resolve: (p) => p.month }),
    amount: t.exposeInt('amount'),
    paidOn: t.field({ type: 'Date', resolve: (p) => p.paidOn }),
    channel: t.field({ type: Channel, resolve: (p) => p.channel }),
    reference: t.exposeString('reference', { nullable: true }),
    organization: t.field({ type: OrganizationRef, nullable: true, description: 'The branch that collected it.', resolve: (p, _a, ctx) => ctx.loaders.organization.load({ id: p.organizationId, asOf: p.paidOn.toISOString().slice(0, 10) }) }),
    reversedOn: t.field({ type: 'Date', nullable: true, resolve: (p) => p.reversedOn }),
    reversalReason: t.exposeString('reversalReason', { nullable: true }),
  }),
});
const RecordsRef = builder.objectRef<{ bases: DuesBasis[]; adjustments: DuesAdjustment[]; payments: DuesPayment[] }>('DuesRecords').implement({
  fields: (t) => ({
    bases: t.field({ type: [BasisRef], resolve: (r) => r.bases }),
    adjustments: t.field({ type: [AdjustmentRef], resolve: (r) => r.adjustments }),
    payments: t.field({ type: [PaymentRef], resolve: (r) => r.payments }),
  }),
});

const ArrearsMemberRef = builder.objectRef<DuesArrears['members'][number]>('DuesArrearsMember').implement({
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.member.load({ id: m.memberId, asOf: m.months.at(-1)! }) }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.organization.load({ id: m.organizationId, asOf: m.months.at(-1)! }) }),
    months: t.field({ type: ['Date'], resolve: (m) => m.months }),
    owed: t.exposeInt('owed', { nullable: true }),
  }),
});
const UnpaidThresholdRef = builder.objectRef<DuesArrears['reachingThreshold'][number]>('UnpaidDuesThreshold').implement({
  description: 'A member whose unpaid months of a year reach the removal rule: where a proposal starts.',
  fields: (t) => ({
    member: t.field({ type: MemberRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.member.load({ id: m.memberId, asOf: m.months.at(-1)! }) }),
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (m, _a, ctx) => ctx.loaders.organization.load({ id: m.organizationId, asOf: m.months.at(-1)! }) }),
    year: t.exposeInt('year'),
    months: t.field({ type: ['Date'], resolve: (m) => m.months }),
  }),
});
const ArrearsRef = builder.objectRef<DuesArrears>('DuesArrears').implement({
  description: 'Arrears of a subtree (one statement).',
  fields: (t) => ({
    asOf: t.field({ type: 'Date', resolve: (a) => a.asOf }),
    from: t.field({ type: 'Date', resolve: (a) => a.from }),
    members: t.field({ type: [ArrearsMemberRef], resolve: (a) => a.members }),
    withoutBasis: t.field({ type: [ArrearsMemberRef], description: 'Members whose due is unknown for a month (no basis recorded).', resolve: (a) => a.withoutBasis.map((m) => ({ ...m, owed: null as unknown as number })) }),
    reachingThreshold: t.field({ type: [UnpaidThresholdRef], resolve: (a) => a.reachingThreshold }),
    thresholdMonths: t.exposeInt('thresholdMonths'),
    thresholdConsecutive: t.exposeBoolean('thresholdConsecutive'),
    citation: t.exposeString('citation'),
  }),
});
const RemittanceRowRef = builder.objectRef<DuesRemittance['organizations'][number]>('DuesRemittanceRow').implement({
  fields: (t) => ({
    organization: t.field({ type: OrganizationRef, nullable: true, resolve: (r, _a, ctx) => ctx.loaders.organization.load({ id: r.organizationId, asOf: ctx.today }) }),
    kindCode: t.exposeString('kindCode'),
    collected: t.exposeFloat('collected', { description: 'Collected from its own members (đồng).' }),
    received: t.exposeFloat('received', { description: 'Remitted to it from below.' }),
    keepPercent: t.exposeInt('keepPercent'),
    kept: t.exposeFloat('kept'),
    remitted: t.exposeFloat('remitted', { description: 'To the committee above.' }),
  }),
});
const RemittanceRef = builder.objectRef<DuesRemittance>('DuesRemittance').implement({
  fields: (t) => ({
    from: t.field({ type: 'Date', resolve: (r) => r.from }),
    to: t.field({ type: 'Date', resolve: (r) => r.to }),
    organizations: t.field({ type: [RemittanceRowRef], resolve: (r) => r.organizations }),
    remittedAbove: t.exposeFloat('remittedAbove'),
    citation: t.exposeString('citation'),
  }),
});

builder.queryFields((t) => ({
  duesLedger: t.field({
    type: [MonthRef],
    description: 'A member’s months of dues with how each amount was reckoned (at most 120 months).',
    args: { memberId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true, description: 'A first day of a month.' }), to: t.arg({ type: 'Date', required: true }), asOf: t.arg({ type: 'Date' }) },
    resolve: (_r, a, ctx) => ctx.services.dues.ledgerOf(fromGlobalId('Member', a.memberId, 'memberId'), a.from, a.to, a.asOf ?? undefined),
  }),
  myDues: t.field({
    type: [MonthRef],
    description: 'The caller’s own months of dues (as a member).',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_r, a, ctx) => (ctx.services.actor.memberId ? ctx.services.dues.ledgerOf(ctx.services.actor.memberId, a.from, a.to) : []),
  }),
  duesRecords: t.field({
    type: RecordsRef,
    description: 'A member’s bases, decisions and payments.',
    args: { memberId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.dues.recordsOf(fromGlobalId('Member', a.memberId, 'memberId')),
  }),
  duesSheet: t.field({
    type: [MonthRef],
    description: 'Sổ thu đảng phí: every member a branch collects from for a month.',
    args: { organizationId: t.arg.id({ required: true }), month: t.arg({ type: 'Date', required: true }), asOf: t.arg({ type: 'Date' }) },
    resolve: (_r, a, ctx) => ctx.services.dues.sheet(fromGlobalId('Organization', a.organizationId, 'organizationId'), a.month, a.asOf ?? undefined),
  }),
  duesArrears: t.field({
    type: ArrearsRef,
    description: 'Members of a subtree with months unpaid, those without a basis, and those whose unpaid months of a year reach the removal rule.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true, description: 'A first day of a month.' }), asOf: t.arg({ type: 'Date' }) },
    resolve: (_r, a, ctx) => ctx.services.dues.arrears(fromGlobalId('Organization', a.organizationId, 'organizationId'), a.from, a.asOf ?? undefined),
  }),
  duesRemittance: t.field({
    type: RemittanceRef,
    description: 'What each organisation of a subtree collected, received, kept and remitted in a period.',
    args: { organizationId: t.arg.id({ required: true }), from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    resolve: (_r, a, ctx) => ctx.services.dues.remittance(fromGlobalId('Organization', a.organizationId, 'organizationId'), a.from, a.to),
  }),
}));

builder.mutationFields((t) => ({
  setDuesBasis: t.field({
    type: builder.objectRef<{ basis: DuesBasis }>('DuesBasisPayload').implement({ fields: (f) => ({ basis: f.field({ type: BasisRef, resolve: (p) => p.basis }) }) }),
    description: 'The basis of a member’s dues from a month on: the group and the salary, pension or allowance (or the amount set).',
    errors: { ...mutationErrors, union: { name: 'SetDuesBasisResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('SetDuesBasisInput', {
          fields: (f) => ({
            memberId: f.id({ required: true }),
            fromMonth: f.field({ type: 'Date', required: true }),
            group: f.field({ type: Group, required: true }),
            baseAmount: f.int(),
            setAmount: f.int(),
            note: f.string(),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ basis: await ctx.services.dues.setBasis(decodeBasis(input)) }),
  }),
  decideDuesAdjustment: t.field({
    type: builder.objectRef<{ adjustment: DuesAdjustment }>('DuesAdjustmentPayload').implement({ fields: (f) => ({ adjustment: f.field({ type: AdjustmentRef, resolve: (p) => p.adjustment }) }) }),
    description: 'Exemption, reduction (30/50/70%), deferral or advance for some months, on a decision.',
    errors: { ...mutationErrors, union: { name: 'DecideDuesAdjustmentResult' } },
    args: {
      input: t.arg({
        required: true,
        type: builder.inputType('DecideDuesAdjustmentInput', {
          fields: (f) => ({
            memberId: f.id({ required: true }),
            kind: f.field({ type: AdjustmentKind, required: true }),
            percent: f.int({ description: 'For a REDUCTION.' }),
            fromMonth: f.field({ type: 'Date', required: true }),
            toMonth: f.field({ type: 'Date', required: true, description: 'The first day of the last month covered.' }),
            reason: f.string({ required: true }),
            decisionId: f.id({ required: true }),
            decidedOn: f.field({ type: 'Date', required: true }),
          }),
        }),
      }),
    },
    resolve: async (_r, { input }, ctx) => ({ adjustment: await ctx.services.dues.adjust(decodeAdjustment(input)) }),
  }),
  recordDuesPayments: t.field({
    type: builder.objectRef<{ payments: DuesPayment[] }>('DuesPaymentsPayload').implement({ fields: (f) => ({ payments: f.field({ type: [PaymentRef], resolve: (p) => p.payments }) }) }),
    description: 'Payments of dues, all or nothing, every bad row named (at most 2,000).',
    errors: { ...mutationErrors, union: { name: 'RecordDuesPaymentsResult' } },
    args: {
      payments: t.arg({
        required: true,
        type: [
          builder.inputType('DuesPaymentInput', {
            fields: (f) => ({
              memberId: f.id({ required: true }),
              month: f.field({ type: 'Date', required: true }),
              amount: f.int({ required: true }),
              paidOn: f.field({ type: 'Date', required: true }),
              channel: f.field({ type: Channel, required: true }),
              reference: f.string({ description: 'The portal’s transaction reference (required for NATIONAL_PORTAL) or a receipt number.' }),
            }),
          }),
        ],
      }),
    },
    resolve: async (_r, args, ctx) => ({ payments: await ctx.services.dues.recordPayments(decodePayments(args.payments)) }),
  }),
  reverseDuesPayment: t.field({
    type: builder.objectRef<{ payment: DuesPayment }>('DuesPaymentPayload').implement({ fields: (f) => ({ payment: f.field({ type: PaymentRef, resolve: (p) => p.payment }) }) }),
    description: 'Marks a payment recorded by mistake as reversed (kept, with its reason).',
    errors: { ...mutationErrors, union: { name: 'ReverseDuesPaymentResult' } },
    args: { paymentId: t.arg.id({ required: true }), reversedOn: t.arg({ type: 'Date', required: true }), reason: t.arg.string({ required: true }) },
    resolve: async (_r, a, ctx) => ({ payment: await ctx.services.dues.reversePayment(fromGlobalId('DuesPayment', a.paymentId, 'paymentId'), a.reversedOn, a.reason) }),
  }),
}));
