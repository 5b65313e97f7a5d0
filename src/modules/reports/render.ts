import ExcelJS from '../../shared/exceljs.js';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type ParagraphChild } from 'docx';
import { vietnameseDate, vietnameseNumber } from '../../http/tabular.js';
import { disciplineFormLabels } from '../discipline/discipline.labels.js';
import { commendationFormLabels, commendationSubjectLabels } from '../commendations/commendations.labels.js';
import { inspectionTypeLabels } from '../inspections/inspections.labels.js';
import type { Distribution } from '../ratings/ratings.service.js';
import type { ReportColumn, ReportForm, ReportRow } from './forms.service.js';
import type { PeriodReport } from './period-report.service.js';

/**
 * Report forms and period reports as offices hand them on: a workbook laid out like the printed
 * form (heading block, numbered columns, indented rows, signatures) and, for a period report, a
 * Word draft in the Party's document layout that the office edits and signs. Built in memory:
 * a form is a few hundred cells whatever the subtree's size.
 */

const NUMBER_FORMATS: Record<ReportColumn['kind'], string> = { COUNT: '#,##0', PERCENT: '0.00', DECIMAL: '0.00' };

type Sheet = { name: string; heading: string[]; title: string; subtitle: string; number: string; unit: string; columns: ReportColumn[]; rows: ReportRow[] };

