import t from 'tap';
import { buildTestApp } from './helper.js';
import { toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

/**
 * 50 concurrent writers on the same entities (issue 13): the invariants hold, checked in
 * SQL, and every loser gets a typed answer; none gets a 500.
 */
const WRITERS = 50;

t.test('one member: 25 recognitions and 25 transfers at once', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2020-03-01' });
  const d = docGid(tree.decision.id);
  const answers = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) =>
      i % 2 === 0
        ? api.gql(`mutation ($input: RecognizeMemberOfficialInput!) { r: recognizeMemberOfficial(input: $input) { __typename ... on Error { code } } }`, {
            input: { memberId: memberGid(member), occurredOn: '2021-03-05', decisionId: d },
          })
        : api.gql(`mutation ($input: TransferMemberInput!) { r: transferMember(input: $input) { __typename ... on Error { code } } }`, {
            input: { memberId: memberGid(member), organizationId: orgGid(i % 4 === 1 ? tree.B2 : tree.B1), occurredOn: `2021-06-${String(1 + (i % 28)).padStart(2, '0')}`, decisionId: d, letter: { letterNumber: `GT-${i}` } },
          }),
    ),
  );
  t.ok(answers.every((a) => a.status === 200 && !a.body.errors), 'no internal error, no top-level error');
  const kinds = new Set(answers.map((a) => a.body.data.r.__typename));
  t.ok([...kinds].every((k) => ['MemberPayload', 'InvalidTransitionError', 'RuleViolationError', 'ConflictError'].includes(k)), `typed answers: ${[...kinds].join(', ')}`);
  const recognitions = await api.app.db.prisma.memberEvent.count({ where: { memberId: member, type: 'RECOGNIZED_OFFICIAL' } });
  t.equal(recognitions, 1, 'recognised once');
  t.equal(answers.filter((a, i) => i % 2 === 0 && a.body.data.r.__typename === 'MemberPayload').length, 1, 'one recognition answered as recorded');
  const transfers = await api.app.db.prisma.memberEvent.count({ where: { memberId: member, type: 'TRANSFERRED' } });
  t.equal(transfers, answers.filter((a, i) => i % 2 === 1 && a.body.data.r.__typename === 'MemberPayload').length, 'every transfer answered as recorded is stored, and no other');
  // The periods are the replay of the events: contiguous, without overlap.
  const gaps = await api.app.db.prisma.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT valid_to, lead(valid_from) OVER (ORDER BY valid_from) AS next FROM member_periods WHERE member_id = ${member}::uuid
    ) p WHERE p.next IS NOT NULL AND p.valid_to IS DISTINCT FROM p.next`;
  t.equal(gaps[0]!.n, 0, 'the periods follow each other without gap or overlap');
});

t.test('one organisation: 50 suspensions at once, one in force', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const answers = await Promise.all(
    Array.from({ length: WRITERS }, () =>
      api.gql(`mutation ($input: SuspendOrganizationInput!) { r: suspendOrganization(input: $input) { __typename ... on Error { code } } }`, {
        input: { organizationId: orgGid(tree.B1), startsOn: '2024-01-10', reason: 'Vi phạm', decisionId: docGid(tree.decision.id) },
      }),
    ),
  );
  t.ok(answers.every((a) => a.status === 200 && !a.body.errors), 'no internal error');
  const outcomes = answers.map((a) => a.body.data.r.__typename);
  t.equal(outcomes.filter((o) => o === 'OrganizationSuspensionPayload').length, 1, 'one recorded');
  t.equal(outcomes.filter((o) => o === 'ConflictError').length, WRITERS - 1, 'the others: CONFLICT');
  t.equal(await api.app.db.prisma.organizationSuspension.count({ where: { organizationId: tree.B1 } }), 1, 'one suspension stored');
});

t.test('one Idempotency-Key: 50 identical creations at once, one document', async (t) => {
  const api = await buildTestApp(t);
  const body = { type: 'DECISION', number: '501-QĐ/TU', issuedOn: '2024-01-05', issuerName: 'Tỉnh ủy', title: 'Quyết định' };
  const answers = await Promise.all(
    Array.from({ length: WRITERS }, () => api.request({ method: 'POST', url: '/api/v1/documents', payload: body, headers: { 'idempotency-key': 'same-key-50' } })),
  );
  const statuses = answers.map((a) => a.status);
  t.ok(statuses.every((s) => s === 201 || s === 409), `201 or 409 only: ${[...new Set(statuses)].join(', ')}`);
  t.ok(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'CONFLICT'), 'a retry while the first runs: CONFLICT');
  const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id));
  t.equal(ids.size, 1, 'every 201 is the same document');
  t.equal(await api.app.db.prisma.document.count({ where: { number: '501-QĐ/TU' } }), 1, 'one document stored');
  const retry = await api.request({ method: 'POST', url: '/api/v1/documents', payload: body, headers: { 'idempotency-key': 'same-key-50' } });
  t.equal(retry.status, 201);
  t.equal(retry.headers['idempotent-replayed'], 'true', 'a later retry replays the stored answer');
});

t.test('one term: 20 secretaries appointed at once, one holds the post', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const members: string[] = [];
  for (let i = 0; i < 20; i++) {
    const id = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
    members.push(id);
  }
  const answers = await Promise.all(
    members.map((id) =>
      api.gql(`mutation ($input: AppointCommitteeMemberInput!) { r: appointCommitteeMember(input: $input) { __typename ... on RuleViolationError { rule } } }`, {
        input: { termId: toGlobalId('Term', term.id), memberId: memberGid(id), role: 'SECRETARY', startsOn: '2020-07-01' },
      }),
    ),
  );
  t.ok(answers.every((a) => a.status === 200 && !a.body.errors), 'no internal error');
  const outcomes = answers.map((a) => a.body.data.r.__typename === 'CommitteePositionPayload' ? 'appointed' : a.body.data.r.rule ?? a.body.data.r.__typename);
  t.equal(outcomes.filter((o) => o === 'appointed').length, 1, 'one appointed');
  t.equal(outcomes.filter((o) => o === 'ONE_SECRETARY').length, 19, 'the others: ONE_SECRETARY');
  t.equal(await api.app.db.prisma.committeePosition.count({ where: { termId: term.id, role: 'SECRETARY' } }), 1, 'one secretary stored');
});
