/**
 * Lists as spreadsheets (issue 18): the list's filters and scope, every page, Vietnamese
 * headings, dates as offices write them, sensitive fields empty for those who may not read
 * them, the audit row of who took which list, and refusals that send no file.
 */
import t from 'tap';
import { parse } from 'csv-parse/sync';
import { admitMember, buildTree, createDecision, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';
import { download, readSheet } from './spreadsheets.js';

t.test('the member list as xlsx and csv: every page, the filters, dates and headings', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  const d = tree.decision.id;
  // More than a page (100): the export walks the cursor to the end.
  for (let i = 0; i < 130; i += 1) {
    await admitMember(app, i % 2 ? tree.B1 : tree.B3, d, { fullName: `Trần Thị Số ${String(i).padStart(3, '0')}`, gender: i % 3 ? 'MALE' : 'FEMALE', admittedOn: '2020-03-01' });
  }
  const special = await app.services.members.admit({
    fullName: 'Lê Văn Công Thức',
    gender: 'MALE',
    dateOfBirth: '1985-02-07',
    ethnicity: 'Tày',
    religion: 'Phật giáo',
    // A cell that Excel would run as a formula if it were written as one.
    workplace: '=HYPERLINK("http://x","y")',
    nationalId: '001085000123',
    partyCardNumber: 'TN-CT-1',
    organizationId: tree.B2,
    admittedOn: '2015-06-01',
    decisionId: d,
  });
  t.ok(special);

  const xlsx = await download(api, `/api/v1/members/export?underId=${orgGid(tree.P)}`);
  t.equal(xlsx.status, 200);
  t.equal(xlsx.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.match(xlsx.disposition, /^attachment; filename="danh-sach-dang-vien-\d{4}-\d{2}-\d{2}\.xlsx"$/);
  const sheet = await readSheet(xlsx.raw);
  t.equal(sheet.name, 'Danh sách đảng viên');
  const [heading, ...rows] = sheet.rows;
  t.same(heading!.slice(0, 5), ['Mã đảng viên', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc']);
  t.equal(rows.length, 131, 'every member of the subtree, past the first page');
  const col = (name: string) => heading!.indexOf(name);
  const row = rows.find((r) => r[col('Họ và tên')] === 'Lê Văn Công Thức')!;
  t.same([row[col('Giới tính')], row[col('Dân tộc')], row[col('Tôn giáo')], row[col('Số CCCD')], row[col('Mã chi bộ')], row[col('Chi bộ')]], ['Nam', 'Tày', 'Phật giáo', '001085000123', 'B2', 'Chi bộ Thanh tra']);
  t.same(row[col('Ngày sinh')], new Date('1985-02-07T00:00:00Z'), 'a date cell (Excel shows it dd/mm/yyyy)');
  t.equal(row[col('Nơi làm việc')], '=HYPERLINK("http://x","y")', 'text stays text: no formula in the workbook');
  t.equal(row[col('Tình trạng')], 'Đảng viên dự bị');
  const listed = await api.request({ method: 'GET', url: `/api/v1/members?underId=${orgGid(tree.P)}&first=100` });
  t.same(rows.slice(0, 100).map((r) => r[col('Họ và tên')]), (listed.body as { items: { fullName: string }[] }).items.map((m) => m.fullName), 'in the list’s order');

  const csv = await download(api, `/api/v1/members/export?format=csv&underId=${orgGid(tree.G1)}&gender=FEMALE`);
  t.equal(csv.status, 200);
  t.equal(csv.type, 'text/csv; charset=utf-8');
  const text = csv.raw.toString('utf8');
  t.ok(text.startsWith('\uFEFF'), 'a byte-order mark for Excel');
  const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
  const femaleInB1 = Array.from({ length: 130 }, (_, i) => i).filter((i) => i % 2 === 1 && i % 3 === 0).length;
  t.equal(records.length, femaleInB1, 'the filters of the list: the subtree of G1, women only');
  t.ok(records.every((r) => r['Giới tính'] === 'Nữ' && r['Mã chi bộ'] === 'B1'));
  t.equal(records[0]!['Ngày vào Đảng'], '01/03/2020', 'dates as offices write them');
  const all = parse((await download(api, `/api/v1/members/export?format=csv&underId=${orgGid(tree.G1)}`)).raw.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
  t.equal(all.find((r) => r['Họ và tên'] === 'Lê Văn Công Thức')!['Nơi làm việc'], `'=HYPERLINK("http://x","y")`, 'csv: a leading = is quoted so that Excel does not run it');

  // The audit trail names who took which list, with the filters.
  const audit = await app.db.prisma.auditEvent.findMany({ where: { action: 'EXPORTED' }, orderBy: { id: 'asc' } });
  t.equal(audit.length, 3);
  t.match(audit[1], { actorName: 'admin', entityType: 'List', entityId: 'members', diff: { after: { format: 'csv', filters: { gender: 'FEMALE', underId: orgGid(tree.G1) } } } });
});

t.test('exports keep the list’s scope: sensitive fields empty, other subtrees refused with no file and no audit row', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  await app.services.members.admit({ fullName: 'Phạm Văn Riêng', gender: 'MALE', dateOfBirth: '1980-01-01', nationalId: '001080000999', phone: '0912345678', organizationId: tree.B1, admittedOn: '2010-01-01', decisionId: tree.decision.id });
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const seen = await readSheet((await download({ app, headers: viewer.headers }, `/api/v1/members/export?underId=${orgGid(tree.U1)}`)).raw);
  const heading = seen.rows[0]!;
  const row = seen.rows[1]!;
  t.equal(row[heading.indexOf('Họ và tên')], 'Phạm Văn Riêng');
  t.equal(row[heading.indexOf('Số CCCD')], null, 'a viewer does not read national ids');
  t.equal(row[heading.indexOf('Điện thoại')], null);
  const exported = await app.db.prisma.auditEvent.findFirst({ where: { action: 'EXPORTED', actorName: { not: 'admin' } } });
  t.ok(exported, 'the viewer’s export is recorded');

  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B3);
  const before = await api.snapshot();
  for (const url of [
    `/api/v1/members/export?underId=${orgGid(tree.U1)}`,
    `/api/v1/members/export?underId=${orgGid('0190f0f0-0000-7000-8000-000000000000')}`,
  ]) {
    const refused = await download({ app, headers: secretary.headers }, url);
    t.equal(refused.status, 403, url);
    t.equal(refused.type, 'application/problem+json; charset=utf-8');
    t.equal(refused.json().code, 'FORBIDDEN');
  }
  const bad = await download(api, `/api/v1/members/export?format=pdf`);
  t.equal(bad.status, 400);
  t.equal(bad.json().code, 'VALIDATION_FAILED');
  const paging = await download(api, `/api/v1/members/export?first=10`);
  t.equal(paging.status, 400, 'an export has no pages');
  t.same(await api.snapshot(), before, 'a refusal writes nothing, not even an audit row');
  const anonymous = await download({ app, headers: {} }, `/api/v1/members/export`);
  t.equal(anonymous.status, 401);
});

t.test('every export refuses another subtree before reading it, alike for unknown organisations, and writes nothing', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  const inspector = await api.signInAs('INSPECTION_OFFICER', tree.G1);
  type Parameter = { in: string; name: string; required?: boolean; example?: unknown; schema?: { examples?: unknown[] } };
  const document = app.swagger() as unknown as { paths: Record<string, Record<string, { operationId: string; parameters?: Parameter[] }>> };
  const exports = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.values(operations).filter((o) => o.operationId.startsWith('export')).map((operation) => ({ path, operation })),
  );
  t.equal(exports.length, 13, 'members, organisations, candidates, classes, ratings, discipline, inspections, commendations, badges, meetings, dues, indicator targets and values');
  const before = await api.snapshot();
  for (const { path, operation } of exports) {
    for (const target of [tree.U2, '0190f0f0-0000-7000-8000-000000000000']) {
      const query = new URLSearchParams();
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'query' && parameter.required) query.set(parameter.name, String(parameter.example ?? parameter.schema?.examples?.[0]));
        if (parameter.in === 'query' && ['underId', 'organizerId'].includes(parameter.name)) query.set(parameter.name, orgGid(target));
      }
      const url = `${path.replace('{id}', encodeURIComponent(orgGid(target)))}?${query}`;
      // The inspection officer holds the rights the discipline and inspection lists need.
      const caller = /Discipline|Inspection/.test(operation.operationId) ? inspector : secretary;
      const refused = await download({ app, headers: caller.headers }, url);
      t.equal(refused.status, 403, `${operation.operationId} of ${target === tree.U2 ? 'another subtree' : 'an unknown organisation'}`);
      t.equal(refused.json().code, 'FORBIDDEN');
    }
  }
  t.same(await api.snapshot(), before, 'no file, no audit row');
});

