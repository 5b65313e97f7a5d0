import t, { type Test } from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from './factories.js';

const OPEN = `mutation ($input: OpenInspectionCaseInput!) { result: openInspectionCase(input: $input) {
  __typename ... on InspectionCasePayload { inspectionCase { id stage type subjects { organization { code } member { fullName } } team { name role } } }
  ... on Error { code message } ... on RuleViolationError { rule }
} }`;
const ADVANCE = `mutation ($input: AdvanceInspectionCaseInput!) { result: advanceInspectionCase(input: $input) {
  __typename ... on InspectionCasePayload { inspectionCase { stage decidedOn concludedOn violationFound gravity disciplineWarranted stages { stage occurredOn } } }
  ... on Error { code message }
} }`;
const RECORD = `mutation ($input: RecordDisciplineInput!) { result: recordDiscipline(input: $input) { __typename ... on DisciplinePayload { record { id form inspectionCase { id } } } ... on Error { code message } ... on RuleViolationError { rule } } }`;
const STATISTICS = `query ($o: ID!, $from: Date!, $to: Date!) { inspectionStatistics(organizationId: $o, from: $from, to: $to) {
  disciplinedMembers { form count } disciplinedMembersTotal disciplinedOrganizations { form count }
  memberSuspensions memberReinstatements organizationSuspensions organizationReinstatements
  inspectionsByType { type count } inspectionsTotal organizationsInspected membersInspected organizationsInspectedOnSigns membersInspectedOnSigns
  supervisionsByKind { kind count } complaintsByStatus { kind status count } complaintsOverdue
} }`;

async function setUp(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '2015-01-01');
  const B4 = (await api.app.services.organizations.establish({ code: 'B4', name: 'Chi bộ Kế toán', kindCode: 'BRANCH', sector: 'STATE_AGENCY', parentId: tree.G1, effectiveOn: '2015-01-01', decisionId: tree.decision.id }))
    .organizationIds[0]!;
  const official = async (organizationId: string, name: string) => {
    const id = await admitMember(api.app, organizationId, tree.decision.id, { fullName: name, admittedOn: '2016-01-01' });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2017-01-01', decisionId: tree.decision.id });
    return id;
  };
  return { api, tree, B4, official, d: docGid(tree.decision.id) };
}

