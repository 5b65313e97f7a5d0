import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { DisciplineAuthority, DisciplineRecord, OrganizationSuspension } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, problemResponses } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import { decodeDisciplineInput, decodeReinstateOrganization, decodeSuspendOrganization } from './discipline.inputs.js';
import { disciplineFormLabels, disciplineStatusLabels, violationCategoryLabels } from './discipline.labels.js';
import type { OverdueSuspension } from './discipline.service.js';
import { violationGravityLabels } from '../inspections/inspections.labels.js';

const Form = enumSchema('DisciplineForm', disciplineFormLabels);
const Gravity = enumSchema('ViolationGravity', violationGravityLabels);
const Category = enumSchema('ViolationCategory', violationCategoryLabels);
const Status = enumSchema('DisciplineStatus', disciplineStatusLabels);
const Subject = Type.Union([Type.Literal('MEMBER'), Type.Literal('ORGANIZATION')]);
const AuthoritySchema = Type.Object(
  {
    id: Type.String(),
    organizationKind: Type.String(),
    subject: Subject,
    form: Form,
    levelsBelow: Type.Union([Type.Integer(), Type.Null()], { description: 'For an organisation: how many levels below the deciding one (1: directly below).' }),
    effectiveFrom: dateSchema(),
    effectiveTo: Type.Union([dateSchema(), Type.Null()]),
    source: Type.String(),
    confirmed: Type.Boolean(),
  },
  { $id: 'DisciplineAuthority' },
);
const AuthorityBody = Type.Object(
  {
    organizationKind: Type.String({ maxLength: 100 }),
    subject: Subject,
    form: Form,
    levelsBelow: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    effectiveFrom: dateSchema(),
    effectiveTo: Type.Optional(dateSchema()),
    source: Type.String({ minLength: 1, maxLength: 1000 }),
    confirmed: Type.Boolean(),
  },
  { additionalProperties: false },
);
function authorityView(r: DisciplineAuthority) {
  return {
    id: toGlobalId('DisciplineAuthority', r.id),
    organizationKind: r.organizationKind,
    subject: r.subject,
    form: r.form,
    levelsBelow: r.levelsBelow,
    effectiveFrom: fromDbDate(r.effectiveFrom),
    effectiveTo: fromDbDateOrNull(r.effectiveTo),
    source: r.source,
    confirmed: r.confirmed,
  };
}
const nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
const RecordSchema = Type.Object(
  {
    id: Type.String(),
    subject: Type.String(),
    organizationId: Type.String(),
    memberId: Type.Union([Type.String(), Type.Null()]),
    form: Form,
    category: Category,
    violationSummary: Type.String(),
    violatedOn: dateSchema(),
    decidedOn: dateSchema(),
    effectiveFrom: dateSchema(),
    decisionId: Type.String(),
    authorityId: Type.String(),
    status: Status,
    endedOn: nullable(dateSchema({ description: 'When an appeal changed or annulled it.' })),
    supersedesId: nullable(Type.String({ description: 'The decision this one replaced on appeal.' })),
    inspectionCaseId: nullable(Type.String({ description: 'The inspection this decision follows from.' })),
    gravity: Type.Union([Gravity, Type.Null()]),
  },
  { $id: 'DisciplineRecord' },
);
const Body = Type.Object(
  {
    memberId: Type.Optional(Type.String()),
    organizationId: Type.Optional(Type.String()),
    form: Form,
    category: Category,
    violationSummary: Type.String({ maxLength: 5000 }),
    violatedOn: dateSchema(),
    decidedOn: dateSchema(),
    effectiveFrom: Type.Optional(dateSchema()),
    decisionId: Type.String(),
    authorityId: Type.String(),
    inspectionCaseId: Type.Optional(Type.String()),
    gravity: Type.Optional(Gravity),
    membersTransferredToId: Type.Optional(Type.String({ description: 'DISSOLUTION of an organisation that still keeps members: where they are transferred.' })),
  },
  { additionalProperties: false },
);
const SuspensionSchema = Type.Object(
  {
    id: Type.String(),
    organizationId: Type.String(),
    startsOn: dateSchema(),
    endsOn: dateSchema({ description: 'The last day.' }),
    reason: Type.String(),
    decisionId: Type.String(),
    reinstatedOn: nullable(dateSchema()),
    reinstatementDecisionId: nullable(Type.String()),
  },
  { $id: 'OrganizationSuspension' },
);
const SuspendBody = Type.Object(
  { startsOn: dateSchema(), endsOn: Type.Optional(dateSchema({ description: 'At most 90 days on (the default).' })), reason: Type.String({ maxLength: 5000 }), decisionId: Type.String() },
  { additionalProperties: false },
);
const ReinstateBody = Type.Object({ reinstatedOn: dateSchema(), decisionId: Type.String() }, { additionalProperties: false });
const OverdueSchema = Type.Object({
  subject: Type.Union([Type.Literal('MEMBER'), Type.Literal('ORGANIZATION')]),
  memberId: nullable(Type.String()),
  organizationId: Type.String(),
  startsOn: dateSchema(),
  endsOn: dateSchema(),
  extended: Type.Boolean(),
  daysOverdue: Type.Integer(),
});
const AsOfQuery = Type.Object({ asOf: dateSchema() }, { additionalProperties: false });
const Query = Type.Object({ from: dateSchema(), to: dateSchema() }, { additionalProperties: false });