function addFormSheet(workbook: ExcelJS.Workbook, sheet: Sheet): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(sheet.name.slice(0, 31), { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const width = sheet.columns.length + 2;
  ws.columns = [{ width: 8 }, { width: 62 }, ...sheet.columns.map(() => ({ width: 16 }))];
  sheet.heading.forEach((text, index) => {
    const row = ws.getRow(index + 1);
    row.getCell(1).value = text;
    row.getCell(1).font = { bold: index === sheet.heading.length - 1 };
  });
  ws.getRow(1).getCell(width).value = sheet.number;
  ws.getRow(1).getCell(width).font = { bold: true };
  ws.getRow(1).getCell(width).alignment = { horizontal: 'right' };
  const titleRow = sheet.heading.length + 2;
  for (const [offset, text, bold] of [
    [0, sheet.title, true],
    [1, sheet.subtitle, false],
  ] as const) {
    ws.mergeCells(titleRow + offset, 1, titleRow + offset, width);
    const cell = ws.getRow(titleRow + offset).getCell(1);
    cell.value = text;
    cell.font = { bold, size: bold ? 13 : 11, italic: !bold };
    cell.alignment = { horizontal: 'center' };
  }
  const unitRow = ws.getRow(titleRow + 2);
  unitRow.getCell(width).value = `Đơn vị tính: ${sheet.unit}`;
  unitRow.getCell(width).alignment = { horizontal: 'right' };
  unitRow.getCell(width).font = { italic: true };
  const headerRow = ws.getRow(titleRow + 3);
  headerRow.values = ['TT', 'Tiêu chí', ...sheet.columns.map((column) => column.label)];
  headerRow.font = { bold: true };
  headerRow.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  headerRow.height = 45;
  const numbers = ws.getRow(titleRow + 4);
  numbers.values = ['A', 'B', ...sheet.columns.map((_, index) => String(index + 1))];
  numbers.alignment = { horizontal: 'center' };
  numbers.font = { italic: true };
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  for (const row of sheet.rows) {
    const added = ws.addRow([row.code, row.label, ...row.values.map((value) => value ?? null)]);
    added.getCell(2).alignment = { indent: row.depth * 2, wrapText: true };
    if (row.depth === 0) added.font = { bold: true };
    sheet.columns.forEach((column, index) => {
      added.getCell(index + 3).numFmt = NUMBER_FORMATS[column.kind];
    });
    if (row.note) added.getCell(2).note = row.note;
  }
  for (let r = titleRow + 3; r <= ws.rowCount; r += 1) for (let c = 1; c <= width; c += 1) ws.getRow(r).getCell(c).border = border;
  ws.addRow([]);
  const signatures = ws.addRow(['', 'NGƯỜI LẬP BIỂU', ...sheet.columns.map((_, index) => (index === sheet.columns.length - 1 ? 'TRƯỞNG BAN' : null))]);
  signatures.font = { bold: true };
  ws.addRow(['', '(Ký, ghi rõ họ và tên; số điện thoại)', ...sheet.columns.map((_, index) => (index === sheet.columns.length - 1 ? '(Ký, đóng dấu, ghi rõ họ và tên)' : null))]).font = { italic: true };
  return ws;
}

function periodText(from: string | null, to: string): string {
  return from ? `Từ ngày ${vietnameseDate(from)} đến ngày ${vietnameseDate(to)}` : `Có đến ngày ${vietnameseDate(to)}`;
}

export async function reportFormWorkbook(form: ReportForm): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'party-building-service';
  addFormSheet(workbook, {
    name: form.number,
    heading: [form.organizationName.toUpperCase()],
    title: form.title,
    subtitle: periodText(form.from, form.to),
    number: form.number,
    unit: form.unit,
    columns: form.columns,
    rows: form.rows,
  });
  if (form.unclassified.length || form.checks.length || form.sources.length) {
    const notes = workbook.addWorksheet('Ghi chú');
    notes.columns = [{ header: 'Mục', width: 22 }, { header: 'Nội dung', width: 70 }, { header: 'Số đảng viên', width: 14 }];
    notes.getRow(1).font = { bold: true };
    for (const item of form.unclassified) notes.addRow([`Chưa phân loại (${item.dimension})`, item.value || '(để trống)', item.count]);
    for (const check of form.checks) notes.addRow(['Kiểm tra', `${check.name}: ${check.holds ? 'đúng' : 'KHÔNG KHỚP'} (${check.detail})`, null]);
    for (const source of form.sources) notes.addRow(['Căn cứ', `${source.rule}: ${source.citation}`, null]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const COMPARED: ReportColumn[] = [
  { key: 'current', label: 'Kỳ này', kind: 'COUNT' },
  { key: 'yearBefore', label: 'Cùng kỳ năm trước', kind: 'COUNT' },
  { key: 'percent', label: '(%) so với cùng kỳ', kind: 'PERCENT' },
];

export async function periodReportWorkbook(report: PeriodReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'party-building-service';
  addFormSheet(workbook, {
    name: 'Tổng hợp',
    heading: [report.organizationName.toUpperCase()],
    title: `SỐ LIỆU BÁO CÁO CÔNG TÁC XÂY DỰNG ĐẢNG ${report.period.name.toUpperCase()}`,
    subtitle: periodText(report.period.from, report.period.to),
    number: 'Phụ lục',
    unit: 'Người, tổ chức, cuộc, lượt',
    columns: COMPARED,
    rows: report.rows,
  });
  const indicators = workbook.addWorksheet('Chỉ tiêu');
  indicators.columns = [
    { header: 'Chỉ tiêu', width: 60 },
    { header: 'Đơn vị', width: 14 },
    { header: 'Chỉ tiêu đề ra', width: 14, style: { numFmt: '#,##0.##' } },
    { header: 'Thực hiện', width: 14, style: { numFmt: '#,##0.##' } },
    { header: 'Đạt (%)', width: 10, style: { numFmt: '0.00' } },
    { header: 'Lũy kế năm', width: 14, style: { numFmt: '#,##0.##' } },
    { header: 'Chỉ tiêu năm', width: 14, style: { numFmt: '#,##0.##' } },
    { header: 'Đạt so với chỉ tiêu năm (%)', width: 14, style: { numFmt: '0.00' } },
    { header: 'Cùng kỳ năm trước', width: 14, style: { numFmt: '#,##0.##' } },
  ];
  indicators.getRow(1).font = { bold: true };
  for (const result of report.indicators) {
    indicators.addRow([result.indicator.nameVi, result.indicator.unit, result.target, result.actual, result.achievement, result.yearToDate, result.yearTarget, result.yearProgress, result.previous]);
  }
  if (report.ratings) {
    const ratings = workbook.addWorksheet('Xếp loại');
    ratings.columns = [{ header: 'Đối tượng, năm', width: 40 }, ...RATING_COLUMNS.map(([label]) => ({ header: label, width: 14 }))];
    ratings.getRow(1).font = { bold: true };
    const { year } = report.ratings;
    for (const [label, d] of [
      [`Đảng viên, năm ${year}`, report.ratings.members],
      [`Đảng viên, năm ${year - 1}`, report.ratings.membersYearBefore],
      [`Tổ chức cơ sở đảng, năm ${year}`, report.ratings.organizations],
      [`Tổ chức cơ sở đảng, năm ${year - 1}`, report.ratings.organizationsYearBefore],
    ] as const) {
      ratings.addRow([label, ...RATING_COLUMNS.map(([, value]) => value(d))]);
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const RATING_COLUMNS: [string, (d: Distribution) => number | null][] = [
  ['Được đánh giá', (d) => d.total],
  ['Hoàn thành xuất sắc', (d) => d.excellent],
  ['Hoàn thành tốt', (d) => d.good],
  ['Hoàn thành', (d) => d.completed],
  ['Không hoàn thành', (d) => d.notCompleted],
  ['Tốt trở lên (%)', (d) => d.goodOrAbovePercent],
];

// ------------------------------------------------------------------ the Word draft

/** 76.3 → "76,30%": two decimals and a decimal comma, as the reports print shares. */
export function percentText(value: number | null): string {
  return value === null ? '—' : `${vietnameseNumber(value, 2)}%`;
}

const count = (value: number) => vietnameseNumber(value);
const share = (part: number, whole: number) => (whole ? percentText(Math.round((part * 10_000) / whole) / 100) : '—');

/** "tăng 4,48%" / "giảm 2,00%" / "bằng": this period against the same period a year before. */
function against(now: number, then: number | null): string {
  if (then === null || then === 0) return '';
  const change = Math.round(((now - then) * 10_000) / then) / 100;
  if (change === 0) return ' (bằng cùng kỳ năm trước)';
  return ` (${change > 0 ? 'tăng' : 'giảm'} ${percentText(Math.abs(change))} so với cùng kỳ năm trước)`;
}

const FONT = 'Times New Roman';
const run = (text: string, options: { bold?: boolean; italics?: boolean; size?: number; underline?: boolean } = {}) =>
  new TextRun({ text, font: FONT, size: (options.size ?? 14) * 2, bold: options.bold, italics: options.italics, ...(options.underline ? { underline: {} } : {}) });
const paragraph = (children: ParagraphChild[] | string, options: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; after?: number; before?: number } = {}) =>
  new Paragraph({
    children: typeof children === 'string' ? [run(children)] : children,
    alignment: options.align ?? AlignmentType.JUSTIFIED,
    spacing: { before: options.before ?? 0, after: options.after ?? 120, line: 312 },
    ...(options.indent === false ? {} : { indent: { firstLine: 567 } }),
  });
const heading = (text: string) => paragraph([run(text, { bold: true })], { indent: true, before: 200, after: 120 });

const NO_BORDERS = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function layoutTable(left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: 45, type: WidthType.PERCENTAGE }, children: left }),
          new TableCell({ width: { size: 55, type: WidthType.PERCENTAGE }, children: right }),
        ],
      }),
    ],
  });
}

