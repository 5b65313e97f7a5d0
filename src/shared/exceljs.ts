import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';

/**
 * exceljs as the service uses it, with its streaming reader mended: exceljs 4.4 decodes each
 * inflated chunk of a worksheet (16 KiB) to text on its own, so a Vietnamese letter whose bytes
 * straddle two chunks becomes "��" (exceljs issues #2063, #2084, #2316; the fixes #1665 and #2081
 * are not released). The worksheets and the shared strings are handed to its parser as text
 * decoded across chunk boundaries instead. Every module reads and writes workbooks through this
 * one, so the mend is in place before any file is read.
 */

type Chunks = AsyncIterable<Buffer | string>;
type ReaderPrototype = {
  _parseRels?: (entry: NodeJS.ReadableStream) => Promise<void>;
  workbookRels?: { Target?: string }[];
  _parseWorksheet?: (iterator: Chunks, sheetNo: string) => AsyncGenerator<unknown>;
  _parseSharedStrings?: (entry: NodeJS.ReadableStream) => AsyncGenerator<unknown>;
};

async function* decoded(chunks: Chunks): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const reader = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderPrototype;
const parseWorksheet = reader._parseWorksheet;
const parseSharedStrings = reader._parseSharedStrings;
const parseRels = reader._parseRels;
// A release that renames them: refuse to start rather than read files wrongly.
if (typeof parseWorksheet !== 'function' || typeof parseSharedStrings !== 'function' || typeof parseRels !== 'function') {
  throw new Error('exceljs changed its streaming reader: check the mend in src/shared/exceljs.ts against the installed version');
}
reader._parseWorksheet = function (iterator, sheetNo) {
  return parseWorksheet.call(this, decoded(iterator), sheetNo);
};
// Workbooks written by other tools (openpyxl, pandas) give the sheets' targets as absolute paths
// ("/xl/worksheets/sheet1.xml"), which exceljs compares with relative ones: their names were lost.
reader._parseRels = async function (entry) {
  await parseRels.call(this, entry);
  for (const rel of this.workbookRels ?? []) if (rel.Target?.startsWith('/xl/')) rel.Target = rel.Target.slice('/xl/'.length);
};
reader._parseSharedStrings = function (entry) {
  entry.setEncoding('utf8');
  return parseSharedStrings.call(this, entry);
};

export default ExcelJS;
