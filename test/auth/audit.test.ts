import t from 'tap';
import { buildTestApp } from '../helper.js';
import { admitMember, buildTree, docGid, memberGid, orgGid } from '../factories.js';

t.test('every mutation writes exactly one audit event, in its transaction', async (t) => {
  const api = await buildTestApp(t);
  const { app, gql } = api;
  // The tree exists from 1990, so that a member can have the 30 years of party age a badge needs.
  const tree = await buildTree(app, '1990-01-01');
  const d = docGid(tree.decision.id);
  const m = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '2020-01-01' });
  const veteran = await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '1991-06-01', dateOfBirth: '1960-01-01' });
  await app.services.members.recordEvent(veteran, 'RECOGNIZED_OFFICIAL', { occurredOn: '1992-06-01', decisionId: tree.decision.id });
  const mutate = async (mutation: string, input: object, select = '__typename') => {
    const { body } = await gql(`mutation ($input: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { result: ${mutation}(input: $input) { __typename ${select === '__typename' ? '' : select} ... on Error { code message } } }`, { input });
    return body.data.result;
  };
  const audited = async () => app.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });

  const steps: [string, string, () => Promise<any>][] = [];
  const step = (name: string, action: string, run: () => Promise<any>) => steps.push([name, action, run]);
  const created: any = {};
  step('establishOrganization', 'organization.establish', async () => (created.org = await mutate('establishOrganization', { organization: { code: 'B9', name: 'Chi bộ Chín', kind: 'BRANCH', sector: 'STATE_AGENCY', parentId: orgGid(tree.G1) }, effectiveOn: '2021-01-01', decisionId: d }, '... on OrganizationEventPayload { organization { id } }')));
  step('renameOrganization', 'organization.rename', () => mutate('renameOrganization', { organizationId: orgGid(tree.B2), name: 'Chi bộ Thanh tra tỉnh', effectiveOn: '2021-02-01', decisionId: d }));
  step('moveOrganization', 'organization.move', () => mutate('moveOrganization', { organizationId: created.org.organization.id, newParentId: orgGid(tree.G3), effectiveOn: '2021-03-01', decisionId: d }));
  step('mergeOrganizations', 'organization.merge', () => mutate('mergeOrganizations', { sourceIds: [created.org.organization.id], targetId: orgGid(tree.B3), effectiveOn: '2021-04-01', decisionId: d }));
  step('splitOrganization', 'organization.split', () => mutate('splitOrganization', { sourceId: orgGid(tree.U2), sourceContinues: true, parts: [{ organization: { code: 'U9', name: 'Đảng bộ tách', kind: 'UPPER_GRASSROOTS_COMMITTEE', sector: 'PARTY_AGENCY' }, childIds: [] }], effectiveOn: '2021-05-01', decisionId: d }));
  step('dissolveOrganization', 'organization.dissolve', () => mutate('dissolveOrganization', { organizationId: orgGid(tree.B2), effectiveOn: '2021-06-01', decisionId: d }));
  step('createDocument', 'document.create', () => mutate('createDocument', { type: 'PLAN', number: '12-KH/TU', issuedOn: '2021-07-01', issuerId: orgGid(tree.P), title: 'Kế hoạch' }));
  step('admitMember', 'member.admit', () => mutate('admitMember', { person: { fullName: 'Đinh Văn Kết', gender: 'MALE', dateOfBirth: '1995-01-01', phone: '0912345678' }, organizationId: orgGid(tree.B1), admittedOn: '2021-07-01', decisionId: d }));
  step('updateMember', 'member.update', () => mutate('updateMember', { memberId: memberGid(m), phone: '0987654321', hometown: 'Nam Đàn' }));
  step('recognizeMemberOfficial', 'member.recognized_official', () => mutate('recognizeMemberOfficial', { memberId: memberGid(m), occurredOn: '2021-01-05', decisionId: d }));
  step('suspendMember', 'member.suspended', () => mutate('suspendMember', { memberId: memberGid(m), occurredOn: '2021-08-01', decisionId: d }));
  step('reinstateMember', 'member.reinstated', () => mutate('reinstateMember', { memberId: memberGid(m), occurredOn: '2021-09-01', decisionId: d }));
  step('openTerm', 'term.open', async () => (created.term = await mutate('openTerm', { organizationId: orgGid(tree.B1), name: '2020–2025', startsOn: '2021-07-01', endsOn: '2025-07-01', congressOn: '2021-06-20' }, '... on TermPayload { term { id } }')));
  step('appointCommitteeMember', 'committee.appoint', async () => (created.position = await mutate('appointCommitteeMember', { termId: created.term.term.id, memberId: memberGid(m), role: 'SECRETARY', startsOn: '2021-10-01' }, '... on CommitteePositionPayload { position { id } }')));
  step('endCommitteePosition', 'committee.end', () => mutate('endCommitteePosition', { positionId: created.position.position.id, endsOn: '2022-01-01' }));
  step('proposeCandidate', 'candidate.propose', async () => (created.candidate = await mutate('proposeCandidate', { fullName: 'Hà Thị Ưu', gender: 'FEMALE', dateOfBirth: '2000-02-02', organizationId: orgGid(tree.B1), proposedOn: '2022-01-01' }, '... on CandidatePayload { candidate { id } }')));
  step('createTrainingClass', 'class.create', async () => (created.class = await mutate('createTrainingClass', { type: 'PARTY_AWARENESS', name: 'Lớp 1', organizerId: orgGid(tree.U1), startsOn: '2022-02-01', endsOn: '2022-02-03' }, '... on TrainingClassPayload { trainingClass { id attendees { id } } }')));
  step('enrollInClass', 'class.enroll', async () => (created.enrolled = await mutate('enrollInClass', { classId: created.class.trainingClass.id, candidateIds: [created.candidate.candidate.id] }, '... on TrainingClassPayload { trainingClass { attendees { id } } }')));
  step('recordClassResult', 'class.result', () => mutate('recordClassResult', { attendanceId: created.enrolled.trainingClass.attendees[0].id, result: 'COMPLETED' }));
  step('withdrawCandidate', 'candidate.withdraw', () => mutate('withdrawCandidate', { candidateId: created.candidate.candidate.id }));
  step('setIndicatorTarget', 'indicator.target', () => mutate('setIndicatorTarget', { organizationId: orgGid(tree.U1), indicatorCode: 'TASKS_COMPLETED', period: { year: 2022 }, targetValue: 90, resolutionId: d }));
  step('enterIndicatorValues', 'indicator.values', () => mutate('enterIndicatorValues', { rows: [{ organizationId: orgGid(tree.U1), indicatorCode: 'TASKS_COMPLETED', period: { year: 2022 }, numerator: 9, denominator: 10 }] }));
  step('recordRatings', 'rating.batch', () => mutate('recordRatings', { subject: 'MEMBER', ratedById: orgGid(tree.G1), year: 2022, decisionId: d, rows: [{ memberId: memberGid(m), level: 'GOOD', score: 80 }] }));
  step('createMassOrganization', 'massOrganization.create', async () => (created.mass = await mutate('createMassOrganization', { organizationId: orgGid(tree.G1), type: 'TRADE_UNION', name: 'Công đoàn' }, '... on MassOrganization { id }')));
  step('assessMassOrganization', 'massOrganization.assess', () => mutate('assessMassOrganization', { massOrganizationId: created.mass.id, year: 2022, strong: true }));
  step('recordDiscipline', 'discipline.record', async () => (created.record = await mutate('recordDiscipline', { memberId: memberGid(m), form: 'REPRIMAND', category: 'GENERAL', violationSummary: 'Vi phạm quy chế', violatedOn: '2022-01-10', decidedOn: '2022-03-01', decisionId: d, authorityId: orgGid(tree.G1) }, '... on DisciplinePayload { record { id } }')));
  const letter = { handlerId: orgGid(tree.U1), receivedOn: '2022-03-10', summary: 'Đơn', sender: { name: 'Người Gửi', address: 'Địa chỉ' }, signed: true };
  step('receiveComplaint (appeal)', 'complaint.receive', async () => (created.appeal = await mutate('receiveComplaint', { ...letter, kind: 'APPEAL', disciplineRecordId: created.record.record.id, notifiedOn: '2022-03-02' }, '... on ComplaintPayload { complaint { id } }')));
  step('resolveComplaint', 'complaint.resolve', () => mutate('resolveComplaint', { complaintId: created.appeal.complaint.id, resolvedOn: '2022-04-01', outcome: 'UPHELD', resultSummary: 'Giữ nguyên', decisionId: d }));
  step('receiveComplaint (denunciation)', 'complaint.receive', async () => (created.letter = await mutate('receiveComplaint', { ...letter, kind: 'DENUNCIATION', concerningMemberId: memberGid(m) }, '... on ComplaintPayload { complaint { id } }')));
  step('extendComplaintDeadline', 'complaint.extend', () => mutate('extendComplaintDeadline', { complaintId: created.letter.complaint.id, decidedOn: '2022-05-02', workingDays: 10, decisionId: d }));
  step('suspendOrganization', 'organization.suspend', async () => (created.suspension = await mutate('suspendOrganization', { organizationId: orgGid(tree.B3), startsOn: '2022-04-01', reason: 'Mất đoàn kết', decisionId: d }, '... on OrganizationSuspensionPayload { suspension { id } }')));
  step('reinstateOrganization', 'organization.reinstate', () => mutate('reinstateOrganization', { suspensionId: created.suspension.suspension.id, reinstatedOn: '2022-05-01', decisionId: d }));
  step('createInspectionPlan', 'inspection.plan.create', async () => (created.plan = await mutate('createInspectionPlan', { organizationId: orgGid(tree.U1), year: 2022, title: 'Chương trình 2022' }, '... on InspectionPlanPayload { plan { id } }')));
  step('openInspectionCase', 'inspection.case.open', async () => (created.case = await mutate('openInspectionCase', { authorityId: orgGid(tree.U1), type: 'PARTY_FINANCES', title: 'Tài chính', planId: created.plan.plan.id, subjects: [{ organizationId: orgGid(tree.G1) }] }, '... on InspectionCasePayload { inspectionCase { id } }')));
  step('advanceInspectionCase', 'inspection.case.advance', () => mutate('advanceInspectionCase', { caseId: created.case.inspectionCase.id, stage: 'DECIDED', occurredOn: '2022-05-03', documentId: d, team: [{ name: 'Trưởng đoàn', role: 'LEADER' }] }));
  step('startSupervision', 'supervision.start', async () => (created.supervision = await mutate('startSupervision', { authorityId: orgGid(tree.U1), kind: 'REGULAR', topic: 'Thường xuyên', startsOn: '2022-01-15', subjects: [{ organizationId: orgGid(tree.G1) }] }, '... on SupervisionPayload { supervision { id } }')));
  step('concludeSupervision', 'supervision.conclude', () => mutate('concludeSupervision', { supervisionId: created.supervision.supervision.id, concludedOn: '2022-06-30', findings: 'Không có dấu hiệu vi phạm', signsOfViolation: false }));
  step('recordCommendations', 'commendation.batch', () => mutate('recordCommendations', { awardedById: orgGid(tree.U1), decisionId: d, rows: [{ organizationId: orgGid(tree.G1), form: 'CERTIFICATE_OF_MERIT', reason: 'Thành tích xuất sắc', fromYear: 2019 }] }));
  step('certifySeriousIllness', 'member.seriousIllness.certify', () => mutate('certifySeriousIllness', { memberId: memberGid(m), certifiedOn: '2022-01-10', evidence: 'Giấy xác nhận số 5/BV' }));
  step('awardPartyBadges', 'partyBadge.batch', () => mutate('awardPartyBadges', { awardedById: orgGid(tree.P), awardDate: '2022-02-03', decisionId: d, rows: [{ memberId: memberGid(veteran), milestone: 30 }] }));
  step('addCommendationAuthority', 'commendationAuthority.add', async () => (created.rule = await mutate('addCommendationAuthority', { organizationKind: 'BRANCH', form: 'CERTIFICATE_OF_MERIT', subject: 'MEMBER', effectiveFrom: '2026-01-01', source: 'Thử nghiệm' }, '... on CommendationAuthorityPayload { authority { id } }')));
  step('endCommendationAuthority', 'commendationAuthority.end', () => mutate('endCommendationAuthority', { authorityId: created.rule.authority.id, effectiveTo: '2027-01-01' }));
  step('createUser', 'user.create', async () => (created.user = await mutate('createUser', { username: 'can-bo', displayName: 'Cán bộ', password: 'mat-khau-dai-123' }, '... on User { id }')));
  step('grantRole', 'grant.create', async () => (created.grant = await mutate('grantRole', { userId: created.user.id, role: 'VIEWER', organizationId: orgGid(tree.U1) }, '... on RoleGrant { id }')));
  step('revokeGrant', 'grant.revoke', () => mutate('revokeGrant', { grantId: created.grant.id }));
  step('createApiKey', 'apiKey.create', async () => (created.key = await mutate('createApiKey', { userId: created.user.id, name: 'Khóa' }, '... on ApiKeyPayload { key apiKey { id } }')));
  step('revokeApiKey', 'apiKey.revoke', () => mutate('revokeApiKey', { apiKeyId: created.key.apiKey.id }));

  for (const [name, action, run] of steps) {
    const before = (await audited()).length;
    const result = await run();
    t.notOk(result.code, `${name} succeeded${result.message ? `: ${result.message}` : ''}`);
    const events = await audited();
    t.equal(events.length, before + 1, `${name} wrote one audit event`);
    const last = events.at(-1)!;
    t.same([last.action, last.actorName, last.role], [action, 'admin', 'ADMIN'], `${name}: action, actor and role`);
    t.ok(last.requestId && last.clientAddress, `${name}: request id and client address`);
  }

  const events = await audited();
  const rename = events.find((e) => e.action === 'organization.rename')!;
  t.same(rename.diff, { before: { name: 'Chi bộ Thanh tra' }, after: { name: 'Chi bộ Thanh tra tỉnh', effectiveOn: '2021-02-01' } }, 'only what changed');
  const update = events.find((e) => e.action === 'member.update')!;
  t.same(update.diff, { before: { hometown: null, phone: null }, after: { hometown: 'Nam Đàn', phone: '***' } }, 'only what changed; sensitive values masked');
  const admit = events.findLast((e) => e.action === 'member.admit')!;
  t.equal((admit.diff as any).after.phone, '***');
  t.notOk(JSON.stringify(events.map((e) => e.diff)).includes('0912345678'), 'no phone number anywhere in the trail');
  const key = events.find((e) => e.action === 'apiKey.create')!;
  t.notOk(JSON.stringify(key.diff).includes(created.key.key), 'no key in the trail');

  // A refused mutation writes no audit event (and nothing else).
  const before = await api.snapshot();
  const refused = await mutate('renameOrganization', { organizationId: orgGid(tree.B2), name: 'X', effectiveOn: '2022-01-01', decisionId: d });
  t.equal(refused.code, 'INVALID_TRANSITION');
  t.same(await api.snapshot(), before, 'no audit event, no change');

  // The trail cannot be changed, even directly in the database.
  await app.db.prisma.$executeRawUnsafe(`UPDATE audit_events SET action = 'forged'`);
  await app.db.prisma.$executeRawUnsafe(`DELETE FROM audit_events`);
  t.equal((await audited()).length, events.length, 'updates and deletes change nothing');
  t.notOk((await audited()).some((e) => e.action === 'forged'));

  // Administrators read it, with filters, through GraphQL and REST.
  const byEntity = await gql(`query ($id: ID) { auditEvents(filter: { entityId: $id }) { edges { node { action diff entityType entityId } } } }`, { id: memberGid(m) });
  t.ok(byEntity.body.data.auditEvents.edges.every((e: any) => e.node.entityType === 'Member' && e.node.entityId === memberGid(m)), 'a global id names the type and the record; the trail answers with the same id');
  t.same(byEntity.body.data.auditEvents.edges.map((e: any) => e.node.action), ['member.reinstated', 'member.suspended', 'member.recognized_official', 'member.update', 'member.admit'], 'newest first, the setup admission (by the system) included');
  const rest = await api.request({ method: 'GET', url: '/api/v1/audit-events?entityType=Document&first=5' });
  t.same(rest.body.items.map((e: any) => [e.action, e.actorName]), [['document.create', 'admin'], ['document.create', 'system']]);
  const noUpdates = await api.request({ method: 'PATCH', url: '/api/v1/audit-events' });
  t.same([noUpdates.status, noUpdates.headers.allow], [405, 'GET, HEAD'], 'no API changes audit events');
});
