import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { elapsed } from '../src/shared/dates.js';
import { toGlobalId } from '../src/shared/ids.js';
import { buildTestApp, databaseUrl } from './helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

/**
 * The findings of the outside probe (issue 12) that are not about accounts: input domains,
 * bounded work, authorisation before any rule, by-id reads scoped like lists, history reads,
 * races, and a database that does not answer. Each reproduces what was seen and asserts the
 * answer now given, with the data unchanged where a write was refused.
 */

t.test('dates outside 1900-01-01..2100-12-31 are refused before any work (GraphQL and REST)', async (t) => {
  const api = await buildTestApp(t);
  const viewer = await api.signInAs('VIEWER', null);
  // This request used to freeze the process for good.
  const deadline = await viewer.gql(`{ workingDayDeadline(start: "9999-12-31", days: 1) }`);
  t.equal(deadline.body.errors[0].extensions.code, 'GRAPHQL_VALIDATION_FAILED');
  t.match(deadline.body.errors[0].message, /outside the supported dates 1900-01-01 to 2100-12-31/);
  const rest = await viewer.request({ method: 'GET', url: '/api/v1/working-days/deadline?start=9999-12-31&days=1' });
  t.equal(rest.status, 400);
  t.equal(rest.body.code, 'VALIDATION_FAILED');
  for (const bad of ['0000-01-01', '1899-12-31', '2101-01-01', '+010000-01-01', '2024-02-30']) {
    const answer = await viewer.gql(`query ($d: Date!) { workingDaysBetween(from: $d, to: "2024-01-01") }`, { d: bad });
    t.equal(answer.body.errors?.[0]?.extensions?.code, 'GRAPHQL_VALIDATION_FAILED', `${bad} refused`);
  }
  // The whole supported range is answered, and quickly enough not to matter (one range query).
  const span = await api.countStatements(() => viewer.gql(`{ workingDaysBetween(from: "1900-01-01", to: "2100-12-31") }`));
  t.equal(span.result.body.errors, undefined);
  t.ok(span.result.body.data.workingDaysBetween > 50000 && span.result.body.data.workingDaysBetween < 52000, `two centuries of weekdays, less the public holidays: ${span.result.body.data.workingDaysBetween}`);
  t.ok(span.statements <= 3, `the count costs ${span.statements} statements`);
  const edge = await viewer.gql(`{ workingDayDeadline(start: "2100-12-31", days: 3650) }`);
  t.equal(edge.body.errors, undefined, 'a deadline past 2100 is computed (the limit is on what callers send)');
});

t.test('ages are counted in constant time, exactly as people count them', async (t) => {
  t.same(elapsed('2020-01-31', '2020-02-29'), { years: 0, months: 1, days: 0 });
  t.same(elapsed('2020-01-31', '2020-03-30'), { years: 0, months: 1, days: 30 });
  t.same(elapsed('1930-02-03', '2100-12-31'), { years: 170, months: 10, days: 28 });
  t.same(elapsed('2000-02-29', '2001-02-28'), { years: 1, months: 0, days: 0 });
  t.same(elapsed('2000-02-29', '2001-02-27'), { years: 0, months: 11, days: 29 });
  // Against the month-by-month definition on many pairs.
  const slow = (from: string, to: string) => {
    const add = (value: string, months: number) => {
      const [y, m, d] = value.split('-').map(Number) as [number, number, number];
      const target = new Date(Date.UTC(y, m - 1 + months, 1));
      const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
      target.setUTCDate(Math.min(d, last));
      return target.toISOString().slice(0, 10);
    };
    let months = 0;
    while (add(from, months + 1) <= to) months++;
    const days = Math.round((Date.parse(to) - Date.parse(add(from, months))) / 86400_000);
    return { years: Math.floor(months / 12), months: months % 12, days };
  };
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const from = new Date(Date.UTC(1950, 0, 1) + ((i * 7919) % 20000) * 86400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(from) + ((i * 104729) % 30000) * 86400_000).toISOString().slice(0, 10);
    if (JSON.stringify(elapsed(from, to)) === JSON.stringify(slow(from, to))) checked++;
    else t.fail(`${from} → ${to}: ${JSON.stringify(elapsed(from, to))} vs ${JSON.stringify(slow(from, to))}`);
  }
  t.equal(checked, 400);
});

