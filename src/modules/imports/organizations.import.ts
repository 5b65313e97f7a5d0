import type { PrismaClient, Sector } from '../../generated/prisma/client.js';
import { ValidationError } from '../../shared/errors.js';
import { eventTypeLabels, sectorLabels, statusLabels } from '../organizations/organizations.labels.js';
import type { EstablishInput, ImportedOrganization } from '../organizations/organizations.service.js';
import type { ImportProblem } from '../jobs/jobs.service.js';
import type { JobContext, JobOutcome } from '../jobs/runner.js';
import { decisionResolver, type DecisionRef } from './decisions.js';
import { headingKey, importOutcome, mapColumns, openImport, organizationsByCode, RowReader, type ColumnSpec, type Sheet, type SheetRow } from './sheets.js';

/**
 * The tree of organisations from a spreadsheet: one row an organisation, in any order (parents
 * are established before their children whatever the rows' order), each under a parent of the
 * tree or of the file, with its establishing decision (by number and issuer, recorded when
 * new). All rows or none, through the same checks as establishing them one by one.
 */

export const ORGANIZATION_SHEET = 'Tổ chức đảng';

/** At most this many organisations in one file: every branch of a large province. */
export const MAX_IMPORTED_ORGANIZATIONS = 20_000;

type Key = 'code' | 'name' | 'shortName' | 'kind' | 'sector' | 'parentCode' | 'address' | 'establishedOn' | 'decision' | 'issuer';

export const ORGANIZATION_IMPORT_COLUMNS: readonly ColumnSpec<Key>[] = [
  { key: 'code', header: 'Mã tổ chức', required: true, note: 'Mã duy nhất: chữ, số, ".", "_", "/" hoặc "-".' },
  { key: 'name', header: 'Tên tổ chức', required: true, note: 'Tên đầy đủ.' },
  { key: 'shortName', header: 'Tên viết tắt', note: 'Tên ngắn (tùy chọn).' },
  { key: 'kind', header: 'Loại tổ chức', required: true, note: 'Tên loại như danh mục (ví dụ: Chi bộ trực thuộc đảng ủy cơ sở) hoặc mã loại.' },
  { key: 'sector', header: 'Lĩnh vực', required: true, note: `Một trong: ${Object.values(sectorLabels).join('; ')}.` },
  { key: 'parentCode', header: 'Mã tổ chức cấp trên', note: 'Mã của tổ chức cấp trên: đã có trong hệ thống hoặc có trong tệp. Để trống với tổ chức gốc.' },
  { key: 'address', header: 'Địa chỉ', note: 'Địa chỉ trụ sở.' },
  { key: 'establishedOn', header: 'Ngày thành lập', required: true, note: 'Ngày quyết định thành lập có hiệu lực.' },
  { key: 'decision', header: 'Số quyết định thành lập', required: true, note: 'Số quyết định; quyết định chưa có trong hệ thống được ghi mới.' },
  { key: 'issuer', header: 'Cấp quyết định thành lập', note: 'Tên cấp ủy ra quyết định (cần khi quyết định chưa có trong hệ thống).' },
];

export const ORGANIZATION_HISTORY_SHEET = 'Quá trình tổ chức';

type VersionKey = 'code' | 'validFrom' | 'validTo' | 'parentCode' | 'name' | 'shortName' | 'kind' | 'sector' | 'address' | 'status' | 'event' | 'decision' | 'issuer';

/** The sheet of each organisation's versions (the export writes it with history=true): the tree is rebuilt from it as it was. */
export const VERSION_IMPORT_COLUMNS: readonly ColumnSpec<VersionKey>[] = [
  { key: 'code', header: 'Mã tổ chức', required: true, note: 'Mã của tổ chức; mỗi dòng là một giai đoạn của tổ chức.' },
  { key: 'validFrom', header: 'Từ ngày', required: true, note: 'Ngày bắt đầu giai đoạn (giai đoạn đầu: ngày thành lập).' },
  { key: 'validTo', header: 'Đến ngày', note: 'Ngày giai đoạn sau bắt đầu (để trống ở giai đoạn hiện nay).' },
  { key: 'parentCode', header: 'Mã tổ chức cấp trên', note: 'Cấp trên trong giai đoạn này.' },
  { key: 'name', header: 'Tên tổ chức', required: true, note: 'Tên trong giai đoạn này.' },
  { key: 'shortName', header: 'Tên viết tắt', note: 'Tên ngắn.' },
  { key: 'kind', header: 'Loại tổ chức', required: true, note: 'Tên loại hoặc mã loại.' },
  { key: 'sector', header: 'Lĩnh vực', required: true, note: 'Lĩnh vực.' },
  { key: 'address', header: 'Địa chỉ', note: 'Địa chỉ.' },
  { key: 'status', header: 'Tình trạng', required: true, note: `Một trong: ${Object.values(statusLabels).join('; ')}.` },
  { key: 'event', header: 'Sự kiện', note: `Sự kiện mở đầu giai đoạn: ${Object.values(eventTypeLabels).join('; ')}.` },
  { key: 'decision', header: 'Số quyết định', required: true, note: 'Quyết định của sự kiện.' },
  { key: 'issuer', header: 'Cấp quyết định', note: 'Cấp ra quyết định (cần khi quyết định chưa có trong hệ thống).' },
];

