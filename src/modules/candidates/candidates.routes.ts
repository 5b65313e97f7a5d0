import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Candidate, ClassAttendance, TrainingClass } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, pageOf, pageQuery, problemResponses } from '../../http/schemas.js';
import { fromDbDate, todayInVietnam } from '../../shared/dates.js';
import { registerListExport } from '../../http/exports.js';
import type { Column } from '../../http/tabular.js';
import type { OrganizationView } from '../organizations/organizations.service.js';
import { NotFoundError } from '../../shared/errors.js';
import { fromGlobalId, toGlobalId } from '../../shared/ids.js';
import { genderLabels } from '../members/members.labels.js';
import type { CandidateService } from './candidates.service.js';
import { attendanceResultLabels, candidateStatusLabels, classTypeLabels } from './candidates.labels.js';

const Status = enumSchema('CandidateStatus', candidateStatusLabels);
const ClassType = enumSchema('TrainingClassType', classTypeLabels);
const Result = enumSchema('AttendanceResult', attendanceResultLabels);
const Gender = enumSchema('Gender', genderLabels);
const nullableString = () => Type.Union([Type.String(), Type.Null()]);

const CandidateSchema = Type.Object(
  {
    id: Type.String(),
    fullName: Type.String(),
    gender: Gender,
    dateOfBirth: dateSchema(),
    ethnicity: Type.String(),
    occupation: nullableString(),
    workplace: nullableString(),
    organizationId: Type.String(),
    proposedOn: dateSchema(),
    status: Status,
  },
  { $id: 'Candidate' },
);
const AttendanceSchema = Type.Object(
  {
    id: Type.String({ description: 'Global id of the attendance, for recording the result.' }),
    candidateId: nullableString(),
    memberId: nullableString(),
    result: Result,
    certificateNumber: nullableString(),
  },
  { $id: 'ClassAttendance' },
);
const ClassSchema = Type.Object(
  {
    id: Type.String(),
    type: ClassType,
    name: Type.String(),
    organizerId: Type.String(),
    startsOn: dateSchema(),
    endsOn: dateSchema(),
    attendees: Type.Array(Type.Ref('ClassAttendance')),
  },
  { $id: 'TrainingClass' },
);

const ProposeBody = Type.Object(
  {
    fullName: Type.String({ minLength: 1, maxLength: 300 }),
    gender: Gender,
    dateOfBirth: dateSchema(),
    ethnicity: Type.Optional(Type.String({ maxLength: 100 })),
    occupation: Type.Optional(Type.String({ maxLength: 300 })),
    workplace: Type.Optional(Type.String({ maxLength: 300 })),
    organizationId: Type.String({ description: 'The proposing branch.' }),
    proposedOn: dateSchema(),
  },
  { additionalProperties: false },
);
const ClassBody = Type.Object(
  { type: ClassType, name: Type.String({ minLength: 1, maxLength: 300 }), organizerId: Type.String(), startsOn: dateSchema(), endsOn: dateSchema() },
  { additionalProperties: false },
);
const EnrollBody = Type.Object(
  { candidateIds: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })), memberIds: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })) },
  { additionalProperties: false },
);
const ResultBody = Type.Object({ result: Result, certificateNumber: Type.Optional(Type.String({ maxLength: 50 })) }, { additionalProperties: false });
const MAX_ROWS = 1_000;
const ProposeManyBody = Type.Object({ rows: Type.Array(ProposeBody, { minItems: 1, maxItems: MAX_ROWS }) }, { additionalProperties: false });
const ResultsBody = Type.Object(
  { rows: Type.Array(Type.Object({ attendanceId: Type.String(), ...ResultBody.properties }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_ROWS }) },
  { additionalProperties: false },
);
const batchDescription = 'Every row is checked as its single call checks it; the answer names every bad row (`rows.3.dateOfBirth: …`) and nothing is written unless every row passes.';
const CandidateQuery = Type.Object(
  { underId: Type.Optional(Type.String()), status: Type.Optional(Type.Array(Status)), search: Type.Optional(Type.String({ maxLength: 200 })), ...pageQuery },
  { additionalProperties: false },
);
const ClassQuery = Type.Object(
  { organizerId: Type.Optional(Type.String()), type: Type.Optional(ClassType), startsFrom: Type.Optional(dateSchema()), startsTo: Type.Optional(dateSchema()), ...pageQuery },
  { additionalProperties: false },
);

