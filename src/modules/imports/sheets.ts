import { Readable } from 'node:stream';
import ExcelJS from '../../shared/exceljs.js';
import { parse } from 'csv-parse';
import { stringProblem } from '../../http/input-domain.js';
import { isIsoDate, SUPPORTED_DATES, type IsoDate } from '../../shared/dates.js';
import { searchKey } from '../../shared/text.js';
import type { Job, PrismaClient } from '../../generated/prisma/client.js';
import { toGlobalId } from '../../shared/ids.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobOutcome } from '../jobs/runner.js';
import { may, type Actor, type Capability } from '../auth/access.js';

/**
 * Spreadsheets as offices send them, read by the maintained libraries (exceljs's streaming
 * reader, csv-parse), into plain rows: text, numbers, and dates where Excel holds a date.
 */

export type ImportFormat = 'xlsx' | 'csv';
/** A cell: text (NFC, trimmed), a number, a day Excel holds as a date, a formula Excel never computed, or empty. */
export type CellValue = string | number | { date: IsoDate } | { formula: string } | null;
export type SheetRow = { line: number; cells: CellValue[] };
export type Sheet = { name: string; header: string[]; rows: SheetRow[] };

/** At most this many rows in a file: a province's members with room to spare. */
export const MAX_IMPORT_ROWS = 300_000;
/** At most this many columns are read (a template has 27): a cell far to the right is not read. */
export const MAX_IMPORT_COLUMNS = 200;
/** A cell is kept up to this length: enough to tell it is too long for any column. */
const MAX_CELL_LENGTH = 10_001;

export class FileError extends Error {}

function excelText(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return { date: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (cell.richText) return cleanText(cell.richText.map((part) => part.text).join(''));
    if ('result' in cell && cell.result !== undefined) return excelText(cell.result);
    const formula = (value as { formula?: unknown; sharedFormula?: unknown }).formula ?? (value as { sharedFormula?: unknown }).sharedFormula;
    if (formula !== undefined) return { formula: String(formula).slice(0, 200) };
    if (cell.text !== undefined) return excelText(cell.text);
    if (cell.error) return cleanText(cell.error);
  }
  return cleanText(String(value));
}

function cleanText(value: string): string | null {
  const text = value.slice(0, MAX_CELL_LENGTH).normalize('NFC').trim();
  return text === '' ? null : text;
}

/** Reads every sheet of the file (csv: one sheet named after the kind). */
export async function readSheets(input: Buffer, format: ImportFormat, csvSheetName: string): Promise<Sheet[]> {
  return format === 'csv' ? [await readCsv(input, csvSheetName)] : readXlsx(input);
}

async function readXlsx(input: Buffer): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  let reader: ExcelJS.stream.xlsx.WorkbookReader;
  try {
    reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(input), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'emit' });
    let rows = 0;
    for await (const worksheet of reader) {
      const sheet: Sheet = { name: (worksheet as unknown as { name: string }).name, header: [], rows: [] };
      for await (const row of worksheet as unknown as AsyncIterable<ExcelJS.Row>) {
        // The row's cells up to the columns read: a cell in column XFD makes exceljs's array 16,384 long.
        const raw = row.values as unknown[];
        const values: CellValue[] = [];
        for (let column = 1; column < Math.min(raw.length, MAX_IMPORT_COLUMNS + 1); column += 1) values.push(excelText(raw[column]));
        if (values.every((value) => value === null)) continue;
        if (sheet.header.length === 0) {
          sheet.header = values.map((value) => (value === null ? '' : typeof value === 'object' ? ('date' in value ? value.date : value.formula) : String(value)));
          continue;
        }
        if (++rows > MAX_IMPORT_ROWS) throw new FileError(`the file has more than ${MAX_IMPORT_ROWS} rows`);
        sheet.rows.push({ line: row.number, cells: values });
      }
      sheets.push(sheet);
    }
    // exceljs names a worksheet from workbook.xml when it has read it first; a file whose parts
    // come in another order (written by another tool) would have sheets read without their
    // names, or not at all: refused rather than a sheet silently left out.
    const listed = (reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets?.map((s) => s.name) ?? [];
    if (listed.length > 0 && (listed.length !== sheets.length || sheets.some((s) => !listed.includes(s.name)))) {
      throw new FileError(`the workbook's sheets (${listed.join(', ')}) could not all be read by name: open the file in Excel or LibreOffice and save it again as xlsx`);
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`the file is not an Excel workbook (xlsx) that can be read: ${(error as Error).message}`);
  }
  return sheets;
}

