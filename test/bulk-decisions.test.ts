/**
 * Decisions for many (issue 18): admissions, recognitions and transfers of members, proposals
 * of candidates, results of a class, moves of organisations, each one call with a list, as
 * offices issue them. Every row is checked as its single call checks it and named by index;
 * nothing is written unless every row passes; a caller's right over every row is checked first.
 */
import t from 'tap';
import { fromGlobalId, toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

type Problem = { field: string; message: string };
const person = (fullName: string, extra: Record<string, unknown> = {}) => ({ fullName, gender: 'FEMALE', dateOfBirth: '1995-04-04', ...extra });

const ADMIT = `mutation ($input: AdmitMembersInput!) { result: admitMembers(input: $input) {
  __typename
  ... on MembersDecisionPayload { results { member { fullName status organization { code } } event { type occurredOn } } }
  ... on ValidationError { code problems { field message } }
  ... on Error { code message } } }`;

t.test('admitMembers: one decision for many people, every bad row named, all or nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const input = (rows: object[]) => ({ decisionId: docGid(tree.decision.id), admittedOn: '2025-03-01', organizationId: orgGid(tree.B1), rows });

  const three = await api.countStatements(() =>
    api.gql(ADMIT, { input: input([{ person: person('Lê Thị Một') }, { person: person('Lê Thị Hai'), organizationId: orgGid(tree.B2) }, { person: person('Lê Thị Ba', { partyCardNumber: 'LOT-3' }) }]) }),
  );
  const results = three.result.body.data.result.results;
  t.same(
    results.map((r: { member: { fullName: string; status: string; organization: { code: string } }; event: { type: string } }) => [r.member.fullName, r.member.status, r.member.organization.code, r.event.type]),
    [
      ['Lê Thị Một', 'PROBATIONARY', 'B1'],
      ['Lê Thị Hai', 'PROBATIONARY', 'B2'],
      ['Lê Thị Ba', 'PROBATIONARY', 'B1'],
    ].map((row) => [...row, 'ADMITTED']),
    'the decision’s branch, or the row’s own',
  );
  const six = await api.countStatements(() => api.gql(ADMIT, { input: input(['Bốn', 'Năm', 'Sáu', 'Bảy', 'Tám', 'Chín'].map((name) => ({ person: person(`Lê Thị ${name}`) }))) }));
  t.equal(six.result.body.data.result.results.length, 6);
  const perRow = (six.statements - three.statements) / 3;
  t.equal(three.statements - 3 * perRow, six.statements - 6 * perRow, 'a fixed cost and the same cost for each row');
  t.equal(perRow, 11, 'each row: a savepoint, the checks and writes of one admission, its audit row, the release');

  const before = await api.snapshot();
  const bad = await api.gql(ADMIT, {
    input: input([
      { person: person('Trẻ Quá', { dateOfBirth: '2010-01-01' }) },
      { person: person('Trùng Thẻ', { partyCardNumber: 'LOT-3' }) },
      { person: person('Đúng Hẹn') },
      { person: person('Thẻ Đôi', { partyCardNumber: 'DUP-1' }) },
      { person: person('Thẻ Đôi Hai', { partyCardNumber: 'DUP-1' }) },
      { person: person('Sai Tên', { fullName: 'x'.repeat(301) }) },
    ]),
  });
  t.equal(bad.body.data.result.code, 'VALIDATION_FAILED');
  const problems = bad.body.data.result.problems as Problem[];
  t.same(problems, [{ field: 'rows.4', message: 'the same person (card number, national ID or candidate) as rows.3' }], 'a row repeating an earlier one: named before anything is read');
  const others = (await api.gql(ADMIT, {
    input: input([
      { person: person('Trẻ Quá', { dateOfBirth: '2010-01-01' }) },
      { person: person('Trùng Thẻ', { partyCardNumber: 'LOT-3' }) },
      { person: person('Đúng Hẹn') },
      { person: person('Sai Tên', { fullName: 'x'.repeat(301) }) },
    ]),
  })).body.data.result.problems as Problem[];
  t.same(others.map((p) => p.field), ['rows.0', 'rows.1.partyCardNumber', 'rows.3.fullName'], 'every bad row, by index');
  t.match(others[0]!.message, /under 18/);
  t.match(others[1]!.message, /party card number/, 'a card number another member has (a unique violation inside the transaction, rolled back to the row’s savepoint: the next row is still checked)');
  t.same(await api.snapshot(), before, 'nothing written: not the good rows either');

  // REST: the same, with the decision's members and events.
  const rest = await api.request({
    method: 'POST',
    url: '/api/v1/members/admissions',
    payload: { decisionId: docGid(tree.decision.id), admittedOn: '2025-04-01', organizationId: orgGid(tree.B3), rows: [{ person: person('Phạm Thị Mười') }, { person: person('Phạm Thị Mười Một') }] },
  });
  t.equal(rest.status, 201);
  t.same((rest.body as { items: { member: { fullName: string; status: string }; event: { type: string } }[] }).items.map((i) => [i.member.fullName, i.member.status, i.event.type]), [
    ['Phạm Thị Mười', 'PROBATIONARY', 'ADMITTED'],
    ['Phạm Thị Mười Một', 'PROBATIONARY', 'ADMITTED'],
  ]);
  const empty = await api.request({ method: 'POST', url: '/api/v1/members/admissions', payload: { decisionId: docGid(tree.decision.id), admittedOn: '2025-04-01', rows: [] } });
  t.equal(empty.status, 400, 'at least one row');
  const tooMany = await api.gql(ADMIT, { input: input(Array.from({ length: 1001 }, (_, i) => ({ person: person(`Người ${i}`) }))) });
  t.match(tooMany.body.data.result, { code: 'VALIDATION_FAILED', problems: [{ field: 'rows', message: 'at most 1000 rows in one call, not 1001' }] });
  const noBranch = await api.gql(ADMIT, { input: { ...input([{ person: person('Không Chi Bộ') }]), organizationId: null } });
  t.match(noBranch.body.data.result, { code: 'VALIDATION_FAILED', problems: [{ field: 'rows.0.organizationId' }] });
});