function dataTable(header: string[], rows: (string | number | null)[][], widths: number[]): Table {
  const cell = (text: string, bold: boolean, align: (typeof AlignmentType)[keyof typeof AlignmentType], width: number) =>
    new TableCell({
      width: { size: width, type: WidthType.PERCENTAGE },
      children: [new Paragraph({ alignment: align, children: [run(text, { bold, size: 12 })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((text, index) => cell(text, true, AlignmentType.CENTER, widths[index]!)) }),
      ...rows.map(
        (row) =>
          new TableRow({
            children: row.map((value, index) =>
              cell(value === null ? '—' : typeof value === 'number' ? count(value) : value, false, index === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT, widths[index]!),
            ),
          }),
      ),
    ],
  });
}

function ratingSentence(subject: string, d: Distribution, before: Distribution): string {
  if (d.total === 0) return `Chưa có kết quả đánh giá, xếp loại ${subject} năm ${d.year}.`;
  const goodOrAbove = d.excellent + d.good;
  const previous = before.total ? ` (năm ${before.year}: ${percentText(before.goodOrAbovePercent)})` : '';
  return (
    `Có ${count(d.total)} ${subject} được đánh giá, xếp loại năm ${d.year}: hoàn thành xuất sắc nhiệm vụ ${count(d.excellent)}, chiếm tỷ lệ ${share(d.excellent, d.total)}; ` +
    `hoàn thành tốt nhiệm vụ ${count(d.good)}, chiếm ${share(d.good, d.total)}; hoàn thành nhiệm vụ ${count(d.completed)}, chiếm ${share(d.completed, d.total)}; ` +
    `không hoàn thành nhiệm vụ ${count(d.notCompleted)}, chiếm ${share(d.notCompleted, d.total)}. ` +
    `Tỷ lệ hoàn thành tốt nhiệm vụ trở lên ${share(goodOrAbove, d.total)}${previous}.`
  );
}

/**
 * How a committee of each kind numbers and signs its report (Hướng dẫn 36-HD/VPTW on Party
 * documents): a provincial committee's standing committee (BC/TU), an upper-grassroots one's
 * (BC/ĐU), a grassroots committee (BC/ĐU), a branch (BC/CB).
 */
const SIGNATURES: Record<string, { number: string; on: string }> = {
  PROVINCIAL_COMMITTEE: { number: 'BC/TU', on: 'T/M BAN THƯỜNG VỤ' },
  UPPER_GRASSROOTS_COMMITTEE: { number: 'BC/ĐU', on: 'T/M BAN THƯỜNG VỤ' },
  GRASSROOTS_COMMITTEE: { number: 'BC/ĐU', on: 'T/M ĐẢNG ỦY' },
  SUB_COMMITTEE: { number: 'BC/ĐU', on: 'T/M ĐẢNG ỦY' },
  GRASSROOTS_BRANCH: { number: 'BC/CB', on: 'T/M CHI BỘ' },
  BRANCH: { number: 'BC/CB', on: 'T/M CHI BỘ' },
};
const ENDED: Record<string, string> = { DISSOLVED: 'đã giải thể', MERGED: 'đã hợp nhất, sáp nhập vào tổ chức khác' };

/** The draft's paragraphs: the figures in the sentences such reports use, for the office to edit. */
export function periodReportParagraphs(report: PeriodReport): { heading: string; sentences: string[] }[] {
  const c = report.changes;
  const admitted = c.admitted + c.readmitted;
  const target = report.indicators.find((result) => result.indicator.code === 'MEMBERS_ADMITTED');
  let targetText = '';
  if (target && report.period.kind !== 'QUARTER' && report.period.kind !== 'HALF_YEAR' && target.target !== null) {
    targetText = `, đạt ${percentText(target.achievement)} chỉ tiêu (${count(target.target)} đảng viên)`;
  } else if (target && target.yearTarget !== null) {
    targetText = `; lũy kế từ đầu năm ${count(target.yearToDate ?? 0)} đảng viên, đạt ${percentText(target.yearProgress)} chỉ tiêu năm (${count(target.yearTarget)} đảng viên)`;
  }
  const s = report.inspections;
  const formsText = (forms: { form: keyof typeof disciplineFormLabels; count: number }[]) =>
    forms.filter((f) => f.count > 0).map((f) => `${disciplineFormLabels[f.form].toLowerCase()} ${count(f.count)}`).join(', ');
  const disciplinedMembers = s.disciplinedMembers.reduce((n, f) => n + f.count, 0);
  const disciplinedOrganizations = s.disciplinedOrganizations.reduce((n, f) => n + f.count, 0);
  const cases = s.inspectionsByType.reduce((n, t) => n + t.count, 0);
  const k = report.commendations;
  const sections: { heading: string; sentences: string[] }[] = [
    {
      heading: 'I. CÔNG TÁC PHÁT TRIỂN ĐẢNG VIÊN VÀ QUẢN LÝ ĐẢNG VIÊN',
      sentences: [
        `Đầu kỳ, ${report.organizationName} có ${count(report.membersAtStart)} đảng viên. Trong ${report.period.name}, đã kết nạp ${count(admitted)} đảng viên mới${
          c.readmitted ? ` (trong đó kết nạp lại ${count(c.readmitted)})` : ''
        }${targetText}${report.changesYearBefore ? against(admitted, report.changesYearBefore.admitted + report.changesYearBefore.readmitted) : ''}; công nhận ${count(c.recognizedOfficial)} đảng viên chính thức.`,
        `Tiếp nhận ${count(c.transferredIn)} đảng viên chuyển sinh hoạt đảng đến, giới thiệu ${count(c.transferredOut)} đảng viên chuyển sinh hoạt đảng đi; ${count(c.deceased)} đồng chí từ trần; khai trừ ${count(c.expelled)}, xóa tên ${count(c.removedFromRoll)} đảng viên${
          c.removedWhileProbationary ? ` (trong đó ${count(c.removedWhileProbationary)} đảng viên dự bị)` : ''
        }.`,
        ...(report.restructured.arrived || report.restructured.left
          ? [`Do sắp xếp tổ chức, ${count(report.restructured.arrived)} đảng viên đến cùng tổ chức của mình và ${count(report.restructured.left)} đảng viên đi cùng tổ chức của mình.`]
          : []),
        ...(ENDED[report.organizationStatus] ? [`Đến ngày ${vietnameseDate(report.period.to)}, ${report.organizationName} ${ENDED[report.organizationStatus]}.`] : []),
        `Đến ngày ${vietnameseDate(report.period.to)}, tổng số đảng viên là ${count(report.membersAtEnd)} đồng chí${against(report.membersAtEnd, report.membersAtEndYearBefore)}.`,
        `Bồi dưỡng nhận thức về Đảng cho ${count(report.candidatesTrained)} quần chúng ưu tú${report.candidatesTrainedYearBefore !== null ? against(report.candidatesTrained, report.candidatesTrainedYearBefore) : ''}.`,
      ],
    },
  ];
  if (report.ratings) {
    sections.push({
      heading: 'II. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG',
      sentences: [ratingSentence('tổ chức cơ sở đảng', report.ratings.organizations, report.ratings.organizationsYearBefore), ratingSentence('đảng viên', report.ratings.members, report.ratings.membersYearBefore)],
    });
  }
  const n = (index: number) => ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][index]!;
  sections.push({
    heading: `${n(sections.length)}. CÔNG TÁC KIỂM TRA, GIÁM SÁT VÀ THI HÀNH KỶ LUẬT ĐẢNG`,
    sentences: [
      `Tiến hành ${count(cases)} cuộc kiểm tra${cases ? ` (${s.inspectionsByType.filter((t) => t.count > 0).map((t) => `${inspectionTypeLabels[t.type].toLowerCase()}: ${count(t.count)}`).join('; ')})` : ''}; kiểm tra ${count(s.organizationsInspected)} tổ chức đảng và ${count(s.membersInspected)} đảng viên.`,
      `Thi hành kỷ luật ${count(disciplinedMembers)} đảng viên${disciplinedMembers ? ` (${formsText(s.disciplinedMembers)})` : ''} và ${count(disciplinedOrganizations)} tổ chức đảng${
        disciplinedOrganizations ? ` (${formsText(s.disciplinedOrganizations)})` : ''
      }; đình chỉ sinh hoạt đảng ${count(s.memberSuspensions)} đảng viên, phục hồi sinh hoạt đảng ${count(s.memberReinstatements)} đảng viên.`,
    ],
  });
  const awards = k.commendations.filter((row) => row.count > 0).map((row) => `${commendationFormLabels[row.form].toLowerCase()} cho ${commendationSubjectLabels[row.subject].toLowerCase()}: ${count(row.count)}`);
  const badges = k.badgesByMilestone.filter((row) => row.count > 0).map((row) => `${row.milestone} năm tuổi Đảng: ${count(row.count)}`);
  sections.push({
    heading: `${n(sections.length)}. CÔNG TÁC KHEN THƯỞNG`,
    sentences: [
      `Khen thưởng ${count(k.commendationsTotal)} lượt${awards.length ? ` (${awards.join('; ')})` : ''}.`,
      `Trao tặng Huy hiệu Đảng cho ${count(k.badgesTotal)} đồng chí${badges.length ? ` (${badges.join('; ')})` : ''}.`,
    ],
  });
  sections.push({ heading: `${n(sections.length)}. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU`, sentences: report.indicators.length ? [] : ['Chưa có chỉ tiêu nào được giao cho kỳ này.'] });
  return sections;
}

