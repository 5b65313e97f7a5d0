/**
 * Regulations as dated data (regulation_values): every rule's values with their periods,
 * sources and confirmed flags; refusals name the source and say when it is unconfirmed;
 * national administrators add and end values (closed past periods too), audited; a value
 * takes effect on its first day and not the day before; other instances see a change within
 * their cache time.
 */
import t from 'tap';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { admitMember, buildTree, memberGid } from './factories.js';
import { buildTestApp, createTestDatabase, databaseUrl, type Client } from './helper.js';
import { MINIMUM_ADMISSION_AGE } from '../src/rules/membership.js';
import { toGlobalId } from '../src/shared/ids.js';

const VALUE = `id key value effectiveFrom effectiveTo source confirmed note`;
const ADD = `mutation ($input: AddRegulationValueInput!) { result: addRegulationValue(input: $input) {
  __typename ... on RegulationValuePayload { value { ${VALUE} } } ... on ValidationError { code problems { field message } } ... on Error { code message } } }`;
const END = `mutation ($input: EndRegulationValueInput!) { result: endRegulationValue(input: $input) {
  __typename ... on RegulationValuePayload { value { ${VALUE} } } ... on ValidationError { code problems { field message } } ... on Error { code message } } }`;

t.test('every rule the service applies has dated values with a source; the catalogue gives their shapes', async (t) => {
  const api = await buildTestApp(t);
  const viewer = await api.signInAs('VIEWER');
  const { body } = await viewer.gql(`{ regulationRules { key name valueSchema values { effectiveFrom effectiveTo source confirmed } } }`);
  const rules = body.data.regulationRules as { key: string; valueSchema: unknown; values: { effectiveFrom: string; effectiveTo: string | null; source: string; confirmed: boolean }[] }[];
  t.same(rules.map((r) => r.key), [
    'calendar.public_holidays',
    'commendations.party_badges',
    'commendations.title_requirements',
    'committees.branch_committee_max',
    'complaints.appeal_limits',
    'complaints.denunciation_limits',
    'discipline.deceased_member',
    'discipline.member_statute_of_limitations',
    'discipline.member_suspension_days',
    'discipline.organization_statute_of_limitations',
    'discipline.organization_suspension_days',
    'dues.exemptions',
    'dues.rates',
    'dues.sharing',
    'inspections.procedure',
    'meetings.quality_criteria',
    'meetings.requirements',
    'membership.admission_ceremony_working_days',
    'membership.awareness_class',
    'membership.maximum_admission_age',
    'membership.minimum_admission_age',
    'membership.probation_months',
    'membership.readmission',
    'membership.removal_thresholds',
    'membership.temporary_transfer_months',
    'membership.transfer_presentation',
    'ratings.discipline_caps',
    'ratings.excellent_quota',
    'ratings.member_rater',
    'ratings.rated_member_statuses',
    'ratings.score_bands',
    'reports.admission_eras',
    'reports.age_bands',
    'reports.education_levels',
    'reports.ethnicities',
    'reports.occupations',
    'reports.organization_types',
    'reports.political_theory_levels',
    'reports.qualifications',
    'reports.religions',
  ]);
  for (const rule of rules) {
    t.ok(rule.values.length > 0 && rule.values.every((v) => v.source.length > 0), `${rule.key} has values, each with a source`);
    t.ok(rule.values.slice(1).every((v, i) => v.effectiveFrom === rule.values[i]!.effectiveTo), `${rule.key}: its periods follow one another without gaps`);
    t.equal(rule.values.at(-1)!.effectiveTo, null, `${rule.key} is in force today`);
  }
  const suspension = rules.find((r) => r.key === 'discipline.member_suspension_days')!;
  t.same(suspension.values.map((v) => [v.effectiveFrom, v.confirmed]), [
    ['1930-01-01', false],
    ['2016-07-26', false],
    ['2021-07-28', true],
    ['2025-05-30', false],
  ], 'Quy định 30 (2016), 22 (2021, Điều 31.1, confirmed) and 296 (2025) each have their period');
  t.match(suspension.values[2]!.source, /Quy định 22-QĐ\/TW \(28\/7\/2021\), Điều 31\.1/);

  const rest = await viewer.request({ method: 'GET', url: '/api/v1/regulation-values?key=committees.branch_committee_max&asOf=2025-06-30' });
  t.same(rest.body.map((v: any) => [v.value, v.effectiveFrom, v.effectiveTo, v.confirmed]), [[9, '1930-01-01', '2025-07-01', false]], 'the value in force on a day');
  const catalogue = await viewer.request({ method: 'GET', url: '/api/v1/regulation-rules' });
  t.equal(catalogue.status, 200);
  t.same(catalogue.body.find((r: any) => r.key === 'committees.branch_committee_max').valueSchema, { type: 'integer', minimum: 1, maximum: 100 });
});