t.test('strings: NUL and lone surrogates refused, Vietnamese normalised to NFC (REST and GraphQL)', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const before = await api.snapshot();
  const documentBody = (title: string) => ({ type: 'DECISION', number: '77-QĐ/TU', issuedOn: '2024-01-05', issuerName: 'Tỉnh ủy', title });
  const nul = await api.request({ method: 'POST', url: '/api/v1/documents', payload: documentBody('Quyết định\u0000') });
  t.equal(nul.status, 400);
  t.equal(nul.headers['content-type'], 'application/problem+json; charset=utf-8');
  t.same(nul.body.problems, [{ field: 'body.title', message: 'must not contain the NUL character' }]);
  const surrogate = await api.request({
    method: 'POST',
    url: '/api/v1/documents',
    headers: { 'content-type': 'application/json' },
    payload: '{"type":"DECISION","number":"78-QĐ/TU","issuedOn":"2024-01-05","issuerName":"Tỉnh ủy","title":"x\\ud800y"}',
  });
  t.equal(surrogate.status, 400);
  t.match(surrogate.body.detail, /lone surrogate/);
  const gqlVariable = await api.gql(`query ($s: String) { members(filter: { search: $s }, first: 1) { edges { node { id } } } }`, { s: 'a\u0000' });
  t.equal(gqlVariable.status, 400);
  t.equal(gqlVariable.body.errors[0].extensions.code, 'VALIDATION_FAILED');
  const gqlLiteral = await api.gql(`{ members(filter: { search: "a\\u0000" }, first: 1) { edges { node { id } } } }`);
  t.equal(gqlLiteral.status, 400);
  t.match(gqlLiteral.body.errors[0].message, /NUL/);
  t.same(await api.snapshot(), before, 'nothing written');

  // Typed decomposed, stored composed: one name, one search, one uniqueness check.
  const decomposed = 'Quye\u0302\u0301t \u0111i\u0323nh ve\u0300 Nguye\u0302\u0303n Va\u0306n A';
  const created = await api.request({ method: 'POST', url: '/api/v1/documents', payload: documentBody(decomposed) });
  t.equal(created.status, 201);
  t.equal(created.body.title, decomposed.normalize('NFC'));
  const member = await api.gql(
    `mutation ($input: AdmitMemberInput!) { admitMember(input: $input) { __typename ... on MemberPayload { member { fullName } } ... on Error { message } } }`,
    {
      input: {
        person: { fullName: 'Nguye\u0302\u0303n Thi\u0323 Hoa', gender: 'FEMALE', dateOfBirth: '1990-01-01', partyCardNumber: 'NFC0001' },
        organizationId: orgGid(tree.B1),
        admittedOn: '2021-01-01',
        decisionId: docGid(tree.decision.id),
      },
    },
  );
  t.equal(member.body.data?.admitMember.member?.fullName, 'Nguyễn Thị Hoa', JSON.stringify(member.body));
  const found = await api.gql(`{ members(filter: { search: "Nguyễn Thị Hoa" }, first: 5) { edges { node { fullName } } } }`);
  t.same(found.body.data.members.edges, [{ node: { fullName: 'Nguyễn Thị Hoa' } }]);
});

