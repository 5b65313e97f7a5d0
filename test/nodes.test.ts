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
