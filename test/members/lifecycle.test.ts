import t, { type Test } from 'tap';
import { buildTestApp, type TestApp } from '../helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from '../factories.js';

const RESULT = `
  __typename
  ... on MemberPayload { member { status exempted stateSince organization { code } temporaryOrganization { code } partyAge { years months days countedFrom } } event { type occurredOn effectiveOn details } }
  ... on Error { code message }
  ... on RuleViolationError { rule }
  ... on InvalidTransitionError { state attemptedEvent }
  ... on ValidationError { problems { field message } }
  ... on ConflictError { field }
`;

const m = (mutation: string) => {
  const input = `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
  return `mutation ($input: ${input}!) { result: ${mutation}(input: $input) { ${RESULT} } }`;
};

async function setup(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const decision = docGid(tree.decision.id);
  const memberId = await admitMember(api.app, tree.B1, tree.decision.id, { fullName: 'Trần Thị Hoa', admittedOn: '2020-03-01' });
  const run = async (mutation: string, input: object) =>
    (await api.gql(m(mutation), { input: { memberId: memberGid(memberId), ...input } })).body.data.result;
  return { ...api, tree, decision, memberId, run };
}

/** A refused event: the error, and not one row changed anywhere. */
async function refused(t: Test, api: TestApp & { run: (mutation: string, input: object) => Promise<any> }, mutation: string, input: object) {
  const before = await api.snapshot();
  const result = await api.run(mutation, input);
  t.same(await api.snapshot(), before, `${mutation} refused: nothing written`);
  return result;
}

t.test('recognition: not before 12 months; a late decision takes effect at 12 months', async (t) => {
  const api = await setup(t);
  const { decision, run } = api;
  t.same(await refused(t, api, 'recognizeMemberOfficial', { occurredOn: '2021-02-01', decisionId: decision }), {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    message:
      "admitted on 2020-03-01, the member's 12-month probation ends on 2021-03-01: recognition on 2021-02-01 is too early (Điều lệ Đảng (2011), Điều 5)",
    rule: 'PROBATION_NOT_OVER',
  }, 'at 11 months');
  const late = await run('recognizeMemberOfficial', { occurredOn: '2021-05-10', decisionId: decision });
  t.same(late.event, { type: 'RECOGNIZED_OFFICIAL', occurredOn: '2021-05-10', effectiveOn: '2021-03-01', details: {} });
  t.same(late.member.status, 'OFFICIAL');
  t.equal(late.member.stateSince, '2021-03-01');
  const { body } = await api.gql(`query ($id: ID!) {
    before: member(id: $id, asOf: "2021-02-28") { status recognizedOfficialOn }
    after: member(id: $id, asOf: "2021-04-01") { status partyAge { years months days } }
    notYet: member(id: $id, asOf: "2020-02-29") { status }
  }`, { id: memberGid(api.memberId) });
  t.same(body.data, {
    before: { status: 'PROBATIONARY', recognizedOfficialOn: '2021-03-01' },
    after: { status: 'OFFICIAL', partyAge: { years: 1, months: 1, days: 0 } },
    notYet: null,
  });
  t.same(await refused(t, api, 'recognizeMemberOfficial', { occurredOn: '2021-06-01', decisionId: decision }), {
    __typename: 'InvalidTransitionError',
    code: 'INVALID_TRANSITION',
    message: 'a member who is OFFICIAL cannot be RECOGNIZED_OFFICIAL on 2021-03-01: only a probationary member is recognised official',
    state: 'OFFICIAL',
    attemptedEvent: 'RECOGNIZED_OFFICIAL',
  });
});

t.test('probation removed', async (t) => {
  const api = await setup(t);
  const result = await api.run('removeProbationaryMember', { occurredOn: '2020-12-01', decisionId: api.decision });
  t.equal(result.member.status, 'REMOVED_FROM_ROLL');
  t.same(await refused(t, api, 'removeProbationaryMember', { occurredOn: '2021-01-01', decisionId: api.decision }), {
    __typename: 'InvalidTransitionError',
    code: 'INVALID_TRANSITION',
    message: 'a member who is REMOVED_FROM_ROLL cannot be PROBATION_REMOVED on 2021-01-01: only a probationary member is removed from the probationary list',
    state: 'REMOVED_FROM_ROLL',
    attemptedEvent: 'PROBATION_REMOVED',
  });
});

t.test('permanent transfer with its introduction letter', async (t) => {
  const api = await setup(t);
  const { tree, decision, run } = api;
  const letter = { letterNumber: '125/GGT', cardNumber: 'TN100001', fileNumber: 'HS-77', listNumber: 'DS-3', transferNumber: 'CS-9', duesPaidUntil: '2021-09' };
  const moved = await run('transferMember', { occurredOn: '2021-10-01', decisionId: decision, organizationId: orgGid(tree.B3), letter });
  t.same(moved.member.organization, { code: 'B3' });
  t.same(moved.event.details, { letter });
  t.same(await refused(t, api, 'transferMember', { occurredOn: '2021-11-01', decisionId: decision, organizationId: orgGid(tree.B3), letter }), {
    __typename: 'InvalidTransitionError',
    code: 'INVALID_TRANSITION',
    message: 'a member who is PROBATIONARY cannot be TRANSFERRED on 2021-11-01: the member is already there',
    state: 'PROBATIONARY',
    attemptedEvent: 'TRANSFERRED',
  });
  t.same(await refused(t, api, 'transferMember', { occurredOn: '2021-11-01', decisionId: decision, organizationId: orgGid(tree.G1), letter }), {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    message: 'G1 is a GRASSROOTS_COMMITTEE: members are kept in branches (chi bộ)',
    rule: 'NOT_A_BRANCH',
  });
  t.same(
    (await refused(t, api, 'transferMember', { occurredOn: '2021-11-01', decisionId: decision, organizationId: orgGid(tree.B1), letter: { ...letter, letterNumber: ' ' } })).problems,
    [{ field: 'letter.letterNumber', message: 'a transfer needs the number of its introduction letter' }],
  );
  t.same(
    (await refused(t, api, 'transferMember', { occurredOn: '2021-11-01', decisionId: decision, organizationId: orgGid(tree.B1), letter: { ...letter, duesPaidUntil: '2021-13' } })).problems,
    [{ field: 'letter.duesPaidUntil', message: 'is a month, YYYY-MM' }],
  );
  // A dissolved organisation receives nobody.
  await api.app.services.organizations.dissolve({ organizationId: tree.B2, effectiveOn: '2022-01-01', decisionId: tree.decision.id });
  t.same(await refused(t, api, 'transferMember', { occurredOn: '2022-02-01', decisionId: decision, organizationId: orgGid(tree.B2), letter }), {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    message: 'B2 is DISSOLVED since 2022-01-01: it cannot receive members (organizationId)',
    rule: 'ORGANIZATION_NOT_ACTIVE',
  }, 'transfer to a dissolved organisation');
});

t.test('temporary transfer: not counted by the host; back again', async (t) => {
  const api = await setup(t);
  const { tree, decision, run } = api;
  t.same(
    await refused(t, api, 'transferMemberTemporarily', {
      occurredOn: '2021-01-01', decisionId: decision, organizationId: orgGid(tree.G2), reason: 'WORK', expectedReturnOn: '2022-06-01',
    }),
    {
      __typename: 'RuleViolationError',
      code: 'RULE_VIOLATION',
      message: 'a temporary transfer lasts from 3 to 12 months: 2021-01-01 to 2022-06-01 is outside that',
      rule: 'TEMPORARY_TRANSFER_LENGTH',
    },
  );
  const away = await run('transferMemberTemporarily', {
    occurredOn: '2021-01-01', decisionId: decision, organizationId: orgGid(tree.G2), reason: 'STUDY', expectedReturnOn: '2022-06-01',
  });
  t.same([away.member.organization, away.member.temporaryOrganization], [{ code: 'B1' }, { code: 'G2' }]);
  const counts = await api.gql(`query ($b1: ID!, $g2: ID!) {
    b1: organization(id: $b1, asOf: "2021-06-01") { memberCounts { total temporarilyAway temporarilyHosted } }
    g2: organization(id: $g2, asOf: "2021-06-01") { memberCounts { total temporarilyAway temporarilyHosted } }
  }`, { b1: orgGid(tree.B1), g2: orgGid(tree.G2) });
  t.same(counts.body.data, {
    b1: { memberCounts: { total: 1, temporarilyAway: 1, temporarilyHosted: 0 } },
    g2: { memberCounts: { total: 0, temporarilyAway: 0, temporarilyHosted: 1 } },
  });
  t.same((await refused(t, api, 'transferMember', {
    occurredOn: '2021-06-01', decisionId: decision, organizationId: orgGid(tree.B3), letter: { letterNumber: '1' },
  })).message, 'a member who is PROBATIONARY (TEMPORARILY_TRANSFERRED) cannot be TRANSFERRED on 2021-06-01: the member must return from the temporary transfer first');
  const back = await run('returnMemberFromTemporaryTransfer', { occurredOn: '2021-12-01' });
  t.same(back.member.temporaryOrganization, null);
  t.equal((await refused(t, api, 'returnMemberFromTemporaryTransfer', { occurredOn: '2021-12-15' })).code, 'INVALID_TRANSITION');
});

t.test('exemption, suspension and reinstatement', async (t) => {
  const api = await setup(t);
  const { decision, run } = api;
  t.equal((await refused(t, api, 'exemptMember', { occurredOn: '2020-09-01', decisionId: decision })).code, 'INVALID_TRANSITION', 'a probationary member is not exempted');
  await run('recognizeMemberOfficial', { occurredOn: '2021-03-01', decisionId: decision });
  t.equal((await run('exemptMember', { occurredOn: '2022-01-01', decisionId: decision })).member.exempted, true);
  t.equal((await refused(t, api, 'exemptMember', { occurredOn: '2022-02-01', decisionId: decision })).code, 'INVALID_TRANSITION');
  t.equal((await run('endMemberExemption', { occurredOn: '2022-06-01', decisionId: decision })).member.exempted, false);
  t.same((await refused(t, api, 'endMemberExemption', { occurredOn: '2022-06-15', decisionId: decision })).message,
    'a member who is OFFICIAL cannot be EXEMPTION_ENDED on 2022-06-15: the member is not exempted');
  t.equal((await refused(t, api, 'reinstateMember', { occurredOn: '2022-07-01', decisionId: decision })).code, 'INVALID_TRANSITION');
  t.equal((await run('suspendMember', { occurredOn: '2022-07-01', decisionId: decision })).member.status, 'SUSPENDED');
  t.same((await refused(t, api, 'suspendMember', { occurredOn: '2022-08-01', decisionId: decision })).state, 'SUSPENDED (OFFICIAL)');
  t.equal((await run('reinstateMember', { occurredOn: '2022-10-01', decisionId: decision })).member.status, 'OFFICIAL');
  t.same((await refused(t, api, 'suspendMember', { occurredOn: '2022-11-01' })).problems, [{ field: 'decisionId', message: 'a SUSPENDED needs its decision' }]);
});

t.test('Hướng dẫn 01-HD/TW 2021: restoration (khôi phục) of a member wrongly removed keeps party age continuous', async (t) => {
  const api = await setup(t);
  const { decision, run } = api;
  await run('recognizeMemberOfficial', { occurredOn: '2021-03-01', decisionId: decision });
  t.same((await refused(t, api, 'restoreMember', { occurredOn: '2022-01-01', decisionId: decision })).message,
    'a member who is OFFICIAL cannot be RESTORED on 2022-01-01: only a member removed from the roll or expelled is restored');
  t.equal((await run('removeMemberFromRoll', { occurredOn: '2022-03-01', decisionId: decision })).member.status, 'REMOVED_FROM_ROLL');
  t.equal((await refused(t, api, 'removeMemberFromRoll', { occurredOn: '2022-04-01', decisionId: decision })).code, 'INVALID_TRANSITION');
  const frozen = await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2022-12-31") { status partyAge { years months days } } }`, { id: memberGid(api.memberId) });
  t.same(frozen.body.data.member, { status: 'REMOVED_FROM_ROLL', partyAge: { years: 2, months: 0, days: 0 } }, 'party age stops while outside');
  const restored = await run('restoreMember', { occurredOn: '2023-03-01', decisionId: decision });
  t.same(restored.member, {
    status: 'OFFICIAL',
    exempted: false,
    stateSince: '2023-03-01',
    organization: { code: 'B1' },
    temporaryOrganization: null,
    partyAge: { years: 3, months: 0, days: 0, countedFrom: '2020-03-01' },
  }, 'three years since admission: the year outside counts, as if never removed');
});

