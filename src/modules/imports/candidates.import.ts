import { v7 as uuidv7 } from 'uuid';
import type { AttendanceResult, CandidateStatus, Gender, PrismaClient, TrainingClassType } from '../../generated/prisma/client.js';
import { fromDbDate, type IsoDate } from '../../shared/dates.js';
import { DomainError, ValidationError } from '../../shared/errors.js';
import { searchKey } from '../../shared/text.js';
import { may } from '../auth/access.js';
import { attendanceResultLabels, candidateStatusLabels, classTypeLabels } from '../candidates/candidates.labels.js';
import type { ImportCounts, ImportedAttendance, ImportedCandidate, ImportedClass, ImportedStatusChange } from '../candidates/candidates.service.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobContext, JobOutcome } from '../jobs/runner.js';
import { genderLabels } from '../members/members.labels.js';
import { headingKey, importOutcome, openImport, organizationsByCode, readRows, twoSheets, type ColumnSpec, type Sheet, type SheetRow } from './sheets.js';

/**
 * Candidates (quần chúng ưu tú) and the classes they and members attend, with their results,
 * from a workbook of two sheets (the candidate list and the class results exports read back):
 * candidates by branch code, classes by organiser code, type, name and days (recorded when new),
 * attendees as candidates (by name, date of birth and branch, in the file or recorded) or
 * members (by party card number). The rules of proposing, opening a class, enrolling and
 * recording results applied; all rows or none.
 */

export const CANDIDATE_SHEET = 'Quần chúng ưu tú';
export const ATTENDANCE_SHEET = 'Kết quả học tập';

type CandidateKey = 'fullName' | 'gender' | 'dateOfBirth' | 'ethnicity' | 'occupation' | 'workplace' | 'proposedOn' | 'status' | 'branchCode';
type AttendanceKey = 'className' | 'type' | 'organizerCode' | 'startsOn' | 'endsOn' | 'fullName' | 'dateOfBirth' | 'attendeeKind' | 'cardNumber' | 'branchCode' | 'result' | 'certificateNumber';

export const CANDIDATE_IMPORT_COLUMNS: readonly ColumnSpec<CandidateKey>[] = [
  { key: 'fullName', header: 'Họ và tên', required: true, note: 'Họ và tên khai sinh.' },
  { key: 'gender', header: 'Giới tính', required: true, note: 'Nam hoặc Nữ.' },
  { key: 'dateOfBirth', header: 'Ngày sinh', required: true, note: 'Ngày/tháng/năm (dd/mm/yyyy) hoặc ô ngày của Excel.' },
  { key: 'ethnicity', header: 'Dân tộc', note: 'Tên dân tộc (Kinh khi để trống).' },
  { key: 'occupation', header: 'Nghề nghiệp', note: 'Nghề nghiệp hiện nay.' },
  { key: 'workplace', header: 'Nơi làm việc', note: 'Cơ quan, đơn vị công tác.' },
  { key: 'proposedOn', header: 'Ngày chi bộ giới thiệu', required: true, note: 'Ngày chi bộ giới thiệu quần chúng ưu tú.' },
  { key: 'status', header: 'Tình trạng', note: `Một trong: ${Object.values(candidateStatusLabels).join('; ')} (để trống: đang được xem xét).` },
  { key: 'branchCode', header: 'Mã chi bộ', required: true, note: 'Chi bộ giới thiệu (trong phạm vi của người nhập).' },
];