t.test('inspection cases move through their stages in order; discipline follows a conclusion', async (t) => {
  const { api, tree, B4, official, d } = await setUp(t);
  const suspect = await official(tree.B1, 'Vũ Văn Dấu Hiệu');
  const plan = await api.gql(`mutation ($input: CreateInspectionPlanInput!) { result: createInspectionPlan(input: $input) { __typename ... on InspectionPlanPayload { plan { id year } } ... on Error { code } } }`, {
    input: { organizationId: orgGid(tree.U1), year: 2024, title: 'Chương trình kiểm tra, giám sát năm 2024', documentId: d },
  });
  const planId = plan.body.data.result.plan.id;
  const duplicate = await api.gql(`mutation ($input: CreateInspectionPlanInput!) { result: createInspectionPlan(input: $input) { __typename ... on Error { code } } }`, {
    input: { organizationId: orgGid(tree.U1), year: 2024, title: 'Lần hai' },
  });
  t.equal(duplicate.body.data.result.code, 'CONFLICT', 'one plan a year per committee');

  const open = (input: object) => api.gql(OPEN, { input: { authorityId: orgGid(tree.U1), type: 'PARTY_FINANCES', title: 'Kiểm tra tài chính', ...input } }).then((r) => r.body.data.result);
  const before = await api.snapshot();
  const refusals: [object, string][] = [
    [{ subjects: [{ organizationId: orgGid(tree.B1) }] }, 'neither planned nor decided'],
    [{ planId, subjects: [] }, 'no subject'],
    [{ planId, subjects: [{ organizationId: orgGid(tree.B3) }] }, 'a subject outside the committee'],
    [{ planId, subjects: [{ organizationId: orgGid(tree.B1), memberId: memberGid(suspect) }] }, 'both kinds in one subject'],
    [{ planId, subjects: [{ organizationId: orgGid(tree.B1) }, { organizationId: orgGid(tree.B1) }] }, 'a subject twice'],
    [{ decidedOn: '2024-02-01', decisionId: d, subjects: [{ organizationId: orgGid(tree.B1) }] }, 'a decision without its team'],
    [{ decidedOn: '2024-02-01', decisionId: d, team: [{ name: 'A', role: 'MEMBER' }], subjects: [{ organizationId: orgGid(tree.B1) }] }, 'a team without a leader'],
    [{ planId, decidedOn: '2025-02-01', decisionId: d, team: [{ name: 'A', role: 'LEADER' }], subjects: [{ organizationId: orgGid(tree.B1) }] }, 'decided outside the plan’s year'],
    [{ authorityId: orgGid(tree.B1), decidedOn: '2024-02-01', decisionId: d, team: [{ name: 'A', role: 'LEADER' }], subjects: [{ memberId: memberGid(suspect) }] }, 'a branch has no inspection committee'],
    [{ authorityId: orgGid(tree.G2), decidedOn: '2024-02-01', decisionId: d, team: [{ name: 'A', role: 'LEADER' }], subjects: [{ organizationId: orgGid(tree.G2) }] }, 'nor a grassroots branch'],
  ];
  for (const [input, why] of refusals) {
    const result = await open(input);
    t.not(result.__typename, 'InspectionCasePayload', `refused: ${why} (${result.code}${result.rule ? ` ${result.rule}` : ''})`);
  }
  t.equal((await open(refusals[2]![0])).rule, 'SUBJECT_OUTSIDE_AUTHORITY');
  t.match(await open(refusals[8]![0]), { rule: 'NO_INSPECTION_COMMITTEE', message: /B1 is a BRANCH, which has no inspection committee: inspection committees exist from the grassroots Party committee up \(Điều lệ Đảng Điều 32\)/ });
  t.equal((await open(refusals[9]![0])).rule, 'NO_INSPECTION_COMMITTEE');
  t.same(await api.snapshot(), before, 'nothing written by the refusals');

  const planned = await open({ planId, type: 'ON_SIGNS_OF_VIOLATION', title: 'Kiểm tra khi có dấu hiệu vi phạm', subjects: [{ organizationId: orgGid(B4) }, { memberId: memberGid(suspect) }] });
  t.equal(planned.inspectionCase.stage, 'PLANNED');
  t.same(planned.inspectionCase.subjects, [{ organization: { code: 'B4' }, member: null }, { organization: { code: 'B1' }, member: { fullName: 'Vũ Văn Dấu Hiệu' } }], 'a member is filed with their branch');
  const caseId = planned.inspectionCase.id;
  const advance = (input: object) => api.gql(ADVANCE, { input: { caseId, ...input } }).then((r) => r.body.data.result);

  const recordFromCase = (extra: object = {}) =>
    api.gql(RECORD, {
      input: { memberId: memberGid(suspect), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2023-10-01', decidedOn: '2024-03-20', decisionId: d, authorityId: orgGid(tree.U1), inspectionCaseId: caseId, ...extra },
    }).then((r) => r.body.data.result);
  t.equal((await recordFromCase()).rule, 'INSPECTION_NOT_CONCLUDED', 'no discipline before the conclusion');

  const stepBefore = await api.snapshot();
  t.equal((await advance({ stage: 'IN_PROGRESS', occurredOn: '2024-01-20' })).code, 'INVALID_TRANSITION', 'a stage cannot be skipped');
  t.equal((await advance({ stage: 'DECIDED', occurredOn: '2024-01-15' })).code, 'VALIDATION_FAILED', 'a decision needs its document and team');
  t.same(await api.snapshot(), stepBefore, 'nothing written');
  t.equal((await advance({ stage: 'DECIDED', occurredOn: '2024-01-15', documentId: d, team: [{ name: 'Nguyễn Kiểm Tra', role: 'LEADER' }, { name: 'Trần Thành Viên', role: 'MEMBER' }] })).inspectionCase.stage, 'DECIDED');
  t.equal((await advance({ stage: 'DECIDED', occurredOn: '2024-01-16', documentId: d })).code, 'INVALID_TRANSITION', 'a stage is not repeated');
  t.equal((await advance({ stage: 'IN_PROGRESS', occurredOn: '2024-01-10' })).code, 'VALIDATION_FAILED', 'a stage does not come before the previous one');
  await advance({ stage: 'IN_PROGRESS', occurredOn: '2024-01-22' });
  t.match(await advance({ stage: 'REPORTED', occurredOn: '2024-02-26' }), { code: 'INVALID_TRANSITION', message: /its next stage is SELF_REPORTED \(ON_SIGNS_OF_VIOLATION: PLANNED → DECIDED → IN_PROGRESS → SELF_REPORTED → VERIFIED → REPORTED → CONCLUDED → NOTIFIED, Quy định 22-QĐ\/TW/ }, 'the subjects report on themselves first');
  await advance({ stage: 'SELF_REPORTED', occurredOn: '2024-02-01', note: 'Đối tượng tự báo cáo, giải trình' });
  await advance({ stage: 'VERIFIED', occurredOn: '2024-02-20', note: 'Thẩm tra, xác minh' });
  await advance({ stage: 'REPORTED', occurredOn: '2024-02-26' });
  t.equal((await advance({ stage: 'CONCLUDED', occurredOn: '2024-03-05', documentId: d, conclusion: { violationFound: true, summary: 'Có vi phạm' } })).code, 'VALIDATION_FAILED', 'a violation found needs its gravity');
  t.equal((await advance({ stage: 'CONCLUDED', occurredOn: '2024-03-05', documentId: d, conclusion: { violationFound: false, gravity: 'SERIOUS', summary: 'x' } })).code, 'VALIDATION_FAILED', 'no gravity without a violation');
  const concluded = await advance({ stage: 'CONCLUDED', occurredOn: '2024-03-05', documentId: d, conclusion: { violationFound: true, gravity: 'LESS_SERIOUS', disciplineWarranted: true, summary: 'Có vi phạm đến mức phải xử lý kỷ luật' } });
  t.match(concluded.inspectionCase, { stage: 'CONCLUDED', decidedOn: '2024-01-15', concludedOn: '2024-03-05', violationFound: true, gravity: 'LESS_SERIOUS', disciplineWarranted: true });
  t.equal((await advance({ stage: 'CONCLUDED', occurredOn: '2024-03-06' })).code, 'INVALID_TRANSITION', 'a stage is not repeated');
  t.equal((await advance({ stage: 'NOTIFIED', occurredOn: '2024-03-06' })).code, 'VALIDATION_FAILED', 'the notice of the conclusion is a document');
  const notified = await advance({ stage: 'NOTIFIED', occurredOn: '2024-03-07', documentId: d });
  t.same(notified.inspectionCase.stages.map((s: { stage: string }) => s.stage), ['PLANNED', 'DECIDED', 'IN_PROGRESS', 'SELF_REPORTED', 'VERIFIED', 'REPORTED', 'CONCLUDED', 'NOTIFIED'], 'every step kept');
  t.match(await advance({ stage: 'NOTIFIED', occurredOn: '2024-03-08', documentId: d }), { code: 'INVALID_TRANSITION', message: /the procedure is complete/ }, 'nothing after the notice');

  const outsider = await official(tree.B2, 'Không Bị Kiểm Tra');
  t.equal((await recordFromCase({ memberId: memberGid(outsider) })).code, 'VALIDATION_FAILED', 'discipline from a case is for one of its subjects');
  t.equal((await recordFromCase({ decidedOn: '2024-03-01' })).code, 'VALIDATION_FAILED', 'and comes after its conclusion');
  const followed = await recordFromCase();
  t.equal(followed.record.inspectionCase.id, caseId);
  const rest = await api.request({ method: 'GET', url: `/api/v1/inspection-cases/${caseId}` });
  t.equal(rest.status, 200);
  t.same(rest.body.disciplineRecordIds, [followed.record.id], 'the case lists the discipline that followed');
  t.equal(rest.body.team[0].name, 'Nguyễn Kiểm Tra');

  // Supervision: thematic only by plan; findings once.
  const start = (input: object) =>
    api.gql(`mutation ($input: StartSupervisionInput!) { result: startSupervision(input: $input) { __typename ... on SupervisionPayload { supervision { id kind } } ... on Error { code } } }`, {
      input: { authorityId: orgGid(tree.U1), kind: 'THEMATIC', topic: 'Thực hiện Quy định 08', startsOn: '2024-04-01', subjects: [{ organizationId: orgGid(tree.G1) }], ...input },
    }).then((r) => r.body.data.result);
  t.equal((await start({})).code, 'VALIDATION_FAILED', 'thematic supervision follows a plan');
  const supervision = await start({ planId });
  const conclude = () =>
    api.request({ method: 'POST', url: `/api/v1/supervisions/${supervision.supervision.id}/conclude`, payload: { concludedOn: '2024-05-10', findings: 'Có dấu hiệu vi phạm', signsOfViolation: true } });
  const early = await api.request({ method: 'POST', url: `/api/v1/supervisions/${supervision.supervision.id}/conclude`, payload: { concludedOn: '2024-03-31', findings: 'x', signsOfViolation: false } });
  t.equal(early.status, 400, 'findings come after the start');
  t.equal((await conclude()).status, 200);
  t.equal((await conclude()).body.code, 'INVALID_TRANSITION', 'concluded once');
  t.equal((await start({ kind: 'REGULAR' })).__typename, 'SupervisionPayload', 'regular supervision needs no plan');

  // Only inspection officers and administrators; a VIEWER reads no case.
  const viewer = await api.signInAs('VIEWER', tree.U1);
  t.equal((await viewer.request({ method: 'GET', url: `/api/v1/inspection-cases/${caseId}` })).status, 403);
  const officerElsewhere = await api.signInAs('INSPECTION_OFFICER', tree.U2);
  const snapshot = await api.snapshot();
  t.equal((await officerElsewhere.gql(OPEN, { input: { authorityId: orgGid(tree.U1), type: 'PARTY_FINANCES', title: 'x', planId, subjects: [{ organizationId: orgGid(tree.B1) }] } })).body.data.result.code, 'FORBIDDEN');
  t.same(await api.snapshot(), snapshot);
});

t.test('organisations are suspended for at most 90 days; suspensions past their end are listed', async (t) => {
  const { api, tree, B4, official, d } = await setUp(t);
  const suspend = (payload: object) => api.request({ method: 'POST', url: `/api/v1/organizations/${orgGid(B4)}/suspensions`, payload: { startsOn: '2024-01-10', reason: 'Mất đoàn kết nghiêm trọng', decisionId: d, ...payload } });
  const before = await api.snapshot();
  const tooLong = await suspend({ endsOn: '2024-04-10' });
  t.equal(tooLong.status, 422);
  t.equal(tooLong.body.rule, 'SUSPENSION_LIMIT');
  t.match(tooLong.body.detail, /until 2024-04-09/, 'the error names the last day allowed');
  t.equal((await suspend({ endsOn: '2024-01-09' })).status, 400, 'ends before it begins');
  t.same(await api.snapshot(), before, 'nothing written');
  const suspended = await suspend({ endsOn: '2024-04-09' });
  t.equal(suspended.status, 201, '90 days: the most allowed');
  t.equal((await suspend({ startsOn: '2024-02-01' })).status, 409, 'one suspension at a time');

  // A member suspended for 90 days and not reinstated is overdue too.
  const member = await official(tree.B1, 'Đinh Văn Đình Chỉ');
  await api.app.services.members.recordEvent(member, 'SUSPENDED', { occurredOn: '2024-01-02', decisionId: tree.decision.id });
  const overdue = async (asOf: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/overdue-suspensions?asOf=${asOf}` })).body.items;
  t.same(await overdue('2024-04-01'), [], 'none before the ends');
  t.match(await overdue('2024-04-10'), [
    { subject: 'MEMBER', memberId: memberGid(member), startsOn: '2024-01-02', endsOn: '2024-04-01', daysOverdue: 9 },
    { subject: 'ORGANIZATION', organizationId: orgGid(B4), endsOn: '2024-04-09', daysOverdue: 1 },
  ]);
  const reinstateBefore = await api.snapshot();
  const tooEarly = await api.request({ method: 'POST', url: `/api/v1/organization-suspensions/${suspended.body.id}/reinstate`, payload: { reinstatedOn: '2024-01-10', decisionId: d } });
  t.equal(tooEarly.status, 400, 'reinstated after the first day');
  t.same(await api.snapshot(), reinstateBefore, 'nothing written');
  const reinstated = await api.request({ method: 'POST', url: `/api/v1/organization-suspensions/${suspended.body.id}/reinstate`, payload: { reinstatedOn: '2024-04-10', decisionId: d } });
  t.equal(reinstated.body.reinstatedOn, '2024-04-10');
  await api.app.services.members.recordEvent(member, 'REINSTATED', { occurredOn: '2024-04-12', decisionId: tree.decision.id });
  t.same(await overdue('2024-04-12'), [], 'reinstated: no longer overdue');
  t.equal((await api.request({ method: 'POST', url: `/api/v1/organization-suspensions/${suspended.body.id}/reinstate`, payload: { reinstatedOn: '2024-04-11', decisionId: d } })).status, 409, 'reinstated once');
  const list = await api.gql(`query ($o: ID!) { organizationSuspensions(organizationId: $o) { startsOn endsOn reinstatedOn } }`, { o: orgGid(B4) });
  t.same(list.body.data.organizationSuspensions, [{ startsOn: '2024-01-10', endsOn: '2024-04-09', reinstatedOn: '2024-04-10' }]);
});

t.test('Q1 2024 of the agencies’ bloc: 10 disciplined (2 reprimands, 8 expulsions), 2 suspended, 3 reinstated, inspections at 5 units, 1 organisation and 3 members on signs of violation', async (t) => {
  const { api, tree, B4, official } = await setUp(t);
  const services = api.app.services;
  const discipline = (memberId: string, form: 'REPRIMAND' | 'EXPULSION', decidedOn: string, inspectionCaseId: string | null = null, authorityId = tree.U1) =>
    services.discipline.record({ memberId, form, category: 'GENERAL', violationSummary: 'Vi phạm', violatedOn: '2023-09-01', decidedOn, decisionId: tree.decision.id, authorityId, inspectionCaseId });
  const event = (memberId: string, type: 'SUSPENDED' | 'REINSTATED', occurredOn: string) => services.members.recordEvent(memberId, type, { occurredOn, decisionId: tree.decision.id });
  const team = [{ name: 'Trưởng Đoàn', role: 'LEADER' as const }];
  const open = (type: 'ON_SIGNS_OF_VIOLATION' | 'INSPECTION_SUPERVISION_WORK' | 'DISCIPLINE_ENFORCEMENT' | 'PARTY_FINANCES', subjects: { organizationId?: string; memberId?: string }[], decidedOn: string | null, authorityId = tree.U1, planId: string | null = null) =>
    services.inspections.openCase({ authorityId, type, title: type, subjects, planId, decidedOn, decisionId: decidedOn ? tree.decision.id : null, team: decidedOn ? team : null });

  // Inspections decided in Q1 by the bloc's committee: 4 units, and on signs of violation 1 organisation and 3 members.
  await open('INSPECTION_SUPERVISION_WORK', [{ organizationId: tree.G1 }], '2024-01-15');
  await open('DISCIPLINE_ENFORCEMENT', [{ organizationId: tree.G2 }], '2024-02-05');
  await open('PARTY_FINANCES', [{ organizationId: tree.B1 }], '2024-02-20');
  await open('PARTY_FINANCES', [{ organizationId: tree.B2 }, { organizationId: tree.B1 }], '2024-03-12');
  const suspects = [await official(tree.B1, 'Nghi Vấn Một'), await official(tree.B2, 'Nghi Vấn Hai'), await official(B4, 'Nghi Vấn Ba')];
  const onSigns = await open('ON_SIGNS_OF_VIOLATION', [{ organizationId: B4 }, ...suspects.map((memberId) => ({ memberId }))], '2024-01-08');
  for (const [stage, on] of [['IN_PROGRESS', '2024-01-10'], ['SELF_REPORTED', '2024-01-20'], ['VERIFIED', '2024-01-25'], ['REPORTED', '2024-02-01']] as const) {
    await services.inspections.advanceCase({ caseId: onSigns.id, stage, occurredOn: on });
  }
  await services.inspections.advanceCase({ caseId: onSigns.id, stage: 'CONCLUDED', occurredOn: '2024-02-15', documentId: tree.decision.id, conclusion: { violationFound: true, gravity: 'SERIOUS', disciplineWarranted: true, summary: 'Có vi phạm' } });
  // Not in the figures: a case of Q2, one only planned, one by the other bloc.
  const plan = await services.inspections.createPlan({ organizationId: tree.U1, year: 2024, title: 'Kế hoạch 2024' });
  await open('PARTY_FINANCES', [{ organizationId: tree.G2 }], '2024-04-02');
  await open('PARTY_FINANCES', [{ organizationId: tree.G1 }], null, tree.U1, plan.id);
  await open('PARTY_FINANCES', [{ organizationId: tree.B3 }], '2024-02-02', tree.U2);

  // Discipline: 2 reprimands (one following the inspection) and 8 expulsions in Q1.
  await discipline(suspects[0]!, 'REPRIMAND', '2024-03-01', onSigns.id);
  await discipline(await official(tree.B2, 'Khiển Trách Hai'), 'REPRIMAND', '2024-03-29');
  for (let i = 1; i <= 8; i++) await discipline(await official(i % 2 ? tree.B1 : B4, `Khai Trừ ${i}`), 'EXPULSION', `2024-0${1 + (i % 3)}-1${i % 10}`);
  // Not in the figures: the other bloc, and April.
  await discipline(await official(tree.B3, 'Khối Khác'), 'REPRIMAND', '2024-02-01', null, tree.U2);
  await discipline(await official(tree.B1, 'Tháng Tư'), 'REPRIMAND', '2024-04-01');

  // Suspensions: 3 from November 2023 reinstated in Q1; 2 suspended in Q1.
  for (const [i, reinstatedOn] of ['2024-01-20', '2024-02-10', '2024-02-12'].entries()) {
    const member = await official(tree.B1, `Phục Hồi ${i}`);
    await event(member, 'SUSPENDED', '2023-11-15');
    await event(member, 'REINSTATED', reinstatedOn);
  }
  for (const name of ['Đình Chỉ Một', 'Đình Chỉ Hai']) await event(await official(B4, name), 'SUSPENDED', '2024-03-01');
  await event(await official(tree.B3, 'Đình Chỉ Khối Khác'), 'SUSPENDED', '2024-03-01');

  const { result, statements } = await api.countStatements(() => api.gql(STATISTICS, { o: orgGid(tree.U1), from: '2024-01-01', to: '2024-03-31' }));
  t.same(result.body.data.inspectionStatistics, {
    disciplinedMembers: [
      { form: 'REPRIMAND', count: 2 },
      { form: 'EXPULSION', count: 8 },
    ],
    disciplinedMembersTotal: 10,
    disciplinedOrganizations: [],
    memberSuspensions: 2,
    memberReinstatements: 3,
    organizationSuspensions: 0,
    organizationReinstatements: 0,
    inspectionsByType: [
      { type: 'ON_SIGNS_OF_VIOLATION', count: 1 },
      { type: 'INSPECTION_SUPERVISION_WORK', count: 1 },
      { type: 'DISCIPLINE_ENFORCEMENT', count: 1 },
      { type: 'PARTY_FINANCES', count: 2 },
    ],
    inspectionsTotal: 5,
    organizationsInspected: 5,
    membersInspected: 3,
    organizationsInspectedOnSigns: 1,
    membersInspectedOnSigns: 3,
    supervisionsByKind: [],
    complaintsByStatus: [],
    complaintsOverdue: 0,
  });
  // The same figures through REST; the whole province costs the same statements as the bloc.
  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/inspection-statistics?from=2024-01-01&to=2024-03-31` });
  t.match(rest.body, { organizationsInspected: 5, membersInspectedOnSigns: 3, memberSuspensions: 2, memberReinstatements: 3 });
  const province = await api.countStatements(() => api.gql(STATISTICS, { o: orgGid(tree.P), from: '2024-01-01', to: '2024-03-31' }));
  t.equal(province.result.body.data.inspectionStatistics.disciplinedMembersTotal, 11, 'the province adds the other bloc');
  t.equal(province.statements, statements, `the same number of statements for any subtree (${statements})`);
  t.equal(statements, 3, 'statistics: 3 statements (the caller, the path, the figures)');
  const viewer = await api.signInAs('VIEWER', tree.U1);
  t.equal((await viewer.gql(STATISTICS, { o: orgGid(tree.U1), from: '2024-01-01', to: '2024-03-31' })).body.data.inspectionStatistics.disciplinedMembersTotal, 10, 'a VIEWER reads the counts');
  t.equal((await viewer.gql(STATISTICS, { o: orgGid(tree.U2), from: '2024-01-01', to: '2024-03-31' })).body.errors[0].extensions.code, 'FORBIDDEN', 'within their subtree only');
});
