import { builder } from '../../graphql/builder.js';
import { loadFound, pageArgs, toConnection, totalCountField } from '../../graphql/connections.js';
import { labelledEnum } from '../../graphql/enums.js';
import { mutationErrors } from '../../graphql/errors.js';
import { CandidateRef, ClassAttendanceRef, MemberRef, OrganizationRef, TrainingClassRef } from '../../graphql/refs.js';
import { fromDbDate } from '../../shared/dates.js';
import { fromGlobalId } from '../../shared/ids.js';
import { GenderEnum } from '../members/members.graphql.js';
import { attendanceResultLabels, candidateStatusLabels, classTypeLabels } from './candidates.labels.js';

const CandidateStatusEnum = labelledEnum('CandidateStatus', candidateStatusLabels, 'Where a candidate stands.');
const ClassTypeEnum = labelledEnum('TrainingClassType', classTypeLabels, 'A kind of political training class.');
const AttendanceResultEnum = labelledEnum('AttendanceResult', attendanceResultLabels, 'The outcome of a class for an attendee.');

builder.node(CandidateRef, {
  description: 'Quần chúng ưu tú: a person a branch proposes for admission.',
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'proposedOn' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.candidate.load(id))),
  fields: (t) => ({
    fullName: t.exposeString('fullName'),
    gender: t.field({ type: GenderEnum, resolve: (c) => c.gender }),
    dateOfBirth: t.field({ type: 'Date', resolve: (c) => c.dateOfBirth }),
    ethnicity: t.exposeString('ethnicity'),
    occupation: t.exposeString('occupation', { nullable: true }),
    workplace: t.exposeString('workplace', { nullable: true }),
    proposedOn: t.field({ type: 'Date', resolve: (c) => c.proposedOn }),
    status: t.field({ type: CandidateStatusEnum, resolve: (c) => c.status }),
    organization: t.field({
      type: OrganizationRef,
      description: 'The proposing branch, as of the proposal.',
      resolve: async (c, _args, ctx) => (await ctx.loaders.organization.load({ id: c.organizationId, asOf: fromDbDate(c.proposedOn) }))!,
    }),
    classes: t.field({ type: [ClassAttendanceRef], resolve: (c, _args, ctx) => ctx.loaders.attendancesOfCandidate.load(c.id) }),
  }),
});

builder.node(TrainingClassRef, {
  id: { resolve: (c) => c.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'organizerId' in value,
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.trainingClass.load(id))),
  fields: (t) => ({
    type: t.field({ type: ClassTypeEnum, resolve: (c) => c.type }),
    name: t.exposeString('name'),
    startsOn: t.field({ type: 'Date', resolve: (c) => c.startsOn }),
    endsOn: t.field({ type: 'Date', resolve: (c) => c.endsOn }),
    organizer: t.field({
      type: OrganizationRef,
      resolve: async (c, _args, ctx) => (await ctx.loaders.organization.load({ id: c.organizerId, asOf: fromDbDate(c.startsOn) }))!,
    }),
    attendees: t.field({ type: [ClassAttendanceRef], resolve: (c, _args, ctx) => ctx.loaders.attendancesOfClass.load(c.id) }),
  }),
});

builder.node(ClassAttendanceRef, {
  id: { resolve: (a) => a.id },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'classId' in value && 'result' in value,
  loadMany: loadFound((ids, ctx) => ctx.services.candidates.attendancesByIds(ids)),
  description: 'A candidate’s or a member’s place in a training class, with the result (its id is what recordClassResult takes).',
  fields: (t) => ({
    result: t.field({ type: AttendanceResultEnum, resolve: (a) => a.result }),
    certificateNumber: t.exposeString('certificateNumber', { nullable: true }),
    trainingClass: t.field({ type: TrainingClassRef, resolve: async (a, _args, ctx) => (await ctx.loaders.trainingClass.load(a.classId))! }),
    candidate: t.field({ type: CandidateRef, nullable: true, resolve: (a, _args, ctx) => (a.candidateId ? ctx.loaders.candidate.load(a.candidateId) : null) }),
    member: t.field({ type: MemberRef, nullable: true, resolve: (a, _args, ctx) => (a.memberId ? ctx.loaders.member.load({ id: a.memberId, asOf: ctx.today }) : null) }),
  }),
});