const dto = (r: DisciplineRecord) => ({
  id: toGlobalId('DisciplineRecord', r.id),
  subject: r.subject,
  organizationId: toGlobalId('Organization', r.organizationId),
  memberId: r.memberId ? toGlobalId('Member', r.memberId) : null,
  form: r.form,
  category: r.category,
  violationSummary: r.violationSummary,
  violatedOn: fromDbDate(r.violatedOn),
  decidedOn: fromDbDate(r.decidedOn),
  effectiveFrom: fromDbDate(r.effectiveFrom),
  decisionId: toGlobalId('Document', r.decisionId),
  authorityId: toGlobalId('Organization', r.authorityId),
  status: r.status,
  endedOn: fromDbDateOrNull(r.endedOn),
  supersedesId: r.supersedesId ? toGlobalId('DisciplineRecord', r.supersedesId) : null,
  inspectionCaseId: r.inspectionCaseId ? toGlobalId('InspectionCase', r.inspectionCaseId) : null,
  gravity: r.gravity,
});

const DISCIPLINE_COLUMNS: Column<{ record: DisciplineRecord; refs: Awaited<ReturnType<typeof referencesOf>> }>[] = [
  { header: 'Đối tượng', value: (r) => (r.record.memberId ? 'Đảng viên' : 'Tổ chức đảng') },
  { header: 'Họ và tên', width: 28, value: (r) => r.refs.member(r.record.memberId)?.fullName },
  { header: 'Tổ chức đảng', width: 36, value: (r) => r.refs.organization(r.record.organizationId)?.name },
  { header: 'Hình thức kỷ luật', value: (r) => disciplineFormLabels[r.record.form] },
  { header: 'Nhóm vi phạm', width: 30, value: (r) => violationCategoryLabels[r.record.category] },
  { header: 'Mức độ', value: (r) => (r.record.gravity ? violationGravityLabels[r.record.gravity] : null) },
  { header: 'Nội dung vi phạm', width: 40, value: (r) => r.record.violationSummary },
  { header: 'Ngày vi phạm', kind: 'DATE', value: (r) => fromDbDate(r.record.violatedOn) },
  { header: 'Cấp quyết định', width: 32, value: (r) => r.refs.organization(r.record.authorityId)?.name },
  { header: 'Số quyết định', value: (r) => r.refs.decision(r.record.decisionId) },
  { header: 'Ngày quyết định', kind: 'DATE', value: (r) => fromDbDate(r.record.decidedOn) },
  { header: 'Hiệu lực từ', kind: 'DATE', value: (r) => fromDbDate(r.record.effectiveFrom) },
  { header: 'Tình trạng', value: (r) => disciplineStatusLabels[r.record.status] },
  { header: 'Ngày kết thúc', kind: 'DATE', value: (r) => fromDbDateOrNull(r.record.endedOn) },
];

const suspensionDto = (s: OrganizationSuspension) => ({
  id: toGlobalId('OrganizationSuspension', s.id),
  organizationId: toGlobalId('Organization', s.organizationId),
  startsOn: fromDbDate(s.startsOn),
  endsOn: fromDbDate(s.endsOn),
  reason: s.reason,
  decisionId: toGlobalId('Document', s.decisionId),
  reinstatedOn: fromDbDateOrNull(s.reinstatedOn),
  reinstatementDecisionId: s.reinstatementDecisionId ? toGlobalId('Document', s.reinstatementDecisionId) : null,
});

const overdueDto = (s: OverdueSuspension) => ({
  ...s,
  memberId: s.memberId ? toGlobalId('Member', s.memberId) : null,
  organizationId: toGlobalId('Organization', s.organizationId),
});