async function readCsv(input: Buffer, name: string): Promise<Sheet> {
  const sheet: Sheet = { name, header: [], rows: [] };
  // Comma or semicolon, one of them for the whole file: Excel writes ";" where the list separator
  // is one (Vietnamese Windows), and then a comma inside a value is text ("Đảng bộ Văn phòng, Tỉnh ủy").
  const parser = Readable.from(input).pipe(parse({ bom: true, delimiter: delimiterOf(input), relax_column_count: true, skip_empty_lines: true, info: true, max_record_size: 1_000_000 }));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const values = record.slice(0, MAX_IMPORT_COLUMNS).map((value) => cleanText(unquoteFormula(value)));
      if (values.every((value) => value === null)) continue;
      if (sheet.header.length === 0) {
        sheet.header = values.map((value) => value ?? '');
        continue;
      }
      if (sheet.rows.length >= MAX_IMPORT_ROWS) throw new FileError(`the file has more than ${MAX_IMPORT_ROWS} rows`);
      sheet.rows.push({ line: info.lines, cells: values });
    }
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(`the file is not csv that can be read: ${(error as Error).message}`);
  }
  return sheet;
}

/**
 * A csv cell the exports wrote with an apostrophe so that a spreadsheet does not take it for a
 * formula ("'- đầu dòng", "'=1+1"): read back as the text it was, as Excel reads it.
 */
