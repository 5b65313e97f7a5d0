import { Prisma, type Gender, type MemberEventType, type PrismaClient } from '../../generated/prisma/client.js';
import type { IsoDate } from '../../shared/dates.js';
import { genderLabels, memberEventLabels } from '../members/members.labels.js';
import type { ImportRecord, PersonalData } from '../members/members.service.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobContext, JobOutcome } from '../jobs/runner.js';
import { decisionResolver, type DecisionRef } from './decisions.js';
import { headingKey, mapColumns, organizationsByCode, readSheets, repeatedFile, RowReader, unreadable, type ColumnSpec, type ImportFormat, type Sheet, type SheetRow } from './sheets.js';

/**
 * Members with their histories from a spreadsheet (issue 18): the sheet "Đảng viên" (one row a
 * member: personal data, admission, ceremony, recognition, branch) and, when the file has it,
 * the sheet "Quá trình sinh hoạt đảng" (one row an event after the admission, in any order:
 * the importer orders each member's events by date). Decisions are named by number and issuer
 * and recorded when new. Validate reports every problem and writes nothing; commit writes all
 * or nothing.
 */

export const MEMBER_SHEET = 'Đảng viên';
export const HISTORY_SHEET = 'Quá trình sinh hoạt đảng';

type MemberKey =
  | 'recordKey' | 'fullName' | 'gender' | 'dateOfBirth' | 'ethnicity' | 'religion' | 'hometown' | 'permanentAddress' | 'nationalId' | 'phone' | 'email'
  | 'educationLevel' | 'professionalQualification' | 'politicalTheoryLevel' | 'occupation' | 'workplace' | 'partyCardNumber' | 'fileNumber'
  | 'branchCode' | 'admissionBranchCode' | 'admittedOn' | 'admissionDecision' | 'admissionIssuer' | 'ceremonyOn' | 'recognizedOn' | 'recognitionDecision' | 'recognitionIssuer';

export const MEMBER_COLUMNS: readonly ColumnSpec<MemberKey>[] = [
  { key: 'recordKey', header: 'Mã đảng viên', note: 'Mã của dòng trong tệp (tùy chọn, không trùng nhau): sheet Quá trình sinh hoạt đảng dùng mã này để chỉ đảng viên.' },
  { key: 'fullName', header: 'Họ và tên', required: true, note: 'Họ và tên khai sinh.' },
  { key: 'gender', header: 'Giới tính', required: true, note: 'Nam hoặc Nữ.' },
  { key: 'dateOfBirth', header: 'Ngày sinh', required: true, note: 'Ngày/tháng/năm (dd/mm/yyyy) hoặc ô ngày của Excel.' },
  { key: 'ethnicity', header: 'Dân tộc', note: 'Tên dân tộc (Kinh khi để trống).' },
  { key: 'religion', header: 'Tôn giáo', note: 'Để trống nếu không theo tôn giáo.' },
  { key: 'hometown', header: 'Quê quán', note: 'Xã/phường, tỉnh/thành phố.' },
  { key: 'permanentAddress', header: 'Nơi thường trú', note: 'Thông tin nhạy cảm.' },
  { key: 'nationalId', header: 'Số CCCD', aliases: ['Số căn cước', 'Số căn cước công dân', 'CCCD'], note: '12 chữ số, không trùng với đảng viên khác. Thông tin nhạy cảm.' },
  { key: 'phone', header: 'Điện thoại', note: 'Thông tin nhạy cảm.' },
  { key: 'email', header: 'Thư điện tử', aliases: ['Email'], note: 'Thông tin nhạy cảm.' },
  { key: 'educationLevel', header: 'Giáo dục phổ thông', aliases: ['Trình độ giáo dục phổ thông'], note: 'Ví dụ: 12/12.' },
  { key: 'professionalQualification', header: 'Chuyên môn nghiệp vụ', aliases: ['Trình độ chuyên môn'], note: 'Ví dụ: Đại học, Thạc sĩ.' },
  { key: 'politicalTheoryLevel', header: 'Lý luận chính trị', aliases: ['Trình độ lý luận chính trị'], note: 'Sơ cấp, Trung cấp, Cao cấp, Cử nhân.' },
  { key: 'occupation', header: 'Nghề nghiệp', note: 'Nghề nghiệp hiện nay.' },
  { key: 'workplace', header: 'Nơi làm việc', note: 'Cơ quan, đơn vị công tác.' },
  { key: 'partyCardNumber', header: 'Số thẻ đảng viên', note: 'Không trùng với đảng viên khác.' },
  { key: 'fileNumber', header: 'Số lý lịch', note: 'Số hồ sơ lý lịch đảng viên.' },
  { key: 'branchCode', header: 'Mã chi bộ', required: true, note: 'Mã của chi bộ đang quản lý đảng viên (trong phạm vi của người nhập).' },
  { key: 'admissionBranchCode', header: 'Mã chi bộ kết nạp', note: 'Chi bộ kết nạp, khi khác chi bộ hiện nay (đảng viên đã chuyển sinh hoạt).' },
  { key: 'admittedOn', header: 'Ngày vào Đảng', required: true, note: 'Ngày quyết định kết nạp.' },
  { key: 'admissionDecision', header: 'Số quyết định kết nạp', note: 'Ví dụ: 125-QĐ/ĐU. Quyết định chưa có trong hệ thống sẽ được ghi mới.' },
  { key: 'admissionIssuer', header: 'Cấp quyết định kết nạp', note: 'Tên cấp ủy ra quyết định (cần khi quyết định chưa có trong hệ thống).' },
  { key: 'ceremonyOn', header: 'Ngày lễ kết nạp', note: 'Thời gian dự bị tính từ ngày này.' },
  { key: 'recognizedOn', header: 'Ngày chính thức', note: 'Ngày được công nhận đảng viên chính thức (để trống nếu còn dự bị).' },
  { key: 'recognitionDecision', header: 'Số quyết định công nhận chính thức', note: 'Số quyết định công nhận đảng viên chính thức.' },
  { key: 'recognitionIssuer', header: 'Cấp quyết định công nhận', note: 'Tên cấp ủy ra quyết định công nhận.' },
];

