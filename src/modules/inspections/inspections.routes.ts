import type { FastifyInstance } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { InspectionPlan } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, exactlyOneOf, idParam, problemResponses, yearSchema } from '../../http/schemas.js';
import { fromDbDate, fromDbDateOrNull } from '../../shared/dates.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { referencesOf, registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import { complaintKindLabels, complaintStatusLabels } from '../complaints/complaints.labels.js';
import { disciplineFormLabels } from '../discipline/discipline.labels.js';
import { decodeAdvanceCase, decodeConcludeSupervision, decodeCreatePlan, decodeOpenCase, decodeStartSupervision } from './inspections.inputs.js';
import { inspectionStageLabels, inspectionTypeLabels, supervisionKindLabels, teamRoleLabels, violationGravityLabels } from './inspections.labels.js';
import type { InspectionCaseView, SupervisionView } from './inspections.service.js';

const InspectionType = enumSchema('InspectionType', inspectionTypeLabels);
const Stage = enumSchema('InspectionStage', inspectionStageLabels);
const Gravity = enumSchema('ViolationGravity', violationGravityLabels);
const TeamRole = enumSchema('InspectionTeamRole', teamRoleLabels);
const SupervisionKind = enumSchema('SupervisionKind', supervisionKindLabels);
const orNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const Subject = Type.Object({ organizationId: orNull(Type.String()), memberId: orNull(Type.String()) });
const SubjectInput = Type.Object({ organizationId: Type.Optional(Type.String()), memberId: Type.Optional(Type.String()) }, { additionalProperties: false, ...exactlyOneOf('organizationId', 'memberId') });
const TeamMember = Type.Object({ name: Type.String({ maxLength: 300 }), role: TeamRole, memberId: Type.Optional(orNull(Type.String())) }, { additionalProperties: false });
const PlanSchema = Type.Object({ id: Type.String(), organizationId: Type.String(), year: Type.Integer(), title: Type.String(), documentId: orNull(Type.String()) }, { $id: 'InspectionPlan' });
const CaseSchema = Type.Object(
  {
    id: Type.String(),
    type: InspectionType,
    title: Type.String(),
    stage: Stage,
    authorityId: Type.String(),
    planId: orNull(Type.String()),
    decidedOn: orNull(dateSchema()),
    concludedOn: orNull(dateSchema()),
    violationFound: orNull(Type.Boolean()),
    gravity: orNull(Gravity),
    disciplineWarranted: orNull(Type.Boolean()),
    conclusionSummary: orNull(Type.String()),
    subjects: Type.Array(Subject),
    team: Type.Array(Type.Object({ name: Type.String(), role: TeamRole, memberId: orNull(Type.String()) })),
    stages: Type.Array(Type.Object({ stage: Stage, occurredOn: dateSchema(), documentId: orNull(Type.String()), note: orNull(Type.String()) })),
    disciplineRecordIds: Type.Array(Type.String()),
  },
  { $id: 'InspectionCase' },
);
const SupervisionSchema = Type.Object(
  {
    id: Type.String(),
    kind: SupervisionKind,
    topic: Type.String(),
    authorityId: Type.String(),
    planId: orNull(Type.String()),
    startsOn: dateSchema(),
    documentId: orNull(Type.String()),
    concludedOn: orNull(dateSchema()),
    findings: orNull(Type.String()),
    signsOfViolation: orNull(Type.Boolean()),
    subjects: Type.Array(Subject),
  },
  { $id: 'Supervision' },
);
const count = <T extends TSchema>(key: string, schema: T) => Type.Array(Type.Object({ [key]: schema, count: Type.Integer() }));
export const StatisticsSchema = Type.Object(
  {
    organizationId: Type.String(),
    from: dateSchema(),
    to: dateSchema(),
    asOf: dateSchema(),
    disciplinedMembers: count('form', enumSchema('DisciplineForm', disciplineFormLabels)),
    disciplinedOrganizations: count('form', enumSchema('DisciplineForm', disciplineFormLabels)),
    memberSuspensions: Type.Integer(),
    memberReinstatements: Type.Integer(),
    organizationSuspensions: Type.Integer(),
    organizationReinstatements: Type.Integer(),
    inspectionsByType: count('type', InspectionType),
    organizationsInspected: Type.Integer(),
    membersInspected: Type.Integer(),
    organizationsInspectedOnSigns: Type.Integer(),
    membersInspectedOnSigns: Type.Integer(),
    supervisionsByKind: count('kind', SupervisionKind),
    complaintsByStatus: Type.Array(Type.Object({ kind: enumSchema('ComplaintKind', complaintKindLabels), status: enumSchema('ComplaintStatus', complaintStatusLabels), count: Type.Integer() })),
    complaintsOverdue: Type.Integer(),
    complaintsResolvedLate: Type.Integer(),
  },
  { $id: 'InspectionStatistics' },
);

