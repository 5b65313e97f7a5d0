import t from 'tap';
import type { Role } from '../../src/generated/prisma/client.js';
import { CAPABILITIES, type Capability } from '../../src/modules/auth/access.js';
import { addDays } from '../../src/shared/dates.js';
import { buildTestApp, type Client } from '../helper.js';
import { admitMember, buildTree, createDecision, docGid, memberGid, orgGid, userGid } from '../factories.js';

const ROLES: Role[] = ['ADMIN', 'ORGANIZATION_OFFICER', 'INSPECTION_OFFICER', 'BRANCH_SECRETARY', 'VIEWER'];

t.test('authorisation matrix: every role × every write, inside and outside its subtree', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const d = docGid(tree.decision.id);
  const insideMember = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2021-01-01' });
  const outsideMember = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2021-01-01' });
  // Every role is granted on B1 (the branch secretary's branch) or on U1 above it: B1 is inside
  // for all of them, B3 (under U2) outside.
  // Members' ratings are decided by their grassroots organisation (ratings.member_rater): from
  // 2022 this office lets any level above decide, so the branch secretary's rating at B1 is a
  // question of authorisation only.
  const [memberRater] = await api.app.services.regulations.values({ key: 'ratings.member_rater' });
  await api.app.services.regulations.end(memberRater!.id, '2022-01-01');
  await api.app.services.regulations.add({ key: 'ratings.member_rater', value: 'ANY_ABOVE', effectiveFrom: '2022-01-01', source: 'thử nghiệm', confirmed: false });
  const clients = new Map<Role, Client>();
  for (const role of ROLES) clients.set(role, await api.signInAs(role, role === 'BRANCH_SECRETARY' ? tree.B1 : tree.U1));

  const grantees: string[] = [];
  for (let i = 0; i < 20; i++) grantees.push((await api.app.services.auth.createUser({ username: `grantee-${i}`, displayName: 'Người được giao quyền' })).id);
  for (const organizationId of [tree.B1, tree.B3]) {
    await api.app.services.indicators.setTarget({ organizationId, indicatorCode: 'TASKS_COMPLETED', period: { year: 2025 }, targetValue: 90, resolutionId: tree.decision.id });
  }
  const commendationDecision = docGid((await createDecision(api.app, { issuedOn: '2022-06-01' })).id);
  let step = 0;
  let planYear = 1990;
  const day = () => addDays('2022-01-01', ++step);
  type Operation = { name: string; capability: Capability; run(client: Client, inside: boolean): Promise<{ allowed: boolean; code?: string }> };
  const graphql = (mutation: string, input: object) => async (client: Client) => {
    const { body } = await client.gql(`mutation ($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { result: ${mutation}(input: $input) { __typename ... on Error { code } } }`, { input });
    const result = body.data.result;
    return { allowed: !('code' in result), code: result.code };
  };
  const rest = (method: 'POST' | 'PATCH', url: string, payload: object) => async (client: Client) => {
    const response = await client.request({ method, url: `/api/v1${url}`, payload });
    return { allowed: response.status < 300, code: response.body?.code };
  };
  const org = (inside: boolean) => (inside ? tree.B1 : tree.B3);
  // Inspection committees exist from the grassroots Party committee up: cases and plans are theirs.
  const committee = (inside: boolean) => (inside ? tree.G1 : tree.G3);
  const member = (inside: boolean) => (inside ? insideMember : outsideMember);

  const operations: Operation[] = [
    { name: 'renameOrganization', capability: 'manageStructure', run: (c, i) => graphql('renameOrganization', { organizationId: orgGid(org(i)), name: `Chi bộ số ${step}`, effectiveOn: day(), decisionId: d })(c) },
    { name: 'POST /organizations/{id}/rename', capability: 'manageStructure', run: (c, i) => rest('POST', `/organizations/${encodeURIComponent(orgGid(org(i)))}/rename`, { name: `Chi bộ số ${step}`, effectiveOn: day(), decisionId: d })(c) },
    {
      name: 'establishOrganization',
      capability: 'manageStructure',
      run: (c, i) => graphql('establishOrganization', { organization: { code: `X${++step}`, name: 'Chi bộ mới', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(i ? tree.G1 : tree.G3) }, effectiveOn: day(), decisionId: d })(c),
    },
    { name: 'createDocument', capability: 'recordDocuments', run: (c, i) => graphql('createDocument', { type: 'DECISION', number: `${++step}-QĐ/CB`, issuedOn: day(), issuerId: orgGid(org(i)), title: 'Quyết định' })(c) },
    { name: 'POST /documents', capability: 'recordDocuments', run: (c, i) => rest('POST', '/documents', { type: 'DECISION', number: `${++step}-QĐ/CB`, issuedOn: day(), issuerId: orgGid(org(i)), title: 'Quyết định' })(c) },
    {
      name: 'admitMember',
      capability: 'manageMembers',
      run: (c, i) => graphql('admitMember', { person: { fullName: 'Ngô Văn Mới', gender: 'MALE', dateOfBirth: '1990-01-01' }, organizationId: orgGid(org(i)), admittedOn: day(), decisionId: d })(c),
    },
    {
      name: 'POST /members',
      capability: 'manageMembers',
      run: (c, i) => rest('POST', '/members', { person: { fullName: 'Ngô Văn Mới', gender: 'MALE', dateOfBirth: '1990-01-01' }, organizationId: orgGid(org(i)), admittedOn: day(), decisionId: d })(c),
    },
    { name: 'updateMember', capability: 'manageMembers', run: (c, i) => graphql('updateMember', { memberId: memberGid(member(i)), phone: `0912${String(100000 + ++step)}` })(c) },
    { name: 'PATCH /members/{id}', capability: 'manageMembers', run: (c, i) => rest('PATCH', `/members/${encodeURIComponent(memberGid(member(i)))}`, { hometown: `Xã ${++step}` })(c) },
    {
      name: 'transferMemberTemporarily + return',
      capability: 'manageMembers',
      run: async (c, i) => {
        const away = await graphql('transferMemberTemporarily', { memberId: memberGid(member(i)), occurredOn: day(), decisionId: d, organizationId: orgGid(i ? tree.B2 : tree.G2), reason: 'STUDY', expectedReturnOn: '2023-12-01' })(c);
        if (away.allowed) await api.app.services.members.recordEvent(member(i), 'TEMPORARY_RETURN', { occurredOn: day() });
        return away;
      },
    },
    { name: 'openTerm', capability: 'manageCommittees', run: (c, i) => graphql('openTerm', { organizationId: orgGid(org(i)), name: `Nhiệm kỳ ${++step}`, startsOn: addDays('2030-01-01', step * 30), endsOn: addDays('2030-01-21', step * 30), congressOn: addDays('2030-01-01', step * 30) })(c) },
    { name: 'proposeCandidate', capability: 'proposeCandidates', run: (c, i) => graphql('proposeCandidate', { fullName: 'Quần chúng', gender: 'FEMALE', dateOfBirth: '2000-01-01', organizationId: orgGid(org(i)), proposedOn: day() })(c) },
    { name: 'POST /candidates', capability: 'proposeCandidates', run: (c, i) => rest('POST', '/candidates', { fullName: 'Quần chúng', gender: 'FEMALE', dateOfBirth: '2000-01-01', organizationId: orgGid(org(i)), proposedOn: day() })(c) },
    { name: 'createTrainingClass', capability: 'manageTraining', run: (c, i) => graphql('createTrainingClass', { type: 'PARTY_AWARENESS', name: 'Lớp', organizerId: orgGid(org(i)), startsOn: day(), endsOn: day() })(c) },
    { name: 'setIndicatorTarget', capability: 'manageIndicators', run: (c, i) => graphql('setIndicatorTarget', { organizationId: orgGid(org(i)), indicatorCode: 'TASKS_COMPLETED', period: { year: 2024 }, targetValue: 90, resolutionId: d })(c) },
    {
      name: 'POST /indicator-values',
      capability: 'manageIndicators',
      run: (c, i) => rest('POST', '/indicator-values', { rows: [{ organizationId: orgGid(org(i)), indicatorCode: 'TASKS_COMPLETED', period: { year: 2025 }, numerator: ++step % 10, denominator: 10 }] })(c),
    },
    {
      name: 'recordRatings',
      capability: 'manageRatings',
      run: (c, i) => graphql('recordRatings', { subject: 'MEMBER', ratedById: orgGid(org(i)), year: 2022, decisionId: d, rows: [{ memberId: memberGid(member(i)), level: 'GOOD' }] })(c),
    },
    {
      name: 'recordDiscipline',
      capability: 'manageDiscipline',
      run: (c, i) => graphql('recordDiscipline', { memberId: memberGid(member(i)), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2021-06-01', decidedOn: day(), decisionId: d, authorityId: orgGid(org(i)) })(c),
    },
    {
      name: 'suspendOrganization',
      capability: 'manageDiscipline',
      run: (c, i) => {
        const on = day();
        return graphql('suspendOrganization', { organizationId: orgGid(org(i)), startsOn: on, endsOn: on, reason: 'Mất đoàn kết', decisionId: d })(c);
      },
    },
    {
      name: 'receiveComplaint',
      capability: 'manageComplaints',
      run: (c, i) => graphql('receiveComplaint', { kind: 'DENUNCIATION', handlerId: orgGid(org(i)), receivedOn: day(), concerningMemberId: memberGid(member(i)), summary: 'Tố cáo', sender: { name: 'Người Gửi', address: 'Địa chỉ' }, signed: true })(c),
    },
    {
      name: 'POST /complaints',
      capability: 'manageComplaints',
      run: (c, i) => rest('POST', '/complaints', { kind: 'DENUNCIATION', handlerId: orgGid(org(i)), receivedOn: day(), concerningMemberId: memberGid(member(i)), summary: 'Tố cáo', sender: { name: 'Người Gửi', address: 'Địa chỉ' }, signed: true })(c),
    },
    { name: 'POST /inspection-plans', capability: 'manageInspections', run: (c, i) => rest('POST', '/inspection-plans', { organizationId: orgGid(committee(i)), year: ++planYear, title: 'Chương trình' })(c) },
    {
      name: 'openInspectionCase',
      capability: 'manageInspections',
      run: (c, i) => graphql('openInspectionCase', { authorityId: orgGid(committee(i)), type: 'PARTY_FINANCES', title: 'Tài chính', decidedOn: day(), decisionId: d, team: [{ name: 'Trưởng đoàn', role: 'LEADER' }], subjects: [{ organizationId: orgGid(org(i)) }] })(c),
    },
    {
      name: 'recordCommendations',
      capability: 'manageCommendations',
      run: (c, i) =>
        graphql('recordCommendations', { awardedById: orgGid(org(i)), decisionId: commendationDecision, rows: [{ memberId: memberGid(member(i)), form: 'PRAISE', reason: 'Biểu dương', fromYear: 2022 }] })(c),
    },
    {
      name: 'POST /commendations',
      capability: 'manageCommendations',
      run: (c, i) => rest('POST', '/commendations', { awardedById: orgGid(org(i)), decisionId: commendationDecision, rows: [{ memberId: memberGid(member(i)), form: 'PRAISE', reason: 'Biểu dương', fromYear: 2022 }] })(c),
    },
    {
      name: 'POST /members/{id}/serious-illness',
      capability: 'manageCommendations',
      run: (c, i) => rest('POST', `/members/${encodeURIComponent(memberGid(member(i)))}/serious-illness`, { certifiedOn: day(), evidence: 'Giấy xác nhận số 1/BV' })(c),
    },
    {
      name: 'grantRole',
      capability: 'manageAccess',
      run: (c, i) => graphql('grantRole', { userId: userGid(grantees[++step % grantees.length]!), role: 'VIEWER', organizationId: orgGid(org(i)) })(c),
    },
  ];

  for (const operation of operations) {
    for (const role of ROLES) {
      for (const inside of [true, false]) {
        const expected = inside && (CAPABILITIES[operation.capability] as readonly Role[]).includes(role);
        const before = await api.snapshot();
        const outcome = await operation.run(clients.get(role)!, inside);
        const label = `${operation.name} by ${role} ${inside ? 'inside' : 'outside'} its subtree`;
        if (expected) {
          t.equal(outcome.allowed, true, `${label}: allowed`);
        } else {
          t.same(outcome, { allowed: false, code: 'FORBIDDEN' }, `${label}: FORBIDDEN`);
          t.same(await api.snapshot(), before, `${label}: nothing written`);
        }
      }
    }
  }
});

t.test('reads are scoped inside the query; sensitive fields are hidden with a reason', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const inB1 = await admitMember(api.app, tree.B1, tree.decision.id, { fullName: 'Phan Thị Trong', admittedOn: '2021-01-01' });
  await api.app.services.members.update(inB1, { nationalId: '040190000001', phone: '0912000001' });
  const inG2 = await admitMember(api.app, tree.G2, tree.decision.id, { fullName: 'Phan Văn Bên', admittedOn: '2021-01-01' });
  await admitMember(api.app, tree.B3, tree.decision.id, { fullName: 'Phan Văn Ngoài', admittedOn: '2021-01-01' });

  const listed = async (client: Client) =>
    (await client.gql(`{ members { edges { node { fullName nationalId phone hiddenFields { field reason } } } } }`)).body.data.members.edges.map((e: any) => e.node);
  const viewer = await api.signInAs('VIEWER', tree.U1);
  t.same(
    (await listed(viewer)).map((m: any) => [m.fullName, m.nationalId, m.hiddenFields.map((h: any) => `${h.field}:${h.reason}`)]),
    [
      ['Phan Văn Bên', null, ['nationalId:NOT_PERMITTED', 'phone:NOT_PERMITTED', 'email:NOT_PERMITTED', 'permanentAddress:NOT_PERMITTED']],
      ['Phan Thị Trong', null, ['nationalId:NOT_PERMITTED', 'phone:NOT_PERMITTED', 'email:NOT_PERMITTED', 'permanentAddress:NOT_PERMITTED']],
    ],
    'a viewer of U1 lists U1 members, without sensitive fields',
  );
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  t.same(await listed(secretary), [{ fullName: 'Phan Thị Trong', nationalId: '040190000001', phone: '0912000001', hiddenFields: [] }], 'a branch secretary sees their branch, fully');
  const inspector = await api.signInAs('INSPECTION_OFFICER', tree.P);
  t.same((await listed(inspector)).map((m: any) => [m.fullName, m.nationalId]), [['Phan Văn Bên', null], ['Phan Văn Ngoài', null], ['Phan Thị Trong', null]]);
  const own = await api.signInAs('VIEWER', tree.U2, { memberId: inG2 });
  t.same((await listed(own)).map((m: any) => [m.fullName, m.hiddenFields.length]), [['Phan Văn Bên', 0], ['Phan Văn Ngoài', 4]], 'a member sees their own record fully');

  const rest = await viewer.request({ method: 'GET', url: `/api/v1/members/${encodeURIComponent(memberGid(inB1))}` });
  t.same([rest.body.nationalId, rest.body.phone, rest.body.hiddenFields], [null, null, ['nationalId', 'phone', 'email', 'permanentAddress']]);
  const outside = await secretary.request({ method: 'GET', url: `/api/v1/members/${encodeURIComponent(memberGid(inG2))}` });
  t.same([outside.status, outside.body.code], [404, 'NOT_FOUND'], 'outside the subtree a member does not exist for the caller');

  const orgs = (await secretary.gql(`{ organizations(first: 100) { edges { node { code } } } }`)).body.data.organizations.edges.map((e: any) => e.node.code);
  t.same(orgs, ['B1', 'G1', 'P', 'U1'], 'the branch and the organisations above it');
  const counts = await viewer.gql(`query ($id: ID!) { organization(id: $id) { memberCounts { total } } }`, { id: orgGid(tree.P) });
  t.same(counts.body.data.organization.memberCounts, { total: 2 }, 'counts of the province cover only what the viewer may list');
  const adminCounts = await api.gql(`query ($id: ID!) { organization(id: $id) { memberCounts { total } } }`, { id: orgGid(tree.P) });
  t.same(adminCounts.body.data.organization.memberCounts, { total: 3 });

  const audit = await viewer.gql(`{ auditEvents { edges { node { action } } } }`);
  t.same(audit.body.errors[0].extensions, { code: 'FORBIDDEN' });
  const auditRest = await viewer.request({ method: 'GET', url: '/api/v1/audit-events' });
  t.same([auditRest.status, auditRest.body.code], [403, 'FORBIDDEN']);
});

