/**
 * Workbooks read back letter for letter: exceljs's streaming reader decodes each 16 KiB chunk of
 * a sheet on its own, so a Vietnamese letter split between two chunks came out as "��" (found by
 * the round trip of the ratings). src/shared/exceljs.ts hands its parser text decoded across
 * the boundaries; these files have hundreds of boundaries, with inline and with shared strings.
 */
import t from 'tap';
import ExcelJS from '../src/shared/exceljs.js';
import { readSheets } from '../src/modules/imports/sheets.js';
import { tableSink } from '../src/http/tabular.js';
import { readFileSync } from 'node:fs';

const WORDS = ['Hoàn thành tốt nhiệm vụ', 'Đảng viên', 'Nguyễn Thị Thu Hường', 'Phường Trường Thi', 'Khơ Mú', 'Thiên Chúa giáo', 'Quyết định số 1234-QĐ/ĐU'];
const rows = Array.from({ length: 6000 }, (_, i) => [String(i), `${WORDS[i % WORDS.length]} ữ${'ữ'.repeat(i % 5)} ${i}`, WORDS[(i * 3) % WORDS.length]!]);

async function readBack(file: Buffer) {
  const [sheet] = await readSheets(file, 'xlsx', 'unused');
  return sheet!.rows.map((row) => row.cells.map((cell) => String(cell)));
}

t.test('inline strings (the exports write them): every letter back', async (t) => {
  const sink = tableSink<string[]>('xlsx', 'Trang', [0, 1, 2].map((i) => ({ header: `Cột ${i}`, value: (row: string[]) => row[i] })));
  const chunks: Buffer[] = [];
  sink.stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  await sink.write(rows);
  await sink.end();
  const back = await readBack(Buffer.concat(chunks));
  t.equal(back.filter((row) => row.some((cell) => cell.includes('\uFFFD'))).length, 0, 'no replacement character');
  t.same(back, rows);
});

t.test('shared strings (Excel writes them): every letter back', async (t) => {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Trang');
  sheet.addRow(['Cột 0', 'Cột 1', 'Cột 2']);
  for (const row of rows) sheet.addRow(row);
  const back = await readBack(Buffer.from(await book.xlsx.writeBuffer()));
  t.same(back, rows);
});

t.test('a workbook of another tool (openpyxl: absolute targets of its sheets): the sheets by name', async (t) => {
  // Written by openpyxl (an outside probe's file): its relationships name the sheets
  // "/xl/worksheets/sheet1.xml", which exceljs compared with relative targets (both sheets lost).
  const file = readFileSync(new URL('./fixtures/openpyxl-indicators.xlsx', import.meta.url));
  const sheets = await readSheets(file, 'xlsx', 'unused');
  t.same(sheets.map((s) => [s.name, s.rows.length]), [['Chỉ tiêu', 2], ['Kết quả thực hiện', 2]]);
});