t.test('a national administrator changes a rule from a day; the day before keeps the old value; bad values are refused and change nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const current = (await api.gql(`{ regulationValues(key: "committees.branch_committee_max", asOf: "2026-01-01") { id } }`)).body.data.regulationValues[0].id;
  const bloc = await api.signInAs('ADMIN', tree.U1);
  const viewer = await api.signInAs('VIEWER');
  const before = await api.snapshot();

  // Refusals: outside the national grant (authorised first), a bad shape, an unknown rule, a bad period, an overlap.
  const add = (client: Pick<Client, 'gql'>, input: Record<string, unknown>) => client.gql(ADD, { input: { key: 'committees.branch_committee_max', value: 5, effectiveFrom: '2027-01-01', source: 'Quy định thử nghiệm', confirmed: true, ...input } });
  t.same((await add(bloc, {})).body.data.result.code, 'FORBIDDEN', "a bloc's administrator does not change national rules");
  t.same((await add(viewer, { key: 'no.such.rule' })).body.data.result.code, 'FORBIDDEN', 'refused before the key is looked at');
  t.same((await add(api, { value: 'năm' })).body.data.result.problems.map((p: any) => p.field), ['value']);
  t.same((await add(api, { value: { max: 5 } })).body.data.result.problems.map((p: any) => p.field), ['value']);
  t.match((await add(api, { key: 'no.such.rule' })).body.data.result.problems, [{ field: 'key', message: /there is no rule no\.such\.rule; the rules are: calendar\.public_holidays, commendations\.party_badges, / }]);
  t.same((await add(api, { effectiveTo: '2027-01-01' })).body.data.result.problems.map((p: any) => p.field), ['effectiveTo']);
  t.same((await add(api, { source: '   ' })).body.data.result.problems.map((p: any) => p.field), ['source']);
  t.same((await add(api, {})).body.data.result, {
    __typename: 'ConflictError', code: 'CONFLICT',
    message: 'the value of committees.branch_committee_max for 2025-07-01 – … overlaps: end it first, or give a period around it',
  });
  t.same(await api.snapshot(), before, 'no refusal changed anything');

  // End the value in force on 2027-01-01 and add the new one from that day.
  const ended = await api.gql(END, { input: { valueId: current, effectiveTo: '2027-01-01' } });
  t.same([ended.body.data.result.value.effectiveFrom, ended.body.data.result.value.effectiveTo], ['2025-07-01', '2027-01-01']);
  t.equal((await api.gql(END, { input: { valueId: current, effectiveTo: '2028-01-01' } })).body.data.result.code, 'CONFLICT', 'a value ends once');
  const added = await add(api, { note: 'thử nghiệm' });
  t.same({ ...added.body.data.result.value, id: undefined }, {
    id: undefined, key: 'committees.branch_committee_max', value: 5, effectiveFrom: '2027-01-01', effectiveTo: null, source: 'Quy định thử nghiệm', confirmed: true, note: 'thử nghiệm',
  });
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { entityType: 'RegulationValue' }, orderBy: { id: 'asc' } });
  t.same(audit.map((a) => a.action), ['regulation.end', 'regulation.add']);

  // The new value applies from its first day, the old one the day before.
  const d = tree.decision.id;
  const term = (await api.app.services.committees.openTerm({ organizationId: tree.B1, name: '2025–2030', startsOn: '2025-07-01', endsOn: '2030-07-01', congressOn: '2025-06-20' })).id;
  const members: string[] = [];
  for (let i = 0; i < 7; i++) {
    const id = await admitMember(api.app, tree.B1, d, { fullName: `Ủy Viên ${i}`, admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    members.push(id);
  }
  const APPOINT = `mutation ($input: AppointCommitteeMemberInput!) { result: appointCommitteeMember(input: $input) { __typename ... on RuleViolationError { rule message } } }`;
  const appoint = (memberId: string, startsOn: string) => api.gql(APPOINT, { input: { termId: toGlobalId('Term', term), memberId: memberGid(memberId), role: 'COMMITTEE_MEMBER', startsOn } });
  for (const id of members.slice(0, 5)) t.equal((await appoint(id, '2026-12-31')).body.data.result.__typename, 'CommitteePositionPayload');
  t.equal((await appoint(members[5]!, '2026-12-31')).body.data.result.__typename, 'CommitteePositionPayload', 'the sixth on 2026-12-31: at most 7 then');
  const unchanged = await api.snapshot();
  t.same((await appoint(members[6]!, '2027-01-01')).body.data.result, {
    __typename: 'RuleViolationError', rule: 'COMMITTEE_TOO_LARGE', message: 'a branch committee has at most 5 members (Quy định thử nghiệm)',
  }, 'the seventh on 2027-01-01: at most 5 from that day');
  t.same(await api.snapshot(), unchanged);
});