t.test('decisions for many refuse the whole call for a row outside the caller’s subtree, before any row is checked', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const outsider = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2020-01-01' });
  const insider = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2020-01-01' });
  const before = await api.snapshot();
  const admit = await officer.gql(ADMIT, {
    input: { decisionId: docGid(tree.decision.id), admittedOn: '2025-03-01', rows: [{ person: person('Ở Đây'), organizationId: orgGid(tree.B1) }, { person: person('Ở Kia', { dateOfBirth: '2015-01-01' }), organizationId: orgGid(tree.B3) }] },
  });
  t.match(admit.body.data.result, { __typename: 'ForbiddenError', code: 'FORBIDDEN' }, 'not the under-age problem of the other subtree’s row');
  const recognize = await officer.request({ method: 'POST', url: '/api/v1/members/recognitions', payload: { decisionId: docGid(tree.decision.id), occurredOn: '2021-03-01', memberIds: [memberGid(insider), memberGid(outsider)] } });
  t.equal(recognize.status, 403);
  const unknown = await officer.request({ method: 'POST', url: '/api/v1/members/recognitions', payload: { decisionId: docGid(tree.decision.id), occurredOn: '2021-03-01', memberIds: [memberGid('01900000-0000-7000-8000-000000000000')] } });
  t.same([unknown.status, (unknown.body as { code: string }).code], [403, 'FORBIDDEN'], 'an unknown member is refused alike');
  const move = await officer.request({ method: 'POST', url: '/api/v1/organizations/moves', payload: { decisionId: docGid(tree.decision.id), effectiveOn: '2025-01-01', rows: [{ organizationId: orgGid(tree.B1), newParentId: orgGid(tree.G3) }] } });
  t.equal(move.status, 403, 'a new parent in another subtree');
  t.same(await api.snapshot(), before, 'nothing written');
});