const PlanBody = Type.Object({ organizationId: Type.String(), year: yearSchema(), title: Type.String({ maxLength: 1000 }), documentId: Type.Optional(Type.String()) }, { additionalProperties: false });
const OpenBody = Type.Object(
  {
    authorityId: Type.String({ description: 'The inspecting committee.' }),
    type: InspectionType,
    title: Type.String({ maxLength: 1000 }),
    planId: Type.Optional(Type.String({ description: 'Required for a case not yet decided.' })),
    subjects: Type.Array(SubjectInput, { maxItems: 500 }),
    decidedOn: Type.Optional(dateSchema({ description: 'With decisionId and team: the case opens DECIDED; without: PLANNED.' })),
    decisionId: Type.Optional(Type.String()),
    team: Type.Optional(Type.Array(TeamMember, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
const AdvanceBody = Type.Object(
  {
    stage: Stage,
    occurredOn: dateSchema(),
    documentId: Type.Optional(Type.String({ description: 'Required for DECIDED and CONCLUDED.' })),
    note: Type.Optional(Type.String({ maxLength: 10000 })),
    team: Type.Optional(Type.Array(TeamMember, { maxItems: 50 })),
    conclusion: Type.Optional(
      Type.Object(
        { violationFound: Type.Boolean(), gravity: Type.Optional(Gravity), disciplineWarranted: Type.Optional(Type.Boolean()), summary: Type.String({ maxLength: 10000 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const StartBody = Type.Object(
  {
    authorityId: Type.String(),
    kind: SupervisionKind,
    topic: Type.String({ maxLength: 1000 }),
    planId: Type.Optional(Type.String({ description: 'Required for THEMATIC.' })),
    startsOn: dateSchema(),
    documentId: Type.Optional(Type.String()),
    subjects: Type.Array(SubjectInput, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
const ConcludeBody = Type.Object({ concludedOn: dateSchema(), findings: Type.String({ maxLength: 10000 }), signsOfViolation: Type.Boolean() }, { additionalProperties: false });
const CasesQuery = Type.Object({ from: dateSchema(), to: dateSchema(), type: Type.Optional(InspectionType) }, { additionalProperties: false });
const SupervisionsQuery = Type.Object({ from: dateSchema(), to: dateSchema(), kind: Type.Optional(SupervisionKind) }, { additionalProperties: false });
const StatisticsQuery = Type.Object({ from: dateSchema(), to: dateSchema(), asOf: Type.Optional(dateSchema({ description: 'The day overdue letters are counted on (`to` when omitted).' })) }, { additionalProperties: false });
const YearQuery = Type.Object({ year: yearSchema() }, { additionalProperties: false });

const orgId = (id: string) => toGlobalId('Organization', id);
const docId = (id: string | null) => (id ? toGlobalId('Document', id) : null);
const subjectDto = (s: { organizationId: string; memberId: string | null }) => ({ organizationId: orgId(s.organizationId), memberId: s.memberId ? toGlobalId('Member', s.memberId) : null });
const planDto = (p: InspectionPlan) => ({ id: toGlobalId('InspectionPlan', p.id), organizationId: orgId(p.organizationId), year: p.year, title: p.title, documentId: docId(p.documentId) });
type CaseRow = { case: InspectionCaseView; subject: { organizationId: string; memberId: string | null } | null; refs: Awaited<ReturnType<typeof referencesOf>> };
const CASE_COLUMNS: Column<CaseRow>[] = [
  { header: 'Cuộc kiểm tra', width: 40, value: (r) => r.case.title },
  { header: 'Loại', width: 36, value: (r) => inspectionTypeLabels[r.case.type] },
  { header: 'Cấp kiểm tra', width: 32, value: (r) => r.refs.organization(r.case.authorityId)?.name },
  { header: 'Ngày quyết định', kind: 'DATE', value: (r) => fromDbDateOrNull(r.case.decidedOn) },
  { header: 'Đối tượng: tổ chức', width: 32, value: (r) => (r.subject ? r.refs.organization(r.subject.organizationId)?.name : null) },
  { header: 'Đối tượng: đảng viên', width: 28, value: (r) => r.refs.member(r.subject?.memberId)?.fullName },
  { header: 'Giai đoạn', width: 30, value: (r) => inspectionStageLabels[r.case.stage] },
  { header: 'Ngày kết luận', kind: 'DATE', value: (r) => fromDbDateOrNull(r.case.concludedOn) },
  { header: 'Có vi phạm', value: (r) => (r.case.violationFound === null ? null : r.case.violationFound ? 'Có' : 'Không') },
  { header: 'Mức độ', value: (r) => (r.case.gravity ? violationGravityLabels[r.case.gravity] : null) },
  { header: 'Đến mức kỷ luật', value: (r) => (r.case.disciplineWarranted === null ? null : r.case.disciplineWarranted ? 'Có' : 'Không') },
  { header: 'Kết luận', width: 40, value: (r) => r.case.conclusionSummary },
];

const caseDto = (c: InspectionCaseView) => ({
  id: toGlobalId('InspectionCase', c.id),
  type: c.type,
  title: c.title,
  stage: c.stage,
  authorityId: orgId(c.authorityId),
  planId: c.planId ? toGlobalId('InspectionPlan', c.planId) : null,
  decidedOn: fromDbDateOrNull(c.decidedOn),
  concludedOn: fromDbDateOrNull(c.concludedOn),
  violationFound: c.violationFound,
  gravity: c.gravity,
  disciplineWarranted: c.disciplineWarranted,
  conclusionSummary: c.conclusionSummary,
  subjects: c.subjects.map(subjectDto),
  team: c.team.map((m) => ({ name: m.name, role: m.role, memberId: m.memberId ? toGlobalId('Member', m.memberId) : null })),
  stages: c.stages.map((e) => ({ stage: e.stage, occurredOn: fromDbDate(e.occurredOn), documentId: docId(e.documentId), note: e.note })),
  disciplineRecordIds: c.disciplines.map((d) => toGlobalId('DisciplineRecord', d.id)),
});
const supervisionDto = (s: SupervisionView) => ({
  id: toGlobalId('Supervision', s.id),
  kind: s.kind,
  topic: s.topic,
  authorityId: orgId(s.authorityId),
  planId: s.planId ? toGlobalId('InspectionPlan', s.planId) : null,
  startsOn: fromDbDate(s.startsOn),
  documentId: docId(s.documentId),
  concludedOn: fromDbDateOrNull(s.concludedOn),
  findings: s.findings,
  signsOfViolation: s.signsOfViolation,
  subjects: s.subjects.map(subjectDto),
});

export async function inspectionRoutes(app: FastifyInstance) {
  for (const schema of [PlanSchema, CaseSchema, SupervisionSchema, StatisticsSchema]) app.addSchema(schema);
  const tags = ['inspections'];
  const idOf = (request: { params: unknown }) => (request.params as Static<typeof idParam>).id;
  const organizationOf = (request: { params: unknown }) => fromGlobalId('Organization', idOf(request), 'id');
  const list = (ref: string) => ({ 200: Type.Object({ items: Type.Array(Type.Ref(ref)) }), ...problemResponses(400, 401, 403, 404) });
  const written = (status: number, ref: string) => ({ [status]: Type.Ref(ref), ...problemResponses(400, 401, 403, 404, 409, 422) });

  app.post(
    '/inspection-plans',
    { config: { idempotent: true }, schema: { tags, operationId: 'createInspectionPlan', summary: 'Create a committee’s annual inspection plan', body: PlanBody, response: written(201, 'InspectionPlan') } },
    async (request, reply) => reply.status(201).send(planDto(await request.services.inspections.createPlan(decodeCreatePlan(request.body as Static<typeof PlanBody>)))),
  );
  app.get(
    '/organizations/:id/inspection-plans',
    { schema: { tags, operationId: 'listInspectionPlans', summary: 'The plans of a year of the committees in a subtree', params: idParam, querystring: YearQuery, response: list('InspectionPlan') } },
    async (request) => ({ items: (await request.services.inspections.plans(organizationOf(request), (request.query as Static<typeof YearQuery>).year)).map(planDto) }),
  );
  app.post(
    '/inspection-cases',
    {
      config: { idempotent: true },
      schema: { tags, operationId: 'openInspectionCase', summary: 'Open an inspection: planned, or decided with its decision and team', body: OpenBody, response: written(201, 'InspectionCase') },
    },
    async (request, reply) => reply.status(201).send(caseDto(await request.services.inspections.openCase(decodeOpenCase(request.body as Static<typeof OpenBody>)))),
  );
  app.get(
    '/inspection-cases/:id',
    { schema: { tags, operationId: 'getInspectionCase', summary: 'One inspection with its subjects, team, stages and discipline', params: idParam, response: { 200: Type.Ref('InspectionCase'), ...problemResponses(400, 401, 403, 404) } } },
    async (request) => caseDto(await request.services.inspections.getCase(fromGlobalId('InspectionCase', idOf(request), 'id'))),
  );
  app.post(
    '/inspection-cases/:id/stages',
    {
      schema: { tags, operationId: 'advanceInspectionCase', summary: 'Move an inspection to its next stage (CONCLUDED with the conclusion)', params: idParam, body: AdvanceBody, response: written(200, 'InspectionCase') },
    },
    async (request) => caseDto(await request.services.inspections.advanceCase(decodeAdvanceCase(idOf(request), request.body as Static<typeof AdvanceBody>))),
  );
  app.get(
    '/organizations/:id/inspection-cases',
    { schema: { tags, operationId: 'listInspectionCases', summary: 'Inspections decided in a period by the committees of a subtree', params: idParam, querystring: CasesQuery, response: list('InspectionCase') } },
    async (request) => {
      const query = request.query as Static<typeof CasesQuery>;
      return { items: (await request.services.inspections.cases({ ...query, organizationId: organizationOf(request) })).map(caseDto) };
    },
  );
  app.post(
    '/supervisions',
    { config: { idempotent: true }, schema: { tags, operationId: 'startSupervision', summary: 'Start a supervision, regular or thematic', body: StartBody, response: written(201, 'Supervision') } },
    async (request, reply) => reply.status(201).send(supervisionDto(await request.services.inspections.startSupervision(decodeStartSupervision(request.body as Static<typeof StartBody>)))),
  );
  app.post(
    '/supervisions/:id/conclude',
    { schema: { tags, operationId: 'concludeSupervision', summary: 'Record a supervision’s findings', params: idParam, body: ConcludeBody, response: written(200, 'Supervision') } },
    async (request) => supervisionDto(await request.services.inspections.concludeSupervision(decodeConcludeSupervision(idOf(request), request.body as Static<typeof ConcludeBody>))),
  );
  app.get(
    '/organizations/:id/supervisions',
    { schema: { tags, operationId: 'listSupervisions', summary: 'Supervision started in a period by the committees of a subtree', params: idParam, querystring: SupervisionsQuery, response: list('Supervision') } },
    async (request) => {
      const query = request.query as Static<typeof SupervisionsQuery>;
      return { items: (await request.services.inspections.supervisions({ ...query, organizationId: organizationOf(request) })).map(supervisionDto) };
    },
  );
  app.get(
    '/organizations/:id/inspection-statistics',
    {
      schema: {
        tags,
        operationId: 'getInspectionStatistics',
        summary: 'Discipline, suspensions, inspections, supervision and letters of a subtree in a period (counts only)',
        params: idParam,
        querystring: StatisticsQuery,
        response: { 200: Type.Ref('InspectionStatistics'), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { from, to, asOf } = request.query as Static<typeof StatisticsQuery>;
      const statistics = await request.services.inspectionStatistics.forPeriod(organizationOf(request), from, to, asOf ?? to);
      return { ...statistics, organizationId: orgId(statistics.organizationId) };
    },
  );
  registerListExport(app, {
    url: '/organizations/:id/inspection-cases/export',
    list: 'inspection-cases',
    tag: 'inspections',
    operationId: 'exportInspectionCases',
    summary: 'Inspections decided in a period by the committees of a subtree, as a spreadsheet (one row per subject)',
    sheet: 'Kiểm tra',
    filename: 'kiem-tra',
    params: idParam,
    query: CasesQuery,
    capability: 'readInspections',
    columns: CASE_COLUMNS,
    organizationOf,
    async page(request, query: Static<typeof CasesQuery>) {
      const cases = await request.services.inspections.cases({ ...query, organizationId: organizationOf(request) });
      const refs = await referencesOf(request, {
        members: cases.flatMap((c) => c.subjects.map((s) => s.memberId)),
        organizations: cases.flatMap((c) => [c.authorityId, ...c.subjects.map((s) => s.organizationId)]),
      });
      const items = cases.flatMap((c) => (c.subjects.length ? c.subjects : [null]).map((subject) => ({ case: c, subject, refs })));
      return { items, endCursor: null, hasNextPage: false };
    },
  });
}