t.test('Quy định 24-QĐ/TW 3.5 and 4.5.2: readmission once, 36 months after leaving, through probation again, party age less the time outside', async (t) => {
  const api = await setup(t);
  const { decision, run, tree } = api;
  await run('recognizeMemberOfficial', { occurredOn: '2021-03-01', decisionId: decision });
  await run('removeMemberFromRoll', { occurredOn: '2022-03-01', decisionId: decision });
  const readmit = (occurredOn: string) => run('readmitMember', { occurredOn, decisionId: decision, organizationId: orgGid(tree.B2) });
  t.match(await refused(t, api, 'readmitMember', { occurredOn: '2025-02-28', decisionId: decision, organizationId: orgGid(tree.B2) }), {
    rule: 'READMISSION_TOO_EARLY',
    message: 'out of the Party since 2022-03-01: readmitted 36 months after at the earliest, on 2025-03-01 (Quy định 24-QĐ/TW (30/7/2021), 3.5.1 b, 3.5.3 and 3.5.4)',
  }, 'a day short of 36 months');
  const readmitted = await readmit('2025-03-01');
  t.same([readmitted.member.status, readmitted.member.organization.code, readmitted.member.partyAge.countedFrom], ['PROBATIONARY', 'B2', '2023-03-02'], 'probationary again, party age from the first admission (2020-03-01) less the 1,096 days outside');
  t.match(await refused(t, api, 'recognizeMemberOfficial', { occurredOn: '2026-02-28', decisionId: decision }), { rule: 'PROBATION_NOT_OVER', message: /readmitted on 2025-03-01, the member's 12-month probation ends on 2026-03-01/ }, 'probation again, from the readmission');
  t.equal((await run('recognizeMemberOfficial', { occurredOn: '2026-03-01', decisionId: decision })).member.status, 'OFFICIAL');
  await run('removeMemberFromRoll', { occurredOn: '2026-06-01', decisionId: decision });
  t.equal((await refused(t, api, 'readmitMember', { occurredOn: '2030-01-01', decisionId: decision, organizationId: orgGid(tree.B2) })).rule, 'READMISSION_ONCE', 'once only');
});

t.test('Điều lệ Đảng Điều 5, Quy định 24-QĐ/TW 4.1: the admission ceremony within 30 working days; probation from it, party age from the decision', async (t) => {
  const api = await setup(t);
  const { decision } = api;
  const CEREMONY = `mutation ($input: RecordAdmissionCeremonyInput!) { result: recordAdmissionCeremony(input: $input) { __typename ... on MemberPayload { member { admissionCeremonyOn partyAge { countedFrom } } } ... on Error { code message } } }`;
  const ceremony = (ceremonyOn: string) => api.gql(CEREMONY, { input: { memberId: memberGid(api.memberId), ceremonyOn } }).then((r) => r.body.data.result);
  // Admitted on Sunday 1 March 2020: 30 working days end on Monday 13 April 2020 (Giỗ Tổ on Thursday 2 April is not one).
  const before = await api.snapshot();
  t.match(await ceremony('2020-04-14'), { code: 'RULE_VIOLATION', message: /decided on 2020-03-01, the admission ceremony is held by 2020-04-13 \(30 working days/ });
  t.equal((await ceremony('2020-02-29')).code, 'VALIDATION_FAILED', 'before the decision');
  t.same(await api.snapshot(), before, 'nothing written');
  t.same(await ceremony('2020-04-13'), { __typename: 'MemberPayload', member: { admissionCeremonyOn: '2020-04-13', partyAge: { countedFrom: '2020-03-01' } } }, 'the last working day; party age still from the decision');
  t.match(await refused(t, api, 'recognizeMemberOfficial', { occurredOn: '2021-04-12', decisionId: decision }), { message: /admitted at the ceremony of 2020-04-13, the member's 12-month probation ends on 2021-04-13/ });
  const recognised = await api.run('recognizeMemberOfficial', { occurredOn: '2021-04-13', decisionId: decision });
  t.equal(recognised.event.effectiveOn, '2021-04-13', 'official 12 months after the ceremony');
  t.equal((await ceremony('2020-04-09')).code, 'INVALID_TRANSITION', 'not changed after recognition');
});

t.test('expulsion is a discipline decision; death; expulsion of a deceased member; posts end on leaving the Party', async (t) => {
  const api = await setup(t);
  const { decision, run, tree, memberId } = api;
  const DISCIPLINE = `mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { __typename ... on Error { code message } ... on RuleViolationError { rule } } }`;
  const expel = (decidedOn: string, gravity = 'EXTREMELY_SERIOUS') =>
    api.gql(DISCIPLINE, {
      input: { memberId: memberGid(memberId), form: 'EXPULSION', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2020-06-01', decidedOn, decisionId: decision, authorityId: orgGid(tree.G1), gravity },
    }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  t.same(await expel('2020-09-01'), {
    __typename: 'RuleViolationError', code: 'RULE_VIOLATION', rule: 'FORM_NOT_FOR_SUBJECT',
    message: 'a probationary member cannot receive EXPULSION (Charter Art. 35): REPRIMAND, WARNING',
  });
  t.same(await api.snapshot(), before, 'nothing written');
  const noAction = await api.gql(m('expelMember'), { input: { memberId: memberGid(memberId), occurredOn: '2020-09-01', decisionId: decision } });
  t.match(noAction.body.errors.map((e: { message: string }) => e.message).join(" "), /Cannot query field "expelMember"/, 'there is no expelMember action: expulsion goes through discipline');
  const direct = await api.app.services.members.recordEvent(memberId, 'EXPELLED', { occurredOn: '2020-09-01', decisionId: tree.decision.id }).catch((error: unknown) => error);
  t.same([(direct as { rule?: string }).rule], ['EXPULSION_IS_DISCIPLINE']);
  await run('recognizeMemberOfficial', { occurredOn: '2021-03-01', decisionId: decision });
  // A secretary's post ends with the death.
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2021–2026', startsOn: '2021-06-01', endsOn: '2026-06-01', congressOn: '2021-05-20' });
  await api.app.services.committees.appoint({ termId: term.id, memberId, role: 'SECRETARY', startsOn: '2021-06-01' });
  const died = await run('recordMemberDeath', { occurredOn: '2023-05-20' });
  t.same([died.member.status, died.member.partyAge], ['DECEASED', { years: 3, months: 2, days: 19, countedFrom: '2020-03-01' }]);
  const [post] = await api.app.db.prisma.committeePosition.findMany({ where: { memberId } });
  t.same(post!.endsOn, new Date('2023-05-20T00:00:00Z'), 'the post ends on the day of death');
  t.equal((await refused(t, api, 'recordMemberDeath', { occurredOn: '2023-06-01' })).code, 'INVALID_TRANSITION');
  t.equal((await refused(t, api, 'suspendMember', { occurredOn: '2023-06-01', decisionId: decision })).state, 'DECEASED');
  // A member who died is disciplined only for a violation especially serious (Quy định 69-QĐ/TW
  // Điều 2.14): the expulsion is then recorded and party age stays as it was at death.
  const unchanged = await api.snapshot();
  t.match(await expel('2023-09-01', 'VERY_SERIOUS'), { rule: 'DECEASED_MEMBER', message: /examined and concluded, but not disciplined unless it is EXTREMELY_SERIOUS \(given: VERY_SERIOUS\) \(Quy định 69-QĐ\/TW \(6\/7\/2022\), Điều 2\.14\)/ });
  t.same(await api.snapshot(), unchanged, 'nothing written');
  t.equal((await expel('2023-09-01')).__typename, 'DisciplinePayload');
  const expelled = (await api.gql(`query ($id: ID!) { member(id: $id, asOf: "2023-09-02") { status partyAge { years months days countedFrom } } }`, { id: memberGid(memberId) })).body.data.member;
  t.same([expelled.status, expelled.partyAge], ['EXPELLED', { years: 3, months: 2, days: 19, countedFrom: '2020-03-01' }]);
  const annulled = await run('restoreMember', { occurredOn: '2023-10-01', decisionId: decision });
  t.same([annulled.member.status, annulled.member.partyAge.years], ['DECEASED', 3], 'an annulled posthumous expulsion returns to DECEASED');
});

t.test('suspensions are decided by the inspection side: an organisation officer may not suspend', async (t) => {
  const api = await setup(t);
  const { decision, tree, memberId } = api;
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.P);
  const inspector = await api.signInAs('INSPECTION_OFFICER', tree.P);
  const suspend = (client: typeof officer) =>
    client.gql(m('suspendMember'), { input: { memberId: memberGid(memberId), occurredOn: '2020-09-01', decisionId: decision } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  t.equal((await suspend(officer)).code, 'FORBIDDEN');
  t.same(await api.snapshot(), before, 'nothing written');
  t.equal((await suspend(inspector)).member.status, 'SUSPENDED');
});

t.test('a back-dated event that contradicts a later one is refused', async (t) => {
  const api = await setup(t);
  const { tree, decision, run } = api;
  await run('transferMember', { occurredOn: '2021-10-01', decisionId: decision, organizationId: orgGid(tree.B3), letter: { letterNumber: '9' } });
  const result = await refused(t, api, 'recordMemberDeath', { occurredOn: '2021-01-01' });
  t.same([result.code, result.state, result.attemptedEvent], ['INVALID_TRANSITION', 'DECEASED', 'TRANSFERRED']);
  const accepted = await run('recognizeMemberOfficial', { occurredOn: '2021-03-05', decisionId: decision });
  t.equal(accepted.event.type, 'RECOGNIZED_OFFICIAL', 'a back-dated event that fits is accepted');
  t.same(accepted.member.organization, { code: 'B1' }, 'shown as of its effective date');
  t.equal((await refused(t, api, 'suspendMember', { occurredOn: '2021-05-01', decisionId: decision })).attemptedEvent, 'TRANSFERRED', 'a suspension would make the later transfer impossible');
});

t.test('admission', async (t) => {
  const api = await setup(t);
  const { tree, decision } = api;
  const ADMIT = `mutation ($input: AdmitMemberInput!) { result: admitMember(input: $input) { ${RESULT} } }`;
  const person = { fullName: 'Lê Văn Nam', gender: 'MALE', dateOfBirth: '2000-01-10', partyCardNumber: 'TN999', nationalId: '040200001234', phone: '0912 345 678', email: 'nam@example.vn' };
  const input = { person, organizationId: orgGid(tree.B2), admittedOn: '2022-05-19', decisionId: decision };
  const admitted = (await api.gql(ADMIT, { input })).body.data.result;
  t.same(admitted.member.status, 'PROBATIONARY');
  t.same(admitted.event, { type: 'ADMITTED', occurredOn: '2022-05-19', effectiveOn: '2022-05-19', details: {} });

  const before = await api.snapshot();
  const again = async (change: object) => (await api.gql(ADMIT, { input: { ...input, ...change } })).body.data.result;
  t.same(await again({ person: { ...person, nationalId: '040200009999' } }), {
    __typename: 'ConflictError', code: 'CONFLICT', message: 'another member has this party card number', field: 'partyCardNumber',
  }, 'duplicate card number');
  t.same(await again({ person: { ...person, partyCardNumber: 'TN1000' } }), {
    __typename: 'ConflictError', code: 'CONFLICT', message: 'another member has this national ID number', field: 'nationalId',
  });
  t.same((await again({ person: { ...person, partyCardNumber: null, nationalId: null, dateOfBirth: '2005-01-01' } })).rule, 'UNDER_MINIMUM_AGE');
  t.same((await again({ person: { ...person, partyCardNumber: null, nationalId: '12ab', email: 'x' } })).problems, [
    { field: 'nationalId', message: 'a citizen identity number has 12 digits' },
    { field: 'email', message: 'is not an e-mail address' },
  ]);
  t.same((await again({ person: { ...person, partyCardNumber: null, nationalId: null }, organizationId: orgGid(tree.U1) })).rule, 'NOT_A_BRANCH');
  t.same((await again({ person: { ...person, partyCardNumber: null, nationalId: null }, admittedOn: '2019-01-01' })).message, 'B2 did not exist yet on 2019-01-01 (established 2020-01-01)');
  t.same(await api.snapshot(), before, 'refused admissions wrote nothing');
});

t.test('Quy định 22-QĐ/TW Điều 31.1: a suspension of 90 days, extended any number of times up to 180 in all, each decided before it ends', async (t) => {
  const api = await setup(t);
  const { decision, run } = api;
  const suspension = async (asOf: string) =>
    (await api.gql(`query ($id: ID!, $asOf: Date!) { member(id: $id, asOf: $asOf) { status suspension { ground from endsOn } } }`, { id: memberGid(api.memberId), asOf })).body.data.member.suspension;
  await run('recognizeMemberOfficial', { occurredOn: '2021-03-01', decisionId: decision });
  t.equal((await refused(t, api, 'extendMemberSuspension', { occurredOn: '2022-12-01', decisionId: decision })).code, 'INVALID_TRANSITION', 'no suspension to extend');
  t.equal((await refused(t, api, 'suspendMember', { occurredOn: '2023-01-02', decisionId: decision, days: 91 })).rule, 'SUSPENSION_LIMIT', '91 days at first');
  t.equal((await run('suspendMember', { occurredOn: '2023-01-02', decisionId: decision })).member.status, 'SUSPENDED');
  t.same(await suspension('2023-01-02'), { ground: 'DISCIPLINE_REVIEW', from: '2023-01-02', endsOn: '2023-04-02' }, '90 days when not given');
  t.same(await refused(t, api, 'extendMemberSuspension', { occurredOn: '2023-04-03', decisionId: decision }), {
    __typename: 'RuleViolationError',
    code: 'RULE_VIOLATION',
    message: 'the suspension from 2023-01-02 ended on 2023-04-02: an extension must be decided by then',
    rule: 'SUSPENSION_LIMIT',
  }, 'the first day after the 90 days is too late');
  const extended = await run('extendMemberSuspension', { occurredOn: '2023-04-02', decisionId: decision, days: 30 });
  t.same([extended.__typename, extended.member.status, extended.event.type], ['MemberPayload', 'SUSPENDED', 'SUSPENSION_EXTENDED'], 'the last of the 90 days is in time');
  t.equal((await suspension('2023-04-02')).endsOn, '2023-05-02', 'by 30 days');
  t.same((await refused(t, api, 'extendMemberSuspension', { occurredOn: '2023-05-01', decisionId: decision, days: 61 })).message,
    'the suspension from 2023-01-02 runs to 2023-05-02: it can be extended by 1 to 60 days (180 days in all, Quy định 22-QĐ/TW (28/7/2021), Điều 31.1), not 61', 'a second extension past 180 days in all');
  await run('extendMemberSuspension', { occurredOn: '2023-05-01', decisionId: decision, days: 60 });
  t.equal((await suspension('2023-05-01')).endsOn, '2023-07-01', 'a second extension, to 180 days in all');
  t.same((await refused(t, api, 'extendMemberSuspension', { occurredOn: '2023-06-01', decisionId: decision })).message,
    'the suspension from 2023-01-02 already runs to 2023-07-01, the most allowed (180 days in all, Quy định 22-QĐ/TW (28/7/2021), Điều 31.1)');
  t.same((await refused(t, api, 'extendMemberSuspension', { occurredOn: '2023-05-01' })).problems, [{ field: 'decisionId', message: 'a SUSPENSION_EXTENDED needs its decision' }]);
  t.equal((await run('reinstateMember', { occurredOn: '2023-06-30', decisionId: decision })).member.status, 'OFFICIAL');
  // A new suspension starts a new 90 days, with its own extension.
  await run('suspendMember', { occurredOn: '2024-01-10', decisionId: decision });
  t.equal((await run('extendMemberSuspension', { occurredOn: '2024-02-01', decisionId: decision })).__typename, 'MemberPayload');
  t.equal((await suspension('2024-02-01')).endsOn, '2024-07-08', 'to 180 days in all when no number is given');
  await run('reinstateMember', { occurredOn: '2024-03-01', decisionId: decision });
  // Prosecuted: suspended for the legal period, which the prosecuting body may lengthen.
  t.equal((await refused(t, api, 'suspendMember', { occurredOn: '2025-01-06', decisionId: decision, ground: 'PROSECUTION' })).rule, 'SUSPENSION_LIMIT', 'the end of the legal period is needed');
  t.equal((await refused(t, api, 'suspendMember', { occurredOn: '2025-01-06', decisionId: decision, ground: 'PROSECUTION', days: 30 })).code, 'VALIDATION_FAILED', 'not a number of days');
  await run('suspendMember', { occurredOn: '2025-01-06', decisionId: decision, ground: 'PROSECUTION', until: '2025-11-30' });
  t.same(await suspension('2025-06-01'), { ground: 'PROSECUTION', from: '2025-01-06', endsOn: '2025-11-30' }, 'beyond 180 days: the legal period');
  t.equal((await refused(t, api, 'extendMemberSuspension', { occurredOn: '2025-11-01', decisionId: decision, until: '2025-11-30' })).rule, 'SUSPENSION_LIMIT', 'an extension gives a later day');
  await run('extendMemberSuspension', { occurredOn: '2025-11-01', decisionId: decision, until: '2026-03-31' });
  t.equal((await suspension('2025-12-01')).endsOn, '2026-03-31');
});