export const DERIVED_ORGANIZATION_HEADINGS = ['Tổ chức cấp trên', 'Tình trạng', 'Từ ngày', 'Ngày kết thúc'];

type Draft = { row: SheetRow; code: string; name: string; shortName: string | null; kindCode: string; sector: Sector; parentCode: string | null; address: string | null; establishedOn: string; decision: DecisionRef };

export async function importOrganizations({ job, input, services, progress }: JobContext, prisma: PrismaClient): Promise<JobOutcome> {
  const opened = await openImport({ job, input, progress }, prisma, ORGANIZATION_SHEET);
  if ('outcome' in opened) return opened.outcome;
  const { params, sheets } = opened;
  const history = sheets.find((s) => headingKey(s.name) === headingKey(ORGANIZATION_HISTORY_SHEET));
  if (history && history.rows.length > 0) return importWithHistory({ job, services, progress }, prisma, history, params);
  const sheet = sheets.find((s) => headingKey(s.name) === headingKey(ORGANIZATION_SHEET)) ?? sheets[0]!;
  const problems: ImportProblem[] = [];
  const fail = (row: SheetRow | null, column: string | null, value: string | null, code: string, message: string) => problems.push({ sheet: sheet.name, row: row?.line ?? null, column, value, code, message });
  if (!sheet || sheet.rows.length === 0) fail(null, null, null, 'EMPTY_FILE', 'the file has no organisation rows');
  if (sheet && sheet.rows.length > MAX_IMPORTED_ORGANIZATIONS) fail(null, null, null, 'TOO_MANY_ROWS', `at most ${MAX_IMPORTED_ORGANIZATIONS} organisations in one file`);
  if (problems.length > 0) return importOutcome(params.step, problems, {});
  await progress('VALIDATING', 0, sheet.rows.length);

  const columns = mapColumns(sheet, ORGANIZATION_IMPORT_COLUMNS);
  problems.push(...columns.problems);
  const ignoredColumns = columns.ignored.filter((heading) => !DERIVED_ORGANIZATION_HEADINGS.some((d) => headingKey(d) === headingKey(heading)));
  if (columns.problems.length > 0) return importOutcome(params.step, problems, { ignoredColumns });
  const kinds = await services.organizations.kinds();
  const kindLabels = Object.fromEntries(kinds.map((kind) => [kind.code, kind.nameVi]));
  const reader = new RowReader(sheet, new Map(ORGANIZATION_IMPORT_COLUMNS.map((c) => [c.key, c])), columns.index);
  const drafts: Draft[] = [];
  for (const row of sheet.rows) {
    const before = reader.problems.length;
    const code = reader.text(row, 'code', 40);
    const name = reader.text(row, 'name');
    const kindCode = reader.choice(row, 'kind', kindLabels);
    const sector = reader.choice(row, 'sector', sectorLabels);
    const establishedOn = reader.date(row, 'establishedOn');
    const number = reader.text(row, 'decision', 50);
    const draft = {
      row, code: code ?? '', name: name ?? '', shortName: reader.text(row, 'shortName'), kindCode: kindCode ?? '', sector: sector ?? 'OTHER',
      parentCode: reader.text(row, 'parentCode', 40), address: reader.text(row, 'address'), establishedOn: establishedOn ?? '',
      decision: { number: number ?? '', issuer: reader.text(row, 'issuer'), on: establishedOn ?? '' },
    };
    if (reader.problems.length === before) drafts.push(draft);
  }
  problems.push(...reader.problems);

  // Parents before children: the file's rows ordered by the tree they make.
  const byCode = new Map<string, Draft>();
  for (const draft of drafts) {
    if (byCode.has(draft.code)) fail(draft.row, 'Mã tổ chức', draft.code, 'DUPLICATE_IN_FILE', `row ${byCode.get(draft.code)!.row.line} has the same code`);
    else byCode.set(draft.code, draft);
  }
  const outside = [...new Set(drafts.flatMap((d) => (d.parentCode && !byCode.has(d.parentCode) ? [d.parentCode] : [])))];
  // Parents of the tree the caller may not structure are told as unknown ones, as members' branches are.
  const existing = await organizationsByCode(prisma, services.actor, 'manageStructure', outside);
  const ordered: Draft[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (draft: Draft, trail: string[]): boolean => {
    const seen = state.get(draft.code);
    if (seen === 'done') return true;
    if (seen === 'visiting') {
      fail(draft.row, 'Mã tổ chức cấp trên', draft.parentCode, 'PARENT_CYCLE', `the parents go round in a circle: ${[...trail, draft.code].join(' → ')}`);
      return false;
    }
    state.set(draft.code, 'visiting');
    const parent = draft.parentCode ? byCode.get(draft.parentCode) : undefined;
    const ok: boolean = parent ? visit(parent, [...trail, draft.code]) : true;
    state.set(draft.code, 'done');
    if (ok) ordered.push(draft);
    return ok;
  };
  for (const draft of drafts) {
    if (draft.parentCode && !byCode.has(draft.parentCode) && !existing.has(draft.parentCode)) {
      fail(draft.row, 'Mã tổ chức cấp trên', draft.parentCode, 'UNKNOWN_ORGANIZATION', 'no organisation with this code in the tree or in the file');
      state.set(draft.code, 'done');
      continue;
    }
    visit(draft, []);
  }
  const decisions = await decisionResolver(prisma, ordered.map((d) => d.decision));
  const index = new Map(ordered.map((draft, i) => [draft.code, i]));
  const inputs: (EstablishInput & { parentIndex: number | null })[] = [];
  for (const draft of ordered) {
    const resolved = decisions.resolve(draft.decision);
    if ('problem' in resolved) fail(draft.row, 'Số quyết định thành lập', draft.decision.number, resolved.code, resolved.problem);
    inputs.push({
      code: draft.code, name: draft.name, shortName: draft.shortName, kindCode: draft.kindCode, sector: draft.sector, address: draft.address,
      parentId: draft.parentCode && !byCode.has(draft.parentCode) ? existing.get(draft.parentCode)! : null,
      parentIndex: draft.parentCode && byCode.has(draft.parentCode) ? index.get(draft.parentCode)! : null,
      effectiveOn: draft.establishedOn,
      decisionId: 'id' in resolved ? resolved.id : '',
    });
  }
  const summary = { organizations: drafts.length, decisionsToCreate: decisions.created().length, ignoredColumns };
  if (problems.length > 0 || inputs.length === 0) return importOutcome(params.step, problems, summary);

  // The tree's own checks (kinds under kinds, parents active on the day, codes free, the caller's
  // subtree) run in a transaction that is rolled back for a validation, kept for a commit.
  await progress(params.step === 'commit' ? 'WRITING' : 'VALIDATING', 0, inputs.length);
  try {
    await services.organizations.importTree(inputs, decisions.created(), { importId: job.id, scopePath: job.scopePath, file: { name: params.filename ?? null, sha256: params.sha256 ?? null }, commit: params.step === 'commit' }, MAX_IMPORTED_ORGANIZATIONS);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const problem of error.problems) {
      const at = /^organizations\.(\d+)(?:\.(\w+))?/.exec(problem.field);
      const draft = at ? ordered[Number(at[1])] : undefined;
      fail(draft?.row ?? null, at?.[2] ? (COLUMN_OF_FIELD[at[2]] ?? at[2]) : null, draft?.code ?? null, 'REFUSED', problem.message);
    }
    return importOutcome(params.step, problems, summary);
  }
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...summary } };
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...summary, decisionsCreated: summary.decisionsToCreate } };
}