function unquoteFormula(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** The separator of a csv file: the one its heading line uses more (outside quotes); a comma when neither. */
export function delimiterOf(input: Buffer): ',' | ';' {
  const head = input.subarray(0, 64 * 1024).toString('utf8');
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const character of head) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (character === '\n' || character === '\r')) {
      if (commas + semicolons > 0) break;
    } else if (!quoted && character === ',') commas += 1;
    else if (!quoted && character === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

// ---------------------------------------------------------------- columns

export type ColumnSpec<K extends string> = {
  key: K;
  /** The heading of the template (and of the export); `*` marks it required in the template. */
  header: string;
  /** Other headings read as this column. */
  aliases?: string[];
  required?: boolean;
  /** What the column holds, in Vietnamese: the template's second sheet. */
  note: string;
};

/** Headings compared without case, diacritics, punctuation or the template's `*`. */
export const headingKey = (value: string) => searchKey(value.replace(/\*/g, ''));

/**
 * Where each column of a sheet is, by heading; the problems of missing required columns and
 * of headings read twice; and the headings that are not read.
 */
export function mapColumns<K extends string>(sheet: Sheet, specs: readonly ColumnSpec<K>[]) {
  const index = new Map<K, number>();
  const problems: ImportProblem[] = [];
  const ignored: string[] = [];
  const byKey = new Map<string, ColumnSpec<K>>();
  for (const spec of specs) for (const heading of [spec.header, ...(spec.aliases ?? [])]) byKey.set(headingKey(heading), spec);
  sheet.header.forEach((heading, column) => {
    const spec = byKey.get(headingKey(heading));
    if (!spec) {
      if (heading) ignored.push(heading);
      return;
    }
    if (index.has(spec.key)) {
      problems.push({ sheet: sheet.name, row: 1, column: heading, value: null, code: 'DUPLICATE_COLUMN', message: `the column "${spec.header}" is given twice` });
      return;
    }
    index.set(spec.key, column);
  });
  for (const spec of specs) {
    if (spec.required && !index.has(spec.key)) {
      problems.push({ sheet: sheet.name, row: 1, column: spec.header, value: null, code: 'MISSING_COLUMN', message: `the required column "${spec.header}" is missing` });
    }
  }
  return { index, problems, ignored };
}

/**
 * Reads the cells of one row by column, each decoded or reported: every problem of the row is
 * collected (the row, the column's heading, the value found, what is wrong).
 */
export class RowReader<K extends string> {
  readonly problems: ImportProblem[] = [];

  constructor(
    private readonly sheet: Sheet,
    private readonly specs: ReadonlyMap<K, ColumnSpec<K>>,
    private readonly index: ReadonlyMap<K, number>,
  ) {}

  problem(row: SheetRow | null, key: K | null, value: CellValue, code: string, message: string): void {
    this.problems.push({
      sheet: this.sheet.name,
      row: row?.line ?? null,
      column: key ? this.specs.get(key)!.header : null,
      value: value === null ? null : typeof value === 'object' ? ('date' in value ? value.date : `=${value.formula}`) : String(value),
      code,
      message,
    });
  }

  raw(row: SheetRow, key: K): CellValue {
    const column = this.index.get(key);
    return column === undefined ? null : (row.cells[column] ?? null);
  }

  text(row: SheetRow, key: K, max = 300): string | null {
    const value = this.raw(row, key);
    if (value === null) {
      if (this.specs.get(key)!.required) this.problem(row, key, value, 'REQUIRED', 'is required');
      return null;
    }
    if (typeof value === 'object' && 'formula' in value) return this.problem(row, key, value, 'FORMULA_WITHOUT_VALUE', 'is a formula Excel has not computed: enter its value'), null;
    const text = typeof value === 'object' ? value.date : String(value);
    const wrong = stringProblem(text);
    if (wrong) return this.problem(row, key, value, 'INVALID_TEXT', wrong), null;
    if (text.length > max) return this.problem(row, key, text.slice(0, 50), 'TOO_LONG', `is longer than ${max} characters`), null;
    return text;
  }

  date(row: SheetRow, key: K): IsoDate | null {
    const value = this.raw(row, key);
    if (value === null) {
      if (this.specs.get(key)!.required) this.problem(row, key, value, 'REQUIRED', 'is required');
      return null;
    }
    const iso = cellDate(value);
    if (!iso) return this.problem(row, key, value, 'INVALID_DATE', 'is not a date (dd/mm/yyyy)'), null;
    if (!isIsoDate(iso)) return this.problem(row, key, value, 'DATE_OUT_OF_RANGE', `is outside the supported dates ${SUPPORTED_DATES.from} to ${SUPPORTED_DATES.to}`), null;
    return iso;
  }

  /** A number within bounds (a whole one when `integer`): an Excel number, or text with a decimal comma or point. */
  number(row: SheetRow, key: K, bounds: { min: number; max: number; integer?: boolean }): number | null {
    const value = this.raw(row, key);
    if (value === null) {
      if (this.specs.get(key)!.required) this.problem(row, key, value, 'REQUIRED', 'is required');
      return null;
    }
    const parsed = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : Number.NaN;
    if (!Number.isFinite(parsed) || (bounds.integer && !Number.isInteger(parsed)) || parsed < bounds.min || parsed > bounds.max) {
      return this.problem(row, key, value, 'INVALID_NUMBER', `is not a${bounds.integer ? ' whole' : ''} number from ${bounds.min} to ${bounds.max}`), null;
    }
    return parsed;
  }

  /** One of the values a column allows, by its Vietnamese label or its code. */
  choice<T extends string>(row: SheetRow, key: K, labels: Record<T, string>, extra: Record<string, T> = {}): T | null {
    const text = this.text(row, key);
    if (text === null) return null;
    const wanted = headingKey(text);
    for (const [code, label] of Object.entries(labels) as [T, string][]) {
      if (headingKey(label) === wanted || headingKey(code) === wanted) return code;
    }
    for (const [alias, code] of Object.entries(extra)) if (headingKey(alias) === wanted) return code;
    this.problem(row, key, text, 'UNKNOWN_VALUE', `is not one of: ${Object.values(labels).join(', ')}`);
    return null;
  }
}

/**
 * Every row of a sheet read by its columns: the draft of each row that read without a problem,
 * every problem (a column missing or given twice stops the sheet before its rows), and the
 * headings that are not read. No sheet, or an empty one: nothing.
 */
export function readRows<K extends string, T>(
  sheet: Sheet | undefined,
  specs: readonly ColumnSpec<K>[],
  read: (reader: RowReader<K>, row: SheetRow) => T,
): { drafts: T[]; problems: ImportProblem[]; ignored: string[]; columnsWrong: boolean } {
  if (!sheet || sheet.rows.length === 0) return { drafts: [], problems: [], ignored: [], columnsWrong: false };
  const columns = mapColumns(sheet, specs);
  if (columns.problems.length > 0) return { drafts: [], problems: columns.problems, ignored: columns.ignored, columnsWrong: true };
  const reader = new RowReader(sheet, new Map(specs.map((c) => [c.key, c])), columns.index);
  const drafts: T[] = [];
  for (const row of sheet.rows) {
    const before = reader.problems.length;
    const draft = read(reader, row);
    if (reader.problems.length === before) drafts.push(draft);
  }
  return { drafts, problems: reader.problems, ignored: columns.ignored, columnsWrong: false };
}

/** A cell as a calendar day: an Excel date, an Excel serial number, or dd/mm/yyyy (also - or .), or yyyy-mm-dd. */
export function cellDate(value: CellValue): IsoDate | null {
  if (value === null) return null;
  if (typeof value === 'object') return 'date' in value ? value.date : null;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 1 || value > 80_000) return null;
    // Excel's serial day 25569 is 1970-01-01 (its calendar counts a 29/2/1900 that never was).
    return new Date((value - 25569) * 86_400_000).toISOString().slice(0, 10);
  }
  const vietnamese = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (vietnamese) {
    const iso = `${vietnamese[3]}-${vietnamese[2]!.padStart(2, '0')}-${vietnamese[1]!.padStart(2, '0')}`;
    return realDay(iso) ? iso : null;
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return realDay(value) ? value : null;
  return null;
}

function realDay(iso: string): boolean {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso;
}

