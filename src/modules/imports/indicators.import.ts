import type { PrismaClient } from '../../generated/prisma/client.js';
import { fromDbDate } from '../../shared/dates.js';
import { DomainError, ValidationError } from '../../shared/errors.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobContext, JobOutcome } from '../jobs/runner.js';
import type { ImportedTarget, ImportedValue } from '../indicators/indicators.service.js';
import { periodOf, termPeriod, type Period } from '../indicators/periods.js';
import { decisionResolver, type DecisionRef } from './decisions.js';
import { headingKey, importOutcome, openImport, organizationsByCode, readRows, twoSheets, type ColumnSpec, type Sheet, type SheetRow } from './sheets.js';

/**
 * Indicator targets (set by resolutions) and reported values, from a workbook of two sheets
 * (the two exports read back): organisations by code, indicators by their catalogue code,
 * periods as offices write them ("2024", "Quý 1/2024", or the name of the organisation's term),
 * resolutions and reports by number and issuer (recorded when new). Checked by the rules of
 * setting a target and entering a value; all rows or none, replacing (and keeping) what is in
 * force for the same organisation, indicator and period.
 */

export const TARGET_SHEET = 'Chỉ tiêu';
export const VALUE_SHEET = 'Kết quả thực hiện';

type TargetKey = 'organizationCode' | 'indicatorCode' | 'period' | 'targetValue' | 'targetMax' | 'baseIndicatorCode' | 'resolution' | 'issuer' | 'issuedOn' | 'note';
type ValueKey = 'organizationCode' | 'indicatorCode' | 'period' | 'value' | 'numerator' | 'denominator' | 'source' | 'issuer' | 'issuedOn';

const PERIOD_NOTE = 'Năm (2024), quý (Quý 1/2024 hoặc 2024-Q1) hoặc tên nhiệm kỳ của tổ chức (như đã ghi trong hệ thống, ví dụ 2020–2025).';

export const TARGET_IMPORT_COLUMNS: readonly ColumnSpec<TargetKey>[] = [
  { key: 'organizationCode', header: 'Mã tổ chức', required: true, note: 'Tổ chức đảng được giao chỉ tiêu.' },
  { key: 'indicatorCode', header: 'Mã chỉ tiêu', required: true, note: 'Mã của chỉ tiêu trong danh mục (GET /indicators), ví dụ MEMBERS_ADMITTED.' },
  { key: 'period', header: 'Kỳ', required: true, note: PERIOD_NOTE },
  { key: 'targetValue', header: 'Mức chỉ tiêu', required: true, note: 'Chỉ tiêu (hoặc mức thấp của khoảng "từ 1 đến 2"); là phần trăm khi tính theo tỷ lệ của chỉ tiêu khác.' },
  { key: 'targetMax', header: 'Mức tối đa', note: 'Mức cao của khoảng, nếu chỉ tiêu là một khoảng.' },
  { key: 'baseIndicatorCode', header: 'Tỷ lệ trên chỉ tiêu', note: 'Mã chỉ tiêu làm cơ sở khi chỉ tiêu là tỷ lệ phần trăm của nó (ví dụ kết nạp 3% số đảng viên đầu kỳ).' },
  { key: 'resolution', header: 'Số nghị quyết', required: true, note: 'Số nghị quyết giao chỉ tiêu; nghị quyết chưa có trong hệ thống được ghi mới.' },
  { key: 'issuer', header: 'Cấp ban hành nghị quyết', note: 'Tên cấp ban hành (cần khi nghị quyết chưa có trong hệ thống).' },
  { key: 'issuedOn', header: 'Ngày ban hành nghị quyết', note: 'Ngày ban hành (khi nghị quyết được ghi mới; để trống: ngày đầu kỳ).' },
  { key: 'note', header: 'Ghi chú', note: 'Ghi chú của chỉ tiêu.' },
];

