import type { PrismaClient, RatingLevel, RatingSubject } from '../../generated/prisma/client.js';
import { todayInVietnam } from '../../shared/dates.js';
import { DomainError, ValidationError } from '../../shared/errors.js';
import { may } from '../auth/access.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobContext, JobOutcome } from '../jobs/runner.js';
import { ratingLevelLabels, ratingSubjectLabels } from '../ratings/ratings.inputs.js';
import type { RatingBatch } from '../ratings/ratings.service.js';
import { decisionResolver, type DecisionRef } from './decisions.js';
import { headingKey, importOutcome, mapColumns, openImport, organizationsByCode, RowReader, type ColumnSpec, type SheetRow } from './sheets.js';

/**
 * A year's quality ratings from a spreadsheet (the ratings export reads back): one row a rated
 * member (by party card number) or organisation (by code), with the deciding committee (by
 * code) and its decision (by number and issuer, recorded when new). Rows are gathered into the
 * batches a committee decides (committee, year, subject, decision) and checked by the rules of
 * rating them through the API (the member belongs to the committee on the year's last day, the
 * share of EXCELLENT, discipline caps, score bands); all rows or none.
 */

export const RATING_SHEET = 'Xếp loại chất lượng';

type Key = 'year' | 'subject' | 'cardNumber' | 'organizationCode' | 'level' | 'score' | 'raterCode' | 'decision' | 'issuer';

export const RATING_IMPORT_COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'year', header: 'Năm', required: true, note: 'Năm đánh giá, xếp loại (ví dụ 2025).' },
  { key: 'subject', header: 'Đối tượng', required: true, note: `Một trong: ${Object.values(ratingSubjectLabels).join('; ')}.` },
  { key: 'cardNumber', header: 'Số thẻ đảng viên', note: 'Đảng viên được xếp loại (bắt buộc khi đối tượng là đảng viên).' },
  { key: 'organizationCode', header: 'Mã tổ chức', note: 'Tổ chức đảng được xếp loại (bắt buộc khi đối tượng là tổ chức đảng); với đảng viên: chi bộ, để đối chiếu.' },
  { key: 'level', header: 'Xếp loại', required: true, note: `Một trong: ${Object.values(ratingLevelLabels).join('; ')}.` },
  { key: 'score', header: 'Điểm', note: 'Điểm (thang 100), nếu có.' },
  { key: 'raterCode', header: 'Mã cấp quyết định', required: true, note: 'Mã tổ chức đảng có thẩm quyền quyết định xếp loại.' },
  { key: 'decision', header: 'Số quyết định', required: true, note: 'Số quyết định công nhận kết quả xếp loại; quyết định chưa có trong hệ thống được ghi mới.' },
  { key: 'issuer', header: 'Cấp ban hành quyết định', note: 'Tên cấp ban hành (cần khi quyết định chưa có trong hệ thống).' },
];

/** The export's columns the import does not read: names beside the codes, the period's days. */
const DERIVED_HEADINGS = ['Họ và tên', 'Tổ chức đảng', 'Từ ngày', 'Đến ngày', 'Cấp quyết định'];

type Draft = { row: SheetRow; year: number; subject: RatingSubject; card: string | null; organizationCode: string | null; level: RatingLevel; score: number | null; raterCode: string; decision: DecisionRef };