export const ATTENDANCE_IMPORT_COLUMNS: readonly ColumnSpec<AttendanceKey>[] = [
  { key: 'className', header: 'Lớp', required: true, note: 'Tên lớp; lớp chưa có trong hệ thống (cùng đơn vị, loại, tên và ngày khai giảng) được ghi mới.' },
  { key: 'type', header: 'Loại lớp', required: true, note: `Một trong: ${Object.values(classTypeLabels).join('; ')}.` },
  { key: 'organizerCode', header: 'Mã đơn vị tổ chức', required: true, note: 'Mã tổ chức đảng mở lớp.' },
  { key: 'startsOn', header: 'Từ ngày', required: true, note: 'Ngày khai giảng.' },
  { key: 'endsOn', header: 'Đến ngày', required: true, note: 'Ngày bế giảng.' },
  { key: 'fullName', header: 'Học viên', required: true, note: 'Họ và tên học viên.' },
  { key: 'dateOfBirth', header: 'Ngày sinh', required: true, note: 'Ngày sinh của học viên.' },
  { key: 'attendeeKind', header: 'Là', required: true, note: 'Quần chúng (quần chúng ưu tú, ở sheet Quần chúng ưu tú hoặc đã có trong hệ thống) hoặc Đảng viên.' },
  { key: 'cardNumber', header: 'Số thẻ đảng viên', note: 'Với đảng viên: số thẻ đảng viên (bắt buộc).' },
  { key: 'branchCode', header: 'Mã chi bộ', note: 'Với quần chúng: chi bộ giới thiệu (bắt buộc), để tìm đúng người cùng họ tên và ngày sinh.' },
  { key: 'result', header: 'Kết quả', note: `Một trong: ${Object.values(attendanceResultLabels).join('; ')} (để trống: đang học).` },
  { key: 'certificateNumber', header: 'Số giấy chứng nhận', note: 'Số giấy chứng nhận, khi hoàn thành.' },
];

/** The exports' columns the import does not read: names beside the codes. */
const DERIVED_HEADINGS = ['Chi bộ', 'Đơn vị tổ chức'];

const ATTENDEE_KINDS = { CANDIDATE: 'Quần chúng', MEMBER: 'Đảng viên' } as const;

type Located = { sheet: Sheet; row: SheetRow };
const personKey = (fullName: string, dateOfBirth: IsoDate, branchCode: string) => `${searchKey(fullName)} ${dateOfBirth} ${branchCode}`;