t.test('a closed period in the past can be added in a gap, and an unconfirmed source is said so in refusals', async (t) => {
  const api = await buildTestApp(t);
  const rows = await api.request({ method: 'GET', url: '/api/v1/regulation-values?key=ratings.excellent_quota' });
  t.same(rows.body.map((v: any) => v.effectiveFrom), ['2019-01-01']);
  const past = await api.request({
    method: 'POST',
    url: '/api/v1/regulation-values',
    payload: { key: 'ratings.excellent_quota', value: { share: 0.25, base: ['GOOD'], subjects: ['MEMBER'] }, effectiveFrom: '2015-01-01', effectiveTo: '2019-01-01', source: 'Hướng dẫn thử nghiệm (2015)', confirmed: false },
  });
  t.equal(past.status, 201);
  t.same([past.body.effectiveFrom, past.body.effectiveTo, past.body.confirmed], ['2015-01-01', '2019-01-01', false]);
  const overlapping = await api.request({
    method: 'POST',
    url: '/api/v1/regulation-values',
    payload: { key: 'ratings.excellent_quota', value: { share: 0.1, base: ['GOOD'], subjects: ['MEMBER'] }, effectiveFrom: '2010-01-01', effectiveTo: '2015-01-02', source: 'x', confirmed: false },
  });
  t.same([overlapping.status, overlapping.body.code], [409, 'CONFLICT'], 'a closed period overlapping another by one day');

  // The quota of 2018 is now the added value, and the warning says its source is unconfirmed.
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push(await admitMember(api.app, tree.B1, d, { admittedOn: '2014-01-01' }));
  const result = await api.app.services.ratings.rate({
    subject: 'MEMBER', ratedById: tree.G1, period: { year: 2018 }, decisionId: d,
    rows: ids.map((memberId, i) => ({ memberId, level: i === 0 ? 'EXCELLENT' : 'GOOD' })),
  });
  t.same(result.warnings, [{ code: 'EXCELLENT_QUOTA', message: '1 member rated EXCELLENT: more than 25 % of the 2 rated GOOD by this committee for 2018 (Hướng dẫn thử nghiệm (2015); unconfirmed)' }]);
});

t.test('another instance sees a change within its cache time', async (t) => {
  const database = await createTestDatabase(t);
  const url = databaseUrl(database);
  const config = { ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), DATABASE_URL: url };
  const first = await buildApp({ ...config, REGULATIONS_CACHE_SECONDS: 3600 });
  const second = await buildApp({ ...config, REGULATIONS_CACHE_SECONDS: 0 });
  t.teardown(async () => {
    await first.close();
    await second.close();
  });
  const rule = MINIMUM_ADMISSION_AGE;
  t.equal((await first.rules.current()).at(rule, '2030-01-01').value, 18);
  t.equal((await second.rules.current()).at(rule, '2030-01-01').value, 18);
  const [open] = await first.services.regulations.values({ key: 'membership.minimum_admission_age' });
  await first.services.regulations.end(open!.id, '2030-01-01');
  await first.services.regulations.add({ key: 'membership.minimum_admission_age', value: 19, effectiveFrom: '2030-01-01', source: 'thử nghiệm', confirmed: false });
  t.equal((await first.rules.current()).at(rule, '2030-01-01').value, 19, 'at once on the instance that changed it');
  t.equal((await second.rules.current()).at(rule, '2030-01-01').value, 19, 'on another instance once its cache time has passed (0 s here)');
  t.equal((await second.rules.current()).at(rule, '2029-12-31').value, 18, 'the day before keeps the old value');
});