const COLUMN_OF_FIELD: Record<string, string> = { code: 'Mã tổ chức', name: 'Tên tổ chức', shortName: 'Tên viết tắt', kind: 'Loại tổ chức', parentId: 'Mã tổ chức cấp trên', parentIndex: 'Mã tổ chức cấp trên' };


async function importWithHistory(
  { job, services, progress }: Pick<JobContext, 'job' | 'services' | 'progress'>,
  prisma: PrismaClient,
  sheet: Sheet,
  params: { step: 'validate' | 'commit'; filename?: string; sha256?: string },
): Promise<JobOutcome> {
  const problems: ImportProblem[] = [];
  await progress('VALIDATING', 0, sheet.rows.length);
  const columns = mapColumns(sheet, VERSION_IMPORT_COLUMNS);
  problems.push(...columns.problems);
  if (columns.problems.length > 0) return importOutcome(params.step, problems, {});
  const kindLabels = Object.fromEntries((await services.organizations.kinds()).map((kind) => [kind.code, kind.nameVi]));
  const reader = new RowReader(sheet, new Map(VERSION_IMPORT_COLUMNS.map((c) => [c.key, c])), columns.index);
  type Version = ImportedOrganization['versions'][number] & { row: SheetRow; decision: DecisionRef };
  const byCode = new Map<string, Version[]>();
  for (const row of sheet.rows) {
    const before = reader.problems.length;
    const code = reader.text(row, 'code', 40);
    const validFrom = reader.date(row, 'validFrom');
    const version = {
      row,
      validFrom: validFrom ?? '',
      validTo: reader.date(row, 'validTo'),
      parentCode: reader.text(row, 'parentCode', 40),
      name: reader.text(row, 'name') ?? '',
      shortName: reader.text(row, 'shortName'),
      kindCode: reader.choice(row, 'kind', kindLabels) ?? '',
      sector: reader.choice(row, 'sector', sectorLabels) ?? 'OTHER',
      address: reader.text(row, 'address'),
      status: reader.choice(row, 'status', statusLabels) ?? 'ACTIVE',
      eventType: reader.choice(row, 'event', eventTypeLabels) ?? 'ESTABLISHED',
      decisionId: '',
      decision: { number: reader.text(row, 'decision', 50) ?? '', issuer: reader.text(row, 'issuer'), on: validFrom ?? '' },
    };
    if (reader.problems.length === before && code) byCode.set(code, [...(byCode.get(code) ?? []), version]);
  }
  problems.push(...reader.problems);
  const all = [...byCode.values()].flat();
  const outsideParents = [...new Set(all.flatMap((v) => (v.parentCode && !byCode.has(v.parentCode) ? [v.parentCode] : [])))];
  const visible = new Set((await organizationsByCode(prisma, services.actor, 'manageStructure', outsideParents)).keys());
  for (const version of all) {
    if (version.parentCode && !byCode.has(version.parentCode) && !visible.has(version.parentCode)) {
      problems.push({ sheet: sheet.name, row: version.row.line, column: 'Mã tổ chức cấp trên', value: version.parentCode, code: 'UNKNOWN_ORGANIZATION', message: 'no organisation with this code in the tree or in the file' });
    }
  }
  const decisions = await decisionResolver(prisma, all.map((v) => v.decision));
  for (const version of all) {
    const resolved = decisions.resolve(version.decision);
    if ('problem' in resolved) problems.push({ sheet: sheet.name, row: version.row.line, column: 'Số quyết định', value: version.decision.number, code: resolved.code, message: resolved.problem });
    else version.decisionId = resolved.id;
  }
  const organizations = [...byCode.entries()].map(([code, versions]) => {
    versions.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));
    const last = versions.at(-1)!;
    return { code, establishedOn: versions[0]!.validFrom, endedOn: last.status === 'ACTIVE' ? null : last.validFrom, versions };
  });
  const summary = { organizations: organizations.length, versions: all.length, decisionsToCreate: decisions.created().length, ignoredColumns: columns.ignored };
  if (problems.length > 0) return importOutcome(params.step, problems, summary);
  await progress(params.step === 'commit' ? 'WRITING' : 'VALIDATING', 0, all.length);
  try {
    await services.organizations.importVersions(organizations, decisions.created(), { importId: job.id, scopePath: job.scopePath, file: { name: params.filename ?? null, sha256: params.sha256 ?? null }, commit: params.step === 'commit' });
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    for (const problem of error.problems) {
      const at = /^organizations\.(\d+)(?:\.versions\.(\d+))?/.exec(problem.field);
      const organization = at ? organizations[Number(at[1])] : undefined;
      const version = organization ? organization.versions[at?.[2] ? Number(at[2]) : 0] : undefined;
      problems.push({ sheet: sheet.name, row: version?.row.line ?? null, column: null, value: organization?.code ?? null, code: 'REFUSED', message: problem.message });
    }
    return importOutcome(params.step, problems, summary);
  }
  if (params.step === 'validate') return { status: 'SUCCEEDED', result: { step: 'validate', valid: true, ...summary } };
  return { status: 'SUCCEEDED', result: { step: 'commit', written: true, ...summary, decisionsCreated: summary.decisionsToCreate } };
}