t.test('recognitions and transfers of many members by one decision', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const members = [];
  for (let i = 0; i < 3; i += 1) members.push(await admitMember(api.app, tree.B1, d, { admittedOn: '2024-03-01' }));
  const official = await admitMember(api.app, tree.B1, d, { admittedOn: '2020-03-01' });
  await api.app.services.members.recordEvent(official, 'RECOGNIZED_OFFICIAL', { occurredOn: '2021-03-01', decisionId: d });

  const before = await api.snapshot();
  const refused = await api.request({ method: 'POST', url: '/api/v1/members/recognitions', payload: { decisionId: docGid(d), occurredOn: '2025-03-05', memberIds: [...members, official].map(memberGid) } });
  t.equal(refused.status, 400);
  t.match(refused.body, { code: 'VALIDATION_FAILED', problems: [{ field: 'memberIds.3' }] }, 'the member already official, by index');
  t.equal((refused.body as { problems: Problem[] }).problems.length, 1);
  t.same(await api.snapshot(), before, 'the three good rows are not written either');

  const done = await api.request({ method: 'POST', url: '/api/v1/members/recognitions', payload: { decisionId: docGid(d), occurredOn: '2025-03-05', memberIds: members.map(memberGid) } });
  t.equal(done.status, 201);
  t.same((done.body as { items: { member: { status: string }; event: { type: string; effectiveOn: string } }[] }).items.map((i) => [i.member.status, i.event.type, i.event.effectiveOn]), Array(3).fill(['OFFICIAL', 'RECOGNIZED_OFFICIAL', '2025-03-01']), 'official from the end of probation');

  const TRANSFER = `mutation ($input: TransferMembersInput!) { result: transferMembers(input: $input) {
    __typename
    ... on MembersDecisionPayload { results { member { organization { code } } event { type } } }
    ... on ValidationError { problems { field message } } } }`;
  const letter = (n: number) => ({ letterNumber: `${n}/GGT` });
  const bad = await api.gql(TRANSFER, {
    input: { decisionId: docGid(d), occurredOn: '2025-06-01', organizationId: orgGid(tree.B3), rows: [{ memberId: memberGid(members[0]!), letter: letter(1) }, { memberId: memberGid(members[1]!), letter: { letterNumber: ' ' } }] },
  });
  t.match(bad.body.data.result, { __typename: 'ValidationError', problems: [{ field: 'rows.1.letter.letterNumber' }] });
  const moved = await api.gql(TRANSFER, {
    input: { decisionId: docGid(d), occurredOn: '2025-06-01', organizationId: orgGid(tree.B3), rows: members.map((id, n) => ({ memberId: memberGid(id), letter: letter(n) })) },
  });
  t.same(moved.body.data.result.results.map((r: { member: { organization: { code: string } }; event: { type: string } }) => [r.member.organization.code, r.event.type]), Array(3).fill(['B3', 'TRANSFERRED']));
});

