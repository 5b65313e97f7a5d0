import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Complaint } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { disciplineFormLabels } from '../discipline/discipline.labels.js';
import { decodeExtendComplaint, decodeReceiveComplaint, decodeResolveComplaint } from './complaints.inputs.js';
import { complaintKindLabels, complaintOutcomeLabels, complaintRejectionLabels, complaintStatusLabels, resolutionLevelLabels } from './complaints.labels.js';
import { deadlineOf, JUDGED_ON_READING } from './complaints.service.js';

const Kind = enumSchema('ComplaintKind', complaintKindLabels);
const Status = enumSchema('ComplaintStatus', complaintStatusLabels);
const Rejection = enumSchema('ComplaintRejection', complaintRejectionLabels);
const Level = enumSchema('ResolutionLevel', resolutionLevelLabels);
const Outcome = enumSchema('ComplaintOutcome', complaintOutcomeLabels);
const Form = enumSchema('DisciplineForm', disciplineFormLabels);
const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const text = (maxLength: number) => Type.Optional(orNull(Type.String({ maxLength })));

/** The letter without its sender: the sender has its own endpoint, and every reading of it is audited. */
const ComplaintSchema = Type.Object(
  {
    id: Type.String(),
    kind: Kind,
    receivedOn: dateSchema(),
    handlerId: Type.String(),
    level: Level,
    summary: Type.String(),
    concerningMemberId: orNull(Type.String()),
    concerningOrganizationId: orNull(Type.String()),
    disciplineRecordId: orNull(Type.String()),
    notifiedOn: orNull(dateSchema()),
    signed: Type.Boolean(),
    signatories: Type.Integer(),
    newEvidence: Type.Boolean(),
    status: Status,
    rejection: orNull(Rejection),
    dueOn: orNull(dateSchema()),
    extendedDueOn: orNull(dateSchema()),
    deadline: orNull(dateSchema({ description: 'The time limit in force.' })),
    resolvedOn: orNull(dateSchema()),
    outcome: orNull(Outcome),
    resultSummary: orNull(Type.String()),
    resolutionDecisionId: orNull(Type.String()),
    withdrawnOn: orNull(dateSchema({ description: 'The day the sender withdrew it.' })),
  },
  { $id: 'Complaint' },
);
const SenderSchema = Type.Object({ name: orNull(Type.String()), address: orNull(Type.String()), phone: orNull(Type.String()), email: orNull(Type.String()) }, { $id: 'ComplaintSender' });
const ReceiveBody = Type.Object(
  {
    kind: Kind,
    receivedOn: dateSchema(),
    handlerId: Type.String({ description: 'The committee handling it.' }),
    level: Type.Optional(Level),
    summary: Type.String({ maxLength: 10000 }),
    concerningMemberId: Type.Optional(Type.String()),
    concerningOrganizationId: Type.Optional(Type.String()),
    disciplineRecordId: Type.Optional(Type.String({ description: 'Appeals: the decision appealed.' })),
    notifiedOn: Type.Optional(dateSchema({ description: 'Appeals: when the subject received the decision.' })),
    sender: Type.Optional(
      Type.Object({ name: text(300), address: text(500), phone: text(50), email: text(300) }, { additionalProperties: false, description: 'Empty name: anonymous (not processed).' }),
    ),
    signed: Type.Boolean(),
    signatories: Type.Optional(Type.Integer({ minimum: 0 })),
    newEvidence: Type.Optional(Type.Boolean()),
    screenedOut: Type.Optional(Type.Union(JUDGED_ON_READING.map((reason) => Type.Literal(reason)), { description: 'What the receiving officer found on reading: the letter is kept, not processed.' })),
  },
  { additionalProperties: false },
);
const WithdrawBody = Type.Object({ withdrawnOn: dateSchema() }, { additionalProperties: false });
const ExtendBody = Type.Object({ decidedOn: dateSchema(), workingDays: Type.Integer(), decisionId: Type.String() }, { additionalProperties: false });
const ResolveBody = Type.Object(
  { resolvedOn: dateSchema(), outcome: Outcome, form: Type.Optional(Form), resultSummary: Type.String({ maxLength: 10000 }), decisionId: Type.String() },
  { additionalProperties: false },
);
const ListQuery = Type.Object(
  { from: dateSchema(), to: dateSchema(), status: Type.Optional(Status), overdueOn: Type.Optional(dateSchema({ description: 'Only those still processing after their deadline on this day.' })) },
  { additionalProperties: false },
);