/** Columns the member export writes that the import does not read (they follow from the history). */
export const DERIVED_MEMBER_HEADINGS = ['Tình trạng', 'Từ ngày', 'Miễn sinh hoạt', 'Tuổi đảng (năm)', 'Chi bộ'];

type EventKey = 'recordKey' | 'type' | 'occurredOn' | 'decision' | 'issuer' | 'organizationCode' | 'note' | 'details';

export const HISTORY_COLUMNS: readonly ColumnSpec<EventKey>[] = [
  { key: 'recordKey', header: 'Mã đảng viên', required: true, note: 'Mã đảng viên như ở sheet Đảng viên.' },
  { key: 'type', header: 'Sự kiện', required: true, note: `Một trong: ${Object.entries(memberEventLabels).filter(([type]) => type !== 'ADMITTED').map(([, label]) => label).join('; ')}.` },
  { key: 'occurredOn', header: 'Ngày', required: true, note: 'Ngày quyết định (ngày mất với Từ trần).' },
  { key: 'decision', header: 'Số quyết định', note: 'Số quyết định; quyết định chưa có trong hệ thống được ghi mới.' },
  { key: 'issuer', header: 'Cấp quyết định', note: 'Tên cấp ủy ra quyết định.' },
  { key: 'organizationCode', header: 'Mã tổ chức', note: 'Chi bộ chuyển đến (chuyển sinh hoạt, tạm thời, kết nạp lại, tiếp nhận).' },
  { key: 'note', header: 'Ghi chú', note: 'Ghi chú.' },
  { key: 'details', header: 'Chi tiết', note: 'Chi tiết của sự kiện như phần mềm xuất ra (JSON): giữ nguyên khi nhập lại.' },
];

const EVENT_TYPES = Object.fromEntries(
  (Object.entries(memberEventLabels) as [MemberEventType, string][]).map(([type, label]) => [headingKey(label), type]),
) as Record<string, MemberEventType>;
const NEEDS_ORGANIZATION: MemberEventType[] = ['TRANSFERRED', 'TEMPORARY_TRANSFER', 'READMITTED', 'TRANSFERRED_IN'];


type MemberDraft = {
  row: SheetRow;
  key: string;
  person: PersonalData;
  branchCode: string;
  admissionBranchCode: string;
  admittedOn: IsoDate;
  admission: DecisionRef | null;
  ceremonyOn: IsoDate | null;
  recognizedOn: IsoDate | null;
  recognition: DecisionRef | null;
};

