import type { Gender } from '../generated/prisma/client.js';
import type { Database } from '../db/database.js';
import type { Services } from '../services.js';
import { addDays, addMonths, type IsoDate } from '../shared/dates.js';
import { generatePerson, seededRandom } from './demo-members.js';

type Log = { info(msg: string): void };

/** The agencies' bloc's classes on awareness of the Party: 2023's two, and the three of Q1 2024 the article reports. */
const AWARENESS_CLASSES = [
  { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2023', startsOn: '2023-04-10', endsOn: '2023-04-14', enrolled: 118, notCompleted: 6 },
  { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2023', startsOn: '2023-09-11', endsOn: '2023-09-15', enrolled: 124, notCompleted: 5 },
  { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa I năm 2024', startsOn: '2024-01-08', endsOn: '2024-01-12', enrolled: 113, notCompleted: 4 },
  { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa II năm 2024', startsOn: '2024-02-26', endsOn: '2024-03-01', enrolled: 112, notCompleted: 4 },
  { name: 'Lớp bồi dưỡng nhận thức về Đảng khóa III năm 2024', startsOn: '2024-03-18', endsOn: '2024-03-22', enrolled: 112, notCompleted: 4 },
] as const;

/**
 * Candidates (quần chúng ưu tú) of the agencies' bloc and the classes they and new members
 * attended, shaped like the bloc's report of Q1 2024: 325 candidates trained in 3 classes, 145
 * new members in 1 class; and 2023's two classes for the year before. Entered as an office
 * would: each class's candidates proposed by their branches together, the class opened, its
 * attendees enrolled, its closing decision's results recorded. Its own random sequence, so the
 * parts of the demo loaded before it stay as they were.
 */
export async function seedDemoCandidates(services: Services, db: Database, log: Log) {
  const random = seededRandom(20_241_231);
  const agencies = await db.prisma.organization.findUniqueOrThrow({ where: { code: 'T40-KCQ' } });
  let trained = 0;
  for (const [index, course] of AWARENESS_CLASSES.entries()) {
    const proposedFrom = addMonths(course.startsOn, -3);
    // The branches of the bloc active from the proposals to the class.
    const branches = await db.prisma.$queryRaw<{ id: string }[]>`
      SELECT v.organization_id::text AS id FROM organization_versions v JOIN organization_kinds k ON k.code = v.kind_code
      WHERE k.holds_members AND v.status = 'ACTIVE' AND v.path @> ARRAY[${agencies.pathKey}]::int[]
        AND v.valid_from <= ${proposedFrom}::date AND (v.valid_to IS NULL OR v.valid_to > ${course.endsOn}::date)
      ORDER BY v.organization_id`;
    const rows = Array.from({ length: course.enrolled }, (_, i) => {
      const gender: Gender = random() < 0.5 ? 'MALE' : 'FEMALE';
      const person = generatePerson(random, gender);
      const proposedOn: IsoDate = addDays(proposedFrom, Math.floor(random() * 75));
      return {
        fullName: person.fullName,
        gender,
        dateOfBirth: addDays(addMonths(proposedOn, -12 * (19 + Math.floor(random() * 16))), -Math.floor(random() * 365)),
        ethnicity: person.ethnicity,
        occupation: person.occupation,
        workplace: null,
        organizationId: branches[(i * 7 + index) % branches.length]!.id,
        proposedOn,
      };
    });
    const candidates = await services.candidates.proposeMany(rows);
    const opened = await services.candidates.createClass({ type: 'PARTY_AWARENESS', name: course.name, organizerId: agencies.id, startsOn: course.startsOn, endsOn: course.endsOn });
    const attendances = await services.candidates.enroll({ classId: opened.id, candidateIds: candidates.map((c) => c.id) });
    // The closing decision: those who did not complete the class spread through the list.
    const failing = new Set(Array.from({ length: course.notCompleted }, (_, i) => Math.floor(((i + 0.5) * attendances.length) / course.notCompleted)));
    let certificate = 0;
    await services.candidates.recordResults(
      attendances.map((attendance, i) =>
        failing.has(i)
          ? { attendanceId: attendance.id, result: 'NOT_COMPLETED' as const }
          : { attendanceId: attendance.id, result: 'COMPLETED' as const, certificateNumber: `${course.startsOn.slice(0, 4)}-${index + 1}/${String(++certificate).padStart(3, '0')}-GCN` },
      ),
    );
    trained += attendances.length - course.notCompleted;
  }
  // The new members' class of Q1 2024: 145 members on probation in the bloc.
  const startsOn = '2024-03-04';
  const first = await services.members.list({ asOf: startsOn, first: 100, filter: { underId: agencies.id, status: ['PROBATIONARY'] } });
  const rest = await services.members.list({ asOf: startsOn, first: 45, after: first.endCursor, filter: { underId: agencies.id, status: ['PROBATIONARY'] } });
  const probationary = { items: [...first.items, ...rest.items] };
  const course = await services.candidates.createClass({ type: 'NEW_MEMBER', name: 'Lớp bồi dưỡng lý luận chính trị cho đảng viên mới khóa I năm 2024', organizerId: agencies.id, startsOn, endsOn: '2024-03-08' });
  const attendances = await services.candidates.enroll({ classId: course.id, memberIds: probationary.items.map((m) => m.id) });
  await services.candidates.recordResults(attendances.map((attendance, i) => ({ attendanceId: attendance.id, result: 'COMPLETED' as const, certificateNumber: `2024-DVM/${String(i + 1).padStart(3, '0')}-GCN` })));
  log.info(`demo data: ${trained} candidates trained in ${AWARENESS_CLASSES.length} classes, ${attendances.length} new members in 1 class`);
}