export const VALUE_IMPORT_COLUMNS: readonly ColumnSpec<ValueKey>[] = [
  { key: 'organizationCode', header: 'Mã tổ chức', required: true, note: 'Tổ chức đảng báo cáo kết quả.' },
  { key: 'indicatorCode', header: 'Mã chỉ tiêu', required: true, note: 'Mã của chỉ tiêu nhập từ báo cáo (chỉ tiêu tính từ dữ liệu không nhập).' },
  { key: 'period', header: 'Kỳ', required: true, note: PERIOD_NOTE },
  { key: 'value', header: 'Giá trị', note: 'Kết quả (bắt buộc, trừ chỉ tiêu dạng tỷ số).' },
  { key: 'numerator', header: 'Tử số', note: 'Với chỉ tiêu dạng tỷ số: số đạt (ví dụ 87 trong "87/121").' },
  { key: 'denominator', header: 'Mẫu số', note: 'Với chỉ tiêu dạng tỷ số: tổng số (ví dụ 121).' },
  { key: 'source', header: 'Số văn bản nguồn', note: 'Số báo cáo có số liệu; văn bản chưa có trong hệ thống được ghi mới.' },
  { key: 'issuer', header: 'Cấp ban hành văn bản', note: 'Tên cấp ban hành báo cáo (cần khi báo cáo chưa có trong hệ thống).' },
  { key: 'issuedOn', header: 'Ngày ban hành văn bản', note: 'Ngày ban hành (khi báo cáo được ghi mới; để trống: ngày cuối kỳ).' },
];

/** The exports' columns the import does not read: names beside the codes, who entered a value and when. */
const DERIVED_HEADINGS = ['Tổ chức đảng', 'Tên chỉ tiêu', 'Đơn vị tính', 'Người nhập', 'Ngày nhập'];

const MAX_NUMBER = 1e15;

type PeriodText = { row: SheetRow; organizationCode: string; text: string };
type Drafted<T> = { row: SheetRow; sheet: Sheet; draft: T; periodText: string; organizationCode: string; document: DecisionRef | null };

/** "2024", "2024-Q1", "Quý 1/2024", "Quý I/2024", "Q1/2024": a year or a quarter; anything else may name a term. */
export function calendarPeriod(text: string): Period | null {
  try {
    return writtenPeriod(text);
  } catch (error) {
    // A year outside the supported ones ("1800"): not a period of this service, told as unknown.
    if (error instanceof ValidationError) return null;
    throw error;
  }
}

function writtenPeriod(text: string): Period | null {
  const compact = text.replace(/\s+/g, ' ').trim();
  if (/^\d{4}$/.test(compact)) return periodOf({ year: Number(compact) });
  const iso = /^(\d{4})-Q([1-4])$/i.exec(compact);
  if (iso) return periodOf({ year: Number(iso[1]), quarter: Number(iso[2]) });
  const written = /^(?:quý|q)\s*(1|2|3|4|I|II|III|IV)\s*[/\-. ]\s*(?:năm\s*)?(\d{4})$/i.exec(compact);
  if (written) return periodOf({ year: Number(written[2]), quarter: { I: 1, II: 2, III: 3, IV: 4 }[written[1]!.toUpperCase()] ?? Number(written[1]) });
  return null;
}