t.test('bounded work: nodes(ids) at most 100, unpaginated lists cost their size', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const ids = Array.from({ length: 101 }, () => orgGid(tree.B1));
  const many = await api.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
  t.equal(many.body.errors[0].extensions.code, 'VALIDATION_FAILED');
  t.match(many.body.errors[0].message, /at most 100 ids, not 101/);
  const hundred = await api.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ids.slice(0, 100) });
  t.equal(hundred.body.data.nodes.length, 100);
  const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: organizationKinds { code }`).join(' ');
  const aliased = await api.gql(`{ ${aliases} }`);
  t.equal(aliased.body.errors[0].extensions.code, 'QUERY_TOO_COMPLEX', '1,000 aliases of an unpaginated list are refused');
  const introspection = await api.gql(`{ __schema { types { name fields { name args { name type { name ofType { name } } } } } } }`);
  t.equal(introspection.body.errors, undefined, 'introspection is not counted against the cost limit');
});

t.test('by-id reads are scoped like lists: terms, positions and restructuring events of another bloc', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const secretary = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2015-01-01' });
  await api.app.services.members.recordEvent(secretary, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: tree.decision.id });
  const term = await api.app.services.committees.openTerm({ organizationId: tree.B3, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const position = await api.app.services.committees.appoint({ termId: term.id, memberId: secretary, role: 'SECRETARY', startsOn: '2020-07-01' });
  const event = (await api.app.services.organizations.historyOf([tree.B3])).get(tree.B3)![0]!;
  const ids = [toGlobalId('Term', term.id), toGlobalId('CommitteePosition', position.id), toGlobalId('OrganizationEvent', event.id)];
  const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
  const other = await api.signInAs('VIEWER', tree.U1);
  t.same((await other.gql(query, { ids })).body.data.nodes, [null, null, null], 'another bloc sees none of them');
  const own = await api.signInAs('VIEWER', tree.U2);
  t.same(
    (await own.gql(query, { ids })).body.data.nodes.map((n: { __typename: string } | null) => n?.__typename),
    ['Term', 'CommitteePosition', 'OrganizationEvent'],
    'their own bloc sees all three',
  );
});

t.test('a member who has left: no personal data in past views, no later events, no back-dated writes', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2012-01-01', fullName: 'Trần Văn Chuyển' });
  await api.app.services.members.update(member, { phone: '0912345678', nationalId: '001090012345' });
  await api.app.services.members.recordEvent(member, 'RECOGNIZED_OFFICIAL', { occurredOn: '2013-01-01', decisionId: tree.decision.id });
  await api.app.services.members.recordEvent(member, 'TRANSFERRED', {
    occurredOn: '2022-03-01',
    decisionId: tree.decision.id,
    organizationId: tree.B3,
    letter: { letterNumber: 'GT-1' },
  });
  await api.app.services.members.recordEvent(member, 'EXEMPTED', { occurredOn: '2023-05-01', decisionId: tree.decision.id });
  const formerOfficer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const past = await formerOfficer.gql(
    `query ($id: ID!) { member(id: $id, asOf: "2021-01-01") { fullName phone nationalId hiddenFields { field } events { type } } }`,
    { id: memberGid(member) },
  );
  t.same(past.body.data.member, {
    fullName: 'Trần Văn Chuyển',
    phone: null,
    nationalId: null,
    hiddenFields: [{ field: 'nationalId' }, { field: 'phone' }, { field: 'email' }, { field: 'permanentAddress' }],
    events: [{ type: 'ADMITTED' }, { type: 'RECOGNIZED_OFFICIAL' }],
  }, 'the bloc the member left sees its own history of them, not today’s phone, ID or later events');
  const restPast = await formerOfficer.request({ method: 'GET', url: `/api/v1/members/${memberGid(member)}?asOf=2021-01-01` });
  t.equal(restPast.body.phone, null);
  t.equal(restPast.body.nationalId, null);
  const restEvents = await formerOfficer.request({ method: 'GET', url: `/api/v1/members/${memberGid(member)}/events` });
  t.same(restEvents.body.items.map((e: { type: string }) => e.type), ['ADMITTED', 'RECOGNIZED_OFFICIAL']);
  const newOfficer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const current = await newOfficer.gql(`query ($id: ID!) { member(id: $id) { phone events { type } } }`, { id: memberGid(member) });
  t.same(current.body.data.member, { phone: '0912345678', events: [{ type: 'ADMITTED' }, { type: 'RECOGNIZED_OFFICIAL' }, { type: 'TRANSFERRED' }, { type: 'EXEMPTED' }] });

  // Back-dated records about the time the member was in U1 are refused to U1 now.
  const inspector = await api.signInAs('INSPECTION_OFFICER', tree.U1);
  const before = await api.snapshot();
  const discipline = await inspector.gql(
    `mutation ($input: RecordDisciplineInput!) { recordDiscipline(input: $input) { __typename ... on Error { code message } } }`,
    {
      input: { memberId: memberGid(member), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2021-01-10', decidedOn: '2021-06-01', decisionId: docGid(tree.decision.id), authorityId: orgGid(tree.G1) },
    },
  );
  t.same(discipline.body.data.recordDiscipline, { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'You are not allowed to do this' });
  const officerIllness = await formerOfficer.gql(
    `mutation ($input: CertifySeriousIllnessInput!) { certifySeriousIllness(input: $input) { __typename ... on Error { code } } }`,
    { input: { memberId: memberGid(member), certifiedOn: '2021-06-01', evidence: 'Giấy chứng nhận số 1' } },
  );
  t.equal(officerIllness.body.data.certifySeriousIllness.__typename, 'ForbiddenError');
  t.same(await api.snapshot(), before, 'nothing written');
});

t.test('a refusal reveals nothing: rules run only after the caller is allowed', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1990-01-01');
  const veteran = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '1993-01-01', dateOfBirth: '1965-03-01', fullName: 'Lê Văn Cựu Binh' });
  await api.app.services.members.recordEvent(veteran, 'RECOGNIZED_OFFICIAL', { occurredOn: '1994-01-01', decisionId: tree.decision.id });
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const outsider = await api.signInAs('INSPECTION_OFFICER', tree.U2);
  const before = await api.snapshot();
  const badge = await viewer.gql(
    `mutation ($input: AwardPartyBadgesInput!) { awardPartyBadges(input: $input) { __typename ... on Error { code message } } }`,
    { input: { awardDate: '2024-02-03', awardedById: orgGid(tree.P), decisionId: docGid(tree.decision.id), rows: [{ memberId: memberGid(veteran), milestone: 40 }] } },
  );
  t.same(badge.body.data.awardPartyBadges, { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'You are not allowed to do this' }, 'not WRONG_MILESTONE (which would tell the member’s party age)');
  const rating = await viewer.gql(
    `mutation ($input: RecordRatingsInput!) { recordRatings(input: $input) { __typename ... on Error { code message } } }`,
    { input: { subject: 'MEMBER', ratedById: orgGid(tree.B1), year: 2023, decisionId: docGid(tree.decision.id), rows: [{ memberId: memberGid(veteran), level: 'EXCELLENT', score: 10 }] } },
  );
  t.same(rating.body.data.recordRatings, { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'You are not allowed to do this' }, 'not the score band');
  const discipline = await outsider.gql(
    `mutation ($input: RecordDisciplineInput!) { recordDiscipline(input: $input) { __typename ... on Error { code message } } }`,
    { input: { memberId: memberGid(veteran), form: 'DISSOLUTION', category: 'GENERAL', violationSummary: 'x', violatedOn: '2023-01-10', decidedOn: '2023-06-01', decisionId: docGid(tree.decision.id), authorityId: orgGid(tree.G3) } },
  );
  t.same(discipline.body.data.recordDiscipline, { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'You are not allowed to do this' }, 'not FORM_NOT_FOR_SUBJECT (which would tell the member’s standing)');
  t.same(await api.snapshot(), before, 'nothing written');
});

t.test('a date before a rule’s first version is a typed refusal, not an internal error', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1900-01-01');
  const answer = await api.gql(
    `mutation ($input: SuspendOrganizationInput!) { suspendOrganization(input: $input) { __typename ... on Error { code message } ... on RuleViolationError { rule } } }`,
    { input: { organizationId: orgGid(tree.B1), startsOn: '1900-06-01', reason: 'x', decisionId: docGid(tree.decision.id) } },
  );
  t.equal(answer.body.data.suspendOrganization.code, 'RULE_VIOLATION');
  t.equal(answer.body.data.suspendOrganization.rule, 'NO_RULE_IN_FORCE');
});

t.test('50 concurrent rating batches for one member and year leave one current rating', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  const levels = ['GOOD', 'COMPLETED', 'EXCELLENT'];
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      api.gql(`mutation ($input: RecordRatingsInput!) { recordRatings(input: $input) { __typename ... on Error { code } } }`, {
        input: { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2023, decisionId: docGid(tree.decision.id), rows: [{ memberId: memberGid(member), level: levels[i % 3] }] },
      }),
    ),
  );
  t.ok(answers.every((a) => a.status === 200 && !a.body.errors), 'no internal error');
  const kinds = new Set(answers.map((a) => a.body.data.recordRatings.__typename ?? a.body.data.recordRatings.code));
  t.ok([...kinds].every((k) => k === 'RecordRatingsPayload' || k === 'ConflictError'), `each is recorded or a typed conflict: ${[...kinds]}`);
  const rows = await api.app.db.prisma.qualityRating.findMany({ where: { memberId: member, periodKey: '2023' } });
  t.equal(rows.filter((r) => r.supersededAt === null).length, 1, 'one current rating');
  t.equal(rows.length, answers.filter((a) => a.body.data.recordRatings.__typename === 'RecordRatingsPayload').length, 'every recorded batch is kept in the history');
});

t.test('a database that does not answer: 503 with Retry-After, not 500', async (t) => {
  const app = await buildApp({ ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' });
  t.teardown(() => app.close());
  const rest = await app.inject({ method: 'GET', url: '/api/v1/organizations', headers: { 'x-api-key': 'pbk_anything' } });
  t.equal(rest.statusCode, 503);
  t.equal(rest.headers['retry-after'], '10');
  t.equal(rest.json().code, 'SERVICE_UNAVAILABLE');
  const gql = await app.inject({ method: 'POST', url: '/graphql', headers: { 'x-api-key': 'pbk_anything' }, payload: { query: '{ organizations { edges { node { id } } } }' } });
  t.equal(gql.statusCode, 503);
  t.equal(gql.headers['retry-after'], '10');
  const ready = await app.inject({ method: 'GET', url: '/health/ready' });
  t.equal(ready.statusCode, 503);
});

t.test('production mode: no GraphiQL unless asked; introspection for signed-in callers; GRAPHQL_INTROSPECTION=false: none, and no field suggestions', async (t) => {
  const secrets = { NODE_ENV: 'production', JWT_SECRET: 'k7Pq2Zx9Lm4Wv8Rt1Ys6Nb3Hc5Jd0FgAe', PROTECTED_DATA_KEY: 'Qw3Er5Ty7Ui9Op1As2Df4Gh6Jk8Lz0XcBd' };
  const api = await buildTestApp(t, secrets);
  t.equal((await api.anonymous.request({ method: 'GET', url: '/graphiql' })).status, 404);
  t.equal((await api.anonymous.gql(`{ __type(name: "ComplaintSender") { fields { name } } }`)).status, 401, 'not without signing in');
  t.equal((await api.gql(`{ __type(name: "Member") { name } }`)).body.data.__type.name, 'Member', 'signed in: code generators load the schema');
  const closed = await buildTestApp(t, { ...secrets, GRAPHQL_INTROSPECTION: 'false' });
  const introspection = await closed.gql(`{ __type(name: "ComplaintSender") { fields { name } } }`);
  t.equal(introspection.status, 400);
  t.match(introspection.body.errors[0].message, /introspection/);
  const typo = await closed.gql(`{ organizationz { edges { node { id } } } }`);
  t.equal(typo.body.errors[0].message, 'Cannot query field "organizationz" on type "Query".', 'no "Did you mean …?"');
});

t.test('a statement past DATABASE_STATEMENT_TIMEOUT_MS is stopped: 503 TIME_BUDGET_EXCEEDED, nothing written', async (t) => {
  const api = await buildTestApp(t, { DATABASE_STATEMENT_TIMEOUT_MS: '300' });
  const tree = await buildTree(api.app);
  // Hold the reads of organisations behind a lock taken from outside, longer than the budget.
  const { default: pg } = await import('pg');
  const [current] = await api.app.db.prisma.$queryRaw<{ name: string }[]>`SELECT current_database()::text AS name`;
  const locker = new pg.Client({ connectionString: databaseUrl(current!.name) });
  await locker.connect();
  t.teardown(() => locker.end());
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE organization_versions IN ACCESS EXCLUSIVE MODE');
  const before = Date.now();
  const answer = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}` });
  await locker.query('ROLLBACK');
  t.equal(answer.status, 503);
  t.equal(answer.body.code, 'TIME_BUDGET_EXCEEDED');
  t.equal(answer.headers['retry-after'], '10');
  t.ok(Date.now() - before < 5000, 'answered when the budget ran out');
});