const candidateDto = (c: Candidate) => ({
  id: toGlobalId('Candidate', c.id),
  fullName: c.fullName,
  gender: c.gender,
  dateOfBirth: fromDbDate(c.dateOfBirth),
  ethnicity: c.ethnicity,
  occupation: c.occupation,
  workplace: c.workplace,
  organizationId: toGlobalId('Organization', c.organizationId),
  proposedOn: fromDbDate(c.proposedOn),
  status: c.status,
});
const attendanceDto = (a: ClassAttendance) => ({
  id: toGlobalId('ClassAttendance', a.id),
  candidateId: a.candidateId ? toGlobalId('Candidate', a.candidateId) : null,
  memberId: a.memberId ? toGlobalId('Member', a.memberId) : null,
  result: a.result,
  certificateNumber: a.certificateNumber,
});
const classDto = (c: TrainingClass, attendees: ClassAttendance[]) => ({
  id: toGlobalId('TrainingClass', c.id),
  type: c.type,
  name: c.name,
  organizerId: toGlobalId('Organization', c.organizerId),
  startsOn: fromDbDate(c.startsOn),
  endsOn: fromDbDate(c.endsOn),
  attendees: attendees.map(attendanceDto),
});

function candidatePage(request: FastifyRequest, query: Static<typeof CandidateQuery>) {
  const { first, after, underId, ...filter } = query;
  return request.services.candidates.list({ first, after, filter: { ...filter, underId: underId ? fromGlobalId('Organization', underId, 'underId') : null } });
}

async function classPage(request: FastifyRequest, query: Static<typeof ClassQuery>) {
  const service = request.services.candidates;
  const { organizerId, ...rest } = query;
  const page = await service.listClasses({ ...rest, organizerId: organizerId ? fromGlobalId('Organization', organizerId, 'organizerId') : null });
  return { ...page, attendees: await service.attendancesOfClasses(page.items.map((c) => c.id)) };
}

const CANDIDATE_COLUMNS: Column<{ candidate: Candidate; branch: OrganizationView | null }>[] = [
  { header: 'Họ và tên', width: 28, value: (r) => r.candidate.fullName },
  { header: 'Giới tính', value: (r) => genderLabels[r.candidate.gender] },
  { header: 'Ngày sinh', kind: 'DATE', value: (r) => fromDbDate(r.candidate.dateOfBirth) },
  { header: 'Dân tộc', value: (r) => r.candidate.ethnicity },
  { header: 'Nghề nghiệp', value: (r) => r.candidate.occupation },
  { header: 'Nơi làm việc', width: 28, value: (r) => r.candidate.workplace },
  { header: 'Ngày chi bộ giới thiệu', kind: 'DATE', value: (r) => fromDbDate(r.candidate.proposedOn) },
  { header: 'Tình trạng', width: 28, value: (r) => candidateStatusLabels[r.candidate.status] },
  { header: 'Mã chi bộ', value: (r) => r.branch?.code },
  { header: 'Chi bộ', width: 32, value: (r) => r.branch?.name },
];

type AttendanceRow = {
  course: TrainingClass;
  attendance: ClassAttendance;
  organizer: OrganizationView | null;
  person: { fullName: string; dateOfBirth: string; cardNumber: string | null; branchCode: string | null } | null;
};
/** The columns the candidates import reads back (ATTENDANCE_IMPORT_COLUMNS): a member by card number, a candidate by branch. */
const ATTENDANCE_COLUMNS: Column<AttendanceRow>[] = [
  { header: 'Lớp', width: 36, value: (r) => r.course.name },
  { header: 'Loại lớp', width: 36, value: (r) => classTypeLabels[r.course.type] },
  { header: 'Mã đơn vị tổ chức', value: (r) => r.organizer?.code },
  { header: 'Đơn vị tổ chức', width: 32, value: (r) => r.organizer?.name },
  { header: 'Từ ngày', kind: 'DATE', value: (r) => fromDbDate(r.course.startsOn) },
  { header: 'Đến ngày', kind: 'DATE', value: (r) => fromDbDate(r.course.endsOn) },
  { header: 'Học viên', width: 28, value: (r) => r.person?.fullName },
  { header: 'Ngày sinh', kind: 'DATE', value: (r) => r.person?.dateOfBirth },
  { header: 'Là', value: (r) => (r.attendance.candidateId ? 'Quần chúng' : 'Đảng viên') },
  { header: 'Số thẻ đảng viên', value: (r) => r.person?.cardNumber },
  { header: 'Mã chi bộ', value: (r) => r.person?.branchCode },
  { header: 'Kết quả', width: 30, value: (r) => attendanceResultLabels[r.attendance.result] },
  { header: 'Số giấy chứng nhận', value: (r) => r.attendance.certificateNumber },
];