export async function importIndicators({ job, input, services, progress }: JobContext, prisma: PrismaClient): Promise<JobOutcome> {
  const opened = await openImport({ job, input, progress }, prisma, TARGET_SHEET);
  if ('outcome' in opened) return opened.outcome;
  const { params, sheets } = opened;
  // A csv is one sheet: targets, or values when its headings are the values'.
  const found = twoSheets(params, sheets, [TARGET_SHEET, VALUE_SHEET], ['Giá trị', 'Tử số']);
  if ('outcome' in found) return found.outcome;
  const { first: targetSheet, second: valueSheet, total } = found;
  await progress('VALIDATING', 0, total);

  const range = { min: -MAX_NUMBER, max: MAX_NUMBER };
  const readTargets = readRows(targetSheet, TARGET_IMPORT_COLUMNS, (reader, row) => ({
    row,
    sheet: targetSheet!,
    periodText: reader.text(row, 'period', 100)!,
    organizationCode: reader.text(row, 'organizationCode', 40)!,
    draft: {
      indicatorCode: reader.text(row, 'indicatorCode', 60)!,
      targetValue: reader.number(row, 'targetValue', range)!,
      targetMax: reader.number(row, 'targetMax', range),
      baseIndicatorCode: reader.text(row, 'baseIndicatorCode', 60),
      note: reader.text(row, 'note', 2000),
    },
    document: { number: reader.text(row, 'resolution', 50)!, issuer: reader.text(row, 'issuer'), on: reader.date(row, 'issuedOn') ?? '', type: 'RESOLUTION' } as DecisionRef | null,
  }));
  const readValues = readRows(valueSheet, VALUE_IMPORT_COLUMNS, (reader, row) => {
    const numerator = reader.number(row, 'numerator', range);
    const denominator = reader.number(row, 'denominator', range);
    const value = reader.number(row, 'value', range);
    const source = reader.text(row, 'source', 50);
    const document = { number: source ?? '', issuer: reader.text(row, 'issuer'), on: reader.date(row, 'issuedOn') ?? '', type: 'REPORT' as const };
    return {
      row,
      sheet: valueSheet!,
      periodText: reader.text(row, 'period', 100)!,
      organizationCode: reader.text(row, 'organizationCode', 40)!,
      // A ratio's value is worked out from its parts: the export writes it beside them.
      draft: { indicatorCode: reader.text(row, 'indicatorCode', 60)!, value: numerator !== null && denominator !== null ? null : value, numerator, denominator },
      document: source ? document : null,
    };
  });
  const targets: Drafted<Omit<ImportedTarget, 'period' | 'organizationId' | 'resolutionId'>>[] = readTargets.drafts;
  const values: Drafted<Omit<ImportedValue, 'period' | 'organizationId' | 'sourceDocumentId'>>[] = readValues.drafts;
  const problems: ImportProblem[] = [...readTargets.problems, ...readValues.problems];
  const ignoredColumns = [...readTargets.ignored, ...readValues.ignored];
  const summary = () => ({ targets: targets.length, values: values.length, decisionsToCreate: 0, ignoredColumns: ignoredColumns.filter((h) => !DERIVED_HEADINGS.some((d) => headingKey(d) === headingKey(h))) });
  // A column missing or given twice: its rows are not read, nothing more to tell.
  if (readTargets.columnsWrong || readValues.columnsWrong) return importOutcome(params.step, problems, summary());

  // Organisations by code (another subtree's told as unknown), periods, then the documents.
  const organizations = await organizationsByCode(prisma, services.actor, 'manageIndicators', [...targets, ...values].map((d) => d.organizationCode));
  const periodTexts: PeriodText[] = [...targets, ...values].map((d) => ({ row: d.row, organizationCode: d.organizationCode, text: d.periodText }));
  const terms = await termsByName(prisma, periodTexts.flatMap((p) => (calendarPeriod(p.text) || !organizations.has(p.organizationCode) ? [] : [{ organizationId: organizations.get(p.organizationCode)!, name: p.text }])));
  const documentKey = (ref: DecisionRef) => `${ref.type} ${ref.number} ${headingKey(ref.issuer ?? '')}`;
  const statedDays = new Map<string, string>();
  for (const d of [...targets, ...values]) if (d.document?.on && !statedDays.has(documentKey(d.document))) statedDays.set(documentKey(d.document), d.document.on);
  const fail = (d: Drafted<unknown>, column: string, value: string | null, code: string, message: string) => problems.push({ sheet: d.sheet.name, row: d.row.line, column, value, code, message });
  const resolved = <T>(d: Drafted<T>) => {
    const organizationId = organizations.get(d.organizationCode);
    if (!organizationId) return fail(d, 'Mã tổ chức', d.organizationCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the caller’s subtrees'), null;
    const period = calendarPeriod(d.periodText) ?? terms.get(`${organizationId} ${termKey(d.periodText)}`) ?? null;
    if (!period) return fail(d, 'Kỳ', d.periodText, 'UNKNOWN_PERIOD', 'is not a year (2024), a quarter (Quý 1/2024) or the name of a term of this organisation'), null;
    // A new resolution is dated as a row of the file dates it, else by its period's first day (a report: its last).
    if (d.document && !d.document.on) d.document.on = statedDays.get(documentKey(d.document)) ?? (d.document.type === 'REPORT' ? period.end : period.start);
    return { organizationId, period };
  };
  const readyTargets: { d: (typeof targets)[number]; organizationId: string; period: Period }[] = [];
  const readyValues: { d: (typeof values)[number]; organizationId: string; period: Period }[] = [];
  for (const d of targets) {
    const found = resolved(d);
    if (found) readyTargets.push({ d, ...found });
  }
  for (const d of values) {
    const found = resolved(d);
    if (found) readyValues.push({ d, ...found });
  }
  const decisions = await decisionResolver(prisma, [...readyTargets, ...readyValues].map((r) => r.d.document));
  const documentOf = (d: Drafted<unknown>, column: string) => {
    if (!d.document) return null;
    const decision = decisions.resolve(d.document);
    if ('problem' in decision) return fail(d, column, d.document.number, decision.code, decision.problem.replace('(Cấp quyết định)', '(Cấp ban hành)')), undefined;
    return decision.id;
  };
  const importedTargets: ImportedTarget[] = [];
  const importedValues: ImportedValue[] = [];
  const targetLines: Drafted<unknown>[] = [];
  const valueLines: Drafted<unknown>[] = [];
  for (const { d, organizationId, period } of readyTargets) {
    const resolutionId = documentOf(d, 'Số nghị quyết');
    if (!resolutionId) continue;
    importedTargets.push({ ...d.draft, organizationId, period, resolutionId });
    targetLines.push(d);
  }
  for (const { d, organizationId, period } of readyValues) {
    const sourceDocumentId = documentOf(d, 'Số văn bản nguồn');
    if (sourceDocumentId === undefined) continue;
    importedValues.push({ ...d.draft, organizationId, period, sourceDocumentId });
    valueLines.push(d);
  }
  const counts = { ...summary(), decisionsToCreate: decisions.created().length };
  if (problems.length > 0) return importOutcome(params.step, problems, counts);

  await progress(params.step === 'commit' ? 'WRITING' : 'VALIDATING', 0, total);
  let replaced: { targetsReplaced: number; valuesReplaced: number };
  try {
    replaced = await services.indicators.importRows(importedTargets, importedValues, {
      importId: job.id,
      scopePath: job.scopePath,
      file: { name: params.filename ?? null, sha256: params.sha256 ?? null },
      documents: decisions.created(),
      commit: params.step === 'commit',
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (!(error instanceof ValidationError)) return importOutcome(params.step, [{ sheet: TARGET_SHEET, row: null, column: null, value: null, code: 'REFUSED', message: error.message }], counts);
    for (const problem of error.problems) {
      // By the file's row: `targets.3.targetValue` is the fourth target read.
      const at = /^(targets|values)\.(\d+)\.?([\w.]*)/.exec(problem.field);
      const line = at ? (at[1] === 'targets' ? targetLines : valueLines)[Number(at[2])] : undefined;
      const message = problem.message;
      const column = at?.[3] ? COLUMN_OF_FIELD[at[3].split('.')[0]!] ?? null : null;
      problems.push({ sheet: line?.sheet.name ?? TARGET_SHEET, row: line?.row.line ?? null, column, value: null, code: 'REFUSED', message });
    }
    return importOutcome(params.step, problems, counts);
  }
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...counts, ...replaced } };
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...counts, ...replaced, decisionsCreated: counts.decisionsToCreate } };
}

