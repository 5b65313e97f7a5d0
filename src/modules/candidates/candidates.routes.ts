import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Candidate, ClassAttendance, TrainingClass } from '../../generated/prisma/client.js';
import { dateSchema, enumSchema, idParam, pageOf, pageQuery, problemResponses } from '../../http/schemas.js';
import { fromDbDate } from '../../shared/dates.js';
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
      const service = request.services.candidates;
      const { first, after, underId, ...filter } = request.query as Static<typeof CandidateQuery>;
      const page = await service.list({ first, after, filter: { ...filter, underId: underId ? fromGlobalId('Organization', underId, 'underId') : null } });
      return { items: page.items.map(candidateDto), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

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
      const service = request.services.candidates;
      const { organizerId, ...rest } = request.query as Static<typeof ClassQuery>;
      const page = await service.listClasses({ ...rest, organizerId: organizerId ? fromGlobalId('Organization', organizerId, 'organizerId') : null });
      const attendees = await service.attendancesOfClasses(page.items.map((c) => c.id));
      return { items: page.items.map((c) => classDto(c, attendees.get(c.id)!)), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  );

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