t.test('what the fuzz test found last: numbers, ids, instants, unreadable bodies and URLs are 4xx', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const before = await api.snapshot();
  for (const year of ['1e400', '1e308', '2147483648', '1929']) {
    const answer = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}/inspection-plans?year=${year}` });
    t.equal(answer.status, 400, `year=${year}`);
  }
  t.equal((await api.request({ method: 'GET', url: '/api/v1/audit-events?actorId=123' })).status, 400, 'a non-UUID actor id');
  t.equal((await api.request({ method: 'GET', url: '/api/v1/audit-events?from=0000-01-01T00:00:00Z' })).status, 400, 'an instant in year 0');
  const infinite = await api.request({ method: 'POST', url: '/api/v1/documents', headers: { 'content-type': 'application/json' }, payload: '{"type":"DECISION","number":"1e400","issuedOn":"2024-01-01","issuerName":"x","title":"y","extra":1e400}' });
  t.equal(infinite.status, 400, 'a JSON number that reads as Infinity');
  const badJson = await api.request({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": "{ __typename }"' });
  t.equal(badJson.status, 400, 'GraphQL: a body that is not JSON');
  t.equal(badJson.body.errors[0].extensions.code, 'BAD_REQUEST');
  const proto = await api.request({ method: 'POST', url: '/graphql', headers: { 'content-type': 'application/json' }, payload: '{"query": "{ __typename }", "variables": {"__proto__": {"x": 1}}}' });
  t.equal(proto.status, 400, 'GraphQL: a body with __proto__');
  const badUrl = await api.request({ method: 'GET', url: '/api/v1/members/%ED%A0%80' });
  t.equal(badUrl.status, 400);
  t.equal(badUrl.headers['content-type'], 'application/problem+json; charset=utf-8');
  const longId = await api.request({ method: 'GET', url: `/api/v1/members/${'A'.repeat(200)}` });
  t.equal(longId.headers['content-type'], 'application/problem+json; charset=utf-8', `an over-long id: ${longId.status}`);
  t.same(await api.snapshot(), before, 'nothing written');
});