export async function candidateRoutes(app: FastifyInstance) {
  app.addSchema(CandidateSchema);
  app.addSchema(AttendanceSchema);
  app.addSchema(ClassSchema);
  const idempotent = { idempotent: true };
  const idempotencyHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String()) });

  async function classResult(service: CandidateService, classId: string) {
    const found = (await service.classesByIds([classId])).get(classId);
    if (!found) throw new NotFoundError('TrainingClass', classId);
    return classDto(found, (await service.attendancesOfClasses([classId])).get(classId)!);
  }

  app.get(
    '/candidates',
    { schema: { tags: ['candidates'], operationId: 'listCandidates', summary: 'Candidates (quần chúng ưu tú)', querystring: CandidateQuery, response: { 200: pageOf('Candidate'), ...problemResponses(400, 404) } } },
    async (request) => {
      const page = await candidatePage(request, request.query as Static<typeof CandidateQuery>);
      return { items: page.items.map(candidateDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

  registerListExport(app, {
    url: '/candidates/export',
    list: 'candidates',
    tag: 'candidates',
    operationId: 'exportCandidates',
    summary: 'The candidate list as a spreadsheet (xlsx or csv), with the list’s filters',
    sheet: 'Quần chúng ưu tú',
    filename: 'danh-sach-quan-chung-uu-tu',
    query: CandidateQuery,
    capability: 'readMembers',
    columns: CANDIDATE_COLUMNS,
    organizationOf: (_request, query: Static<typeof CandidateQuery>) => (query.underId ? fromGlobalId('Organization', query.underId, 'underId') : null),
    async page(request, query: Static<typeof CandidateQuery>, after, first) {
      const page = await candidatePage(request, { ...query, after: after ?? undefined, first });
      const branches = await request.services.organizations.byIds([...new Set(page.items.map((c) => c.organizationId))], todayInVietnam());
      return { items: page.items.map((candidate) => ({ candidate, branch: branches.get(candidate.organizationId) ?? null })), endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
  });

  app.post(
    '/candidates',
    {
      config: idempotent,
      schema: { tags: ['candidates'], operationId: 'proposeCandidate', summary: 'A branch proposes a candidate', headers: idempotencyHeader, body: ProposeBody, response: { 201: Type.Ref('Candidate'), ...problemResponses(400, 404, 422) } },
    },
    async (request, reply) => {
      const service = request.services.candidates;
      const body = request.body as Static<typeof ProposeBody>;
      return reply.status(201).send(candidateDto(await service.propose({ ...body, organizationId: fromGlobalId('Organization', body.organizationId, 'organizationId') })));
    },
  );

  app.post(
    '/candidates/proposals',
    {
      config: idempotent,
      schema: {
        tags: ['candidates'],
        operationId: 'proposeCandidates',
        summary: 'Propose many candidates at once (a branch’s or several branches’ list)',
        description: batchDescription,
        headers: idempotencyHeader,
        body: ProposeManyBody,
        response: { 201: Type.Object({ items: Type.Array(Type.Ref('Candidate')) }), ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const { rows } = request.body as Static<typeof ProposeManyBody>;
      const candidates = await request.services.candidates.proposeMany(rows.map((row, index) => ({ ...row, organizationId: fromGlobalId('Organization', row.organizationId, `rows.${index}.organizationId`) })));
      return reply.status(201).send({ items: candidates.map(candidateDto) });
    },
  );

  app.post(
    '/class-attendances/results',
    {
      config: idempotent,
      schema: {
        tags: ['candidates'],
        operationId: 'recordClassResults',
        summary: 'Record the results of a class’s attendees at once, as the closing decision lists them',
        description: batchDescription,
        headers: idempotencyHeader,
        body: ResultsBody,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('ClassAttendance')) }), ...problemResponses(400, 403, 404, 422) },
      },
    },
    async (request) => {
      const { rows } = request.body as Static<typeof ResultsBody>;
      const attendances = await request.services.candidates.recordResults(rows.map((row, index) => ({ ...row, attendanceId: fromGlobalId('ClassAttendance', row.attendanceId, `rows.${index}.attendanceId`) })));
      return { items: attendances.map(attendanceDto) };
    },
  );

  app.post(
    '/candidates/:id/withdraw',
    { schema: { tags: ['candidates'], operationId: 'withdrawCandidate', summary: 'Stop considering a candidate', params: idParam, response: { 200: Type.Ref('Candidate'), ...problemResponses(400, 404, 422) } } },
    async (request) => {
      const service = request.services.candidates;
      return candidateDto(await service.withdraw(fromGlobalId('Candidate', (request.params as Static<typeof idParam>).id, 'id')));
    },
  );

  app.get(
    '/training-classes',
    { schema: { tags: ['candidates'], operationId: 'listTrainingClasses', summary: 'Training classes', querystring: ClassQuery, response: { 200: pageOf('TrainingClass'), ...problemResponses(400) } } },
    async (request) => {
      const page = await classPage(request, request.query as Static<typeof ClassQuery>);
      return { items: page.items.map((c) => classDto(c, page.attendees.get(c.id)!)), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

  registerListExport(app, {
    url: '/training-classes/export',
    list: 'training-classes',
    tag: 'candidates',
    operationId: 'exportTrainingClasses',
    summary: 'Training classes with their attendees and results as a spreadsheet (one row per attendee)',
    sheet: 'Kết quả học tập',
    filename: 'ket-qua-lop-boi-duong',
    query: ClassQuery,
    capability: 'readMembers',
    columns: ATTENDANCE_COLUMNS,
    organizationOf: (_request, query: Static<typeof ClassQuery>) => (query.organizerId ? fromGlobalId('Organization', query.organizerId, 'organizerId') : null),
    async page(request, query: Static<typeof ClassQuery>, after, first) {
      const page = await classPage(request, { ...query, after: after ?? undefined, first });
      const service = request.services.candidates;
      const attendances = page.items.flatMap((c) => page.attendees.get(c.id)!.map((attendance) => ({ course: c, attendance })));
      const candidates = await service.candidatesByIds(attendances.flatMap((a) => (a.attendance.candidateId ? [a.attendance.candidateId] : [])));
      const members = await request.services.members.byIds(attendances.flatMap((a) => (a.attendance.memberId ? [a.attendance.memberId] : [])), todayInVietnam());
      const organizations = await request.services.organizations.byIds([...new Set([...page.items.map((c) => c.organizerId), ...[...candidates.values()].map((c) => c.organizationId)])], todayInVietnam());
      const items = attendances.map(({ course, attendance }) => {
        const candidate = attendance.candidateId ? candidates.get(attendance.candidateId) : undefined;
        const member = attendance.memberId ? members.get(attendance.memberId) : undefined;
        const person = candidate
          ? { fullName: candidate.fullName, dateOfBirth: fromDbDate(candidate.dateOfBirth), cardNumber: null, branchCode: organizations.get(candidate.organizationId)?.code ?? null }
          : member
            ? { fullName: member.fullName, dateOfBirth: fromDbDate(member.dateOfBirth), cardNumber: member.partyCardNumber ?? null, branchCode: null }
            : null;
        return { course, attendance, organizer: organizations.get(course.organizerId) ?? null, person };
      });
      return { items, endCursor: page.endCursor, hasNextPage: page.hasNextPage };
    },
  });

  app.post(
    '/training-classes',
    {
      config: idempotent,
      schema: { tags: ['candidates'], operationId: 'createTrainingClass', summary: 'Open a training class', headers: idempotencyHeader, body: ClassBody, response: { 201: Type.Ref('TrainingClass'), ...problemResponses(400, 404, 422) } },
    },
    async (request, reply) => {
      const service = request.services.candidates;
      const body = request.body as Static<typeof ClassBody>;
      const created = await service.createClass({ ...body, organizerId: fromGlobalId('Organization', body.organizerId, 'organizerId') });
      return reply.status(201).send(await classResult(service, created.id));
    },
  );

  app.post(
    '/training-classes/:id/attendees',
    {
      schema: { tags: ['candidates'], operationId: 'enrollInClass', summary: 'Enrol candidates or members', params: idParam, body: EnrollBody, response: { 200: Type.Ref('TrainingClass'), ...problemResponses(400, 404, 409, 422) } },
    },
    async (request) => {
      const service = request.services.candidates;
      const classId = fromGlobalId('TrainingClass', (request.params as Static<typeof idParam>).id, 'id');
      const body = request.body as Static<typeof EnrollBody>;
      await service.enroll({
        classId,
        candidateIds: (body.candidateIds ?? []).map((id, i) => fromGlobalId('Candidate', id, `candidateIds.${i}`)),
        memberIds: (body.memberIds ?? []).map((id, i) => fromGlobalId('Member', id, `memberIds.${i}`)),
      });
      return classResult(service, classId);
    },
  );

  app.post(
    '/class-attendances/:id/result',
    {
      schema: { tags: ['candidates'], operationId: 'recordClassResult', summary: 'Record an attendee’s result', params: idParam, body: ResultBody, response: { 200: Type.Ref('ClassAttendance'), ...problemResponses(400, 404) } },
    },
    async (request) => {
      const service = request.services.candidates;
      const body = request.body as Static<typeof ResultBody>;
      return attendanceDto(await service.recordResult({ attendanceId: fromGlobalId('ClassAttendance', (request.params as Static<typeof idParam>).id, 'id'), ...body }));
    },
  );
}