/** The service's field names as the file's headings. */
const COLUMN_OF_FIELD: Record<string, string> = {
  indicatorCode: 'Mã chỉ tiêu',
  baseIndicatorCode: 'Tỷ lệ trên chỉ tiêu',
  targetValue: 'Mức chỉ tiêu',
  targetMax: 'Mức tối đa',
  period: 'Kỳ',
  value: 'Giá trị',
  numerator: 'Tử số',
  denominator: 'Mẫu số',
};

/** A term's name as compared: dashes alike, spaces and case ignored ("2020 - 2025" is "2020–2025"). */
const termKey = (name: string) => headingKey(name.replace(/[‐-―−-]/g, '-')).replace(/\s+/g, '');

/** Terms of the organisations by name ("2020–2025"), keyed `organizationId name`. */
async function termsByName(prisma: PrismaClient, wanted: { organizationId: string; name: string }[]): Promise<Map<string, Period>> {
  if (wanted.length === 0) return new Map();
  // Every term of the organisations named: a name is matched as typed ("2020-2025" for "2020–2025").
  const rows = await prisma.term.findMany({ where: { organizationId: { in: [...new Set(wanted.map((w) => w.organizationId))] } } });
  return new Map(rows.map((term) => [`${term.organizationId} ${termKey(term.name)}`, termPeriod(term.name, fromDbDate(term.startsOn), fromDbDate(term.endsOn))]));
}