export async function periodReportDocument(report: PeriodReport): Promise<Buffer> {
  const sections = periodReportParagraphs(report);
  const signature = SIGNATURES[report.organizationKind] ?? SIGNATURES.GRASSROOTS_COMMITTEE!;
  const children: (Paragraph | Table)[] = [
    layoutTable(
      [
        paragraph([run(report.organizationName.toUpperCase(), { bold: true, size: 13 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
        paragraph([run('*', { size: 13 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
        paragraph([run(`Số       -${signature.number}`, { size: 13 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
      ],
      [
        paragraph([run('ĐẢNG CỘNG SẢN VIỆT NAM', { bold: true, size: 14, underline: true })], { align: AlignmentType.CENTER, indent: false, after: 120 }),
        paragraph([run(`……, ngày … tháng … năm ${report.period.to.slice(0, 4)}`, { italics: true, size: 14 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
      ],
    ),
    paragraph([run('BÁO CÁO', { bold: true, size: 15 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
    paragraph([run(`Kết quả công tác xây dựng Đảng ${report.period.name}`, { bold: true, size: 14 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
    paragraph([run(`(${periodText(report.period.from, report.period.to).toLowerCase()})`, { italics: true, size: 13 })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
    paragraph([run('-----', { size: 13 })], { align: AlignmentType.CENTER, indent: false, after: 240 }),
  ];
  for (const section of sections) {
    children.push(heading(section.heading));
    for (const sentence of section.sentences) children.push(paragraph(sentence));
    if (section.heading.includes('ĐÁNH GIÁ, XẾP LOẠI') && report.ratings) {
      const r = report.ratings;
      children.push(
        dataTable(
          ['Đối tượng, năm', 'Được đánh giá', 'Xuất sắc', 'Tốt', 'Hoàn thành', 'Không hoàn thành', 'Tốt trở lên'],
          [
            [`Tổ chức cơ sở đảng, ${r.year}`, r.organizations],
            [`Tổ chức cơ sở đảng, ${r.year - 1}`, r.organizationsYearBefore],
            [`Đảng viên, ${r.year}`, r.members],
            [`Đảng viên, ${r.year - 1}`, r.membersYearBefore],
          ].map(([label, d]) => {
            const x = d as Distribution;
            return [label as string, x.total, x.excellent, x.good, x.completed, x.notCompleted, percentText(x.goodOrAbovePercent)];
          }),
          [24, 12, 11, 11, 12, 14, 16],
        ),
      );
    }
    if (section.heading.includes('CÁC CHỈ TIÊU') && report.indicators.length) {
      const quarterly = report.period.kind === 'QUARTER' || report.period.kind === 'HALF_YEAR';
      children.push(
        dataTable(
          quarterly ? ['Chỉ tiêu', 'Chỉ tiêu năm', 'Lũy kế năm', 'Đạt'] : ['Chỉ tiêu', 'Chỉ tiêu đề ra', 'Thực hiện', 'Đạt'],
          report.indicators.map((result) => [
            `${result.indicator.nameVi} (${result.indicator.unit})`,
            quarterly ? (result.yearTarget ?? result.target) : result.target,
            quarterly ? (result.yearToDate ?? result.actual) : result.actual,
            percentText(quarterly ? (result.yearProgress ?? result.achievement) : result.achievement),
          ]),
          [55, 15, 15, 15],
        ),
      );
    }
  }
  children.push(heading(`${['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'][sections.length]}. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI`));
  children.push(paragraph([run('[Văn phòng cấp ủy soạn tiếp: đánh giá chung, hạn chế, nguyên nhân và phương hướng, nhiệm vụ kỳ tới.]', { italics: true })]));
  children.push(
    layoutTable(
      [
        paragraph([run('Nơi nhận:', { bold: true, italics: true, size: 12 })], { indent: false, after: 0, align: AlignmentType.LEFT }),
        paragraph([run('- Cấp ủy cấp trên (để báo cáo),', { size: 11 })], { indent: false, after: 0, align: AlignmentType.LEFT }),
        paragraph([run('- Các tổ chức đảng trực thuộc,', { size: 11 })], { indent: false, after: 0, align: AlignmentType.LEFT }),
        paragraph([run('- Lưu Văn phòng.', { size: 11 })], { indent: false, after: 0, align: AlignmentType.LEFT }),
      ],
      [
        paragraph([run(signature.on, { bold: true })], { align: AlignmentType.CENTER, indent: false, after: 0 }),
        paragraph([run('BÍ THƯ', { bold: true })], { align: AlignmentType.CENTER, indent: false, after: 1200 }),
      ],
    ),
  );
  const document = new Document({
    creator: 'party-building-service',
    title: `Báo cáo ${report.period.name}`,
    styles: { default: { document: { run: { font: FONT, size: 28 } } } },
    sections: [
      {
        // A4, margins of Party documents (Hướng dẫn 36-HD/VPTW): top and bottom 20 mm, left 30 mm, right 15 mm.
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
