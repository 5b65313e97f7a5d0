import { PassThrough, type Writable } from 'node:stream';
import { once } from 'node:events';
import ExcelJS from '../shared/exceljs.js';
import { stringify } from 'csv-stringify';

/**
 * Tables written as offices read them: xlsx (Excel, the format every Party office uses) or
 * csv, streamed a page at a time so that a province's list never sits in memory whole.
 */

export type TableFormat = 'xlsx' | 'csv';
export const TABLE_FORMATS: readonly TableFormat[] = ['xlsx', 'csv'];

export const CONTENT_TYPES: Record<TableFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A cell: text, a number, a calendar day (ISO `YYYY-MM-DD`, written as offices write it), or empty. */
export type Cell = string | number | null | undefined;

export type Column<T> = {
  /** The Vietnamese heading offices know (and the import reads back). */
  header: string;
  /** DATE: an ISO day, written dd/mm/yyyy (a real date in xlsx); INTEGER and DECIMAL: numbers. */
  kind?: 'TEXT' | 'DATE' | 'INTEGER' | 'DECIMAL';
  width?: number;
  value: (row: T) => Cell;
};

/** 2026-03-05 → 05/03/2026: how Vietnamese documents write a day. */
export function vietnameseDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** 1234.5 → "1.234,50": Vietnamese digit grouping and decimal comma, `decimals` places. */
export function vietnameseNumber(value: number, decimals = 0): string {
  return new Intl.NumberFormat('vi-VN', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** A day as an Excel date: midnight UTC, which exceljs turns into the day's serial number. */
function excelDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** Characters a spreadsheet would take for a formula: a value that starts with one is written as text with a quote. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text cells are data, never formulas (CSV injection): a leading =, +, -, @ gets an apostrophe in csv. */
function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type TableSink<T> = {
  /** Writes rows, waiting while the reader is behind (memory stays at about a page). */
  write(rows: readonly T[]): Promise<void>;
  /** Finishes the file. */
  end(): Promise<void>;
  /** Starts another sheet (xlsx only): the one before is finished and sent first. */
  nextSheet<U>(name: string, columns: readonly Column<U>[]): TableSink<U>;
  /** Stops the file on a failure: the download ends broken rather than looking complete. */
  abort(error: Error): void;
  /** What the HTTP reply sends. */
  stream: PassThrough;
  rows: number;
};

async function drained(stream: Writable): Promise<void> {
  if (stream.writableNeedDrain) await once(stream, 'drain');
}

/** A table being written to a stream in `format`, its heading row first. */
export function tableSink<T>(format: TableFormat, sheetName: string, columns: readonly Column<T>[]): TableSink<T> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  return format === 'csv' ? csvSink(out, columns) : xlsxSink(out, sheetName, columns);
}

function csvSink<T>(out: PassThrough, columns: readonly Column<T>[]): TableSink<T> {
  // A byte-order mark: Excel opens UTF-8 csv as Vietnamese text only with one.
  out.write('\uFEFF');
  const csv = stringify({ record_delimiter: 'windows' });
  csv.pipe(out);
  csv.write(columns.map((column) => column.header));
  const sink: TableSink<T> = {
    stream: out,
    rows: 0,
    async write(rows) {
      for (const row of rows) {
        csv.write(
          columns.map((column) => {
            const value = column.value(row);
            if (value === null || value === undefined) return '';
            if (typeof value === 'number') return String(value);
            return column.kind === 'DATE' ? vietnameseDate(value) : csvText(value);
          }),
        );
        sink.rows += 1;
      }
      await drained(csv);
    },
    async end() {
      csv.end();
      await once(out, 'finish').catch(() => {});
    },
    abort(error) {
      csv.destroy(error);
      out.destroy(error);
    },
    nextSheet() {
      throw new Error('a csv file has one sheet');
    },
  };
  return sink;
}

function xlsxSink<T>(out: PassThrough, sheetName: string, columns: readonly Column<T>[]): TableSink<T> {
  // Inline strings and styles, no shared-strings table: each row is written out as it comes.
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'party-building-service';
  return xlsxSheet(workbook, out, sheetName, columns, { rows: 0 });
}

function xlsxSheet<T>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, out: PassThrough, sheetName: string, columns: readonly Column<T>[], counter: { rows: number }): TableSink<T> {
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width ?? (column.kind === 'DATE' ? 12 : Math.min(Math.max(column.header.length + 2, 10), 40)),
    style: column.kind === 'DATE' ? { numFmt: 'dd/mm/yyyy' } : column.kind === 'DECIMAL' ? { numFmt: '#,##0.00' } : {},
  }));
  const heading = sheet.getRow(1);
  heading.font = { bold: true };
  heading.commit();
  const sink: TableSink<T> = {
    stream: out,
    get rows() {
      return counter.rows;
    },
    async write(rows) {
      for (const row of rows) {
        sheet
          .addRow(
            columns.map((column) => {
              const value = column.value(row);
              if (value === null || value === undefined) return null;
              return column.kind === 'DATE' && typeof value === 'string' ? excelDate(value) : value;
            }),
          )
          .commit();
        counter.rows += 1;
      }
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
    abort(error) {
      out.destroy(error);
    },
    nextSheet(name, next) {
      sheet.commit();
      return xlsxSheet(workbook, out, name, next, counter);
    },
  };
  return sink;
}