export async function importCandidates({ job, input, services, progress }: JobContext, prisma: PrismaClient): Promise<JobOutcome> {
  const opened = await openImport({ job, input, progress }, prisma, CANDIDATE_SHEET);
  if ('outcome' in opened) return opened.outcome;
  const { params, sheets } = opened;
  // A csv is one sheet: candidates, or class results when its headings are those.
  const found = twoSheets(params, sheets, [CANDIDATE_SHEET, ATTENDANCE_SHEET], ['Loại lớp']);
  if ('outcome' in found) return found.outcome;
  const { first: candidateSheet, second: attendanceSheet, total } = found;
  await progress('VALIDATING', 0, total);

  type CandidateDraft = Located & { fullName: string; gender: Gender; dateOfBirth: IsoDate; ethnicity: string | null; occupation: string | null; workplace: string | null; proposedOn: IsoDate; status: CandidateStatus; branchCode: string };
  const readCandidates = readRows(candidateSheet, CANDIDATE_IMPORT_COLUMNS, (reader, row) => ({
    sheet: candidateSheet!,
    row,
    fullName: reader.text(row, 'fullName', 200),
    gender: reader.choice(row, 'gender', genderLabels),
    dateOfBirth: reader.date(row, 'dateOfBirth'),
    ethnicity: reader.text(row, 'ethnicity', 100),
    occupation: reader.text(row, 'occupation'),
    workplace: reader.text(row, 'workplace'),
    proposedOn: reader.date(row, 'proposedOn'),
    status: reader.raw(row, 'status') === null ? 'PROPOSED' : reader.choice(row, 'status', candidateStatusLabels),
    branchCode: reader.text(row, 'branchCode', 40),
  }) as CandidateDraft);

  type AttendanceDraft = Located & {
    className: string; type: TrainingClassType; organizerCode: string; startsOn: IsoDate; endsOn: IsoDate; fullName: string; dateOfBirth: IsoDate;
    attendeeKind: keyof typeof ATTENDEE_KINDS; cardNumber: string | null; branchCode: string | null; result: AttendanceResult; certificateNumber: string | null;
  };
  const readAttendances = readRows(attendanceSheet, ATTENDANCE_IMPORT_COLUMNS, (reader, row) => {
    const draft = {
      sheet: attendanceSheet!,
      row,
      className: reader.text(row, 'className', 300),
      type: reader.choice(row, 'type', classTypeLabels),
      organizerCode: reader.text(row, 'organizerCode', 40),
      startsOn: reader.date(row, 'startsOn'),
      endsOn: reader.date(row, 'endsOn'),
      fullName: reader.text(row, 'fullName', 200),
      dateOfBirth: reader.date(row, 'dateOfBirth'),
      attendeeKind: reader.choice<keyof typeof ATTENDEE_KINDS>(row, 'attendeeKind', ATTENDEE_KINDS, { 'Quần chúng ưu tú': 'CANDIDATE' }),
      cardNumber: reader.text(row, 'cardNumber', 30),
      branchCode: reader.text(row, 'branchCode', 40),
      result: reader.raw(row, 'result') === null ? 'ENROLLED' : reader.choice(row, 'result', attendanceResultLabels),
      certificateNumber: reader.text(row, 'certificateNumber', 50),
    };
    if (draft.attendeeKind === 'MEMBER' && !draft.cardNumber) reader.problem(row, 'cardNumber', null, 'REQUIRED', 'is required for a member');
    if (draft.attendeeKind === 'CANDIDATE' && !draft.branchCode) reader.problem(row, 'branchCode', null, 'REQUIRED', 'is required for a candidate');
    return draft as AttendanceDraft;
  });
  const candidates = readCandidates.drafts;
  const attendances = readAttendances.drafts;
  const problems: ImportProblem[] = [...readCandidates.problems, ...readAttendances.problems];
  const ignoredColumns = [...readCandidates.ignored, ...readAttendances.ignored];
  const fail = (at: Located, column: string | null, value: string | null, code: string, message: string) => problems.push({ sheet: at.sheet.name, row: at.row.line, column, value, code, message });
  const summary = (extra: Record<string, unknown> = {}) => ({
    candidates: candidates.length,
    attendances: attendances.length,
    ignoredColumns: ignoredColumns.filter((h) => !DERIVED_HEADINGS.some((d) => headingKey(d) === headingKey(h))),
    ...extra,
  });
  if (readCandidates.columnsWrong || readAttendances.columnsWrong) return importOutcome(params.step, problems, summary());

  // Branches (to propose) and organisers (to train) by code: another subtree's told as unknown.
  const branches = await organizationsByCode(prisma, services.actor, 'proposeCandidates', [...candidates.map((c) => c.branchCode), ...attendances.flatMap((a) => (a.branchCode ? [a.branchCode] : []))]);
  const organizers = await organizationsByCode(prisma, services.actor, 'manageTraining', attendances.map((a) => a.organizerCode));

  // The file's candidates: each proposal once (the same person may be proposed again after a
  // withdrawal: another day), and not recorded already.
  const people = new Map<string, Proposal[]>();
  const listed = new Set<string>();
  const statusChanges: ImportedStatusChange[] = [];
  const statusLines: Located[] = [];
  const importedCandidates: ImportedCandidate[] = [];
  const candidateLines: Located[] = [];
  const recorded = await recordedCandidates(prisma, [...candidates, ...attendances.filter((a) => a.attendeeKind === 'CANDIDATE')].flatMap((c) => (c.branchCode && branches.has(c.branchCode) ? [{ fullName: c.fullName, dateOfBirth: c.dateOfBirth, branchId: branches.get(c.branchCode)!, branchCode: c.branchCode }] : [])));
  for (const [key, proposals] of recorded) people.set(key, [...proposals]);
  for (const candidate of candidates) {
    const branchId = branches.get(candidate.branchCode);
    if (!branchId) {
      fail(candidate, 'Mã chi bộ', candidate.branchCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees');
      continue;
    }
    const key = personKey(candidate.fullName, candidate.dateOfBirth, candidate.branchCode);
    const same = (people.get(key) ?? []).find((p) => p.proposedOn === candidate.proposedOn);
    if (same?.inFile || (same && listed.has(same.id))) {
      fail(candidate, 'Họ và tên', candidate.fullName, 'DUPLICATE_IN_FILE', 'the same person (name, date of birth, branch, day proposed) as an earlier row');
      continue;
    }
    if (candidate.status === 'ADMITTED' && same?.status !== 'ADMITTED') {
      fail(candidate, 'Tình trạng', candidateStatusLabels.ADMITTED, 'REFUSED', 'a candidate is admitted by the member’s admission (the members import or admitMember), not by this column');
      continue;
    }
    if (same) {
      // Recorded already: the list read back changes only the status (considered again, or no longer).
      listed.add(same.id);
      if (same.status !== candidate.status) {
        statusChanges.push({ id: same.id, status: candidate.status as 'PROPOSED' | 'WITHDRAWN' });
        statusLines.push(candidate);
      }
      continue;
    }
    const id = uuidv7();
    people.set(key, [...(people.get(key) ?? []), { id, proposedOn: candidate.proposedOn, status: candidate.status, inFile: true }]);
    importedCandidates.push({ id, fullName: candidate.fullName, gender: candidate.gender, dateOfBirth: candidate.dateOfBirth, ethnicity: candidate.ethnicity, occupation: candidate.occupation, workplace: candidate.workplace, organizationId: branchId, proposedOn: candidate.proposedOn, status: candidate.status });
    candidateLines.push(candidate);
  }
  /** The proposal a class attended: the latest made by the class's first day (else the first); two alike cannot be told apart. */
  const proposalFor = (key: string, startsOn: IsoDate): string | 'AMBIGUOUS' | null => {
    const proposals = [...(people.get(key) ?? [])].sort((a, b) => a.proposedOn.localeCompare(b.proposedOn));
    if (proposals.length === 0) return null;
    const chosen = proposals.filter((p) => p.proposedOn <= startsOn).at(-1) ?? proposals[0]!;
    return proposals.filter((p) => p.proposedOn === chosen.proposedOn).length > 1 ? 'AMBIGUOUS' : chosen.id;
  };

  // Classes by organiser, type, name and first day: recorded ones reused, new ones recorded once.
  const classKey = (a: AttendanceDraft, organizerId: string) => `${organizerId} ${a.type} ${searchKey(a.className)} ${a.startsOn}`;
  const recordedClasses = await classesOf(prisma, [...new Set(attendances.flatMap((a) => (organizers.has(a.organizerCode) ? [organizers.get(a.organizerCode)!] : [])))]);
  const newClasses = new Map<string, ImportedClass & { line: Located }>();
  const members = await membersByCard(prisma, attendances.flatMap((a) => (a.cardNumber && a.attendeeKind === 'MEMBER' ? [a.cardNumber] : [])));
  const importedAttendances: ImportedAttendance[] = [];
  const attendanceLines: Located[] = [];
  for (const attendance of attendances) {
    const organizerId = organizers.get(attendance.organizerCode);
    if (!organizerId) {
      fail(attendance, 'Mã đơn vị tổ chức', attendance.organizerCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees');
      continue;
    }
    const key = classKey(attendance, organizerId);
    const known = recordedClasses.get(key);
    let classId: string;
    if (known) {
      if (known.endsOn !== attendance.endsOn) {
        fail(attendance, 'Đến ngày', attendance.endsOn, 'CLASS_CONTRADICTS_RECORD', `the recorded class ends on ${known.endsOn}`);
        continue;
      }
      classId = known.id;
    } else {
      const fresh = newClasses.get(key);
      if (fresh && fresh.endsOn !== attendance.endsOn) {
        fail(attendance, 'Đến ngày', attendance.endsOn, 'CLASS_CONTRADICTS_RECORD', `an earlier row (${fresh.line.row.line}) gives this class the last day ${fresh.endsOn}`);
        continue;
      }
      const created = fresh ?? { id: uuidv7(), type: attendance.type, name: attendance.className, organizerId, startsOn: attendance.startsOn, endsOn: attendance.endsOn, line: attendance };
      newClasses.set(key, created);
      classId = created.id;
    }
    let candidateId: string | null = null;
    let memberId: string | null = null;
    if (attendance.attendeeKind === 'MEMBER') {
      const member = members.get(attendance.cardNumber!);
      if (!member || !may(services.actor, 'readMembers', member.path)) {
        fail(attendance, 'Số thẻ đảng viên', attendance.cardNumber, 'UNKNOWN_MEMBER_KEY', 'no member with this party card number in the caller’s subtrees');
        continue;
      }
      if (searchKey(member.fullName) !== searchKey(attendance.fullName) || member.dateOfBirth !== attendance.dateOfBirth) {
        fail(attendance, 'Học viên', attendance.fullName, 'MEMBER_MISMATCH', `the party card number is ${member.fullName}'s, born ${member.dateOfBirth}`);
        continue;
      }
      memberId = member.id;
    } else {
      if (!branches.has(attendance.branchCode!)) {
        fail(attendance, 'Mã chi bộ', attendance.branchCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees');
        continue;
      }
      candidateId = proposalFor(personKey(attendance.fullName, attendance.dateOfBirth, attendance.branchCode!), attendance.startsOn);
      if (candidateId === 'AMBIGUOUS') {
        fail(attendance, 'Học viên', attendance.fullName, 'AMBIGUOUS_CANDIDATE', 'two candidates of this branch have this name and date of birth, proposed on the same day');
        continue;
      }
      if (!candidateId) {
        fail(attendance, 'Học viên', attendance.fullName, 'UNKNOWN_CANDIDATE', `no candidate of this name and date of birth at this branch, in the sheet "${CANDIDATE_SHEET}" or recorded`);
        continue;
      }
    }
    importedAttendances.push({ classId, candidateId, memberId, result: attendance.result, certificateNumber: attendance.certificateNumber });
    attendanceLines.push(attendance);
  }
  const classes = [...newClasses.values()];
  const counts = summary({ classesToCreate: classes.length });
  if (problems.length > 0) return importOutcome(params.step, problems, counts);

  await progress(params.step === 'commit' ? 'WRITING' : 'VALIDATING', 0, total);
  let written: ImportCounts;
  try {
    written = await services.candidates.importRows(
      { candidates: importedCandidates, statusChanges, classes: classes.map(({ line: _line, ...c }) => c), attendances: importedAttendances },
      { importId: job.id, scopePath: job.scopePath, file: { name: params.filename ?? null, sha256: params.sha256 ?? null }, documents: [], commit: params.step === 'commit' },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!(error instanceof ValidationError)) return importOutcome(params.step, [{ sheet: CANDIDATE_SHEET, row: null, column: null, value: null, code: 'REFUSED', message: error.message }], counts);
    const linesOf: Record<string, Located[]> = { candidates: candidateLines, statusChanges: statusLines, classes: classes.map((c) => c.line), attendances: attendanceLines };
    for (const problem of error.problems) {
      const at = /^(candidates|statusChanges|classes|attendances)\.(\d+)\.?(\w*)/.exec(problem.field);
      const line = at ? linesOf[at[1]!]![Number(at[2])] : undefined;
      const message = problem.message.replace(/attendances\.(\d+)/g, (_all, index: string) => `row ${attendanceLines[Number(index)]?.row.line ?? '?'}`);
      problems.push({ sheet: line?.sheet.name ?? CANDIDATE_SHEET, row: line?.row.line ?? null, column: COLUMN_OF_FIELD[`${at?.[1]}.${at?.[3]}`] ?? null, value: null, code: 'REFUSED', message });
    }
    return importOutcome(params.step, problems, counts);
  }
  const result = { ...counts, ...written, classesToCreate: classes.length };
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...result } };
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...result, classesCreated: classes.length } };
}

