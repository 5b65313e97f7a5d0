import t from 'tap';
import { buildTestApp } from '../helper.js';
import { buildTree, docGid, memberGid, orgGid } from '../factories.js';

t.test('members through REST', async (t) => {
  const { app, request, snapshot } = await buildTestApp(t);
  const tree = await buildTree(app);
  const decisionId = docGid(tree.decision.id);
  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    request({ method: 'POST', url: `/api/v1${url}`, payload, headers });

  const person = { fullName: 'Bùi Thị Lan', gender: 'FEMALE', dateOfBirth: '1995-09-02', nationalId: '040195001111', partyCardNumber: 'NA-001' };
  const admitted = await post('/members', { person, organizationId: orgGid(tree.B1), admittedOn: '2020-09-02', decisionId }, { 'idempotency-key': 'admit-lan' });
  t.equal(admitted.status, 201);
  t.same(admitted.body.member, {
    id: admitted.body.member.id,
    fullName: 'Bùi Thị Lan',
    gender: 'FEMALE',
    dateOfBirth: '1995-09-02',
    ethnicity: 'Kinh',
    religion: null,
    hometown: null,
    permanentAddress: null,
    nationalId: '040195001111',
    phone: null,
    email: null,
    educationLevel: null,
    professionalQualification: null,
    politicalTheoryLevel: null,
    occupation: null,
    workplace: null,
    partyCardNumber: 'NA-001',
    fileNumber: null,
    admittedOn: '2020-09-02',
    admissionCeremonyOn: null,
    recognizedOfficialOn: null,
    asOf: '2020-09-02',
    status: 'PROBATIONARY',
    stateSince: '2020-09-02',
    exempted: false,
    organizationId: orgGid(tree.B1),
    temporaryOrganizationId: null,
    partyAge: { years: 0, months: 0, days: 0, countedFrom: '2020-09-02' },
    hiddenFields: [],
  });
  const id = admitted.body.member.id;
  const path = `/members/${encodeURIComponent(id)}`;

  const before = await snapshot();
  const replay = await post('/members', { person, organizationId: orgGid(tree.B1), admittedOn: '2020-09-02', decisionId }, { 'idempotency-key': 'admit-lan' });
  t.same([replay.status, replay.headers['idempotent-replayed'], replay.body], [201, 'true', admitted.body], 'a retry admits nobody twice');
  const duplicate = await post('/members', { person: { ...person, nationalId: null }, organizationId: orgGid(tree.B1), admittedOn: '2020-09-02', decisionId });
  t.same([duplicate.status, duplicate.body.code, duplicate.body.field], [409, 'CONFLICT', 'partyCardNumber']);
  const extra = await post('/members', { person: { ...person, hobby: 'cờ tướng' }, organizationId: orgGid(tree.B1), admittedOn: '2020-09-02', decisionId });
  t.same(extra.body.problems, [{ field: 'body.person.hobby', message: 'must NOT have additional properties' }]);
  t.same(await snapshot(), before, 'refusals and replays wrote nothing');

  // Every lifecycle action, in an order the rules allow.
  const steps: [string, object, string][] = [
    ['recognize-official', { occurredOn: '2021-09-02', decisionId }, 'OFFICIAL'],
    ['exempt', { occurredOn: '2022-01-05', decisionId }, 'OFFICIAL'],
    ['end-exemption', { occurredOn: '2022-03-05', decisionId }, 'OFFICIAL'],
    ['suspend', { occurredOn: '2022-04-01', decisionId }, 'SUSPENDED'],
    ['reinstate', { occurredOn: '2022-06-01', decisionId }, 'OFFICIAL'],
    ['temporary-transfer', { occurredOn: '2022-07-01', decisionId, organizationId: orgGid(tree.B3), reason: 'WORK', expectedReturnOn: '2023-01-01' }, 'OFFICIAL'],
    ['temporary-return', { occurredOn: '2022-12-20' }, 'OFFICIAL'],
    ['transfer', { occurredOn: '2023-02-01', decisionId, organizationId: orgGid(tree.G2), letter: { letterNumber: '45/GGT', duesPaidUntil: '2023-01' } }, 'OFFICIAL'],
    ['remove-from-roll', { occurredOn: '2023-06-01', decisionId }, 'REMOVED_FROM_ROLL'],
    ['restore', { occurredOn: '2023-09-01', decisionId }, 'OFFICIAL'],
    ['death', { occurredOn: '2024-02-10' }, 'DECEASED'],
  ];
  for (const [action, body, status] of steps) {
    const result = await post(`${path}/${action}`, body);
    t.same([result.status, result.body.member?.status], [201, status], action);
  }
  const second = await post('/members', { person: { fullName: 'Vũ Văn Tú', gender: 'MALE', dateOfBirth: '1990-01-01' }, organizationId: orgGid(tree.B2), admittedOn: '2023-01-01', decisionId });
  const removed = await post(`/members/${encodeURIComponent(second.body.member.id)}/remove-probationary`, { occurredOn: '2023-08-01', decisionId });
  t.same([removed.status, removed.body.member.status], [201, 'REMOVED_FROM_ROLL']);

  const refused = await post(`${path}/suspend`, { occurredOn: '2024-06-01', decisionId });
  t.same([refused.status, refused.body.code, refused.body.state, refused.body.event], [409, 'INVALID_TRANSITION', 'DECEASED', 'SUSPENDED']);

  const events = await request({ method: 'GET', url: `/api/v1${path}/events` });
  t.same(events.body.items.map((e: any) => e.type), ['ADMITTED', ...steps.map(([action]) => ({
    'recognize-official': 'RECOGNIZED_OFFICIAL', exempt: 'EXEMPTED', 'end-exemption': 'EXEMPTION_ENDED', suspend: 'SUSPENDED', reinstate: 'REINSTATED',
    'temporary-transfer': 'TEMPORARY_TRANSFER', 'temporary-return': 'TEMPORARY_RETURN', transfer: 'TRANSFERRED', 'remove-from-roll': 'REMOVED_FROM_ROLL',
    restore: 'RESTORED', death: 'DECEASED',
  })[action])]);
  t.same(events.body.items[8].details, { letter: { letterNumber: '45/GGT', duesPaidUntil: '2023-01' } });

  const past = await request({ method: 'GET', url: `/api/v1${path}?asOf=2022-08-01` });
  t.same([past.body.status, past.body.organizationId, past.body.temporaryOrganizationId], ['OFFICIAL', orgGid(tree.B1), orgGid(tree.B3)]);

  const list = await request({ method: 'GET', url: `/api/v1/members?asOf=2022-08-01&search=bui%20thi&underId=${encodeURIComponent(orgGid(tree.U1))}` });
  t.same(list.body.items.map((m: any) => m.fullName), ['Bùi Thị Lan']);
  const ended = await request({ method: 'GET', url: '/api/v1/members?status=DECEASED&status=REMOVED_FROM_ROLL' });
  t.same(ended.body.items.map((m: any) => m.fullName), ['Bùi Thị Lan', 'Vũ Văn Tú']);

  const counts = await request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.P))}/member-counts?asOf=2022-08-01` });
  t.same(counts.body, {
    organizationId: orgGid(tree.P), asOf: '2022-08-01', total: 1, probationary: 0, official: 1, suspended: 0, exempted: 0,
    temporarilyAway: 1, temporarilyHosted: 0, removedFromRoll: 0, expelled: 0, deceased: 0, transferredOut: 0,
  });

  // Corrections of personal data, with optimistic concurrency.
  const current = await request({ method: 'GET', url: `/api/v1${path}` });
  const stale = await request({ method: 'PATCH', url: `/api/v1${path}`, payload: { phone: '0912000111' }, headers: { 'if-match': '"stale"' } });
  t.same([stale.status, stale.body.code], [412, 'PRECONDITION_FAILED']);
  const patched = await request({ method: 'PATCH', url: `/api/v1${path}`, payload: { phone: '0912000111', hometown: 'Nam Đàn, Nghệ An' }, headers: { 'if-match': String(current.headers.etag) } });
  t.same([patched.status, patched.body.phone, patched.body.hometown, patched.body.fullName], [200, '0912000111', 'Nam Đàn, Nghệ An', 'Bùi Thị Lan']);
  t.not(patched.headers.etag, current.headers.etag);
  const badPatch = await request({ method: 'PATCH', url: `/api/v1${path}`, payload: { email: 'not-an-email' } });
  t.same([badPatch.status, badPatch.body.problems], [400, [{ field: 'email', message: 'is not an e-mail address' }]]);
  const empty = await request({ method: 'PATCH', url: `/api/v1${path}`, payload: {} });
  t.equal(empty.status, 400);

  const missing = await request({ method: 'GET', url: `/api/v1/members/${encodeURIComponent(memberGid('0190a000-0000-7000-8000-000000000000'))}` });
  t.same([missing.status, missing.body.code], [404, 'NOT_FOUND']);
  const missingEvents = await request({ method: 'GET', url: `/api/v1/members/${encodeURIComponent(memberGid('0190a000-0000-7000-8000-000000000000'))}/events` });
  t.equal(missingEvents.status, 404);
});
