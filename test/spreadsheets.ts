/** Helpers of the spreadsheet tests: downloads, reading workbooks, importing files. */
import ExcelJS from '../src/shared/exceljs.js';
import type { TestApp } from './helper.js';

export type Download = { status: number; type: string; disposition: string; raw: Buffer; json: () => { code?: string } };

export async function download(api: Pick<TestApp, 'app' | 'headers'>, url: string, headers: Record<string, string> = api.headers): Promise<Download> {
  const response = await api.app.inject({ method: 'GET', url, headers });
  return {
    status: response.statusCode,
    type: String(response.headers['content-type'] ?? ''),
    disposition: String(response.headers['content-disposition'] ?? ''),
    raw: response.rawPayload,
    json: () => response.json(),
  };
}

/** The first sheet (or the one named) of a workbook: its rows, every cell (null when empty). */
export async function readSheet(raw: Buffer, name?: string): Promise<{ name: string; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(raw as unknown as ArrayBuffer);
  const sheet = name ? workbook.getWorksheet(name)! : workbook.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => (row.values as unknown[])[i + 1] ?? null)));
  return { name: sheet.name, rows };
}

export type Problem = { sheet: string; row: number | null; column: string | null; value: string | null; code: string; message: string };
export type JobBody = { id: string; status: string; phase: string; result: Record<string, unknown>; problems: Problem[]; problemCount: number; done: number; total: number | null };

/** Sends a file to POST /imports and waits for its job (Prefer: wait=60). */
export async function importFile(
  api: Pick<TestApp, 'app' | 'headers'>,
  kind: 'members' | 'organizations' | 'ratings' | 'indicators' | 'candidates',
  step: 'validate' | 'commit',
  file: Buffer | string,
  headers: Record<string, string> = api.headers,
): Promise<{ status: number; job: JobBody }> {
  const xlsx = Buffer.isBuffer(file);
  const response = await api.app.inject({
    method: 'POST',
    url: `/api/v1/imports?kind=${kind}&step=${step}&filename=thu.${xlsx ? 'xlsx' : 'csv'}`,
    headers: { ...headers, 'content-type': xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv', prefer: 'wait=60' },
    payload: file,
  });
  return { status: response.statusCode, job: response.json() };
}

/** A workbook of these sheets and rows. */
export async function workbook(sheets: Record<string, (string | number | Date | null | { formula: string })[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