export async function disciplineRoutes(app: FastifyInstance) {
  app.addSchema(RecordSchema);
  app.addSchema(AuthoritySchema);
  app.get(
    '/discipline-authorities',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'listDisciplineAuthorities',
        summary: 'Who may decide which discipline for whom: the rows in force on a day, or every row',
        querystring: Type.Object({ asOf: Type.Optional(dateSchema()) }, { additionalProperties: false }),
        response: { 200: Type.Array(Type.Ref('DisciplineAuthority')), ...problemResponses(400, 401) },
      },
    },
    async (request) => (await request.services.discipline.authorities((request.query as { asOf?: string }).asOf ?? null)).map(authorityView),
  );
  app.post(
    '/discipline-authorities',
    {
      config: { idempotent: true },
      schema: {
        tags: ['discipline'],
        operationId: 'addDisciplineAuthority',
        summary: 'Let a kind of organisation decide a form for a kind of subject over a period (national administrators)',
        body: AuthorityBody,
        response: { 201: Type.Ref('DisciplineAuthority'), ...problemResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(authorityView(await request.services.discipline.addAuthority(request.body as Static<typeof AuthorityBody>))),
  );
  app.post(
    '/discipline-authorities/:id/end',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'endDisciplineAuthority',
        summary: 'End a competence row from a day; it stays with its dates (national administrators)',
        params: idParam,
        body: Type.Object({ effectiveTo: dateSchema({ description: 'The first day it no longer applies.' }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('DisciplineAuthority'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const id = fromGlobalId('DisciplineAuthority', (request.params as Static<typeof idParam>).id, 'id');
      return authorityView(await request.services.discipline.endAuthority(id, (request.body as { effectiveTo: string }).effectiveTo));
    },
  );
  app.addSchema(SuspensionSchema);
  const organizationOf = (request: { params: unknown }) => fromGlobalId('Organization', (request.params as Static<typeof idParam>).id, 'id');
  app.post(
    '/organizations/:id/suspensions',
    {
      config: { idempotent: true },
      schema: {
        tags: ['discipline'],
        operationId: 'suspendOrganization',
        summary: 'Suspend an organisation’s party activity (at most 90 days)',
        params: idParam,
        body: SuspendBody,
        response: { 201: Type.Ref('OrganizationSuspension'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof SuspendBody>;
      const suspension = await request.services.discipline.suspendOrganization(decodeSuspendOrganization({ ...body, organizationId: (request.params as Static<typeof idParam>).id }));
      return reply.status(201).send(suspensionDto(suspension));
    },
  );
  app.get(
    '/organizations/:id/suspensions',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'listOrganizationSuspensions',
        summary: 'The suspensions of an organisation, newest first',
        params: idParam,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('OrganizationSuspension')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await request.services.discipline.suspensionsOf(organizationOf(request))).map(suspensionDto) }),
  );
  app.post(
    '/organization-suspensions/:id/reinstate',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'reinstateOrganization',
        summary: 'End an organisation’s suspension',
        params: idParam,
        body: ReinstateBody,
        response: { 200: Type.Ref('OrganizationSuspension'), ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const body = request.body as Static<typeof ReinstateBody>;
      return suspensionDto(await request.services.discipline.reinstateOrganization(decodeReinstateOrganization({ ...body, suspensionId: (request.params as Static<typeof idParam>).id })));
    },
  );
  app.get(
    '/organizations/:id/overdue-suspensions',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'listOverdueSuspensions',
        summary: 'Members and organisations of a subtree still suspended after their suspension ended',
        params: idParam,
        querystring: AsOfQuery,
        response: { 200: Type.Object({ items: Type.Array(OverdueSchema) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => ({ items: (await request.services.discipline.overdueSuspensions(organizationOf(request), (request.query as Static<typeof AsOfQuery>).asOf)).map(overdueDto) }),
  );
  app.post(
    '/discipline-records',
    {
      config: { idempotent: true },
      schema: { tags: ['discipline'], operationId: 'recordDiscipline', summary: 'Record a discipline decision (kỷ luật)', body: Body, response: { 201: Type.Ref('DisciplineRecord'), ...problemResponses(400, 401, 403, 404, 409, 422) } },
    },
    async (request, reply) => reply.status(201).send(dto(await request.services.discipline.record(decodeDisciplineInput(request.body as Static<typeof Body>)))),
  );
  app.get(
    '/organizations/:id/discipline-records',
    {
      schema: {
        tags: ['discipline'],
        operationId: 'listDisciplineRecords',
        summary: 'Discipline decisions taking effect in a period, in a subtree (inspection officers)',
        params: idParam,
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('DisciplineRecord')) }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to } = request.query as Static<typeof Query>;
      const records = await request.services.discipline.ofOrganizationSubtree(organizationOf(request), from, to);
      return { items: records.map(dto) };
    },
  );
  registerListExport(app, {
    url: '/organizations/:id/discipline-records/export',
    list: 'discipline-records',
    tag: 'discipline',
    operationId: 'exportDisciplineRecords',
    summary: 'Discipline decisions taking effect in a period, in a subtree, as a spreadsheet (inspection officers)',
    sheet: 'Kỷ luật',
    filename: 'ky-luat',
    params: idParam,
    query: Query,
    capability: 'readDiscipline',
    columns: DISCIPLINE_COLUMNS,
    organizationOf,
    async page(request, query: Static<typeof Query>) {
      const rows = await request.services.discipline.ofOrganizationSubtree(organizationOf(request), query.from, query.to);
      const refs = await referencesOf(request, {
        members: rows.map((r) => r.memberId),
        organizations: rows.flatMap((r) => [r.organizationId, r.authorityId]),
        documents: rows.map((r) => r.decisionId),
      });
      return { items: rows.map((record) => ({ record, refs })), endCursor: null, hasNextPage: false };
    },
  });
}
