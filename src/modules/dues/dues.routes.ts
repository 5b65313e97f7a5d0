import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { DuesAdjustment, DuesBasis, DuesPayment } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import { decodeAdjustment, decodeBasis, decodePayments } from './dues.inputs.js';
import { duesAdjustmentLabels, duesChannelLabels, duesDerivationLabels, duesGroupLabels } from './dues.labels.js';
import type { DuesArrears, DuesMonth, DuesRemittance } from './dues.service.js';

const Group = enumSchema('DuesGroup', duesGroupLabels);
const Kind = enumSchema('DuesAdjustmentKind', duesAdjustmentLabels);
const Channel = enumSchema('DuesChannel', duesChannelLabels);
const Derivation = enumSchema('DuesDerivation', duesDerivationLabels);
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Amount = (maximum: number) => Type.Integer({ minimum: 0, maximum });
const Month = (description?: string) => dateSchema({ description: `The first day of a month.${description ? ` ${description}` : ''}`, examples: ['2026-02-01'] });

const MonthSchema = Type.Object(
  {
    memberId: Type.String(),
    month: dateSchema(),
    organizationId: Type.String({ description: 'The branch that collects it.' }),
    group: nullable(Group),
    baseAmount: nullable(Type.Integer()),
    basisMonth: nullable(dateSchema({ description: 'The month whose basis was used.' })),
    percent: nullable(Type.Number()),
    rateAmount: nullable(Type.Integer()),
    derivation: Derivation,
    reductionPercent: nullable(Type.Integer()),
    adjustmentId: nullable(Type.String()),
    due: nullable(Type.Integer({ description: 'null: not known (no basis, or no amount set).' })),
    paid: Type.Integer(),
    deferredUntil: nullable(dateSchema()),
    inArrears: Type.Boolean(),
    citation: Type.String(),
  },
  { $id: 'DuesMonth' },
);
const BasisSchema = Type.Object({ memberId: Type.String(), fromMonth: dateSchema(), group: Group, baseAmount: nullable(Type.Integer()), setAmount: nullable(Type.Integer()), note: nullable(Type.String()) }, { $id: 'DuesBasis' });
const AdjustmentSchema = Type.Object(
  { id: Type.String(), memberId: Type.String(), kind: Kind, percent: nullable(Type.Integer()), fromMonth: dateSchema(), toMonth: dateSchema(), reason: Type.String(), decisionId: Type.String(), decidedOn: dateSchema(), revokedOn: nullable(dateSchema()) },
  { $id: 'DuesAdjustment' },
);
const PaymentSchema = Type.Object(
  {
    id: Type.String(),
    memberId: Type.String(),
    month: dateSchema(),
    amount: Type.Integer(),
    paidOn: dateSchema(),
    channel: Channel,
    reference: nullable(Type.String()),
    organizationId: Type.String(),
    reversedOn: nullable(dateSchema()),
    reversalReason: nullable(Type.String()),
  },
  { $id: 'DuesPayment' },
);