type EventDraft = { row: SheetRow; key: string; type: MemberEventType; occurredOn: IsoDate; decision: DecisionRef | null; organizationCode: string | null; note: string | null; details: Record<string, unknown> };

export async function importMembers({ job, input, services, progress }: JobContext, prisma: PrismaClient): Promise<JobOutcome> {
  const params = job.params as { step: 'validate' | 'commit'; format: ImportFormat };
  await progress('PARSING', 0);
  let sheets: Sheet[];
  try {
    sheets = await readSheets(input, params.format, MEMBER_SHEET);
  } catch (error) {
    return refused(params.step, unreadable(error, MEMBER_SHEET));
  }
  if (params.step === 'commit') {
    const repeated = await repeatedFile(prisma, job, MEMBER_SHEET);
    if (repeated.length) return refused('commit', repeated);
  }
  const memberSheet = sheets.find((sheet) => headingKey(sheet.name) === headingKey(MEMBER_SHEET)) ?? sheets[0];
  const historySheet = sheets.find((sheet) => headingKey(sheet.name) === headingKey(HISTORY_SHEET)) ?? null;
  if (!memberSheet || memberSheet.rows.length === 0) {
    return refused(params.step, [{ sheet: memberSheet?.name ?? MEMBER_SHEET, row: null, column: null, value: null, code: 'EMPTY_FILE', message: 'the file has no member rows' }]);
  }
  const total = memberSheet.rows.length + (historySheet?.rows.length ?? 0);
  await progress('VALIDATING', 0, total);

  const problems: ImportProblem[] = [];
  const members = await readMembers(memberSheet, problems);
  const events = historySheet ? await readEvents(historySheet, problems) : { drafts: [], ignored: [] };
  const byKey = new Map<string, MemberDraft>();
  for (const draft of members.drafts) {
    if (byKey.has(draft.key)) problems.push({ sheet: memberSheet.name, row: draft.row.line, column: 'Mã đảng viên', value: draft.key, code: 'DUPLICATE_KEY', message: 'another row has this member key' });
    else byKey.set(draft.key, draft);
  }
  const eventsOf = new Map<string, EventDraft[]>();
  for (const event of events.drafts) {
    if (!byKey.has(event.key)) {
      problems.push({ sheet: historySheet!.name, row: event.row.line, column: 'Mã đảng viên', value: event.key, code: 'UNKNOWN_MEMBER_KEY', message: `no row of the sheet ${MEMBER_SHEET} has this member key` });
      continue;
    }
    eventsOf.set(event.key, [...(eventsOf.get(event.key) ?? []), event]);
  }
  await checkUnique(prisma, memberSheet.name, members.drafts, problems);

  // Organisations by code: unknown ones and those outside the caller's subtree are told alike.
  const codes = [...new Set([...members.drafts.flatMap((d) => [d.branchCode, d.admissionBranchCode]), ...events.drafts.flatMap((e) => (e.organizationCode ? [e.organizationCode] : []))])];
  const organizations = await organizationsByCode(prisma, services.actor, 'manageMembers', codes);
  const organizationOf = (code: string, sheet: Sheet, row: SheetRow, column: string) => {
    const found = organizations.get(code);
    if (found) return found;
    problems.push({ sheet: sheet.name, row: row.line, column, value: code, code: 'UNKNOWN_ORGANIZATION', message: 'no organisation with this code in your subtree' });
    return null;
  };

  const decisions = await decisionResolver(prisma, [...members.drafts.flatMap((d) => [d.admission, d.recognition]), ...events.drafts.map((e) => e.decision)]);
  const records: { draft: MemberDraft; record: ImportRecord }[] = [];
  for (const draft of byKey.values()) {
    const currentBranch = organizationOf(draft.branchCode, memberSheet, draft.row, 'Mã chi bộ');
    const admittingBranch = draft.admissionBranchCode === draft.branchCode ? currentBranch : organizationOf(draft.admissionBranchCode, memberSheet, draft.row, 'Mã chi bộ kết nạp');
    const history = (eventsOf.get(draft.key) ?? []).slice();
    const decisionOf = (ref: DecisionRef | null, sheet: Sheet, row: SheetRow, column: string) => {
      if (!ref) return null;
      const resolved = decisions.resolve(ref);
      if ('problem' in resolved) {
        problems.push({ sheet: sheet.name, row: row.line, column, value: ref.number, code: resolved.code, message: resolved.problem });
        return null;
      }
      return resolved.id;
    };
    const recordEvents: ImportRecord['events'] = [];
    const arrival = history.find((event) => event.type === 'TRANSFERRED_IN');
    if (!arrival) {
      recordEvents.push({ type: 'ADMITTED', occurredOn: draft.admittedOn, organizationId: admittingBranch, decisionId: decisionOf(draft.admission, memberSheet, draft.row, 'Số quyết định kết nạp') });
    }
    if (draft.recognizedOn && !history.some((event) => event.type === 'RECOGNIZED_OFFICIAL')) {
      recordEvents.push({ type: 'RECOGNIZED_OFFICIAL', occurredOn: draft.recognizedOn, decisionId: decisionOf(draft.recognition, memberSheet, draft.row, 'Số quyết định công nhận chính thức') });
    }
    for (const event of history) {
      if (event.occurredOn < draft.admittedOn && event.type !== 'TRANSFERRED_IN') {
        problems.push({ sheet: historySheet!.name, row: event.row.line, column: 'Ngày', value: event.occurredOn, code: 'DATE_ORDER', message: `is before the member's admission (${draft.admittedOn})` });
      }
      const organizationId = event.organizationCode ? organizationOf(event.organizationCode, historySheet!, event.row, 'Mã tổ chức') : null;
      if (NEEDS_ORGANIZATION.includes(event.type) && !event.organizationCode) {
        problems.push({ sheet: historySheet!.name, row: event.row.line, column: 'Mã tổ chức', value: null, code: 'REQUIRED', message: `${memberEventLabels[event.type]} needs the organisation (Mã tổ chức)` });
      }
      recordEvents.push({ type: event.type, occurredOn: event.occurredOn, organizationId, decisionId: decisionOf(event.decision, historySheet!, event.row, 'Số quyết định'), details: event.details, note: event.note });
    }
    // The file's order does not matter: each member's events by date (an arrival or admission first on its day).
    const first = (type: MemberEventType) => (type === 'ADMITTED' || type === 'TRANSFERRED_IN' ? 0 : 1);
    recordEvents.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : first(a.type) - first(b.type)));
    if (!admittingBranch || !currentBranch) continue;
    records.push({ draft, record: { person: draft.person, ceremonyOn: draft.ceremonyOn, admittedOn: draft.admittedOn, events: recordEvents } });
  }
  await progress('VALIDATING', Math.floor(total / 2), total);

  const checked = records.length
    ? await services.members.checkedHistories(records.map((r) => r.record))
    : { members: [], events: [], periods: [], problems: [] };
  for (const { index, message } of checked.problems) {
    const { draft } = records[index]!;
    problems.push({ sheet: memberSheet.name, row: draft.row.line, column: null, value: draft.key, code: 'INVALID_HISTORY', message });
  }
  // The history must leave each member where the row says they are.
  const branchOfMember = new Map<string, string>();
  for (const period of checked.periods) if (!period.validTo) branchOfMember.set(period.memberId, period.organizationId);
  const failed = new Set(checked.problems.map((p) => p.index));
  const built = records.filter((_, i) => !failed.has(i));
  checked.members.forEach((member, index) => {
    const { draft } = built[index]!;
    const at = branchOfMember.get(member.id!);
    const expected = organizations.get(draft.branchCode);
    if (at && expected && at !== expected) {
      const code = [...organizations.entries()].find(([, id]) => id === at)?.[0] ?? at;
      problems.push({ sheet: memberSheet.name, row: draft.row.line, column: 'Mã chi bộ', value: draft.branchCode, code: 'BRANCH_CONTRADICTS_HISTORY', message: `the history leaves the member in ${code}, not ${draft.branchCode}` });
    }
  });
  problems.sort((a, b) => (a.sheet === b.sheet ? (a.row ?? 0) - (b.row ?? 0) : a.sheet === memberSheet.name ? -1 : 1));
  const summary = { members: members.drafts.length, events: checked.events.length, decisionsToCreate: decisions.created().length, ignoredColumns: [...members.ignored, ...events.ignored] };
  if (problems.length > 0) return params.step === 'validate' ? { status: 'SUCCEEDED', result: { step: 'validate', valid: false, ...summary }, problems } : refused('commit', problems, summary);
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...summary } };

  await progress('WRITING', 0, checked.members.length);
  await services.members.writeHistories(
    checked,
    decisions.created(),
    { importId: job.id, scopePath: job.scopePath, file: { name: (job.params as { filename?: string }).filename ?? null, sha256: (job.params as { sha256?: string }).sha256 ?? null } },
    (written) => progress('WRITING', written, checked.members.length),
  );
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...summary, decisionsCreated: summary.decisionsToCreate } };
}

