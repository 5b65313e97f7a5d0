import type { InspectionType } from '../generated/prisma/client.js';
import type { Services } from '../services.js';

type Log = { info(msg: string): void };

/**
 * The inspection committees' work of 2023–2024 in the two blocs: annual plans, inspections of
 * each type moving to their conclusions (Q1 2024 of the agencies' bloc: 5 units, on signs of
 * violation 1 organisation and 3 members), supervision, suspensions and reinstatements,
 * denunciations screened and resolved (one extended), an appeal against a Q1 2024 reprimand,
 * and a branch suspended and reinstated. Deterministic; the senders are fictional.
 */
export async function seedDemoInspections(services: Services, log: Log) {
  const { organizations, documents, inspections, complaints, members } = services;
  const blocs = (await organizations.list({ asOf: '2024-12-31', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' }, first: 10 })).items;
  const agencies = blocs.find((b) => b.code === 'T40-KCQ')!;
  const enterprises = blocs.find((b) => b.code === 'T40-KDN')!;
  const grassrootsOf = async (blocId: string) => ((await organizations.childrenOf([blocId], '2024-01-01')).get(blocId) ?? []).filter((o) => o.kindCode.startsWith('GRASSROOTS'));
  const document = (issuerId: string, number: string, issuedOn: string, title: string, type: 'DECISION' | 'PLAN' | 'CONCLUSION' | 'NOTICE' = 'DECISION') =>
    documents.create({ type, number, issuedOn, issuerId, title });
  const team = [
    { name: 'Nguyễn Thị Kiểm', role: 'LEADER' as const },
    { name: 'Trần Văn Sát', role: 'MEMBER' as const },
  ];
  let cases = 0;
  const inspectedInQ1 = new Set<string>();

  for (const [bloc, issuer] of [
    [agencies, 'UBKT-ĐUK'],
    [enterprises, 'UBKT-ĐUKDN'],
  ] as const) {
    const grassroots = await grassrootsOf(bloc.id);
    for (const year of [2023, 2024]) {
      const programme = await document(bloc.id, `${year - 2020}-CTr/${issuer}`, `${year}-01-05`, `Chương trình kiểm tra, giám sát năm ${year}`, 'PLAN');
      const plan = await inspections.createPlan({ organizationId: bloc.id, year, title: `Chương trình kiểm tra, giám sát năm ${year}`, documentId: programme.id });
      const types: InspectionType[] = ['INSPECTION_SUPERVISION_WORK', 'DISCIPLINE_ENFORCEMENT', 'PARTY_FINANCES', 'PARTY_FINANCES'];
      for (const [index, type] of types.entries()) {
        const unit = grassroots[(index + year) % grassroots.length]!;
        // The agencies' bloc decided its four planned inspections of 2024 in the first quarter.
        const month = String(bloc === agencies && year === 2024 ? [1, 2, 2, 3][index]! : 1 + index * 3).padStart(2, '0');
        if (bloc === agencies && year === 2024) inspectedInQ1.add(unit.id);
        const decidedOn = `${year}-${month}-1${index}`;
        const decision = await document(bloc.id, `${year - 2000}${index + 1}-QĐ/${issuer}`, decidedOn, `Quyết định kiểm tra ${unit.name}`);
        const opened = await inspections.openCase({ authorityId: bloc.id, type, title: `Kiểm tra ${unit.name}`, planId: plan.id, decidedOn, decisionId: decision.id, team, subjects: [{ organizationId: unit.id }] });
        cases++;
        if (year === 2024 && index === 3) continue; // still in progress
        // The stages of the procedure of its kind: in progress, the subject's report, the
        // verification where the kind has one, the team's report, the conclusion, its notice.
        for (const stage of (await inspections.procedure(type, decidedOn)).filter((s) => ['IN_PROGRESS', 'SELF_REPORTED', 'VERIFIED'].includes(s))) {
          await inspections.advanceCase({ caseId: opened.id, stage, occurredOn: `${year}-${month}-2${index}` });
        }
        await inspections.advanceCase({ caseId: opened.id, stage: 'REPORTED', occurredOn: `${year}-${month}-28` });
        const concludedOn = `${year}-${String(Number(month) + 1).padStart(2, '0')}-05`;
        const conclusion = await document(bloc.id, `${year - 2000}${index + 1}-KL/${issuer}`, concludedOn, `Kết luận kiểm tra ${unit.name}`, 'CONCLUSION');
        await inspections.advanceCase({
          caseId: opened.id,
          stage: 'CONCLUDED',
          occurredOn: concludedOn,
          documentId: conclusion.id,
          conclusion: { violationFound: false, summary: 'Cơ bản thực hiện tốt; một số hạn chế cần khắc phục' },
        });
        const notice = await document(bloc.id, `${year - 2000}${index + 1}-TB/${issuer}`, concludedOn, `Thông báo kết luận kiểm tra ${unit.name}`, 'NOTICE');
        await inspections.advanceCase({ caseId: opened.id, stage: 'NOTIFIED', occurredOn: concludedOn, documentId: notice.id });
      }
      const thematic = await inspections.startSupervision({
        authorityId: bloc.id,
        kind: 'THEMATIC',
        topic: 'Việc thực hiện Quy định về trách nhiệm nêu gương của cán bộ, đảng viên',
        planId: plan.id,
        startsOn: `${year}-05-15`,
        subjects: grassroots.slice(0, 3).map((unit) => ({ organizationId: unit.id })),
      });
      if (year === 2023) {
        await inspections.concludeSupervision({ supervisionId: thematic.id, concludedOn: `${year}-07-30`, findings: 'Các tổ chức đảng thực hiện nghiêm; chưa phát hiện dấu hiệu vi phạm', signsOfViolation: false });
      }
      await inspections.startSupervision({ authorityId: bloc.id, kind: 'REGULAR', topic: 'Giám sát thường xuyên việc chấp hành Điều lệ Đảng', startsOn: `${year}-01-15`, subjects: [{ organizationId: bloc.id }] });
    }
  }

  // Q1 2024, agencies: on signs of violation, one grassroots organisation and three of its members.
  const grassroots = await grassrootsOf(agencies.id);
  const others = grassroots.filter((unit) => !inspectedInQ1.has(unit.id));
  const target = others.find((unit) => unit.kindCode === 'GRASSROOTS_COMMITTEE') ?? others[0]!;
  const suspects = (await members.list({ asOf: '2024-01-08', first: 3, filter: { underId: target.id, status: ['OFFICIAL'] } })).items;
  const signsDecision = await document(agencies.id, '05-QĐ/UBKT-ĐUK', '2024-01-08', `Quyết định kiểm tra khi có dấu hiệu vi phạm đối với ${target.name}`);
  const onSigns = await inspections.openCase({
    authorityId: agencies.id,
    type: 'ON_SIGNS_OF_VIOLATION',
    title: `Kiểm tra khi có dấu hiệu vi phạm: ${target.name}`,
    decidedOn: '2024-01-08',
    decisionId: signsDecision.id,
    team,
    subjects: [{ organizationId: target.id }, ...suspects.map((member) => ({ memberId: member.id }))],
  });
  await inspections.advanceCase({ caseId: onSigns.id, stage: 'IN_PROGRESS', occurredOn: '2024-01-15' });
  await inspections.advanceCase({ caseId: onSigns.id, stage: 'SELF_REPORTED', occurredOn: '2024-01-25', note: 'Tổ chức và đảng viên tự báo cáo, giải trình' });
  await inspections.advanceCase({ caseId: onSigns.id, stage: 'VERIFIED', occurredOn: '2024-02-20' });
  await inspections.advanceCase({ caseId: onSigns.id, stage: 'REPORTED', occurredOn: '2024-02-28' });
  const signsNotice = await document(agencies.id, '12-TB/UBKT-ĐUK', '2024-03-08', `Thông báo kết luận kiểm tra khi có dấu hiệu vi phạm đối với ${target.name}`, 'CONCLUSION');
  await inspections.advanceCase({
    caseId: onSigns.id,
    stage: 'CONCLUDED',
    occurredOn: '2024-03-08',
    documentId: signsNotice.id,
    conclusion: { violationFound: true, gravity: 'LESS_SERIOUS', disciplineWarranted: false, summary: 'Có vi phạm nhưng chưa đến mức phải xem xét, xử lý kỷ luật; yêu cầu kiểm điểm, rút kinh nghiệm' },
  });
  await inspections.advanceCase({ caseId: onSigns.id, stage: 'NOTIFIED', occurredOn: '2024-03-08', documentId: signsNotice.id });
  cases++;

  // Suspensions of members in the agencies' bloc: three suspended in November 2023 and reinstated in Q1 2024, two suspended in March 2024.
  const suspension = await document(agencies.id, '02-QĐ/UBKT-ĐUK', '2023-11-15', 'Quyết định đình chỉ sinh hoạt đảng');
  const reinstatement = await document(agencies.id, '09-QĐ/UBKT-ĐUK', '2024-01-20', 'Quyết định phục hồi sinh hoạt đảng');
  const candidates = (await members.list({ asOf: '2023-11-15', first: 40, filter: { underId: agencies.id, status: ['OFFICIAL'] } })).items.slice(20);
  let suspended = 0;
  for (const member of candidates) {
    if (suspended === 5) break;
    try {
      if (suspended < 3) {
        await members.recordEvent(member.id, 'SUSPENDED', { occurredOn: '2023-11-15', decisionId: suspension.id });
        await members.recordEvent(member.id, 'REINSTATED', { occurredOn: ['2024-01-20', '2024-02-10', '2024-02-12'][suspended]!, decisionId: reinstatement.id });
      } else {
        await members.recordEvent(member.id, 'SUSPENDED', { occurredOn: '2024-03-01', decisionId: suspension.id });
      }
      suspended++;
    } catch {
      // A member whose later history does not allow it (a transfer, an expulsion) is skipped.
    }
  }

  // Letters to the agencies' inspection committee.
  const accused = (await members.list({ asOf: '2024-05-01', first: 2, filter: { underId: agencies.id, status: ['OFFICIAL'] } })).items;
  const letter = (receivedOn: string, extra: Partial<Parameters<typeof complaints.receive>[0]>) =>
    complaints.receive({
      kind: 'DENUNCIATION',
      receivedOn,
      handlerId: agencies.id,
      summary: 'Tố cáo đảng viên vi phạm quy định về những điều đảng viên không được làm',
      concerningMemberId: accused[0]!.id,
      sender: { name: 'Người Gửi Minh Họa', address: 'Số 1 đường Minh Họa', phone: '0900000000' },
      signed: true,
      ...extra,
    });
  await letter('2024-02-05', { sender: { name: null, address: null } });
  await letter('2024-02-19', { signatories: 3 });
  const processed = await letter('2024-03-04', {});
  const extension = await document(agencies.id, '15-QĐ/UBKT-ĐUK', '2024-05-30', 'Quyết định gia hạn giải quyết tố cáo');
  await complaints.extend({ complaintId: processed.id, decidedOn: '2024-05-30', workingDays: 20, decisionId: extension.id });
  const conclusion = await document(agencies.id, '21-TB/UBKT-ĐUK', '2024-06-25', 'Thông báo kết quả giải quyết tố cáo', 'CONCLUSION');
  await complaints.resolve({ complaintId: processed.id, resolvedOn: '2024-06-25', outcome: 'PARTLY_FOUNDED', resultSummary: 'Tố cáo đúng một phần; yêu cầu đảng viên kiểm điểm', decisionId: conclusion.id });
  await letter('2024-07-01', { concerningMemberId: accused[1]!.id });

  // An appeal against one of the Q1 2024 reprimands (decided by the bloc), to the province's
  // inspection committee above it, upheld.
  const reprimand = (await services.discipline.ofOrganizationSubtree(agencies.id, '2024-01-01', '2024-03-31')).find((record) => record.form === 'REPRIMAND');
  if (reprimand) {
    const appeal = await complaints.receive({
      kind: 'APPEAL',
      receivedOn: '2024-04-02',
      handlerId: agencies.parentId!,
      disciplineRecordId: reprimand.id,
      notifiedOn: '2024-03-18',
      summary: 'Đề nghị xem xét lại quyết định kỷ luật khiển trách',
      sender: { name: 'Đảng viên khiếu nại (minh họa)', address: 'Địa chỉ minh họa' },
      signed: true,
    });
    const upheld = await document(agencies.parentId!, '24-QĐ/UBKTTU', '2024-06-10', 'Quyết định giải quyết khiếu nại kỷ luật đảng');
    await complaints.resolve({ complaintId: appeal.id, resolvedOn: '2024-06-10', outcome: 'UPHELD', resultSummary: 'Giữ nguyên hình thức kỷ luật khiển trách', decisionId: upheld.id });
  }

  // A branch of the enterprises' bloc suspended in 2024 and reinstated within the 90 days.
  const branch = ((await organizations.childrenOf([(await grassrootsOf(enterprises.id))[0]!.id], '2024-09-01')).values().next().value ?? [])[0];
  if (branch) {
    const decision = await document(enterprises.id, '07-QĐ/ĐUKDN', '2024-09-03', `Quyết định đình chỉ sinh hoạt ${branch.name}`);
    const record = await services.discipline.suspendOrganization({ organizationId: branch.id, startsOn: '2024-09-03', reason: 'Nội bộ mất đoàn kết kéo dài', decisionId: decision.id });
    const back = await document(enterprises.id, '11-QĐ/ĐUKDN', '2024-11-20', `Quyết định phục hồi sinh hoạt ${branch.name}`);
    await services.discipline.reinstateOrganization({ suspensionId: record.id, reinstatedOn: '2024-11-20', decisionId: back.id });
  }
  log.info(`demo data: ${cases} inspections, supervision, ${suspended} member suspensions, letters and an appeal`);
}