const dto = (c: Complaint) => ({
  id: toGlobalId('Complaint', c.id),
  kind: c.kind,
  receivedOn: fromDbDate(c.receivedOn),
  handlerId: toGlobalId('Organization', c.handlerId),
  level: c.level,
  summary: c.summary,
  concerningMemberId: c.concerningMemberId ? toGlobalId('Member', c.concerningMemberId) : null,
  concerningOrganizationId: c.concerningOrganizationId ? toGlobalId('Organization', c.concerningOrganizationId) : null,
  disciplineRecordId: c.disciplineRecordId ? toGlobalId('DisciplineRecord', c.disciplineRecordId) : null,
  notifiedOn: fromDbDateOrNull(c.notifiedOn),
  signed: c.signed,
  signatories: c.signatories,
  newEvidence: c.newEvidence,
  status: c.status,
  rejection: c.rejection,
  dueOn: fromDbDateOrNull(c.dueOn),
  extendedDueOn: fromDbDateOrNull(c.extendedDueOn),
  deadline: deadlineOf(c),
  resolvedOn: fromDbDateOrNull(c.resolvedOn),
  outcome: c.outcome,
  resultSummary: c.resultSummary,
  resolutionDecisionId: c.resolutionDecisionId ? toGlobalId('Document', c.resolutionDecisionId) : null,
  withdrawnOn: fromDbDateOrNull(c.withdrawnOn),
});

export async function complaintRoutes(app: FastifyInstance) {
  app.addSchema(ComplaintSchema);
  app.addSchema(SenderSchema);
  const tags = ['complaints'];
  const complaintId = (request: { params: unknown }) => (request.params as Static<typeof idParam>).id;
  app.post(
    '/complaints',
    {
      config: { idempotent: true },
      schema: {
        tags,
        operationId: 'receiveComplaint',
        summary: 'Record a letter of appeal or denunciation (screened at once)',
        body: ReceiveBody,
        response: { 201: Type.Ref('Complaint'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => reply.status(201).send(dto(await request.services.complaints.receive(decodeReceiveComplaint(request.body as Static<typeof ReceiveBody>)))),
  );
  app.get(
    '/complaints/:id',
    { schema: { tags, operationId: 'getComplaint', summary: 'One letter, without its sender', params: idParam, response: { 200: Type.Ref('Complaint'), ...problemResponses(400, 401, 403, 404) } } },
    async (request) => dto(await request.services.complaints.get(fromGlobalId('Complaint', complaintId(request), 'id'))),
  );
  app.get(
    '/complaints/:id/sender',
    {
      schema: {
        tags,
        operationId: 'getComplaintSender',
        summary: 'Who sent a letter (inspection officers and administrators; each reading is audited)',
        params: idParam,
        response: { 200: Type.Ref('ComplaintSender'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return request.services.complaints.sender(fromGlobalId('Complaint', complaintId(request), 'id'));
    },
  );
  app.post(
    '/complaints/:id/extend',
    {
      schema: {
        tags,
        operationId: 'extendComplaintDeadline',
        summary: 'Extend a denunciation’s time limit once, by at most 30 working days',
        params: idParam,
        body: ExtendBody,
        response: { 200: Type.Ref('Complaint'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => dto(await request.services.complaints.extend(decodeExtendComplaint(complaintId(request), request.body as Static<typeof ExtendBody>))),
  );
  app.post(
    '/complaints/:id/resolve',
    {
      schema: {
        tags,
        operationId: 'resolveComplaint',
        summary: 'Conclude a letter; an appeal that changes or annuls a decision takes effect on it',
        params: idParam,
        body: ResolveBody,
        response: { 200: Type.Object({ complaint: Type.Ref('Complaint'), replacementRecordId: orNull(Type.String()) }), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const { complaint, replacement } = await request.services.complaints.resolve(decodeResolveComplaint(complaintId(request), request.body as Static<typeof ResolveBody>));
      return { complaint: dto(complaint), replacementRecordId: replacement ? toGlobalId('DisciplineRecord', replacement.id) : null };
    },
  );
  app.post(
    '/complaints/:id/withdraw',
    {
      schema: {
        tags,
        operationId: 'withdrawComplaint',
        summary: 'The sender withdrew a letter being processed (it is kept, WITHDRAWN)',
        params: idParam,
        body: WithdrawBody,
        response: { 200: Type.Ref('Complaint'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) =>
      dto(await request.services.complaints.withdraw({ complaintId: fromGlobalId('Complaint', complaintId(request), 'id'), withdrawnOn: (request.body as Static<typeof WithdrawBody>).withdrawnOn })),
  );
  app.get(
    '/organizations/:id/complaints',
    {
      schema: {
        tags,
        operationId: 'listComplaints',
        summary: 'Letters received in a period by the committees of a subtree',
        params: idParam,
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('Complaint')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const query = request.query as Static<typeof ListQuery>;
      const items = await request.services.complaints.list({ ...query, organizationId: fromGlobalId('Organization', complaintId(request), 'id') });
      return { items: items.map(dto) };
    },
  );
}
