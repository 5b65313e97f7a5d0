/**
 * Relay refetching (issue 15): the types that gained `Node` are fetched back by their global id
 * through `node(id:)`, with the same id as everywhere else; outside the caller's scope a record
 * is null, as one that does not exist.
 */
import t from 'tap';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';
import { toGlobalId } from '../src/shared/ids.js';

const NODE = `query ($id: ID!) { node(id: $id) { __typename id
  ... on DisciplineRecord { form }
  ... on InspectionCase { title }
  ... on Complaint { summary }
  ... on RegulationValue { key }
  ... on CommendationAuthority { organizationKind }
  ... on DisciplineAuthority { organizationKind }
  ... on OrganizationSuspension { reason }
  ... on InspectionPlan { title }
  ... on Supervision { topic }
  ... on Commendation { reason }
} }`;

t.test('node(id:) refetches discipline records, inspection cases, letters and the dated catalogues', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const d = docGid(tree.decision.id);
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  await api.app.services.members.recordEvent(member, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
  const record = (await api.gql(`mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { ... on DisciplinePayload { record { id } } ... on Error { code message } } }`, {
    input: { memberId: memberGid(member), form: 'WARNING', category: 'GENERAL', violationSummary: 'Vi phạm quy định', violatedOn: '2025-06-01', decidedOn: '2025-12-15', decisionId: d, authorityId: orgGid(tree.U1) },
  })).body.data.result.record.id as string;
  const letter = (await api.gql(`mutation ($input: ReceiveComplaintInput!) { result: receiveComplaint(input: $input) { ... on ComplaintPayload { complaint { id } } ... on Error { code message } } }`, {
    input: { kind: 'APPEAL', handlerId: orgGid(tree.P), disciplineRecordId: record, notifiedOn: '2025-12-16', receivedOn: '2025-12-30', summary: 'Đề nghị xem xét lại', sender: { name: 'Lê Văn Khiếu', address: 'Hà Nội' }, signed: true },
  })).body.data.result.complaint.id as string;
  const inspection = await api.app.services.inspections.openCase({ authorityId: tree.U1, type: 'ON_SIGNS_OF_VIOLATION', title: 'Kiểm tra khi có dấu hiệu vi phạm', subjects: [{ organizationId: tree.G1 }], planId: null, decidedOn: '2025-03-03', decisionId: tree.decision.id, team: [{ name: 'Trưởng Đoàn', role: 'LEADER' }] });
  const catalogues = (await api.gql(`{ regulationRules { values { id } } commendationAuthorities { id } disciplineAuthorities { id } }`)).body.data;
  const inspectionId = toGlobalId('InspectionCase', inspection.id);
  const { services } = api.app;
  const suspension = await services.discipline.suspendOrganization({ organizationId: tree.G2, startsOn: '2025-01-10', reason: 'Mất đoàn kết nội bộ', decisionId: tree.decision.id });
  const plan = await services.inspections.createPlan({ organizationId: tree.U1, year: 2025, title: 'Kế hoạch kiểm tra, giám sát năm 2025' });
  const supervision = await services.inspections.startSupervision({ authorityId: tree.U1, kind: 'REGULAR', topic: 'Giám sát thường xuyên', startsOn: '2025-02-03', subjects: [{ organizationId: tree.G1 }] });
  const [commendation] = await services.commendations.record({ awardedById: tree.U1, decisionId: tree.decision.id, rows: [{ organizationId: tree.G1, form: 'CERTIFICATE_OF_MERIT', reason: 'Hoàn thành xuất sắc nhiệm vụ năm 2019', fromYear: 2019 }] });

  const expected: [string, string, Record<string, unknown>][] = [
    [record, 'DisciplineRecord', { form: 'WARNING' }],
    [letter, 'Complaint', { summary: 'Đề nghị xem xét lại' }],
    [inspectionId, 'InspectionCase', { title: 'Kiểm tra khi có dấu hiệu vi phạm' }],
    [catalogues.regulationRules[0].values[0].id, 'RegulationValue', { key: 'calendar.public_holidays' }],
    [catalogues.commendationAuthorities[0].id, 'CommendationAuthority', {}],
    [catalogues.disciplineAuthorities[0].id, 'DisciplineAuthority', {}],
    [toGlobalId('OrganizationSuspension', suspension.id), 'OrganizationSuspension', { reason: 'Mất đoàn kết nội bộ' }],
    [toGlobalId('InspectionPlan', plan.id), 'InspectionPlan', { title: 'Kế hoạch kiểm tra, giám sát năm 2025' }],
    [toGlobalId('Supervision', supervision.id), 'Supervision', { topic: 'Giám sát thường xuyên' }],
    [toGlobalId('Commendation', commendation!.id), 'Commendation', { reason: 'Hoàn thành xuất sắc nhiệm vụ năm 2019' }],
  ];
  for (const [id, type, fields] of expected) {
    const { body } = await api.gql(NODE, { id });
    t.notOk(body.errors, `${type}: ${JSON.stringify(body.errors)}`);
    t.match(body.data.node, { __typename: type, id, ...fields }, `${type} refetched by its id`);
  }

  // An inspection officer of another bloc: the same ids are simply not there.
  const other = await api.signInAs('INSPECTION_OFFICER', tree.U2);
  for (const [id, type] of expected.filter(([, type]) => !type.endsWith('Authority') && type !== 'RegulationValue' && type !== 'Commendation')) {
    const { body } = await other.gql(NODE, { id });
    t.same(body.data, { node: null }, `${type} of another subtree: null, not a refusal`);
  }
});