t.test('candidates proposed together, a class’s results recorded together', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const row = (fullName: string, extra: Record<string, unknown> = {}) => ({ fullName, gender: 'MALE', dateOfBirth: '2000-01-01', organizationId: orgGid(tree.B1), proposedOn: '2025-01-10', ...extra });
  const before = await api.snapshot();
  const refused = await api.request({ method: 'POST', url: '/api/v1/candidates/proposals', payload: { rows: [row('Quần Chúng Một'), row('Sinh Sau', { dateOfBirth: '2025-02-01' }), row('  ')] } });
  t.equal(refused.status, 400);
  t.same((refused.body as { problems: Problem[] }).problems.map((p) => p.field), ['rows.1.dateOfBirth', 'rows.2.fullName']);
  t.same(await api.snapshot(), before);
  const proposed = await api.request({ method: 'POST', url: '/api/v1/candidates/proposals', payload: { rows: [row('Quần Chúng Một'), row('Quần Chúng Hai', { organizationId: orgGid(tree.B2) })] } });
  t.equal(proposed.status, 201);
  const candidates = (proposed.body as { items: { id: string; fullName: string; status: string }[] }).items;
  t.same(candidates.map((c) => [c.fullName, c.status]), [['Quần Chúng Một', 'PROPOSED'], ['Quần Chúng Hai', 'PROPOSED']]);

  const trainingClass = await api.app.services.candidates.createClass({ type: 'PARTY_AWARENESS', name: 'Lớp nhận thức 2025', organizerId: tree.U1, startsOn: '2025-02-01', endsOn: '2025-02-05' });
  const attendances = await api.app.services.candidates.enroll({ classId: trainingClass.id, candidateIds: candidates.map((c) => fromGlobalId('Candidate', c.id, 'id')) });
  const attendanceGid = (id: string) => toGlobalId('ClassAttendance', id);
  const RESULTS = `mutation ($input: RecordClassResultsInput!) { result: recordClassResults(input: $input) {
    __typename
    ... on RecordClassResultsPayload { trainingClasses { name attendees { result certificateNumber } } }
    ... on ValidationError { problems { field message } } } }`;
  const bad = await api.gql(RESULTS, { input: { rows: [{ attendanceId: attendanceGid(attendances[0]!.id), result: 'COMPLETED', certificateNumber: 'CN-1' }, { attendanceId: attendanceGid(attendances[1]!.id), result: 'NOT_COMPLETED', certificateNumber: 'CN-2' }] } });
  t.match(bad.body.data.result, { __typename: 'ValidationError', problems: [{ field: 'rows.1.certificateNumber' }] });
  const good = await api.gql(RESULTS, { input: { rows: [{ attendanceId: attendanceGid(attendances[0]!.id), result: 'COMPLETED', certificateNumber: 'CN-1' }, { attendanceId: attendanceGid(attendances[1]!.id), result: 'NOT_COMPLETED' }] } });
  t.match(good.body.data.result.trainingClasses, [{ name: 'Lớp nhận thức 2025' }]);
  t.same(
    good.body.data.result.trainingClasses[0].attendees.map((a: { result: string; certificateNumber: string | null }) => [a.result, a.certificateNumber]).sort(),
    [['COMPLETED', 'CN-1'], ['NOT_COMPLETED', null]],
  );
  const later = await api.app.services.candidates.createClass({ type: 'PARTY_AWARENESS', name: 'Lớp năm sau', organizerId: tree.U1, startsOn: '2027-03-01', endsOn: '2027-03-05' });
  const [early] = await api.app.services.candidates.enroll({ classId: later.id, candidateIds: [fromGlobalId('Candidate', candidates[0]!.id, 'id')] });
  const notYet = await api.gql(RESULTS, { input: { rows: [{ attendanceId: attendanceGid(early!.id), result: 'COMPLETED', certificateNumber: 'CN-9' }] } });
  t.match(notYet.body.data.result.problems, [{ field: 'rows.0', message: /ends on 2027-03-05/ }], 'no result before the class has ended');
  const sameCertificate = await api.gql(RESULTS, { input: { rows: [{ attendanceId: attendanceGid(attendances[0]!.id), result: 'COMPLETED', certificateNumber: 'CN-7' }, { attendanceId: attendanceGid(attendances[1]!.id), result: 'COMPLETED', certificateNumber: 'CN-7' }] } });
  t.same(sameCertificate.body.data.result.problems, [{ field: 'rows.1', message: 'the same attendance or certificate number as rows.0' }]);
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  const other = await secretary.request({ method: 'POST', url: '/api/v1/class-attendances/results', payload: { rows: [{ attendanceId: attendanceGid(attendances[0]!.id), result: 'NOT_COMPLETED' }] } });
  t.equal(other.status, 403, 'a branch secretary does not manage the bloc’s class');
});

t.test('moveOrganizations: several organisations by one decision, in order, every bad row named', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const MOVE = `mutation ($input: MoveOrganizationsInput!) { result: moveOrganizations(input: $input) {
    __typename
    ... on MoveOrganizationsPayload { events { type effectiveOn participants { role organization { code parent { code } } } } }
    ... on ValidationError { problems { field message } } } }`;
  const input = (rows: [string, string][]) => ({ decisionId: docGid(tree.decision.id), effectiveOn: '2025-01-01', rows: rows.map(([organizationId, newParentId]) => ({ organizationId: orgGid(organizationId), newParentId: orgGid(newParentId) })) });
  const before = await api.snapshot();
  const twice = await api.gql(MOVE, { input: input([[tree.B1, tree.G3], [tree.B1, tree.G1]]) });
  t.same(twice.body.data.result.problems, [{ field: 'rows.1', message: 'moves the same organisation as rows.0' }]);
  const bad = await api.gql(MOVE, { input: input([[tree.B1, tree.G3], [tree.G2, tree.B3], [tree.B2, tree.G1]]) });
  t.equal(bad.body.data.result.__typename, 'ValidationError');
  t.same(bad.body.data.result.problems.map((p: Problem) => p.field), ['rows.1', 'rows.2'], 'a grassroots branch under a branch; B2 already under G1');
  t.same(await api.snapshot(), before);
  const done = await api.gql(MOVE, { input: input([[tree.B1, tree.G3], [tree.B2, tree.G3]]) });
  t.same(done.body.data.result.events.map((e: { type: string }) => e.type), ['MOVED', 'MOVED']);
  const g3 = (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.G3)}/children` })).body as { items: { code: string }[] };
  t.same(g3.items.map((c) => c.code).sort(), ['B1', 'B2', 'B3']);
});