t.test('the members list costs a viewer what it costs an administrator: scoping is in the query', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  for (let i = 0; i < 30; i++) await admitMember(api.app, [tree.B1, tree.B3][i % 2]!, tree.decision.id, { admittedOn: '2021-01-01' });
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const query = `{ members(first: 50) { edges { node { fullName phone organization { code ancestors { code } } } } } }`;
  const asAdmin = await api.countStatements(() => api.gql(query));
  const asViewer = await api.countStatements(() => viewer.gql(query));
  t.equal(asAdmin.result.body.data.members.edges.length, 30);
  t.equal(asViewer.result.body.data.members.edges.length, 15);
  t.equal(asViewer.statements, asAdmin.statements, `${asAdmin.statements} statements either way`);
});

t.test('idempotency keys belong to their caller; terms and events outside the subtree are not found', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const payload = { type: 'DECISION', number: '5-QĐ/ĐUK', issuedOn: '2024-01-01', issuerId: orgGid(tree.U1), title: 'Quyết định' };
  const first = await officer.request({ method: 'POST', url: '/api/v1/documents', payload, headers: { 'idempotency-key': 'shared-key' } });
  t.equal(first.status, 201);
  const other = await api.request({ method: 'POST', url: '/api/v1/documents', payload: { ...payload, number: '6-QĐ/ĐUK' }, headers: { 'idempotency-key': 'shared-key' } });
  t.same([other.status, other.body.number], [201, '6-QĐ/ĐUK'], 'the same key from another caller is another request');

  const term = await api.app.services.committees.openTerm({ organizationId: tree.B3, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const termGid = Buffer.from(`Term:${term.id}`).toString('base64');
  t.equal((await api.request({ method: 'GET', url: `/api/v1/terms/${encodeURIComponent(termGid)}` })).status, 200);
  t.equal((await officer.request({ method: 'GET', url: `/api/v1/terms/${encodeURIComponent(termGid)}` })).status, 404);

  const outsider = await admitMember(api.app, tree.B3, tree.decision.id, { admittedOn: '2021-01-01' });
  const [admission] = (await api.app.services.members.eventsOf([outsider])).get(outsider)!;
  const eventGid = Buffer.from(`MemberEvent:${admission!.id}`).toString('base64');
  t.same((await officer.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: eventGid })).body.data, { node: null });
  t.same((await api.gql(`query ($id: ID!) { node(id: $id) { id } }`, { id: eventGid })).body.data, { node: { id: eventGid } });
});

t.test('candidates and classes outside the subtree are not found either', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app);
  const candidate = await api.app.services.candidates.propose({ fullName: 'Người Ngoài', gender: 'MALE', dateOfBirth: '2000-01-01', organizationId: tree.B3, proposedOn: '2024-01-01' });
  const trainingClass = await api.app.services.candidates.createClass({ type: 'PARTY_AWARENESS', name: 'Lớp U2', organizerId: tree.U2, startsOn: '2024-02-01', endsOn: '2024-02-02' });
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const ids = [Buffer.from(`Candidate:${candidate.id}`).toString('base64'), Buffer.from(`TrainingClass:${trainingClass.id}`).toString('base64')];
  const query = `query ($ids: [ID!]!) { nodes(ids: $ids) { id } candidates { edges { node { id } } } trainingClasses { edges { node { id } } } }`;
  t.same((await viewer.gql(query, { ids })).body.data, { nodes: [null, null], candidates: { edges: [] }, trainingClasses: { edges: [] } });
  t.same((await api.gql(query, { ids })).body.data.nodes, [{ id: ids[0] }, { id: ids[1] }]);
});