/** The service's field names as the file's headings. */
const COLUMN_OF_FIELD: Record<string, string> = {
  'candidates.fullName': 'Họ và tên',
  'candidates.dateOfBirth': 'Ngày sinh',
  'classes.name': 'Lớp',
  'classes.endsOn': 'Đến ngày',
  'attendances.certificateNumber': 'Số giấy chứng nhận',
  'candidates.proposedOn': 'Ngày chi bộ giới thiệu',
  'statusChanges.': 'Tình trạng',
  'classes.startsOn': 'Từ ngày',
  'attendances.attendee': 'Học viên',
};

type Proposal = { id: string; proposedOn: IsoDate; status: CandidateStatus; inFile: boolean };

/** Recorded candidates by name, date of birth and branch: each proposal of the person there. */
async function recordedCandidates(prisma: PrismaClient, people: { fullName: string; dateOfBirth: IsoDate; branchId: string; branchCode: string }[]): Promise<Map<string, Proposal[]>> {
  if (people.length === 0) return new Map();
  const codeOf = new Map(people.map((p) => [p.branchId, p.branchCode]));
  const rows = await prisma.candidate.findMany({
    where: { organizationId: { in: [...codeOf.keys()] }, searchName: { in: [...new Set(people.map((p) => searchKey(p.fullName)))] } },
    select: { id: true, fullName: true, dateOfBirth: true, organizationId: true, proposedOn: true, status: true },
  });
  const found = new Map<string, Proposal[]>();
  for (const row of rows) {
    const key = personKey(row.fullName, fromDbDate(row.dateOfBirth), codeOf.get(row.organizationId)!);
    found.set(key, [...(found.get(key) ?? []), { id: row.id, proposedOn: fromDbDate(row.proposedOn), status: row.status, inFile: false }]);
  }
  return found;
}

