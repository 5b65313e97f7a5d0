import type { Database } from '../db/database.js';
import type { MeetingAttendance } from '../generated/prisma/client.js';
import type { Services } from '../services.js';
import { addDays, addMonths, type IsoDate } from '../shared/dates.js';
import type { Random } from './demo-members.js';
import { membersUnder } from './demo-queries.js';

type Log = { info(msg: string): void };

/** The demo branches whose life is recorded: enough for the lists, few enough for a quick load. */
const BRANCHES = 6;
const FIRST_MONTH = '2024-12-01';
const LAST_HELD_MONTH = '2026-11-01';

/** The branch meets on the 3rd (Hướng dẫn 42-HD/BTCTW practice), or the next working day. */
function meetingDay(month: IsoDate, day = 3): IsoDate {
  let date = `${month.slice(0, 8)}${String(day).padStart(2, '0')}`;
  while ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())) date = addDays(date, 1);
  return date;
}

const THEMES = [
  'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  'Nâng cao chất lượng sinh hoạt chi bộ theo Chỉ thị 50-CT/TW',
  'Chuyển đổi số trong công tác đảng',
  'Phòng, chống tham nhũng, tiêu cực',
];

/**
 * Two years of branch life in six branches of the demo province, through the same calls a
 * branch secretary makes: each month's regular meeting (December 2024 to November 2026) with
 * realistic attendance (most present; some absent with a reason; rarely without), a thematic
 * meeting each quarter, December 2026's meeting planned; each member's dues basis (a salary,
 * raised in 2026, or a pension) and the monthly payments across 1/2/2026 (342-QĐ/TW, then
 * 01-QĐ/TW), cash or through the portal. A few members are in arrears; one member of the first
 * branch misses three regular meetings of 2026 without a reason and another leaves August to
 * October 2026 unpaid: each reaches the removal rule's three months of a year.
 */
