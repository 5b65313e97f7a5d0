import t from 'tap';
import { buildTestApp } from './helper.js';
import { buildTree, docGid, orgGid } from './factories.js';

t.test('candidates, training classes, and admission from candidacy', async (t) => {
  const { app, gql, request, snapshot } = await buildTestApp(t);
  const tree = await buildTree(app);
  const PROPOSE = `mutation ($input: ProposeCandidateInput!) { result: proposeCandidate(input: $input) { __typename ... on CandidatePayload { candidate { id fullName status organization { code } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
  const proposed = await gql(PROPOSE, { input: { fullName: 'Đỗ Thị Quỳnh', gender: 'FEMALE', dateOfBirth: '1998-04-04', occupation: 'Kế toán', organizationId: orgGid(tree.B1), proposedOn: '2023-02-01' } });
  const candidate = proposed.body.data.result.candidate;
  t.same({ ...candidate, id: undefined }, { id: undefined, fullName: 'Đỗ Thị Quỳnh', status: 'PROPOSED', organization: { code: 'B1' } });
  const before = await snapshot();
  t.same((await gql(PROPOSE, { input: { fullName: 'X', gender: 'MALE', dateOfBirth: '1998-04-04', organizationId: orgGid(tree.G1), proposedOn: '2023-02-01' } })).body.data.result.rule, 'NOT_A_BRANCH');
  t.same(await snapshot(), before);

  const CLASS = `mutation ($input: CreateTrainingClassInput!) { result: createTrainingClass(input: $input) { __typename ... on TrainingClassPayload { trainingClass { id name type organizer { code } } } ... on Error { code message } } }`;
  const awareness = (await gql(CLASS, { input: { type: 'PARTY_AWARENESS', name: 'Lớp bồi dưỡng nhận thức về Đảng khóa 1/2023', organizerId: orgGid(tree.U1), startsOn: '2023-03-01', endsOn: '2023-03-05' } })).body.data.result.trainingClass;
  const newMembers = (await gql(CLASS, { input: { type: 'NEW_MEMBER', name: 'Lớp đảng viên mới 2023', organizerId: orgGid(tree.U1), startsOn: '2023-09-01', endsOn: '2023-09-07' } })).body.data.result.trainingClass;
  t.equal(awareness.organizer.code, 'U1');

  const ENROLL = `mutation ($input: EnrollInClassInput!) { result: enrollInClass(input: $input) { __typename ... on TrainingClassPayload { trainingClass { attendees { id result candidate { fullName } member { fullName } } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
  const enrolled = await gql(ENROLL, { input: { classId: awareness.id, candidateIds: [candidate.id] } });
  const attendance = enrolled.body.data.result.trainingClass.attendees[0];
  t.same({ ...attendance, id: undefined }, { id: undefined, result: 'ENROLLED', candidate: { fullName: 'Đỗ Thị Quỳnh' }, member: null });
  t.same((await gql(ENROLL, { input: { classId: awareness.id, candidateIds: [candidate.id] } })).body.data.result.code, 'CONFLICT');
  t.same((await gql(ENROLL, { input: { classId: newMembers.id, candidateIds: [candidate.id] } })).body.data.result.rule, 'CANDIDATES_IN_AWARENESS_CLASS');
  t.same((await gql(ENROLL, { input: { classId: awareness.id } })).body.data.result.code, 'VALIDATION_FAILED');

  const RESULT = `mutation ($input: RecordClassResultInput!) { result: recordClassResult(input: $input) { __typename ... on TrainingClassPayload { trainingClass { attendees { result } } } ... on Error { code message } } }`;
  t.same((await gql(RESULT, { input: { attendanceId: attendance.id, result: 'NOT_COMPLETED', certificateNumber: 'GCN-1' } })).body.data.result.message, 'certificateNumber: only a completed attendance has a certificate');
  t.same((await gql(RESULT, { input: { attendanceId: 'nope', result: 'COMPLETED' } })).body.data.result.code, 'VALIDATION_FAILED');
  t.same((await gql(RESULT, { input: { attendanceId: attendance.id, result: 'COMPLETED', certificateNumber: 'GCN-1' } })).body.data.result.trainingClass.attendees, [{ result: 'COMPLETED' }]);

  // Admission continues the candidate's record.
  const ADMIT = `mutation ($input: AdmitMemberInput!) { result: admitMember(input: $input) { __typename ... on MemberPayload { member { id fullName status candidate { fullName status classes { result trainingClass { name } } } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
  const input = { person: { fullName: 'Đỗ Thị Quỳnh', gender: 'FEMALE', dateOfBirth: '1998-04-04' }, organizationId: orgGid(tree.B1), admittedOn: '2023-06-15', decisionId: docGid(tree.decision.id), candidateId: candidate.id };
  const admitted = await gql(ADMIT, { input });
  t.same(admitted.body.data.result.member.candidate, {
    fullName: 'Đỗ Thị Quỳnh', status: 'ADMITTED', classes: [{ result: 'COMPLETED', trainingClass: { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa 1/2023' } }],
  });
  t.same((await gql(ADMIT, { input })).body.data.result.rule, 'CANDIDATE_NOT_PROPOSED', 'a candidate is admitted once');
  const withMember = await gql(ENROLL, { input: { classId: newMembers.id, memberIds: [admitted.body.data.result.member.id] } });
  t.same(withMember.body.data.result.trainingClass.attendees.map((a: any) => a.member.fullName), ['Đỗ Thị Quỳnh']);

  const listed = await gql(`{ candidates(filter: { search: "do thi quynh" }) { edges { node { status } } } trainingClasses(type: PARTY_AWARENESS) { edges { node { name } } } }`);
  t.same(listed.body.data, { candidates: { edges: [{ node: { status: 'ADMITTED' } }] }, trainingClasses: { edges: [{ node: { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa 1/2023' } }] } });

  // REST
  const created = await request({ method: 'POST', url: '/api/v1/candidates', payload: { fullName: 'Hồ Văn Sơn', gender: 'MALE', dateOfBirth: '2000-01-01', organizationId: orgGid(tree.B2), proposedOn: '2024-01-10' } });
  t.same([created.status, created.body.status], [201, 'PROPOSED']);
  const withdrawn = await request({ method: 'POST', url: `/api/v1/candidates/${encodeURIComponent(created.body.id)}/withdraw` });
  t.same([withdrawn.status, withdrawn.body.status], [200, 'WITHDRAWN']);
  const again = await request({ method: 'POST', url: `/api/v1/candidates/${encodeURIComponent(created.body.id)}/withdraw` });
  t.same([again.status, again.body.rule], [422, 'CANDIDATE_NOT_PROPOSED']);
  const restClass = await request({ method: 'POST', url: '/api/v1/training-classes', payload: { type: 'PARTY_AWARENESS', name: 'Lớp 2/2024', organizerId: orgGid(tree.U2), startsOn: '2024-04-01', endsOn: '2024-04-03' } });
  t.equal(restClass.status, 201);
  const third = await request({ method: 'POST', url: '/api/v1/candidates', payload: { fullName: 'Mai Văn Tư', gender: 'MALE', dateOfBirth: '2001-01-01', organizationId: orgGid(tree.B3), proposedOn: '2024-03-01' } });
  const restEnroll = await request({ method: 'POST', url: `/api/v1/training-classes/${encodeURIComponent(restClass.body.id)}/attendees`, payload: { candidateIds: [third.body.id] } });
  t.same(restEnroll.body.attendees.map((a: any) => [a.candidateId, a.result]), [[third.body.id, 'ENROLLED']]);
  const restResult = await request({ method: 'POST', url: `/api/v1/class-attendances/${restEnroll.body.attendees[0].id}/result`, payload: { result: 'COMPLETED', certificateNumber: 'GCN-77' } });
  t.same([restResult.status, restResult.body.certificateNumber], [200, 'GCN-77']);
  const restList = await request({ method: 'GET', url: `/api/v1/candidates?status=PROPOSED&underId=${encodeURIComponent(orgGid(tree.U2))}` });
  t.same(restList.body.items.map((c: any) => c.fullName), ['Mai Văn Tư']);
  const restClasses = await request({ method: 'GET', url: `/api/v1/training-classes?organizerId=${encodeURIComponent(orgGid(tree.U2))}` });
  t.same(restClasses.body.items.map((c: any) => [c.name, c.attendees.length]), [['Lớp 2/2024', 1]]);
});