/** Recorded classes of these organisers, keyed `organizerId type name startsOn`. */
async function classesOf(prisma: PrismaClient, organizerIds: string[]): Promise<Map<string, { id: string; endsOn: IsoDate }>> {
  if (organizerIds.length === 0) return new Map();
  const rows = await prisma.trainingClass.findMany({ where: { organizerId: { in: organizerIds } } });
  return new Map(rows.map((c) => [`${c.organizerId} ${c.type} ${searchKey(c.name)} ${fromDbDate(c.startsOn)}`, { id: c.id, endsOn: fromDbDate(c.endsOn) }]));
}

/** Members by party card number, with the path of their current organisation. */
async function membersByCard(prisma: PrismaClient, cards: string[]) {
  if (cards.length === 0) return new Map<string, { id: string; fullName: string; dateOfBirth: IsoDate; path: number[] }>();
  const rows = await prisma.$queryRaw<{ id: string; card: string; full_name: string; date_of_birth: Date; path: number[] | null }[]>`
    SELECT m.id::text, m.party_card_number AS card, m.full_name, m.date_of_birth, v.path
    FROM members m
    LEFT JOIN member_periods p ON p.member_id = m.id AND p.valid_to IS NULL
    LEFT JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_to IS NULL
    WHERE m.party_card_number = ANY(${[...new Set(cards)]}::text[])`;
  return new Map(rows.map((row) => [row.card, { id: row.id, fullName: row.full_name, dateOfBirth: fromDbDate(row.date_of_birth), path: row.path ?? [-1] }]));
}