const BasisBody = Type.Object(
  { fromMonth: Month(), group: Group, baseAmount: Type.Optional(Amount(2_000_000_000)), setAmount: Type.Optional(Amount(2_000_000_000)), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const AdjustmentBody = Type.Object(
  {
    kind: Kind,
    percent: Type.Optional(Type.Integer({ minimum: 1, maximum: 99, description: 'For a REDUCTION.' })),
    fromMonth: Month(),
    toMonth: Month('The last month covered.'),
    reason: Type.String({ minLength: 1, maxLength: 2000 }),
    decisionId: Type.String(),
    decidedOn: dateSchema(),
  },
  { additionalProperties: false },
);
const PaymentsBody = Type.Object(
  {
    payments: Type.Array(
      Type.Object(
        {
          memberId: Type.String(),
          month: Month(),
          amount: Type.Integer({ minimum: 1, maximum: 100_000_000 }),
          paidOn: dateSchema(),
          channel: Channel,
          reference: Type.Optional(Type.String({ maxLength: 100, description: 'The portal’s transaction reference (required for NATIONAL_PORTAL) or a receipt number.' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
const ReverseBody = Type.Object({ reversedOn: dateSchema(), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
const LedgerQuery = Type.Object({ from: Month(), to: Month(), asOf: Type.Optional(dateSchema({ description: 'Today when omitted.' })) }, { additionalProperties: false });
const SheetQuery = Type.Object({ month: Month(), asOf: Type.Optional(dateSchema()) }, { additionalProperties: false });
const ArrearsQuery = Type.Object({ from: Month('From this month (counted from its January for the removal rule).'), asOf: Type.Optional(dateSchema()) }, { additionalProperties: false });
const RemittanceQuery = Type.Object({ from: dateSchema(), to: dateSchema() }, { additionalProperties: false });
const MemberMonths = Type.Object({ memberId: Type.String(), organizationId: Type.String(), months: Type.Array(dateSchema()) });
const ArrearsSchema = Type.Object({
  organizationId: Type.String(),
  asOf: dateSchema(),
  from: dateSchema(),
  members: Type.Array(Type.Object({ memberId: Type.String(), organizationId: Type.String(), months: Type.Array(dateSchema()), owed: Type.Integer() })),
  withoutBasis: Type.Array(MemberMonths),
  reachingThreshold: Type.Array(Type.Object({ memberId: Type.String(), organizationId: Type.String(), year: Type.Integer(), months: Type.Array(dateSchema()) })),
  thresholdMonths: Type.Integer(),
  thresholdConsecutive: Type.Boolean(),
  citation: Type.String(),
});
const RemittanceSchema = Type.Object({
  organizationId: Type.String(),
  from: dateSchema(),
  to: dateSchema(),
  organizations: Type.Array(
    Type.Object({
      organizationId: Type.String(),
      parentId: nullable(Type.String()),
      kindCode: Type.String(),
      collected: Type.Number(),
      received: Type.Number(),
      keepPercent: Type.Integer(),
      kept: Type.Number(),
      remitted: Type.Number(),
    }),
  ),
  remittedAbove: Type.Number(),
  citation: Type.String(),
});

const member = (id: string) => toGlobalId('Member', id);
const organization = (id: string) => toGlobalId('Organization', id);
const DUES_SHEET_COLUMNS: Column<{ month: DuesMonth; refs: Awaited<ReturnType<typeof referencesOf>> }>[] = [
  { header: 'Họ và tên', width: 28, value: (r) => r.refs.member(r.month.memberId)?.fullName },
  { header: 'Tháng', value: (r) => `${r.month.month.slice(5, 7)}/${r.month.month.slice(0, 4)}` },
  { header: 'Nhóm', width: 30, value: (r) => (r.month.group ? duesGroupLabels[r.month.group] : null) },
  { header: 'Lương, thu nhập làm căn cứ (đồng)', kind: 'INTEGER', width: 18, value: (r) => r.month.baseAmount },
  { header: 'Tỷ lệ (%)', kind: 'DECIMAL', value: (r) => r.month.percent },
  { header: 'Phải đóng (đồng)', kind: 'INTEGER', value: (r) => r.month.due },
  { header: 'Đã đóng (đồng)', kind: 'INTEGER', value: (r) => r.month.paid },
  { header: 'Còn thiếu (đồng)', kind: 'INTEGER', value: (r) => (r.month.due === null ? null : Math.max(r.month.due - r.month.paid, 0)) },
  { header: 'Cách tính', width: 30, value: (r) => duesDerivationLabels[r.month.derivation] },
  { header: 'Căn cứ', width: 40, value: (r) => r.month.citation },
];

const monthDto = (m: DuesMonth) => ({ ...m, memberId: member(m.memberId), organizationId: organization(m.organizationId), adjustmentId: m.adjustmentId ? toGlobalId('DuesAdjustment', m.adjustmentId) : null });
const basisDto = (b: DuesBasis) => ({ memberId: member(b.memberId), fromMonth: fromDbDate(b.fromMonth), group: b.group, baseAmount: b.baseAmount, setAmount: b.setAmount, note: b.note });
const adjustmentDto = (a: DuesAdjustment) => ({
  id: toGlobalId('DuesAdjustment', a.id),
  memberId: member(a.memberId),
  kind: a.kind,
  percent: a.percent,
  fromMonth: fromDbDate(a.fromMonth),
  toMonth: fromDbDate(a.toMonth),
  reason: a.reason,
  decisionId: toGlobalId('Document', a.decisionId),
  decidedOn: fromDbDate(a.decidedOn),
  revokedOn: fromDbDateOrNull(a.revokedOn),
});
const paymentDto = (p: DuesPayment) => ({
  id: toGlobalId('DuesPayment', p.id),
  memberId: member(p.memberId),
  month: fromDbDate(p.month),
  amount: p.amount,
  paidOn: fromDbDate(p.paidOn),
  channel: p.channel,
  reference: p.reference,
  organizationId: organization(p.organizationId),
  reversedOn: fromDbDateOrNull(p.reversedOn),
  reversalReason: p.reversalReason,
});
const arrearsDto = (a: DuesArrears) => ({
  ...a,
  organizationId: organization(a.organizationId),
  members: a.members.map((m) => ({ ...m, memberId: member(m.memberId), organizationId: organization(m.organizationId) })),
  withoutBasis: a.withoutBasis.map((m) => ({ ...m, memberId: member(m.memberId), organizationId: organization(m.organizationId) })),
  reachingThreshold: a.reachingThreshold.map((m) => ({ ...m, memberId: member(m.memberId), organizationId: organization(m.organizationId) })),
});
const remittanceDto = (r: DuesRemittance) => ({
  ...r,
  organizationId: organization(r.organizationId),
  organizations: r.organizations.map((o) => ({ ...o, organizationId: organization(o.organizationId), parentId: o.parentId ? organization(o.parentId) : null })),
});

const idOf = (request: FastifyRequest) => (request.params as Static<typeof idParam>).id;

export async function duesRoutes(app: FastifyInstance) {
  for (const schema of [MonthSchema, BasisSchema, AdjustmentSchema, PaymentSchema]) app.addSchema(schema);
  const months = Type.Object({ items: Type.Array(Type.Ref('DuesMonth')) });

  app.post(
    '/members/:id/dues-bases',
    {
      config: { idempotent: true },
      schema: { tags: ['dues'], operationId: 'setDuesBasis', summary: 'The basis of a member’s dues from a month on (replacing one of the same month)', params: idParam, body: BasisBody, response: { 201: Type.Ref('DuesBasis'), ...problemResponses(400, 401, 403, 404, 422) } },
    },
    async (request, reply) => reply.status(201).send(basisDto(await request.services.dues.setBasis(decodeBasis({ ...(request.body as Static<typeof BasisBody>), memberId: idOf(request) })))),
  );
  app.post(
    '/members/:id/dues-adjustments',
    {
      config: { idempotent: true },
      schema: { tags: ['dues'], operationId: 'decideDuesAdjustment', summary: 'Exemption, reduction (30/50/70%), deferral or advance for some months, on a decision', params: idParam, body: AdjustmentBody, response: { 201: Type.Ref('DuesAdjustment'), ...problemResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request, reply) => reply.status(201).send(adjustmentDto(await request.services.dues.adjust(decodeAdjustment({ ...(request.body as Static<typeof AdjustmentBody>), memberId: idOf(request) })))),
  );
  app.post(
    '/dues-payments',
    {
      config: { idempotent: true },
      schema: { tags: ['dues'], operationId: 'recordDuesPayments', summary: 'Payments of dues, all or nothing, every bad row named (at most 2,000)', body: PaymentsBody, response: { 201: Type.Object({ items: Type.Array(Type.Ref('DuesPayment')) }), ...problemResponses(400, 401, 403, 422) } },
    },
    async (request, reply) => reply.status(201).send({ items: (await request.services.dues.recordPayments(decodePayments((request.body as Static<typeof PaymentsBody>).payments))).map(paymentDto) }),
  );
  app.post(
    '/dues-payments/:id/reverse',
    { schema: { tags: ['dues'], operationId: 'reverseDuesPayment', summary: 'Mark a payment recorded by mistake as reversed (kept, with its reason)', params: idParam, body: ReverseBody, response: { 200: Type.Ref('DuesPayment'), ...problemResponses(400, 401, 403, 404, 409) } } },
    async (request) => {
      const body = request.body as Static<typeof ReverseBody>;
      return paymentDto(await request.services.dues.reversePayment(fromGlobalId('DuesPayment', idOf(request), 'id'), body.reversedOn, body.reason));
    },
  );
  app.get(
    '/members/:id/dues',
    { schema: { tags: ['dues'], operationId: 'getDuesLedger', summary: 'A member’s months of dues with how each amount was reckoned', params: idParam, querystring: LedgerQuery, response: { 200: months, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => {
      const q = request.query as Static<typeof LedgerQuery>;
      return { items: (await request.services.dues.ledgerOf(fromGlobalId('Member', idOf(request), 'id'), q.from, q.to, q.asOf)).map(monthDto) };
    },
  );
  app.get(
    '/members/:id/dues-records',
    {
      schema: {
        tags: ['dues'],
        operationId: 'getDuesRecords',
        summary: 'A member’s dues bases, decisions and payments',
        params: idParam,
        response: { 200: Type.Object({ bases: Type.Array(Type.Ref('DuesBasis')), adjustments: Type.Array(Type.Ref('DuesAdjustment')), payments: Type.Array(Type.Ref('DuesPayment')) }), ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const records = await request.services.dues.recordsOf(fromGlobalId('Member', idOf(request), 'id'));
      return { bases: records.bases.map(basisDto), adjustments: records.adjustments.map(adjustmentDto), payments: records.payments.map(paymentDto) };
    },
  );
  app.get(
    '/me/dues',
    { schema: { tags: ['dues'], operationId: 'getMyDues', summary: 'The caller’s own months of dues (as a member)', querystring: LedgerQuery, response: { 200: months, ...problemResponses(400, 401) } } },
    async (request) => {
      const q = request.query as Static<typeof LedgerQuery>;
      const memberId = request.services.actor.memberId;
      return { items: memberId ? (await request.services.dues.ledgerOf(memberId, q.from, q.to, q.asOf)).map(monthDto) : [] };
    },
  );
  app.get(
    '/organizations/:id/dues-sheet',
    { schema: { tags: ['dues'], operationId: 'getDuesSheet', summary: 'Sổ thu đảng phí: every member a branch collects from for a month', params: idParam, querystring: SheetQuery, response: { 200: months, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => {
      const q = request.query as Static<typeof SheetQuery>;
      return { items: (await request.services.dues.sheet(fromGlobalId('Organization', idOf(request), 'id'), q.month, q.asOf)).map(monthDto) };
    },
  );
  registerListExport(app, {
    url: '/organizations/:id/dues-sheet/export',
    list: 'dues-sheet',
    tag: 'dues',
    operationId: 'exportDuesSheet',
    summary: 'Sổ thu đảng phí of a branch for a month as a spreadsheet (xlsx or csv)',
    sheet: 'Sổ thu đảng phí',
    filename: 'so-thu-dang-phi',
    params: idParam,
    query: SheetQuery,
    capability: 'readDues',
    columns: DUES_SHEET_COLUMNS,
    organizationOf: (request) => fromGlobalId('Organization', idOf(request), 'id'),
    async page(request, query: Static<typeof SheetQuery>) {
      const months = await request.services.dues.sheet(fromGlobalId('Organization', idOf(request), 'id'), query.month, query.asOf);
      const refs = await referencesOf(request, { members: months.map((m) => m.memberId) });
      return { items: months.map((month) => ({ month, refs })), endCursor: null, hasNextPage: false };
    },
  });
  app.get(
    '/organizations/:id/dues-arrears',
    { schema: { tags: ['dues'], operationId: 'getDuesArrears', summary: 'Members with unpaid months, without a basis, and reaching the removal rule’s months', params: idParam, querystring: ArrearsQuery, response: { 200: ArrearsSchema, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => {
      const q = request.query as Static<typeof ArrearsQuery>;
      return arrearsDto(await request.services.dues.arrears(fromGlobalId('Organization', idOf(request), 'id'), q.from, q.asOf));
    },
  );
  app.get(
    '/organizations/:id/dues-remittance',
    { schema: { tags: ['dues'], operationId: 'getDuesRemittance', summary: 'What each organisation of a subtree collected, received, kept and remitted in a period', params: idParam, querystring: RemittanceQuery, response: { 200: RemittanceSchema, ...problemResponses(400, 401, 403, 404) } } },
    async (request) => {
      const q = request.query as Static<typeof RemittanceQuery>;
      return remittanceDto(await request.services.dues.remittance(fromGlobalId('Organization', idOf(request), 'id'), q.from, q.to));
    },
  );
}