const NODE_MORE = `query ($id: ID!) { node(id: $id) { __typename id
  ... on ClassAttendance { result }
  ... on MassOrganization { name }
  ... on IndicatorTarget { indicatorCode targetValue period }
  ... on SeriousIllnessCertification { evidence }
  ... on User { username grants { id role } apiKeys { id name } }
  ... on RoleGrant { role }
  ... on ApiKey { name prefix }
  ... on AuditEvent { action entityType entityId actorId }
} }`;

t.test('every id is a global id: attendances, mass organisations, targets, certifications, users, grants, API keys and audit events are Nodes', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const { services } = api.app;
  const member = await admitMember(api.app, tree.B1, tree.decision.id, { admittedOn: '2016-01-01' });
  const trainingClass = await services.candidates.createClass({ type: 'NEW_MEMBER', name: 'Lớp đảng viên mới', organizerId: tree.U1, startsOn: '2025-03-01', endsOn: '2025-03-05' });
  const [attendance] = await services.candidates.enroll({ classId: trainingClass.id, memberIds: [member] });
  const mass = await services.massOrganizations.create({ organizationId: tree.G1, type: 'TRADE_UNION', name: 'Công đoàn cơ sở' });
  const target = await services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'MEMBERS_ADMITTED', period: { year: 2025 }, targetValue: 40, resolutionId: tree.decision.id });
  const certification = await services.partyBadges.certifySeriousIllness({ memberId: member, certifiedOn: '2025-01-10', evidence: 'Giấy xác nhận số 12/BV' });
  const created = await api.gql(`mutation { user: createUser(input: { username: "can-bo-khoi", displayName: "Cán bộ khối" }) { ... on User { id } } }`);
  const userId = created.body.data.user.id as string;
  const granted = await api.gql(`mutation ($u: ID!, $o: ID!) { grant: grantRole(input: { userId: $u, role: VIEWER, organizationId: $o }) { ... on RoleGrant { id } } key: createApiKey(input: { userId: $u, name: "Báo cáo" }) { ... on ApiKeyPayload { key apiKey { id prefix } } } }`, { u: userId, o: orgGid(tree.U1) });
  const { grant, key } = granted.body.data;
  const audit = await api.gql(`{ auditEvents(first: 1, filter: { entityType: "ApiKey" }) { edges { node { id entityId actorId } } } }`);
  const event = audit.body.data.auditEvents.edges[0].node;
  t.equal(event.entityId, key.apiKey.id, 'the audit trail names what changed by the same global id');

  const expected: [string, string, Record<string, unknown>][] = [
    [toGlobalId('ClassAttendance', attendance!.id), 'ClassAttendance', { result: 'ENROLLED' }],
    [toGlobalId('MassOrganization', mass.id), 'MassOrganization', { name: 'Công đoàn cơ sở' }],
    [toGlobalId('IndicatorTarget', target.id), 'IndicatorTarget', { indicatorCode: 'MEMBERS_ADMITTED', targetValue: 40, period: '2025' }],
    [toGlobalId('SeriousIllnessCertification', certification.id), 'SeriousIllnessCertification', { evidence: 'Giấy xác nhận số 12/BV' }],
    [userId, 'User', { username: 'can-bo-khoi', grants: [{ id: grant.id, role: 'VIEWER' }], apiKeys: [{ id: key.apiKey.id, name: 'Báo cáo' }] }],
    [grant.id, 'RoleGrant', { role: 'VIEWER' }],
    [key.apiKey.id, 'ApiKey', { name: 'Báo cáo', prefix: key.apiKey.prefix }],
    [event.id, 'AuditEvent', { action: 'apiKey.create', entityType: 'ApiKey', entityId: key.apiKey.id, actorId: event.actorId }],
  ];
  for (const [id, type, fields] of expected) {
    const { body } = await api.gql(NODE_MORE, { id });
    t.notOk(body.errors, `${type}: ${JSON.stringify(body.errors)}`);
    t.same(body.data.node, { __typename: type, id, ...fields }, `${type} refetched by its id`);
  }
  t.ok(event.actorId && (await api.gql(NODE_MORE, { id: event.actorId })).body.data.node.__typename === 'User', 'the actor of an audit event is a User node');

  // REST answers with the same ids and takes them back.
  const users = await api.request({ method: 'GET', url: '/api/v1/users' });
  const listed = users.body.items.find((u: { username: string }) => u.username === 'can-bo-khoi');
  t.same([listed.id, listed.grants[0].id, listed.apiKeys[0].id], [userId, grant.id, key.apiKey.id], 'REST lists users, grants and keys by their global ids');
  const revoked = await api.request({ method: 'POST', url: `/api/v1/api-keys/${encodeURIComponent(key.apiKey.id)}/revoke` });
  t.same([revoked.status, revoked.body.id, typeof revoked.body.revokedAt], [200, key.apiKey.id, 'string']);
  const result = await api.request({ method: 'POST', url: `/api/v1/class-attendances/${encodeURIComponent(toGlobalId('ClassAttendance', attendance!.id))}/result`, payload: { result: 'COMPLETED' } });
  t.same([result.status, result.body.id, result.body.result], [200, toGlobalId('ClassAttendance', attendance!.id), 'COMPLETED']);
  const raw = await api.request({ method: 'POST', url: `/api/v1/api-keys/${attendance!.id}/revoke` });
  t.same([raw.status, raw.body.code], [400, 'VALIDATION_FAILED'], 'a raw database id is not taken');

  // Another bloc's administrator: the user (granted in U1) and its grant and key are not there.
  const other = await api.signInAs('ADMIN', tree.U2);
  for (const [id, type] of expected.filter(([, type]) => ['User', 'RoleGrant', 'ApiKey', 'ClassAttendance', 'MassOrganization', 'IndicatorTarget', 'SeriousIllnessCertification'].includes(type))) {
    const { body } = await other.gql(NODE_MORE, { id });
    t.same(body.data, { node: null }, `${type} of another subtree: null, not a refusal`);
  }

  // An id of the wrong shape is the client's error, told before any lookup.
  const statements = await api.countStatements(() => api.gql(NODE_MORE, { id: Buffer.from('Member:not-a-uuid').toString('base64') }));
  t.match(statements.result.body.errors[0], { extensions: { code: 'VALIDATION_FAILED' } });
  const baseline = await api.countStatements(() => api.gql('{ __typename }'));
  t.equal(statements.statements, baseline.statements, 'nothing is sent to the database beyond the sign-in check every request makes');
});