export async function importRatings({ job, input, services, progress }: JobContext, prisma: PrismaClient): Promise<JobOutcome> {
  const opened = await openImport({ job, input, progress }, prisma, RATING_SHEET);
  if ('outcome' in opened) return opened.outcome;
  const { params, sheets } = opened;
  const sheet = sheets.find((s) => headingKey(s.name) === headingKey(RATING_SHEET)) ?? sheets[0];
  const problems: ImportProblem[] = [];
  if (!sheet || sheet.rows.length === 0) return importOutcome(params.step, [{ sheet: RATING_SHEET, row: null, column: null, value: null, code: 'EMPTY_FILE', message: 'the file has no rating rows' }], {});
  await progress('VALIDATING', 0, sheet.rows.length);
  const columns = mapColumns(sheet, RATING_IMPORT_COLUMNS);
  const ignoredColumns = columns.ignored.filter((heading) => !DERIVED_HEADINGS.some((d) => headingKey(d) === headingKey(heading)));
  if (columns.problems.length > 0) return importOutcome(params.step, columns.problems, { ignoredColumns });
  const reader = new RowReader(sheet, new Map(RATING_IMPORT_COLUMNS.map((c) => [c.key, c])), columns.index);
  const drafts: Draft[] = [];
  for (const row of sheet.rows) {
    const before = reader.problems.length;
    const year = reader.number(row, 'year', { min: 1931, max: Number(todayInVietnam().slice(0, 4)), integer: true });
    const subject = reader.choice(row, 'subject', ratingSubjectLabels);
    const card = reader.text(row, 'cardNumber', 30);
    const organizationCode = reader.text(row, 'organizationCode', 40);
    const level = reader.choice(row, 'level', ratingLevelLabels);
    const score = reader.number(row, 'score', { min: 0, max: 100 });
    const raterCode = reader.text(row, 'raterCode', 40);
    const number = reader.text(row, 'decision', 50);
    if (subject === 'MEMBER' && !card) reader.problem(row, 'cardNumber', null, 'REQUIRED', 'is required for a member');
    if (subject === 'ORGANIZATION' && !organizationCode) reader.problem(row, 'organizationCode', null, 'REQUIRED', 'is required for an organisation');
    if (reader.problems.length === before) {
      drafts.push({ row, year: year!, subject: subject!, card, organizationCode, level: level!, score, raterCode: raterCode!, decision: { number: number!, issuer: reader.text(row, 'issuer'), on: `${year}-12-31` } });
    }
  }
  problems.push(...reader.problems);

  // Members by card number and organisations by code; those outside the caller's subtree are told as unknown.
  const cards = [...new Set(drafts.flatMap((d) => (d.subject === 'MEMBER' && d.card ? [d.card] : [])))];
  // A member is known to the caller when kept in their subtrees on the last day of a year the file rates.
  const years = [...new Set(drafts.map((d) => d.year))];
  const members = new Map(
    (cards.length
      ? await prisma.$queryRaw<{ id: string; card: string; path: number[] }[]>`
          SELECT m.id::text, m.party_card_number AS card, v.path
          FROM members m CROSS JOIN unnest(${years}::int[]) AS y(year)
          JOIN member_periods p ON p.member_id = m.id AND p.valid_from <= make_date(y.year, 12, 31) AND (p.valid_to IS NULL OR p.valid_to > make_date(y.year, 12, 31))
          JOIN organization_versions v ON v.organization_id = p.organization_id AND v.valid_from <= make_date(y.year, 12, 31) AND (v.valid_to IS NULL OR v.valid_to > make_date(y.year, 12, 31))
          WHERE m.party_card_number = ANY(${cards}::text[])`
      : []
    )
      .filter((m) => may(services.actor, 'manageRatings', m.path))
      .map((m) => [m.card, m.id]),
  );
  const codes = [...new Set(drafts.flatMap((d) => [d.raterCode, ...(d.subject === 'ORGANIZATION' && d.organizationCode ? [d.organizationCode] : [])]))];
  const organizations = await organizationsByCode(prisma, services.actor, 'manageRatings', codes);
  const decisions = await decisionResolver(prisma, drafts.map((d) => d.decision));
  const fail = (draft: Draft, column: string, value: string | null, code: string, message: string) => problems.push({ sheet: sheet.name, row: draft.row.line, column, value, code, message });
  const batches = new Map<string, { batch: RatingBatch; drafts: Draft[] }>();
  for (const draft of drafts) {
    const before = problems.length;
    const memberId = draft.subject === 'MEMBER' ? members.get(draft.card!) : null;
    if (draft.subject === 'MEMBER' && !memberId) fail(draft, 'Số thẻ đảng viên', draft.card, 'UNKNOWN_MEMBER_KEY', 'no member with this party card number in the caller’s subtrees');
    const organizationId = draft.subject === 'ORGANIZATION' ? organizations.get(draft.organizationCode!) : null;
    if (draft.subject === 'ORGANIZATION' && !organizationId) fail(draft, 'Mã tổ chức', draft.organizationCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees');
    const raterId = organizations.get(draft.raterCode);
    if (!raterId) fail(draft, 'Mã cấp quyết định', draft.raterCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees');
    const decision = decisions.resolve(draft.decision);
    if ('problem' in decision) fail(draft, 'Số quyết định', draft.decision.number, decision.code, decision.problem);
    if (problems.length > before || !raterId || 'problem' in decision) continue;
    const key = [draft.year, draft.subject, raterId, decision.id].join(' ');
    const group = batches.get(key) ?? { batch: { subject: draft.subject, ratedById: raterId, period: { year: draft.year }, decisionId: decision.id, rows: [] }, drafts: [] };
    group.batch.rows.push({ memberId: memberId ?? null, organizationId: organizationId ?? null, level: draft.level, score: draft.score });
    group.drafts.push(draft);
    batches.set(key, group);
  }
  const groups = [...batches.values()];
  const summary = { ratings: drafts.length, batches: groups.length, decisionsToCreate: decisions.created().length, ignoredColumns };
  if (problems.length > 0) return importOutcome(params.step, problems, summary);

  await progress(params.step === 'commit' ? 'WRITING' : 'VALIDATING', 0, drafts.length);
  try {
    await services.ratings.rateMany(
      groups.map((group) => group.batch),
      { importId: job.id, scopePath: job.scopePath, file: { name: params.filename ?? null, sha256: params.sha256 ?? null }, documents: decisions.created(), commit: params.step === 'commit' },
    );
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!(error instanceof ValidationError)) return importOutcome(params.step, [...problems, { sheet: sheet.name, row: null, column: null, value: null, code: 'REFUSED', message: error.message }], summary);
    for (const problem of error.problems) {
      // By the file's row: a row's problem on its row, a batch's (the share of EXCELLENT) on the batch's first row.
      const at = /^batches\.(\d+)(?:\.rows\.(\d+))?/.exec(problem.field);
      const draft = at ? groups[Number(at[1])]?.drafts[at[2] ? Number(at[2]) : 0] : undefined;
      const message = problem.message.replace(/^batches\.\d+\.(?:rows\.\d+\.?)?[\w.]*: /, '');
      problems.push({ sheet: sheet.name, row: draft?.row.line ?? null, column: null, value: draft ? (draft.card ?? draft.organizationCode) : null, code: 'REFUSED', message });
    }
    return importOutcome(params.step, problems, summary);
  }
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...summary } };
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...summary, decisionsCreated: summary.decisionsToCreate } };
}