function refused(step: string, problems: ImportProblem[], summary: Record<string, unknown> = {}): JobOutcome {
  return { status: step === 'commit' ? 'FAILED' : 'SUCCEEDED', result: { step, ...(step === 'commit' ? { written: false } : { valid: false }), ...summary }, problems };
}

async function readMembers(sheet: Sheet, problems: ImportProblem[]) {
  const columns = mapColumns(sheet, MEMBER_COLUMNS);
  problems.push(...columns.problems);
  const ignored = columns.ignored.filter((heading) => !DERIVED_MEMBER_HEADINGS.some((derived) => headingKey(derived) === headingKey(heading)));
  if (columns.problems.length > 0) return { drafts: [] as MemberDraft[], ignored };
  const reader = new RowReader(sheet, new Map(MEMBER_COLUMNS.map((c) => [c.key, c])), columns.index);
  const drafts: MemberDraft[] = [];
  for (const [index, row] of sheet.rows.entries()) {
    // Other requests are answered while a province is read.
    if (index % 1_000 === 999) await yieldToOthers();
    const before = reader.problems.length;
    const text = (key: MemberKey, max?: number) => reader.text(row, key, max);
    const fullName = text('fullName');
    const gender: Gender | null = reader.choice(row, 'gender', genderLabels, { nu: 'FEMALE' });
    const dateOfBirth = reader.date(row, 'dateOfBirth');
    const nationalId = text('nationalId', 12);
    if (nationalId && !/^\d{12}$/.test(nationalId)) reader.problem(row, 'nationalId', nationalId, 'INVALID_NATIONAL_ID', 'a citizen identity number has 12 digits');
    const email = text('email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) reader.problem(row, 'email', email, 'INVALID_EMAIL', 'is not an e-mail address');
    const phone = text('phone', 20);
    if (phone && !/^\+?[\d .-]{8,15}$/.test(phone)) reader.problem(row, 'phone', phone, 'INVALID_PHONE', 'is not a phone number');
    const admittedOn = reader.date(row, 'admittedOn');
    const ceremonyOn = reader.date(row, 'ceremonyOn');
    const recognizedOn = reader.date(row, 'recognizedOn');
    if (dateOfBirth && admittedOn && dateOfBirth >= admittedOn) reader.problem(row, 'admittedOn', admittedOn, 'DATE_ORDER', `is not after the date of birth (${dateOfBirth})`);
    if (admittedOn && ceremonyOn && ceremonyOn < admittedOn) reader.problem(row, 'ceremonyOn', ceremonyOn, 'DATE_ORDER', `is before the admission (${admittedOn})`);
    if (admittedOn && recognizedOn && recognizedOn <= admittedOn) reader.problem(row, 'recognizedOn', recognizedOn, 'DATE_ORDER', `is not after the admission (${admittedOn})`);
    const branchCode = text('branchCode', 50);
    const decision = (numberKey: MemberKey, issuerKey: MemberKey, on: IsoDate | null): DecisionRef | null => {
      const number = text(numberKey, 50);
      const issuer = text(issuerKey);
      if (!number) {
        if (issuer) reader.problem(row, numberKey, null, 'REQUIRED', 'the issuer is given without the decision’s number');
        return null;
      }
      return on ? { number, issuer, on } : null;
    };
    const draft: MemberDraft = {
      row,
      key: text('recordKey', 100) ?? `#${row.line}`,
      person: {
        fullName: fullName ?? '',
        gender: gender ?? 'MALE',
        dateOfBirth: dateOfBirth ?? '1900-01-01',
        ethnicity: text('ethnicity'),
        religion: text('religion'),
        hometown: text('hometown'),
        permanentAddress: text('permanentAddress'),
        nationalId,
        phone,
        email,
        educationLevel: text('educationLevel'),
        professionalQualification: text('professionalQualification'),
        politicalTheoryLevel: text('politicalTheoryLevel'),
        occupation: text('occupation'),
        workplace: text('workplace'),
        partyCardNumber: text('partyCardNumber', 30),
        fileNumber: text('fileNumber', 30),
      },
      branchCode: branchCode ?? '',
      admissionBranchCode: text('admissionBranchCode', 50) ?? branchCode ?? '',
      admittedOn: admittedOn ?? '1900-01-01',
      admission: decision('admissionDecision', 'admissionIssuer', admittedOn),
      ceremonyOn,
      recognizedOn,
      recognition: decision('recognitionDecision', 'recognitionIssuer', recognizedOn),
    };
    if (reader.problems.length === before) drafts.push(draft);
  }
  problems.push(...reader.problems);
  return { drafts, ignored };
}

async function readEvents(sheet: Sheet, problems: ImportProblem[]) {
  const columns = mapColumns(sheet, HISTORY_COLUMNS);
  problems.push(...columns.problems);
  if (columns.problems.length > 0) return { drafts: [] as EventDraft[], ignored: columns.ignored };
  const reader = new RowReader(sheet, new Map(HISTORY_COLUMNS.map((c) => [c.key, c])), columns.index);
  const drafts: EventDraft[] = [];
  for (const [index, row] of sheet.rows.entries()) {
    if (index % 1_000 === 999) await yieldToOthers();
    const before = reader.problems.length;
    const key = reader.text(row, 'recordKey', 100);
    const label = reader.text(row, 'type');
    const type = label ? (EVENT_TYPES[headingKey(label)] ?? (label in memberEventLabels ? (label as MemberEventType) : null)) : null;
    if (label && (!type || type === 'ADMITTED')) reader.problem(row, 'type', label, 'UNKNOWN_VALUE', type === 'ADMITTED' ? 'the admission is given on the member’s row' : 'is not an event of a member’s history');
    const occurredOn = reader.date(row, 'occurredOn');
    const number = reader.text(row, 'decision', 50);
    const issuer = reader.text(row, 'issuer');
    const raw = reader.text(row, 'details', 5000);
    let details: Record<string, unknown> = {};
    if (raw) {
      try {
        const parsed = JSON.parse(raw) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        details = parsed as Record<string, unknown>;
      } catch {
        reader.problem(row, 'details', raw.slice(0, 50), 'INVALID_DETAILS', 'is not the JSON object the export writes');
      }
    }
    if (reader.problems.length === before && key && type && occurredOn) {
      drafts.push({ row, key, type, occurredOn, decision: number ? { number, issuer, on: occurredOn } : null, organizationCode: reader.text(row, 'organizationCode', 50), note: reader.text(row, 'note', 2000), details });
    }
  }
  problems.push(...reader.problems);
  return { drafts, ignored: columns.ignored };
}

/** National IDs and party card numbers: once in the file, and not another member's already. */
async function checkUnique(prisma: PrismaClient, sheet: string, drafts: readonly MemberDraft[], problems: ImportProblem[]) {
  for (const [field, column] of [['nationalId', 'Số CCCD'], ['partyCardNumber', 'Số thẻ đảng viên']] as const) {
    const seen = new Map<string, number>();
    for (const draft of drafts) {
      const value = draft.person[field];
      if (!value) continue;
      const earlier = seen.get(value);
      if (earlier !== undefined) problems.push({ sheet, row: draft.row.line, column, value, code: 'DUPLICATE_IN_FILE', message: `row ${earlier} has the same value` });
      else seen.set(value, draft.row.line);
    }
    const values = [...seen.keys()];
    if (values.length === 0) continue;
    const taken = await prisma.$queryRaw<{ value: string }[]>`
      SELECT ${Prisma.raw(field === 'nationalId' ? 'national_id' : 'party_card_number')} AS value FROM members
      WHERE ${Prisma.raw(field === 'nationalId' ? 'national_id' : 'party_card_number')} = ANY(${values}::text[])`;
    for (const { value } of taken) {
      problems.push({ sheet, row: seen.get(value)!, column, value, code: 'ALREADY_RECORDED', message: 'another member already has this value' });
    }
  }
}


const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));
