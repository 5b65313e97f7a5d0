import type { ImportRecord } from '../modules/members/members.service.js';
import type { Services } from '../services.js';
import { addDays, addMonths } from '../shared/dates.js';

type Log = { info(msg: string): void };

const VETERANS = [
  'Nguyễn Văn Hùng', 'Trần Thị Lan', 'Lê Văn Minh', 'Phạm Thị Hoa', 'Hoàng Văn Sơn', 'Võ Thị Mai', 'Đặng Văn Tuấn', 'Bùi Thị Hằng',
  'Đỗ Văn Thắng', 'Hồ Thị Nga', 'Ngô Văn Bình', 'Dương Thị Thủy', 'Lý Văn Quang', 'Phan Thị Yến', 'Trịnh Văn Khải', 'Mai Thị Loan',
];

/**
 * Commendations and Party badges in the blocs:
 *  - 16 veteran members of the agencies' bloc admitted in 1993 in its oldest grassroots branches:
 *    14 reach 30 years of party age by 3/2/2024 and receive their badges that day (the Q1 2024
 *    report's "14 đồng chí"); one was reprimanded in December 2023 and waits until June 2024; one
 *    was removed from the roll in 2000 and readmitted in 2003, so their 30 years, less the 1,096
 *    days outside, fall in February 2027;
 *  - the enterprises' bloc commends 44 collectives and individuals for 2023 (Giấy khen to 10
 *    grassroots organisations and 34 members), as the industrial zones committee did for 2022.
 */
export async function seedDemoCommendations(services: Services, log: Log): Promise<number> {
  const { organizations, documents, members, discipline, commendations, partyBadges } = services;
  const blocs = (await organizations.list({ asOf: '2024-01-01', filter: { kind: 'UPPER_GRASSROOTS_COMMITTEE' }, first: 10 })).items;
  const agencies = blocs.find((b) => b.code === 'T40-KCQ')!;
  const enterprises = blocs.find((b) => b.code === 'T40-KDN')!;
  const province = (await organizations.list({ asOf: '2024-01-01', filter: { kind: 'PROVINCIAL_COMMITTEE' }, first: 1 })).items[0]!;

  const oldest = ((await organizations.childrenOf([agencies.id], '1993-04-01')).get(agencies.id) ?? []).filter((o) => o.kindCode === 'GRASSROOTS_BRANCH');
  const admissions = await documents.create({ type: 'DECISION', number: '93-QĐ/ĐUK-ĐV', issuedOn: '1993-04-05', issuerId: agencies.id, title: 'Quyết định kết nạp đảng viên năm 1993' });
  const recognitions = await documents.create({ type: 'DECISION', number: '94-QĐ/ĐUK-ĐV', issuedOn: '1994-04-05', issuerId: agencies.id, title: 'Quyết định công nhận đảng viên chính thức năm 1994' });
  const records: ImportRecord[] = VETERANS.map((fullName, index) => {
    const admittedOn = addDays('1993-04-10', index * 20);
    const events: ImportRecord['events'] = [
      { type: 'ADMITTED', occurredOn: admittedOn, decisionId: admissions.id, organizationId: oldest[index % oldest.length]!.id },
      { type: 'RECOGNIZED_OFFICIAL', occurredOn: addMonths(admittedOn, 12), decisionId: recognitions.id },
    ];
    if (index === VETERANS.length - 1) {
      // Removed from the roll in 2000, readmitted three years later (Quy định 24-QĐ/TW 3.5):
      // probation again, party age less the 1,096 days outside.
      events.push(
        { type: 'REMOVED_FROM_ROLL', occurredOn: '2000-01-10', decisionId: recognitions.id },
        { type: 'READMITTED', occurredOn: '2003-01-10', decisionId: recognitions.id, organizationId: oldest[index % oldest.length]!.id },
        { type: 'RECOGNIZED_OFFICIAL', occurredOn: '2004-01-10', decisionId: recognitions.id },
      );
    }
    return {
      person: { fullName, gender: fullName.includes(' Thị ') ? 'FEMALE' : 'MALE', dateOfBirth: `19${60 + index}-03-15`, hometown: 'Nghệ An', partyCardNumber: `40199${String(index).padStart(5, '0')}` },
      events,
    };
  });
  const veterans = await members.importHistories(records);

  const reprimand = await documents.create({ type: 'DECISION', number: '28-QĐ/UBKT', issuedOn: '2023-12-15', issuerId: agencies.id, title: 'Quyết định thi hành kỷ luật đảng viên' });
  await discipline.record({
    memberId: veterans[VETERANS.length - 2]!,
    form: 'REPRIMAND',
    category: 'GENERAL',
    violationSummary: 'Vi phạm quy chế làm việc của chi bộ',
    violatedOn: '2023-10-02',
    decidedOn: '2023-12-15',
    decisionId: reprimand.id,
    authorityId: agencies.id,
  });

  const badgeDecision = await documents.create({ type: 'DECISION', number: '2150-QĐ/TU', issuedOn: '2024-01-26', issuerId: province.id, title: 'Quyết định tặng Huy hiệu Đảng đợt 03/02/2024' });
  const due = (await partyBadges.eligibility(agencies.id, '2024-02-03')).filter((c) => c.status === 'ELIGIBLE');
  const badges = await partyBadges.award({
    awardedById: province.id,
    awardDate: '2024-02-03',
    decisionId: badgeDecision.id,
    rows: due.map((c) => ({ memberId: c.memberId, milestone: c.milestone })),
  });

  const awardDecision = await documents.create({
    type: 'DECISION',
    number: '215-QĐ/ĐUKDN',
    issuedOn: '2024-01-25',
    issuerId: enterprises.id,
    title: 'Quyết định khen thưởng tập thể, cá nhân có thành tích xuất sắc, tiêu biểu trong công tác xây dựng Đảng năm 2023',
  });
  const grassroots = ((await organizations.childrenOf([enterprises.id], '2024-01-25')).get(enterprises.id) ?? []).filter((o) => o.kindCode.startsWith('GRASSROOTS')).slice(0, 10);
  const outstanding = (await members.list({ asOf: '2024-01-25', first: 34, filter: { underId: enterprises.id, status: ['OFFICIAL'] } })).items;
  const commended = await commendations.record({
    awardedById: enterprises.id,
    decisionId: awardDecision.id,
    rows: [
      ...grassroots.map((o) => ({ organizationId: o.id, form: 'CERTIFICATE_OF_MERIT' as const, reason: 'Thành tích xuất sắc, tiêu biểu trong công tác xây dựng tổ chức đảng năm 2023', fromYear: 2023 })),
      ...outstanding.map((m) => ({ memberId: m.id, form: 'CERTIFICATE_OF_MERIT' as const, reason: 'Đảng viên có thành tích xuất sắc, tiêu biểu năm 2023', fromYear: 2023 })),
    ],
  });
  log.info(`demo data: ${badges.length} Party badges of 3/2/2024, ${commended.length} collectives and individuals commended for 2023`);
  return veterans.length;
}
