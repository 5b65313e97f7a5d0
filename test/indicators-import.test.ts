/**
 * Indicator targets and reported values from a spreadsheet (issue 18): periods as offices write
 * them, resolutions and reports by number and issuer (recorded when new), the rules of setting
 * a target and entering a value applied, every problem by sheet, row and column, all or
 * nothing; what is replaced is kept; the two exports read back.
 */
import t from 'tap';
import { buildTestApp } from './helper.js';
import { buildTree, orgGid } from './factories.js';
import { download, importFile, workbook } from './spreadsheets.js';

const TARGETS = ['Mã tổ chức', 'Mã chỉ tiêu', 'Kỳ', 'Mức chỉ tiêu', 'Mức tối đa', 'Tỷ lệ trên chỉ tiêu', 'Số nghị quyết', 'Cấp ban hành nghị quyết', 'Ngày ban hành nghị quyết', 'Ghi chú'];
const VALUES = ['Mã tổ chức', 'Mã chỉ tiêu', 'Kỳ', 'Giá trị', 'Tử số', 'Mẫu số', 'Số văn bản nguồn', 'Cấp ban hành văn bản', 'Ngày ban hành văn bản'];
const ISSUER = 'Đảng ủy Khối các cơ quan';

t.test('targets and values imported: periods, documents, rules, every problem named, all or nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1970-01-01');
  await api.app.services.committees.openTerm({ organizationId: tree.U1, name: '2025–2030', startsOn: '2025-08-01', endsOn: '2030-08-01', congressOn: '2025-07-20' });
  const good = await workbook({
    'Chỉ tiêu': [
      TARGETS,
      ['U1', 'MEMBERS_ADMITTED', '2025', 12, null, null, '5-NQ/ĐUK', ISSUER, '15/01/2025', 'Nghị quyết năm'],
      ['U1', 'MEMBERS_ADMITTED', 'Quý I/2025', 3, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'MEMBERS_RECOGNIZED', '2025', 3, 4, 'MEMBERSHIP_AT_START', '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'TASKS_COMPLETED', '2025–2030', 90, null, null, '1-NQ/ĐH', ISSUER, '20/07/2025', '- theo Nghị quyết Đại hội'],
    ],
    'Kết quả thực hiện': [
      VALUES,
      ['U1', 'TASKS_COMPLETED', '2025', 87.87, 87, 99, '95-BC/ĐUK', ISSUER, null],
      ['G1', 'POLITICAL_STANDARD_CHECKS', '2025-Q1', 185, null, null, null, null, null],
      ['U1', 'REVENUE', 'Q2/2025', '1250,5', null, null, '95-BC/ĐUK', ISSUER, null],
    ],
  });

  // Problems the file shows by itself: every one by sheet, row and column.
  const bad = await workbook({
    'Chỉ tiêu': [
      TARGETS,
      ['KHONG', 'MEMBERS_ADMITTED', '2025', 12, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'MEMBERS_ADMITTED', 'Quý 5/2025', 12, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'MEMBERS_ADMITTED', '2025', 'mười hai', null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'MEMBERS_ADMITTED', '2026', 12, null, null, '77-NQ/ĐUK', null, null, null],
      ['U1', 'MEMBERS_ADMITTED', 'Nhiệm kỳ khác', 12, null, null, '5-NQ/ĐUK', ISSUER, null, null],
    ],
    'Kết quả thực hiện': [VALUES, ['U1', null, '2025', 3, null, null, null, null, null]],
  });
  const before = await api.snapshot();
  const refused = await importFile(api, 'indicators', 'validate', bad);
  t.same(
    refused.job.problems.map((p) => [p.sheet, p.row, p.column, p.code]),
    [
      ['Kết quả thực hiện', 2, 'Mã chỉ tiêu', 'REQUIRED'],
      ['Chỉ tiêu', 2, 'Mã tổ chức', 'UNKNOWN_ORGANIZATION'],
      ['Chỉ tiêu', 3, 'Kỳ', 'UNKNOWN_PERIOD'],
      ['Chỉ tiêu', 4, 'Mức chỉ tiêu', 'INVALID_NUMBER'],
      ['Chỉ tiêu', 5, 'Số nghị quyết', 'DECISION_ISSUER_REQUIRED'],
      ['Chỉ tiêu', 6, 'Kỳ', 'UNKNOWN_PERIOD'],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    'every problem of the file by sheet, row and column',
  );
  t.equal(refused.job.status, 'SUCCEEDED', 'a validation with problems is done');
  t.match(refused.job.result, { valid: false });

  // Problems of the rules: a count that is not whole, a computed indicator entered, a ratio without
  // its parts, a rate of an indicator that is not a quantity, a range upside down, a row twice.
  const rules = await workbook({
    'Chỉ tiêu': [
      TARGETS,
      ['U1', 'MEMBERS_ADMITTED', '2025', 2.5, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'MEMBERS_RECOGNIZED', '2025', 3, null, 'TASKS_COMPLETED', '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'POLITICAL_STANDARD_CHECKS', '2025', 600, 500, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['U1', 'NO_SUCH_INDICATOR', '2025', 1, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['G1', 'MEMBERS_ADMITTED', '2025', 4, null, null, '5-NQ/ĐUK', ISSUER, null, null],
      ['G1', 'MEMBERS_ADMITTED', '2025', 5, null, null, '5-NQ/ĐUK', ISSUER, null, null],
    ],
    'Kết quả thực hiện': [
      VALUES,
      ['U1', 'MEMBERS_ADMITTED', '2025', 14, null, null, null, null, null],
      ['U1', 'TASKS_COMPLETED', '2025', 80, null, null, null, null, null],
      ['U1', 'CULTURE_MODEL', '2025', null, 130, 121, null, null, null],
    ],
  });
  const ruled = await importFile(api, 'indicators', 'validate', rules);
  t.same(
    ruled.job.problems.map((p) => [p.sheet, p.row, p.column, p.code]),
    [
      ['Chỉ tiêu', 2, 'Mức chỉ tiêu', 'REFUSED'],
      ['Kết quả thực hiện', 2, 'Mã chỉ tiêu', 'REFUSED'],
      ['Chỉ tiêu', 3, 'Tỷ lệ trên chỉ tiêu', 'REFUSED'],
      ['Kết quả thực hiện', 3, 'Tử số', 'REFUSED'],
      ['Chỉ tiêu', 4, 'Mức tối đa', 'REFUSED'],
      ['Kết quả thực hiện', 4, 'Tử số', 'REFUSED'],
      ['Chỉ tiêu', 5, 'Mã chỉ tiêu', 'REFUSED'],
      ['Chỉ tiêu', 7, 'Kỳ', 'REFUSED'],
    ],
    'the rules of targets and values, by row and column',
  );
  t.match(ruled.job.problems.find((p) => p.row === 7)?.message, /the same organisation, indicator and period as targets\.4/);
  t.match(ruled.job.problems.find((p) => p.sheet === 'Kết quả thực hiện' && p.row === 2)?.message, /computed from the data/);
  // Found by an outside probe: a year outside the supported ones, a figure finer than the
  // database keeps (a denominator that would be stored as 0), a term typed with a hyphen.
  const edges = await workbook({
    'Chỉ tiêu': [TARGETS, ['U1', 'MEMBERS_ADMITTED', '1800', 12, null, null, '5-NQ/ĐUK', ISSUER, null, null], ['U1', 'TASKS_COMPLETED', '2025-2030', 90, null, null, '1-NQ/ĐH', ISSUER, null, null]],
    'Kết quả thực hiện': [VALUES, ['U1', 'CULTURE_MODEL', 'Quý 4/2025', null, '0,00001', '0,00004', null, null, null]],
  });
  const edged = await importFile(api, 'indicators', 'validate', edges);
  t.same(edged.job.problems.map((p) => [p.sheet, p.row, p.column, p.code]), [['Chỉ tiêu', 2, 'Kỳ', 'UNKNOWN_PERIOD']], 'a year of 1800 is an unknown period on its row; the term is found');
  const places = await importFile(api, 'indicators', 'validate', await workbook({ 'Kết quả thực hiện': [VALUES, ['U1', 'CULTURE_MODEL', 'Quý 4/2025', null, '0,00001', '0,00004', null, null, null]] }));
  t.match(places.job.problems, [{ row: 2, column: 'Tử số', code: 'REFUSED', message: /more than four decimal places/ }]);
  const after = await api.snapshot();
  t.same({ ...after, jobs: before.jobs }, before, 'validations write nothing but their jobs');

  const validated = await importFile(api, 'indicators', 'validate', good);
  t.match(validated.job.result, { valid: true, targets: 4, values: 3, decisionsToCreate: 3, targetsReplaced: 0, valuesReplaced: 0 });
  const committed = await importFile(api, 'indicators', 'commit', good);
  t.match(committed.job, { status: 'SUCCEEDED', result: { written: true, targets: 4, values: 3, decisionsCreated: 3 } });
  const documents = await api.app.db.prisma.document.findMany({ where: { number: { in: ['5-NQ/ĐUK', '1-NQ/ĐH', '95-BC/ĐUK'] } }, orderBy: { number: 'asc' } });
  t.same(
    documents.map((d) => [d.number, d.type, d.issuerName, d.issuedOn.toISOString().slice(0, 10)]),
    [
      ['1-NQ/ĐH', 'RESOLUTION', ISSUER, '2025-07-20'],
      ['5-NQ/ĐUK', 'RESOLUTION', ISSUER, '2025-01-15'],
      ['95-BC/ĐUK', 'REPORT', ISSUER, '2025-06-30'],
    ],
    'resolutions and reports recorded once by number and issuer, dated as the file says (else by the earliest period)',
  );
  const results = await api.app.services.indicators.results(tree.U1, { year: 2025 });
  const of = (code: string) => results.find((r) => r.indicator.code === code);
  t.match(of('MEMBERS_ADMITTED'), { targetPeriod: '2025', target: 12 });
  t.match(of('MEMBERS_RECOGNIZED'), { rate: { base: { code: 'MEMBERSHIP_AT_START' }, from: 3, to: 4 } });
  t.match(of('TASKS_COMPLETED'), { actual: 87.88, numerator: 87, denominator: 99 }, 'a ratio is worked out from its parts');
  const quarter = await api.app.services.indicators.results(tree.U1, { year: 2025, quarter: 2 });
  t.match(quarter.find((r) => r.indicator.code === 'REVENUE'), { actual: 1250.5 }, 'a decimal comma read');
  const term = await api.app.db.prisma.indicatorTarget.findFirst({ where: { indicatorCode: 'TASKS_COMPLETED' } });
  t.match(term, { periodType: 'TERM', periodKey: '2025–2030' }, 'a term named as the organisation records it');
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'indicator.import' } });
  t.match(audit, [{ entityType: 'Import', diff: { after: { targets: 4, values: 3, documentsCreated: 3, targetsReplaced: 0, name: 'thu.xlsx' } } }]);

  // A corrected file replaces what is in force and keeps it.
  const corrected = await workbook({ 'Chỉ tiêu': [TARGETS, ['U1', 'MEMBERS_ADMITTED', '2025', 15, null, null, '5-NQ/ĐUK', ISSUER, null, null]] });
  const again = await importFile(api, 'indicators', 'validate', corrected);
  t.match(again.job.result, { valid: true, targetsReplaced: 1, decisionsToCreate: 0 }, 'the validation tells what a commit replaces');
  await importFile(api, 'indicators', 'commit', corrected);
  const kept = await api.app.db.prisma.indicatorTarget.findMany({ where: { indicatorCode: 'MEMBERS_ADMITTED', periodKey: '2025' }, orderBy: { createdAt: 'asc' } });
  t.same(kept.map((k) => [Number(k.targetValue), k.supersededAt !== null]), [[12, true], [15, false]], 'the replaced target is kept');

  // Writers of the same target at once: one target in force whatever the interleaving.
  const resolution = await api.app.db.prisma.document.findFirstOrThrow({ where: { number: '5-NQ/ĐUK' } });
  await Promise.all(Array.from({ length: 6 }, (_, i) => api.app.services.indicators.setTarget({ organizationId: tree.G1, indicatorCode: 'MEMBERS_DISCIPLINED', period: { year: 2025 }, targetValue: i, resolutionId: resolution.id })));
  t.equal(await api.app.db.prisma.indicatorTarget.count({ where: { organizationId: tree.G1, indicatorCode: 'MEMBERS_DISCIPLINED', supersededAt: null } }), 1, 'one target in force after six concurrent writers');
  t.equal(await api.app.db.prisma.indicatorTarget.count({ where: { organizationId: tree.G1, indicatorCode: 'MEMBERS_DISCIPLINED' } }), 6, 'the five replaced are kept');

  // Another subtree's administrator: U1's organisations are unknown to them.
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const other = await importFile(api, 'indicators', 'validate', corrected, officer.headers);
  t.same(other.job.problems.map((p) => [p.row, p.code]), [[2, 'UNKNOWN_ORGANIZATION']], 'another subtree’s organisation is told as unknown');

  // The exports read back: every column the import needs, the codes beside the names.
  const targets = await download(api, `/api/v1/organizations/${orgGid(tree.U1)}/indicator-targets/export?year=2025&format=csv`);
  t.match(targets.raw.toString('utf8'), /'- theo Nghị quyết Đại hội/, 'a note that starts like a formula is written with an apostrophe…');
  t.equal(targets.status, 200);
  const values = await download(api, `/api/v1/organizations/${orgGid(tree.U1)}/indicator-values/export?format=csv`);
  const csv = values.raw.toString('utf8');
  t.match(csv, /Mã tổ chức,Tổ chức đảng,Mã chỉ tiêu,Tên chỉ tiêu,Đơn vị tính,Kỳ,Giá trị,Tử số,Mẫu số,Số văn bản nguồn/);
  t.match(csv, /G1,.*,POLITICAL_STANDARD_CHECKS,.*,2025-Q1,185,/);
  const outsider = await download(api, `/api/v1/organizations/${orgGid(tree.U1)}/indicator-targets/export`, officer.headers);
  t.equal(outsider.status, 403, 'another subtree’s export is refused');
  const target = await buildTestApp(t);
  await buildTree(target.app, '1970-01-01');
  await target.app.services.committees.openTerm({ organizationId: (await target.app.db.prisma.organization.findUniqueOrThrow({ where: { code: 'U1' } })).id, name: '2025–2030', startsOn: '2025-08-01', endsOn: '2030-08-01', congressOn: '2025-07-20' });
  for (const file of [targets.raw.toString('utf8'), csv]) {
    const imported = await importFile(target, 'indicators', 'commit', file);
    t.match(imported.job, { status: 'SUCCEEDED', result: { written: true } }, JSON.stringify(imported.job.problems.slice(0, 3)));
  }
  const rows = (prisma: typeof api.app.db.prisma) =>
    prisma.$queryRaw<unknown[]>`
      SELECT 'T' AS k, o.code, t.indicator_code, t.period_key, t.target_value::text, t.target_max::text, t.base_indicator_code, d.number, t.note
      FROM indicator_targets t JOIN organizations o ON o.id = t.organization_id JOIN documents d ON d.id = t.resolution_id WHERE t.superseded_at IS NULL
      UNION ALL
      SELECT 'V', o.code, v.indicator_code, v.period_key, v.value::text, v.numerator::text || '/' || v.denominator::text, NULL, d.number, NULL
      FROM indicator_values v JOIN organizations o ON o.id = v.organization_id LEFT JOIN documents d ON d.id = v.source_document_id WHERE v.superseded_at IS NULL
      ORDER BY 1, 2, 3, 4`;
  const brought = await rows(target.app.db.prisma);
  t.equal(brought.length, 8, 'five targets and three values in force');
  t.ok(brought.some((row) => (row as { note: string | null }).note === '- theo Nghị quyết Đại hội'), '…and read back without it');
  t.same(brought, await rows(api.app.db.prisma), 'the targets and values in force, brought across');
});
