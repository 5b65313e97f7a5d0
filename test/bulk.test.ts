/**
 * Decisions for many at once: organisations established level by level, a congress season of
 * terms with their committees, a year of ratings of every grassroots organisation, the yearly
 * assessments of mass organisations. Each is all or none, names every bad row, refuses a
 * caller outside its subtree before any rule, and costs the same few statements for 3 rows as
 * for 30. Also the bulk insert helper under them (src/db/bulk.ts).
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { columnOf } from '../src/db/bulk.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { toGlobalId } from '../src/shared/ids.js';
import { buildTestApp } from './helper.js';

const ESTABLISH = `mutation ($input: EstablishOrganizationsInput!) { result: establishOrganizations(input: $input) {
  __typename
  ... on EstablishOrganizationsPayload { events { type effectiveOn participants { role organization { code name kind { code } parent { code } } } } }
  ... on ValidationError { code problems { field message } }
  ... on Error { code message } } }`;

t.test('establishOrganizations: a level of the tree in one call, every bad row named, nothing written on refusal', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const row = (code: string, parentId: string, extra: Record<string, unknown> = {}) => ({
    organization: { code, name: `Chi bộ ${code}`, kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(parentId), ...extra },
    effectiveOn: '2021-01-01',
    decisionId: docGid(tree.decision.id),
  });

  const three = await api.countStatements(() => api.gql(ESTABLISH, { input: { organizations: [row('N1', tree.G1), row('N2', tree.G1), row('N3', tree.G3)] } }));
  const events = three.result.body.data.result.events;
  t.equal(events.length, 3);
  t.same(events.map((e: any) => e.type), ['ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED']);
  t.same(
    events.map((e: any) => e.participants.find((p: any) => p.role === 'SUBJECT').organization),
    [
      { code: 'N1', name: 'Chi bộ N1', kind: { code: 'BRANCH' }, parent: { code: 'G1' } },
      { code: 'N2', name: 'Chi bộ N2', kind: { code: 'BRANCH' }, parent: { code: 'G1' } },
      { code: 'N3', name: 'Chi bộ N3', kind: { code: 'BRANCH' }, parent: { code: 'G3' } },
    ],
  );
  const thirty = await api.countStatements(() =>
    api.app.services.organizations.establishMany(
      Array.from({ length: 30 }, (_, i) => ({ code: `M${i}`, name: `Chi bộ M${i}`, kindCode: 'BRANCH', sector: 'STATE_AGENCY' as const, parentId: tree.G1, effectiveOn: '2021-01-01', decisionId: tree.decision.id })),
    ),
  );
  const service = await api.countStatements(() =>
    api.app.services.organizations.establishMany(
      Array.from({ length: 3 }, (_, i) => ({ code: `K${i}`, name: `Chi bộ K${i}`, kindCode: 'BRANCH', sector: 'STATE_AGENCY' as const, parentId: tree.G1, effectiveOn: '2021-01-01', decisionId: tree.decision.id })),
    ),
  );
  t.equal(thirty.statements, service.statements, `30 organisations cost the ${service.statements} statements 3 do`);
  t.ok(service.statements <= 16, `a few statements (${service.statements})`);
  const audit = await api.app.db.prisma.auditEvent.count({ where: { action: 'organization.establish' } });
  t.equal(audit, 9 + 3 + 30 + 3, 'one audit row per organisation established');

  const before = await api.snapshot();
  const bad = await api.gql(ESTABLISH, {
    input: {
      organizations: [
        row('OK1', tree.G1),
        row('N1', tree.G1),
        row('bad code!', tree.G1),
        row('DUP', tree.G1),
        row('DUP', tree.G1),
        row('WRONGKIND', tree.G1, { kind: 'PROVINCIAL_COMMITTEE' }),
        { ...row('EARLY', tree.G1), effectiveOn: '2005-01-01' },
        row('NONAME', tree.G1, { name: '   ' }),
      ],
    },
  });
  t.equal(bad.body.data.result.__typename, 'ValidationError');
  t.same(
    bad.body.data.result.problems.map((p: any) => p.field),
    ['organizations.1.code', 'organizations.2.code', 'organizations.4.code', 'organizations.5', 'organizations.6', 'organizations.7.name'],
    'every bad row, and only those',
  );
  t.match(bad.body.data.result.problems[0].message, /code N1 already exists/);
  t.match(bad.body.data.result.problems[2].message, /code DUP already exists/, 'a code repeated within the call');
  t.same(await api.snapshot(), before, 'nothing written');

  // A bloc's administrator establishes under the bloc, not under another: refused before any rule.
  const bloc = await api.signInAs('ADMIN', tree.U1);
  const own = await bloc.gql(ESTABLISH, { input: { organizations: [row('U1A', tree.G1)] } });
  t.equal(own.body.data.result.__typename, 'EstablishOrganizationsPayload');
  const unchanged = await api.snapshot();
  const other = await bloc.gql(ESTABLISH, { input: { organizations: [row('U1B', tree.G1), row('bad code!', tree.G3)] } });
  t.same([other.body.data.result.__typename, other.body.data.result.code], ['ForbiddenError', 'FORBIDDEN'], 'one row outside the subtree: the whole call is refused, no row problem told');
  t.same(await api.snapshot(), unchanged);

  // REST: the same in one request.
  const rest = await api.request({
    method: 'POST',
    url: '/api/v1/organizations/batch',
    payload: { organizations: [{ organization: { code: 'R1', name: 'Chi bộ R1', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.G1) }, effectiveOn: '2022-01-01', decisionId: docGid(tree.decision.id) }] },
  });
  t.equal(rest.status, 201);
  t.equal(rest.body.items.length, 1);
  t.equal(rest.body.items[0].effectiveOn, '2022-01-01');
  const tooMany = await api.request({ method: 'POST', url: '/api/v1/organizations/batch', payload: { organizations: [] } });
  t.same([tooMany.status, tooMany.body.code], [400, 'VALIDATION_FAILED']);
});

t.test('openTerms: a congress season with its committees, under the rules of every appointment', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const official = async (org: string, name: string) => {
    const id = await admitMember(api.app, org, d, { fullName: name, admittedOn: '2015-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
    return id;
  };
  const b1 = await official(tree.B1, 'Nguyễn Văn Một');
  const b1b = await official(tree.B1, 'Lê Thị Hai');
  const b3 = await official(tree.B3, 'Trần Văn Ba');
  const probationary = await admitMember(api.app, tree.B2, d, { fullName: 'Phạm Văn Dự', admittedOn: '2020-01-01' });
  const term = (organizationId: string, positions: { memberId: string; role: string }[], startsOn = '2020-07-01', endsOn = '2025-07-01') => ({
    organizationId: orgGid(organizationId),
    name: `${startsOn.slice(0, 4)}–${endsOn.slice(0, 4)}`,
    startsOn,
    endsOn,
    congressOn: '2020-06-20',
    congressDecisionId: docGid(d),
    positions: positions.map((p) => ({ memberId: memberGid(p.memberId), role: p.role })),
  });

  const opened = await api.request({
    method: 'POST',
    url: '/api/v1/terms',
    payload: { terms: [term(tree.B1, [{ memberId: b1, role: 'SECRETARY' }, { memberId: b1b, role: 'DEPUTY_SECRETARY' }]), term(tree.G3, [{ memberId: b3, role: 'SECRETARY' }]), term(tree.B2, [])] },
  });
  t.equal(opened.status, 201);
  t.same(opened.body.items.map((i: any) => i.positionIds.length), [2, 1, 0]);
  const read = await api.request({ method: 'GET', url: `/api/v1/terms/${opened.body.items[0].id}` });
  t.same(read.body.positions.map((p: any) => [p.memberId, p.role, p.startsOn]), [
    [memberGid(b1), 'SECRETARY', '2020-07-01'],
    [memberGid(b1b), 'DEPUTY_SECRETARY', '2020-07-01'],
  ]);

  const viewer = await api.signInAs('ADMIN', tree.U2);
  const before = await api.snapshot();
  const refused = await api.request({
    method: 'POST',
    url: '/api/v1/terms',
    payload: {
      terms: [
        term(tree.B1, [], '2024-01-01', '2029-01-01'),
        term(tree.G1, [{ memberId: b1, role: 'SECRETARY' }, { memberId: b1b, role: 'SECRETARY' }, { memberId: b3, role: 'COMMITTEE_MEMBER' }, { memberId: probationary, role: 'COMMITTEE_MEMBER' }]),
        term(tree.G2, [], '2020-07-01', '2020-01-01'),
      ],
    },
  });
  t.equal(refused.status, 400);
  t.same(
    refused.body.problems.map((p: any) => p.field),
    ['terms.2.endsOn'],
    'the shape of every row is checked first',
  );
  const rules = await api.request({
    method: 'POST',
    url: '/api/v1/terms',
    payload: {
      terms: [
        term(tree.B1, [], '2024-01-01', '2029-01-01'),
        term(tree.G1, [{ memberId: b1, role: 'SECRETARY' }, { memberId: b1b, role: 'SECRETARY' }, { memberId: b3, role: 'COMMITTEE_MEMBER' }, { memberId: probationary, role: 'COMMITTEE_MEMBER' }]),
        term(tree.G2, [], '2020-07-01', '2025-07-01'),
        term(tree.G2, [], '2022-07-01', '2027-07-01'),
      ],
    },
  });
  t.equal(rules.status, 400);
  t.same(rules.body.problems, [
    { field: 'terms.0.startsOn', message: 'the term 2020–2025 (2020-07-01 – 2025-07-01) overlaps' },
    { field: 'terms.1.positions.1', message: 'G1 already has a secretary on 2020-07-01: end that position first' },
    { field: 'terms.1.positions.2', message: 'Trần Văn Ba does not belong to G1 on 2020-07-01' },
    { field: 'terms.1.positions.3', message: 'Phạm Văn Dự is PROBATIONARY on 2020-07-01: committee positions are held by official members' },
    { field: 'terms.3.startsOn', message: 'the term 2020–2025 (2020-07-01 – 2025-07-01) overlaps' },
  ], 'every broken rule by row, terms of the same call included');
  t.same(await api.snapshot(), before, 'nothing written');

  const forbidden = await viewer.request({ method: 'POST', url: '/api/v1/terms', payload: { terms: [term(tree.G3, [], '2025-07-01', '2030-07-01'), term(tree.G1, [{ memberId: probationary, role: 'SECRETARY' }], '2025-07-01', '2030-07-01')] } });
  t.same([forbidden.status, forbidden.body.code, forbidden.body.problems], [403, 'FORBIDDEN', undefined], 'a term outside the subtree: refused before any rule');
  t.same(await api.snapshot(), before);

  // The database holds the invariant too: overlapping terms cannot be written whatever the path.
  await t.rejects(
    api.app.db.pool.query(`INSERT INTO terms (id, organization_id, name, starts_on, ends_on, congress_on) VALUES (gen_random_uuid(), $1, 'x', '2021-01-01', '2022-01-01', '2021-01-01')`, [tree.B1]),
    /terms_do_not_overlap/,
  );
});

t.test('recordRatingBatches and assessMassOrganizations: a year of a bloc at once', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const d = tree.decision.id;
  const g1 = await admitMember(api.app, tree.B1, d, { admittedOn: '2015-01-01' });
  const g1b = await admitMember(api.app, tree.B2, d, { admittedOn: '2015-01-01' });
  const g3 = await admitMember(api.app, tree.B3, d, { admittedOn: '2015-01-01' });
  const BATCHES = `mutation ($input: RecordRatingBatchesInput!) { result: recordRatingBatches(input: $input) {
    __typename ... on RecordRatingBatchesPayload { batches { count warnings { code } } } ... on ValidationError { problems { field message } } ... on Error { code } } }`;
  const batch = (ratedById: string, rows: { memberId: string; level: string }[]) => ({
    subject: 'MEMBER', ratedById: orgGid(ratedById), year: 2024, decisionId: docGid(d), rows: rows.map((r) => ({ ...r, memberId: memberGid(r.memberId) })),
  });
  const ok = await api.gql(BATCHES, { input: { batches: [batch(tree.G1, [{ memberId: g1, level: 'GOOD' }, { memberId: g1b, level: 'EXCELLENT' }]), batch(tree.G3, [{ memberId: g3, level: 'GOOD' }])] } });
  t.same(ok.body.data.result, { __typename: 'RecordRatingBatchesPayload', batches: [{ count: 2, warnings: [{ code: 'EXCELLENT_QUOTA' }] }, { count: 1, warnings: [] }] });

  const before = await api.snapshot();
  const bad = await api.gql(BATCHES, { input: { batches: [batch(tree.G1, [{ memberId: g1, level: 'COMPLETED' }]), batch(tree.G3, [{ memberId: g1, level: 'GOOD' }, { memberId: g3, level: 'GOOD' }, { memberId: g3, level: 'GOOD' }])] } });
  t.same(bad.body.data.result.problems.map((p: any) => p.field), ['batches.1.rows.2'], 'a repeated subject is named first');
  const outside = await api.gql(BATCHES, { input: { batches: [batch(tree.G1, [{ memberId: g1, level: 'COMPLETED' }]), batch(tree.G3, [{ memberId: g1, level: 'GOOD' }])] } });
  t.same(outside.body.data.result.problems, [{ field: 'batches.1.rows.0', message: 'batches.1.rows.0: the member does not belong to the rating organisation on 2024-12-31' }]);
  t.same(await api.snapshot(), before, 'nothing written');

  // A correction supersedes, keeping the earlier rating.
  await api.app.services.ratings.rateMany([{ subject: 'MEMBER', ratedById: tree.G1, period: { year: 2024 }, decisionId: d, rows: [{ memberId: g1, level: 'COMPLETED' }] }]);
  const history = await api.app.db.prisma.qualityRating.findMany({ where: { memberId: g1 }, orderBy: { createdAt: 'asc' } });
  t.same(history.map((r) => [r.level, r.supersededAt !== null]), [['GOOD', true], ['COMPLETED', false]]);

  // Mass organisations of a grassroots committee, assessed together; a correction keeps the earlier one.
  const union = await api.app.services.massOrganizations.create({ organizationId: tree.G1, type: 'TRADE_UNION', name: 'Công đoàn Sở Tài chính' });
  const youth = await api.app.services.massOrganizations.create({ organizationId: tree.G1, type: 'YOUTH_UNION', name: 'Đoàn Thanh niên Sở Tài chính' });
  const assess = (rows: { massOrganizationId: string; year: number; strong: boolean }[]) =>
    api.request({ method: 'POST', url: '/api/v1/mass-organization-assessments', payload: { rows: rows.map((row) => ({ ...row, massOrganizationId: toGlobalId('MassOrganization', row.massOrganizationId) })) } });
  const first = await assess([{ massOrganizationId: union.id, year: 2024, strong: true }, { massOrganizationId: youth.id, year: 2024, strong: false }]);
  t.equal(first.status, 201);
  t.equal(first.body.items.length, 2);
  const bloc = await api.signInAs('ADMIN', tree.U2);
  const unchanged = await api.snapshot();
  const repeated = await assess([{ massOrganizationId: union.id, year: 2024, strong: true }, { massOrganizationId: union.id, year: 2024, strong: false }, { massOrganizationId: youth.id, year: 1800, strong: false }]);
  t.same([repeated.status, repeated.body.problems.map((p: any) => p.field)], [400, ['rows.1.massOrganizationId', 'rows.2.year']]);
  const forbidden = await bloc.request({ method: 'POST', url: '/api/v1/mass-organization-assessments', payload: { rows: [{ massOrganizationId: toGlobalId('MassOrganization', union.id), year: 2024, strong: false }] } });
  t.same([forbidden.status, forbidden.body.code], [403, 'FORBIDDEN']);
  t.same(await api.snapshot(), unchanged, 'nothing written');
  const corrected = await api.gql(`mutation ($input: AssessMassOrganizationsInput!) { result: assessMassOrganizations(input: $input) { __typename ... on AssessMassOrganizationsPayload { assessments { massOrganizationId year strong } } } }`, {
    input: { rows: [{ massOrganizationId: toGlobalId('MassOrganization', youth.id), year: 2024, strong: true }] },
  });
  t.same(corrected.body.data.result.assessments, [{ massOrganizationId: toGlobalId('MassOrganization', youth.id), year: 2024, strong: true }]);
  const kept = await api.app.db.prisma.massOrganizationAssessment.findMany({ where: { massOrganizationId: youth.id }, orderBy: { createdAt: 'asc' } });
  t.same(kept.map((a) => [a.strong, a.supersededAt !== null]), [[false, true], [true, false]]);
  const audited = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'massOrganization.assess', entityId: youth.id }, orderBy: { id: 'asc' } });
  t.same(audited.map((a) => a.diff), [{ before: null, after: { year: 2024, strong: false } }, { before: { strong: false }, after: { year: 2024, strong: true } }]);
});

t.test('bulk inserts: every model field is stored in its snake_case column, which insertRows relies on', async (t) => {
  const schema = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
  const scalar = /^\s+(\w+)\s+(String|Int|BigInt|DateTime|Boolean|Json|Decimal|Float|Bytes|[A-Z]\w*)(\?|\[\])?\s*(.*)$/;
  let checked = 0;
  for (const line of schema.split('\n')) {
    const match = scalar.exec(line);
    if (!match || /@relation/.test(match[4]!) || match[3] === '[]' && /^[A-Z]/.test(match[2]!) && !/@map|@default|@db/.test(match[4]!)) continue;
    const [, field, , , rest] = match;
    const mapped = /@map\("(\w+)"\)/.exec(rest!)?.[1] ?? field!;
    if (mapped !== columnOf(field!)) t.fail(`${field} is stored in ${mapped}, not ${columnOf(field!)}`);
    checked++;
  }
  t.ok(checked > 300, `${checked} fields follow the convention`);
});

t.test('a history import colliding on a national ID is a CONFLICT naming the field, and writes nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2010-01-01');
  const person = (nationalId: string, card: string) => ({ fullName: 'Nguyễn Văn Trùng', gender: 'MALE' as const, dateOfBirth: '1980-01-01', nationalId, partyCardNumber: card });
  const events = [{ type: 'ADMITTED' as const, occurredOn: '2012-01-01', decisionId: tree.decision.id, organizationId: tree.B1 }];
  await api.app.services.members.importHistories([{ person: person('040080000001', 'C1'), events }]);
  const before = await api.snapshot();
  const error = await api.app.services.members.importHistories([{ person: person('040080000002', 'C2'), events }, { person: person('040080000001', 'C3'), events }]).catch((e: unknown) => e);
  t.same([(error as any).code, (error as any).field, (error as any).message], ['CONFLICT', 'nationalId', 'another member has this national ID number']);
  t.same(await api.snapshot(), before, 'the whole batch is undone');
});