t.test('ratings, commendations and dues exports print names, levels, decisions and amounts', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const { services } = app;
  const tree = await buildTree(app, '1990-01-01');
  const d = tree.decision.id;
  const a = await admitMember(app, tree.B1, d, { fullName: 'Vũ Thị Xuất Sắc', admittedOn: '2015-01-01' });
  const b = await admitMember(app, tree.B1, d, { fullName: 'Đỗ Văn Hoàn Thành', admittedOn: '2015-01-01' });
  for (const id of [a, b]) await services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: '2016-01-01', decisionId: d });
  await services.ratings.rate({ subject: 'MEMBER', ratedById: tree.G1, period: { year: 2025 }, decisionId: d, rows: [{ memberId: a, level: 'EXCELLENT', score: 95 }, { memberId: b, level: 'COMPLETED' }] });
  const ratings = await readSheet((await download(api, `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/ratings/export?year=2025&subject=MEMBER`)).raw);
  const heading = ratings.rows[0]!;
  const byName = new Map(ratings.rows.slice(1).map((r) => [r[heading.indexOf('Họ và tên')], r]));
  t.equal(byName.get('Vũ Thị Xuất Sắc')![heading.indexOf('Xếp loại')], 'Hoàn thành xuất sắc nhiệm vụ');
  t.equal(byName.get('Vũ Thị Xuất Sắc')![heading.indexOf('Điểm')], 95);
  t.equal(byName.get('Đỗ Văn Hoàn Thành')![heading.indexOf('Xếp loại')], 'Hoàn thành nhiệm vụ');
  t.equal(byName.get('Đỗ Văn Hoàn Thành')![heading.indexOf('Số quyết định')], tree.decision.number);
  t.equal(byName.get('Đỗ Văn Hoàn Thành')![heading.indexOf('Cấp quyết định')], 'Đảng bộ Sở Tài chính');
  const listed = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.U1))}/ratings?year=2025&subject=MEMBER&first=1` });
  t.equal(listed.status, 200);
  t.equal((listed.body as { items: unknown[]; pageInfo: { hasNextPage: boolean } }).items.length, 1);
  t.ok((listed.body as { pageInfo: { hasNextPage: boolean } }).pageInfo.hasNextPage, 'the list pages');

  const award = await createDecision(app, { issuedOn: '2025-05-19' });
  await services.commendations.record({ decisionId: award.id, awardedById: tree.U1, rows: [{ memberId: a, form: 'CERTIFICATE_OF_MERIT', reason: 'Hoàn thành xuất sắc nhiệm vụ 2024', fromYear: 2024 }] });
  const commendations = parse((await download(api, `/api/v1/organizations/${encodeURIComponent(orgGid(tree.P))}/commendations/export?from=2025-01-01&to=2025-12-31&format=csv`)).raw.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
  t.match(commendations, [{ 'Họ và tên': 'Vũ Thị Xuất Sắc', 'Hình thức': 'Giấy khen', 'Cấp khen thưởng': 'Đảng bộ Khối các cơ quan', 'Số quyết định': award.number, 'Ngày quyết định': '19/05/2025' }]);

  await services.dues.setBasis({ memberId: a, fromMonth: '2026-01-01', group: 'PENSION', baseAmount: 4_000_000 });
  await services.dues.recordPayments([{ memberId: a, month: '2026-03-01', amount: 20_000, paidOn: '2026-03-05', channel: 'CASH' }]);
  const sheet = parse((await download(api, `/api/v1/organizations/${encodeURIComponent(orgGid(tree.B1))}/dues-sheet/export?month=2026-03-01&format=csv`)).raw.toString('utf8').slice(1), { columns: true }) as Record<string, string>[];
  t.match(sheet.find((r) => r['Họ và tên'] === 'Vũ Thị Xuất Sắc'), { 'Tháng': '03/2026', 'Lương, thu nhập làm căn cứ (đồng)': '4000000', 'Phải đóng (đồng)': '20000', 'Đã đóng (đồng)': '20000', 'Còn thiếu (đồng)': '0' });
});