export async function seedDemoBranchLife(services: Services, db: Database, log: Log, random: Random): Promise<{ meetings: number; payments: number }> {
  const { meetings, dues } = services;
  const branches = await db.prisma.$queryRaw<{ id: string }[]>`
    SELECT v.organization_id::text AS id FROM organization_versions v
    WHERE v.kind_code = 'BRANCH' AND v.status = 'ACTIVE' AND v.valid_from <= ${FIRST_MONTH}::date AND (v.valid_to IS NULL OR v.valid_to > ${FIRST_MONTH}::date)
      AND EXISTS (SELECT 1 FROM organization_versions c WHERE c.organization_id = v.organization_id AND c.valid_to IS NULL AND c.status = 'ACTIVE')
    ORDER BY (SELECT o.code FROM organizations o WHERE o.id = v.organization_id) LIMIT ${BRANCHES}`;
  const rosters = await membersUnder(db, branches.map((b) => b.id), FIRST_MONTH, ['PROBATIONARY', 'OFFICIAL']);
  // The two members of the first branch who reach the threshold: there from the first month to the last.
  const staying = new Set((await membersUnder(db, [branches[0]!.id], LAST_HELD_MONTH, ['OFFICIAL'])).get(branches[0]!.id));
  const [truant, debtor] = rosters.get(branches[0]!.id)!.filter((id) => staying.has(id)).slice(-2) as [string, string];
  let held = 0;

  for (const [index, branch] of branches.entries()) {
    for (let month = FIRST_MONTH; month <= LAST_HELD_MONTH; month = addMonths(month, 1)) {
      const plannedOn = meetingDay(month, 3 + index);
      const planned = await meetings.plan({
        organizationId: branch.id,
        kind: 'REGULAR',
        plannedOn,
        startTime: '14:00',
        place: 'Phòng họp cơ quan',
        agenda: ['Đánh giá kết quả lãnh đạo tháng trước', 'Phương hướng, nhiệm vụ tháng tới', 'Sinh hoạt tư tưởng'],
      });
      const invited = await db.prisma.meetingParticipant.findMany({ where: { meetingId: planned.id, role: { not: 'HIGHER_COMMITTEE' } }, select: { memberId: true, role: true }, orderBy: { memberId: 'asc' } });
      // The chair and the minute-taker: members of the branch that day (the roster changes over two years).
      const [chair, secretary] = invited.filter((i) => i.role === 'MEMBER' && i.memberId !== truant).map((i) => i.memberId) as [string, string];
      const attendance: { memberId: string; attendance: MeetingAttendance; reason?: string }[] = [];
      for (const { memberId } of invited) {
        if (memberId === chair || memberId === secretary) continue;
        const roll = random();
        if (memberId === truant && ['2026-03-01', '2026-06-01', '2026-09-01'].includes(month)) attendance.push({ memberId, attendance: 'ABSENT_WITHOUT_REASON' });
        else if (roll < 0.06) attendance.push({ memberId, attendance: 'ABSENT_WITH_REASON', reason: roll < 0.03 ? 'Ốm' : 'Đi công tác' });
        else if (roll < 0.07) attendance.push({ memberId, attendance: 'ABSENT_WITHOUT_REASON' });
      }
      await meetings.hold({
        meetingId: planned.id,
        heldOn: plannedOn,
        durationMinutes: 90 + Math.floor(random() * 4) * 10,
        chairMemberId: chair,
        secretaryMemberId: secretary,
        attendance,
        minutes: `Biên bản sinh hoạt chi bộ tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}.`,
        resolutions: [`Nghị quyết chi bộ tháng ${Number(month.slice(5, 7))}/${month.slice(0, 4)}`],
      });
      held++;
      // A thematic meeting in the last month of each quarter.
      if (['03', '06', '09', '12'].includes(month.slice(5, 7))) {
        const day = meetingDay(month, 17);
        const thematic = await meetings.plan({ organizationId: branch.id, kind: 'THEMATIC', plannedOn: day, startTime: '08:00', place: 'Hội trường', topic: THEMES[(held + index) % THEMES.length]! });
        await meetings.hold({ meetingId: thematic.id, heldOn: day, durationMinutes: 100, minutes: 'Biên bản sinh hoạt chuyên đề.', chairMemberId: chair, secretaryMemberId: secretary });
        held++;
      }
    }
    await meetings.plan({ organizationId: branch.id, kind: 'REGULAR', plannedOn: meetingDay('2026-12-01', 7 + index), startTime: '14:00', place: 'Phòng họp cơ quan' });
  }
  log.info(`demo data: ${held} branch meetings held`);

  // Dues: a salary (a raise from January 2026) for most, a pension for the oldest.
  const members = [...new Set([...rosters.values()].flat())];
  const births = new Map(
    (await db.prisma.member.findMany({ where: { id: { in: members } }, select: { id: true, dateOfBirth: true } })).map((m) => [m.id, m.dateOfBirth.getUTCFullYear()]),
  );
  const late = new Set(members.filter(() => random() < 0.03));
  for (const memberId of members) {
    const retired = (births.get(memberId) ?? 1980) < 1964;
    const salary = 4_000_000 + Math.floor(random() * 16) * 500_000;
    if (retired) await dues.setBasis({ memberId, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: salary });
    else {
      await dues.setBasis({ memberId, fromMonth: '2025-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: salary });
      await dues.setBasis({ memberId, fromMonth: '2026-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: Math.round(salary * 1.08) });
    }
  }
  let payments = 0;
  for (const branch of branches) {
    for (let month = '2025-01-01'; month <= LAST_HELD_MONTH; month = addMonths(month, 1)) {
      const sheet = await dues.sheet(branch.id, month, addMonths(month, 1));
      const rows = sheet
        .filter((m) => m.due !== null && m.due > 0)
        .filter((m) => !(m.memberId === debtor && ['2026-08-01', '2026-09-01', '2026-10-01'].includes(month)))
        .filter((m) => !(late.has(m.memberId) && month >= '2026-09-01'))
        .map((m, i) => {
          const portal = month >= '2025-06-01' && i % 2 === 0;
          return { memberId: m.memberId, month, amount: m.due!, paidOn: addDays(month, 9), channel: portal ? ('NATIONAL_PORTAL' as const) : ('CASH' as const), reference: portal ? `DVC-${month.slice(0, 7)}-${m.memberId.slice(-8)}` : null };
        });
      if (rows.length > 0) payments += (await dues.recordPayments(rows)).length;
    }
  }
  log.info(`demo data: ${payments} dues payments of ${members.length} members`);
  return { meetings: held, payments };
}