builder.objectField(MemberRef, 'classes', (t) =>
  t.field({ type: [ClassAttendanceRef], description: 'Training classes attended.', resolve: (m, _args, ctx) => ctx.loaders.attendancesOfMember.load(m.id) }),
);
builder.objectField(MemberRef, 'candidate', (t) =>
  t.field({
    type: CandidateRef,
    nullable: true,
    description: 'The candidate record the member was admitted from.',
    resolve: (m, _args, ctx) => (m.candidateId ? ctx.loaders.candidate.load(m.candidateId) : null),
  }),
);

const CandidateFilter = builder.inputType('CandidateFilter', {
  fields: (t) => ({ underId: t.id(), status: t.field({ type: [CandidateStatusEnum] }), search: t.string() }),
});
const CandidateConnection = builder.connectionObject({ type: CandidateRef, name: 'CandidateConnection', fields: totalCountField }, { name: 'CandidateEdge' });
const ClassConnection = builder.connectionObject({ type: TrainingClassRef, name: 'TrainingClassConnection', fields: totalCountField }, { name: 'TrainingClassEdge' });

builder.queryFields((t) => ({
  candidates: t.field({
    type: CandidateConnection,
    args: { filter: t.arg({ type: CandidateFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, args, ctx) =>
      toConnection(
        await ctx.services.candidates.list({
          first: args.first,
          after: args.after,
          filter: args.filter && { ...args.filter, underId: args.filter.underId ? fromGlobalId('Organization', args.filter.underId, 'filter.underId') : null },
        }),
      ),
  }),
  trainingClasses: t.field({
    type: ClassConnection,
    args: {
      organizerId: t.arg.id(),
      type: t.arg({ type: ClassTypeEnum }),
      startsFrom: t.arg({ type: 'Date' }),
      startsTo: t.arg({ type: 'Date' }),
      ...pageArgs(t.arg),
    },
    resolve: async (_root, args, ctx) =>
      toConnection(
        await ctx.services.candidates.listClasses({ ...args, organizerId: args.organizerId ? fromGlobalId('Organization', args.organizerId, 'organizerId') : null }),
      ),
  }),
}));

const ProposeInput = builder.inputType('ProposeCandidateInput', {
  fields: (t) => ({
    fullName: t.string({ required: true }),
    gender: t.field({ type: GenderEnum, required: true }),
    dateOfBirth: t.field({ type: 'Date', required: true }),
    ethnicity: t.string(),
    occupation: t.string(),
    workplace: t.string(),
    organizationId: t.id({ required: true, description: 'The proposing branch.' }),
    proposedOn: t.field({ type: 'Date', required: true }),
  }),
});
const CreateClassInput = builder.inputType('CreateTrainingClassInput', {
  fields: (t) => ({
    type: t.field({ type: ClassTypeEnum, required: true }),
    name: t.string({ required: true }),
    organizerId: t.id({ required: true }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
  }),
});
const EnrollInput = builder.inputType('EnrollInClassInput', {
  fields: (t) => ({ classId: t.id({ required: true }), candidateIds: t.idList(), memberIds: t.idList() }),
});
const ResultInput = builder.inputType('RecordClassResultInput', {
  fields: (t) => ({
    attendanceId: t.id({ required: true }),
    result: t.field({ type: AttendanceResultEnum, required: true }),
    certificateNumber: t.string(),
  }),
});

const CandidatePayload = builder.objectRef<{ candidateId: string }>('CandidatePayload').implement({
  fields: (t) => ({ candidate: t.field({ type: CandidateRef, resolve: async (p, _a, ctx) => (await ctx.loaders.candidate.load(p.candidateId))! }) }),
});
const ClassPayload = builder.objectRef<{ classId: string }>('TrainingClassPayload').implement({
  fields: (t) => ({ trainingClass: t.field({ type: TrainingClassRef, resolve: async (p, _a, ctx) => (await ctx.loaders.trainingClass.load(p.classId))! }) }),
});

const ProposeManyInput = builder.inputType('ProposeCandidatesInput', {
  description: 'Candidates proposed together (at most 1,000): every bad row named, nothing written unless every row passes.',
  fields: (t) => ({ rows: t.field({ type: [ProposeInput], required: true }) }),
});
const ResultsInput = builder.inputType('RecordClassResultsInput', {
  description: 'Results recorded together (at most 1,000): every bad row named, nothing written unless every row passes.',
  fields: (t) => ({ rows: t.field({ type: [ResultInput], required: true }) }),
});

builder.mutationFields((t) => ({
  proposeCandidates: t.field({
    type: builder.objectRef<{ candidateIds: string[] }>('ProposeCandidatesPayload').implement({
      fields: (p) => ({ candidates: p.field({ type: [CandidateRef], resolve: async (payload, _a, ctx) => (await ctx.loaders.candidate.loadMany(payload.candidateIds)) as never }) }),
    }),
    errors: { ...mutationErrors, union: { name: 'ProposeCandidatesResult' } },
    args: { input: t.arg({ type: ProposeManyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      candidateIds: (
        await ctx.services.candidates.proposeMany(input.rows.map((row, index) => ({ ...row, organizationId: fromGlobalId('Organization', row.organizationId, `rows.${index}.organizationId`) })))
      ).map((candidate) => candidate.id),
    }),
  }),
  recordClassResults: t.field({
    type: builder.objectRef<{ classIds: string[] }>('RecordClassResultsPayload').implement({
      fields: (p) => ({ trainingClasses: p.field({ type: [TrainingClassRef], resolve: async (payload, _a, ctx) => (await ctx.loaders.trainingClass.loadMany(payload.classIds)) as never }) }),
    }),
    errors: { ...mutationErrors, union: { name: 'RecordClassResultsResult' } },
    args: { input: t.arg({ type: ResultsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const attendances = await ctx.services.candidates.recordResults(input.rows.map((row, index) => ({ ...row, attendanceId: fromGlobalId('ClassAttendance', row.attendanceId, `rows.${index}.attendanceId`) })));
      return { classIds: [...new Set(attendances.map((attendance) => attendance.classId))] };
    },
  }),
  proposeCandidate: t.field({
    type: CandidatePayload,
    errors: { ...mutationErrors, union: { name: 'ProposeCandidateResult' } },
    args: { input: t.arg({ type: ProposeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      candidateId: (await ctx.services.candidates.propose({ ...input, organizationId: fromGlobalId('Organization', input.organizationId, 'organizationId') })).id,
    }),
  }),
  withdrawCandidate: t.field({
    type: CandidatePayload,
    errors: { ...mutationErrors, union: { name: 'WithdrawCandidateResult' } },
    args: { input: t.arg({ type: builder.inputType('WithdrawCandidateInput', { fields: (f) => ({ candidateId: f.id({ required: true }) }) }), required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      candidateId: (await ctx.services.candidates.withdraw(fromGlobalId('Candidate', input.candidateId, 'candidateId'))).id,
    }),
  }),
  createTrainingClass: t.field({
    type: ClassPayload,
    errors: { ...mutationErrors, union: { name: 'CreateTrainingClassResult' } },
    args: { input: t.arg({ type: CreateClassInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      classId: (await ctx.services.candidates.createClass({ ...input, organizerId: fromGlobalId('Organization', input.organizerId, 'organizerId') })).id,
    }),
  }),
  enrollInClass: t.field({
    type: ClassPayload,
    description: 'Enrols candidates (awareness classes) or members.',
    errors: { ...mutationErrors, union: { name: 'EnrollInClassResult' } },
    args: { input: t.arg({ type: EnrollInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const classId = fromGlobalId('TrainingClass', input.classId, 'classId');
      await ctx.services.candidates.enroll({
        classId,
        candidateIds: (input.candidateIds ?? []).map((id, i) => fromGlobalId('Candidate', id, `candidateIds.${i}`)),
        memberIds: (input.memberIds ?? []).map((id, i) => fromGlobalId('Member', id, `memberIds.${i}`)),
      });
      return { classId };
    },
  }),
  recordClassResult: t.field({
    type: ClassPayload,
    errors: { ...mutationErrors, union: { name: 'RecordClassResultResult' } },
    args: { input: t.arg({ type: ResultInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      classId: (await ctx.services.candidates.recordResult({ ...input, attendanceId: fromGlobalId('ClassAttendance', input.attendanceId, 'attendanceId') })).classId,
    }),
  }),
}));