/** A file that cannot be read, as the one problem of its import. */
export function unreadable(error: unknown, sheet: string): ImportProblem[] {
  if (!(error instanceof FileError)) throw error;
  return [{ sheet, row: null, column: null, value: null, code: 'UNREADABLE_FILE', message: error.message }];
}

/**
 * The same file committed again (the same kind, the same SHA-256): refused, since rows without
 * a national ID or card number would be written twice.
 */
export async function repeatedFile(prisma: PrismaClient, job: Job, sheet: string): Promise<ImportProblem[]> {
  const sha256 = (job.params as { sha256?: string }).sha256;
  if (!sha256) return [];
  const [earlier] = await prisma.$queryRaw<{ id: string; finished_at: Date }[]>`
    SELECT id::text, finished_at FROM jobs
    WHERE kind = ${job.kind} AND status = 'SUCCEEDED' AND params->>'step' = 'commit' AND params->>'sha256' = ${sha256} AND id <> ${job.id}::uuid
    ORDER BY finished_at LIMIT 1`;
  if (!earlier) return [];
  return [{ sheet, row: null, column: null, value: null, code: 'ALREADY_IMPORTED', message: `this file was committed already on ${earlier.finished_at.toISOString().slice(0, 10)} (job ${toGlobalId('Job', earlier.id)})` }];
}

/**
 * The end of an import step: a validation succeeds with its problems listed (valid when none);
 * a commit with problems fails and writes nothing.
 */
export function importOutcome(step: 'validate' | 'commit', problems: ImportProblem[], summary: Record<string, unknown>): JobOutcome {
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (step === 'commit') return { status: 'FAILED', result: { step, written: false, ...summary }, problems };
  return { status: 'SUCCEEDED', result: { step, valid: problems.length === 0, ...summary }, problems };
}

export type ImportParams = { step: 'validate' | 'commit'; format: ImportFormat; filename?: string; sha256?: string };

/**
 * The file of an import job read into sheets, or the outcome that ends the job at once: a file
 * that cannot be read, or (a commit) one committed before.
 */
export async function openImport(
  { job, input, progress }: { job: Job; input: Buffer; progress: (phase: string, done: number, total?: number | null) => Promise<void> },
  prisma: PrismaClient,
  sheetName: string,
): Promise<{ params: ImportParams; sheets: Sheet[] } | { outcome: JobOutcome }> {
  const params = job.params as ImportParams;
  await progress('PARSING', 0);
  let sheets: Sheet[];
  try {
    sheets = await readSheets(input, params.format, sheetName);
  } catch (error) {
    return { outcome: importOutcome(params.step, unreadable(error, sheetName), {}) };
  }
  if (params.step === 'commit') {
    const repeated = await repeatedFile(prisma, job, sheetName);
    if (repeated.length) return { outcome: importOutcome('commit', repeated, {}) };
  }
  return { params, sheets };
}

/**
 * The two sheets of an import of two kinds of rows, by name in a workbook; a csv is one sheet,
 * the second kind when its headings include one only that kind has. Both empty: the outcome
 * that ends the job.
 */
export function twoSheets(
  params: ImportParams,
  sheets: Sheet[],
  names: readonly [string, string],
  secondHeadings: readonly string[],
): { first: Sheet | undefined; second: Sheet | undefined; total: number } | { outcome: JobOutcome } {
  const find = (name: string) => sheets.find((s) => headingKey(s.name) === headingKey(name));
  const csv = params.format === 'csv' ? sheets[0] : undefined;
  const csvIsSecond = csv ? csv.header.some((h) => secondHeadings.some((heading) => headingKey(h) === headingKey(heading))) : false;
  const first = csv ? (csvIsSecond ? undefined : csv) : find(names[0]);
  const second = csv ? (csvIsSecond ? { ...csv, name: names[1] } : undefined) : find(names[1]);
  const total = (first?.rows.length ?? 0) + (second?.rows.length ?? 0);
  if (total > 0) return { first, second, total };
  return { outcome: importOutcome(params.step, [{ sheet: names[0], row: null, column: null, value: null, code: 'EMPTY_FILE', message: `the file has no rows in the sheets "${names[0]}" or "${names[1]}"` }], {}) };
}

/**
 * Organisations a file names by code, by id, among those the caller may use `capability` on:
 * an organisation of another subtree is left out, so it is told as an unknown one.
 */
export async function organizationsByCode(prisma: PrismaClient, actor: Actor, capability: Capability, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await prisma.$queryRaw<{ id: string; code: string; path: number[] }[]>`
    SELECT o.id::text, o.code, v.path FROM organizations o JOIN organization_versions v ON v.organization_id = o.id AND v.valid_to IS NULL
    WHERE o.code = ANY(${[...new Set(codes)]}::text[])`;
  return new Map(rows.filter((row) => may(actor, capability, row.path)).map((row) => [row.code, row.id]));
}
