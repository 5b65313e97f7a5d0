/**
 * Spreadsheet imports (issue 18): templates, organisations in any order, members with their
 * histories in any order, decisions by number and issuer, every kind of problem with its row
 * and column, validation that writes nothing, commits all or nothing, the caller's subtree,
 * and the job that runs it.
 */
import t from 'tap';
import ExcelJS from '../src/shared/exceljs.js';
import WebSocket from 'ws';
import { buildTree, createDecision, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';
import { importFile, readSheet, workbook, type JobBody } from './spreadsheets.js';

const withoutJobs = (snapshot: Record<string, string>) => {
  const { jobs: _jobs, ...rest } = snapshot;
  return rest;
};

t.test('templates: the sheets to fill in, and a sheet that explains every column', async (t) => {
  const api = await buildTestApp(t);
  const response = await api.app.inject({ method: 'GET', url: '/api/v1/imports/templates/members', headers: api.headers });
  t.equal(response.statusCode, 200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  t.same(book.worksheets.map((s) => s.name), ['Đảng viên', 'Quá trình sinh hoạt đảng', 'Hướng dẫn']);
  const headings = (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
  t.ok(headings.includes('Họ và tên*') && headings.includes('Ngày vào Đảng*') && headings.includes('Số CCCD'));
  const guide = await readSheet(Buffer.from(await book.xlsx.writeBuffer()));
  t.ok(guide);
  const help = book.getWorksheet('Hướng dẫn')!;
  const noteOf = (heading: string) => {
    let note: unknown = null;
    help.eachRow((row) => {
      if (row.getCell(2).value === heading) note = row.getCell(4).value;
    });
    return note;
  };
  t.match(noteOf('Ngày sinh'), /dd\/mm\/yyyy/);
  t.equal((await api.app.inject({ method: 'GET', url: '/api/v1/imports/templates/organizations', headers: api.headers })).statusCode, 200);
  const ratings = await api.app.inject({ method: 'GET', url: '/api/v1/imports/templates/ratings', headers: api.headers });
  t.equal(ratings.statusCode, 200, 'the ratings template');
  const ratingBook = new ExcelJS.Workbook();
  await ratingBook.xlsx.load(ratings.rawPayload as unknown as ArrayBuffer);
  t.same(ratingBook.worksheets.map((s) => s.name), ['Xếp loại chất lượng', 'Hướng dẫn']);
  t.equal((await api.app.inject({ method: 'GET', url: '/api/v1/imports/templates/dues', headers: api.headers })).statusCode, 400, 'no such kind');
});

t.test('organisations from csv in any order: validated, then committed with their decisions', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  const csv = [
    'Mã tổ chức,Tên tổ chức,Loại tổ chức,Lĩnh vực,Mã tổ chức cấp trên,Ngày thành lập,Số quyết định thành lập,Cấp quyết định thành lập',
    // The branch first, its grassroots committee after: the importer orders them.
    'G9-B1,Chi bộ Phòng Kế hoạch,BRANCH,Cơ quan nhà nước,G9,15/03/2021,12-QĐ/ĐUK,Đảng ủy Khối các cơ quan',
    `G9,Đảng bộ Sở Kế hoạch,GRASSROOTS_COMMITTEE,Cơ quan nhà nước,U1,01/03/2021,12-QĐ/ĐUK,Đảng ủy Khối các cơ quan`,
  ].join('\n');
  const before = withoutJobs(await api.snapshot());
  const validated = await importFile(api, 'organizations', 'validate', csv);
  t.equal(validated.status, 200);
  t.match(validated.job, { status: 'SUCCEEDED', phase: 'DONE', problemCount: 0, result: { step: 'validate', valid: true, organizations: 2, decisionsToCreate: 1 } }, JSON.stringify(validated.job.result));
  t.same(withoutJobs(await api.snapshot()), before, 'a validation writes nothing');

  const committed = await importFile(api, 'organizations', 'commit', csv);
  t.match(committed.job, { status: 'SUCCEEDED', result: { step: 'commit', written: true, organizations: 2, decisionsCreated: 1 } });
  const branch = await app.db.prisma.organization.findUniqueOrThrow({ where: { code: 'G9-B1' }, include: { versions: true } });
  const committee = await app.db.prisma.organization.findUniqueOrThrow({ where: { code: 'G9' } });
  t.equal(branch.versions[0]!.parentId, committee.id);
  t.same(branch.versions[0]!.path.slice(0, 2), (await app.db.prisma.organizationVersion.findFirstOrThrow({ where: { organizationId: tree.U1 } })).path);
  const decisions = await app.db.prisma.document.findMany({ where: { number: '12-QĐ/ĐUK' } });
  t.same(decisions.map((d) => [d.issuerName, d.issuedOn.toISOString().slice(0, 10)]), [['Đảng ủy Khối các cơ quan', '2021-03-01']], 'one decision, dated by its first use');
  const audit = await app.db.prisma.auditEvent.findMany({ where: { action: 'organization.import' } });
  t.equal(audit.length, 1, 'one audit event for the import');
  t.match(audit[0]!.diff, { after: { organizations: 2, decisionsCreated: 1, name: 'thu.csv', sha256: /^[0-9a-f]{64}$/ } });

  const again = await importFile(api, 'organizations', 'commit', csv);
  t.equal(again.job.status, 'FAILED', 'the same file again: refused whole');
  t.match(again.job.problems, [{ row: null, code: 'ALREADY_IMPORTED', message: /committed already on \d{4}-\d{2}-\d{2}/ }]);
  const sameCodes = await importFile(api, 'organizations', 'commit', `${csv}\n`);
  t.match(sameCodes.job.problems, [{ row: 3, column: 'Mã tổ chức', value: 'G9', code: 'REFUSED', message: /already exists/ }], 'another file with the same codes: refused by row');
});

t.test('members with their histories from xlsx: events in any order, decisions by number, all written', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  const known = await createDecision(app, { number: '7-QĐ/ĐU', issuedOn: '2015-03-01', issuerName: 'Đảng ủy Sở Tài chính' });
  const header = ['Mã đảng viên', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Số CCCD', 'Mã chi bộ', 'Mã chi bộ kết nạp', 'Ngày vào Đảng', 'Số quyết định kết nạp', 'Cấp quyết định kết nạp', 'Ngày chính thức'];
  const file = await workbook({
    'Đảng viên': [
      header,
      ['A', 'Nguyễn Thị Nhập', 'Nữ', new Date('1990-04-02T00:00:00Z'), 'Tày', '001090000001', 'B2', 'B1', '01/03/2015', '7-QĐ/ĐU', 'Đảng ủy Sở Tài chính', null],
      ['B', 'Trần Văn Khẩu', 'Nam', '12/12/1985', null, null, 'B3', null, '2010-05-19', '88-QĐ/ĐU', 'Đảng ủy Công ty Điện lực', '19/05/2011'],
    ],
    'Quá trình sinh hoạt đảng': [
      ['Mã đảng viên', 'Sự kiện', 'Ngày', 'Số quyết định', 'Cấp quyết định', 'Mã tổ chức'],
      // Later event first: the importer orders each member's events by date.
      ['A', 'Chuyển sinh hoạt đảng chính thức', '10/01/2020', '15-QĐ/ĐU', 'Đảng ủy Sở Tài chính', 'B2'],
      ['A', 'Công nhận đảng viên chính thức', '05/03/2016', '9-QĐ/ĐU', 'Đảng ủy Sở Tài chính', null],
    ],
  });
  const validated = await importFile(api, 'members', 'validate', file);
  t.match(validated.job, { status: 'SUCCEEDED', problemCount: 0, result: { valid: true, members: 2, events: 5, decisionsToCreate: 3 } });
  const committed = await importFile(api, 'members', 'commit', file);
  t.match(committed.job, { status: 'SUCCEEDED', result: { written: true, members: 2, decisionsCreated: 3 } });
  const a = await app.db.prisma.member.findFirstOrThrow({ where: { fullName: 'Nguyễn Thị Nhập' }, include: { events: { orderBy: { occurredOn: 'asc' } }, periods: { orderBy: { validFrom: 'asc' } } } });
  t.same(a.events.map((e) => [e.type, e.occurredOn.toISOString().slice(0, 10)]), [['ADMITTED', '2015-03-01'], ['RECOGNIZED_OFFICIAL', '2016-03-05'], ['TRANSFERRED', '2020-01-10']]);
  t.equal(a.events[0]!.decisionId, known.id, 'a recorded decision found by number and issuer');
  t.same(a.periods.map((p) => [p.status, p.organizationId]), [['PROBATIONARY', tree.B1], ['OFFICIAL', tree.B1], ['OFFICIAL', tree.B2]]);
  t.same([a.gender, a.ethnicity, a.dateOfBirth.toISOString().slice(0, 10), a.recognizedOfficialOn?.toISOString().slice(0, 10)], ['FEMALE', 'Tày', '1990-04-02', '2016-03-01']);
  const b = await app.db.prisma.member.findFirstOrThrow({ where: { fullName: 'Trần Văn Khẩu' }, include: { periods: true } });
  t.equal(b.periods.find((p) => !p.validTo)!.status, 'OFFICIAL', 'recognised from the member row');
  const counts = await api.request({ method: 'GET', url: `/api/v1/organizations/${encodeURIComponent(orgGid(tree.P))}/member-counts` });
  t.match(counts.body, { total: 2, official: 2 });
  const audit = await app.db.prisma.auditEvent.findMany({ where: { action: 'member.import' } });
  t.match(audit, [{ entityType: 'Import', diff: { after: { members: 2, events: 5, decisionsCreated: 3, sha256: /^[0-9a-f]{64}$/ } } }]);
});

t.test('every kind of problem, with its sheet, row, column and value; nothing written', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  await app.services.members.admit({ fullName: 'Đã Có', gender: 'MALE', dateOfBirth: '1980-01-01', nationalId: '001080000777', partyCardNumber: 'TN-DA-CO', organizationId: tree.B1, admittedOn: '2010-01-01', decisionId: tree.decision.id });
  const header = ['Mã đảng viên', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Điện thoại', 'Thư điện tử', 'Số thẻ đảng viên', 'Mã chi bộ', 'Ngày vào Đảng', 'Số quyết định kết nạp', 'Cấp quyết định kết nạp', 'Ngày lễ kết nạp', 'Ngày chính thức', 'Cột lạ'];
  const ok = (key: string, extra: Partial<Record<string, string | null>> = {}) => {
    const base: Record<string, string | null> = { 'Mã đảng viên': key, 'Họ và tên': `Người ${key}`, 'Giới tính': 'Nam', 'Ngày sinh': '01/01/1990', 'Mã chi bộ': 'B1', 'Ngày vào Đảng': '01/06/2020', ...extra };
    return header.map((h) => base[h] ?? null);
  };
  const file = await workbook({
    'Đảng viên': [
      header,
      ok('R2', { 'Họ và tên': null }), // 2: REQUIRED
      ok('R3', { 'Giới tính': 'Khác' }), // 3: UNKNOWN_VALUE
      ok('R4', { 'Ngày sinh': '31/02/1990' }), // 4: INVALID_DATE
      ok('R5', { 'Ngày vào Đảng': '01/01/2150' }), // 5: DATE_OUT_OF_RANGE
      ok('R6', { 'Số CCCD': '12345' }), // 6: INVALID_NATIONAL_ID
      ok('R7', { 'Điện thoại': 'gọi tôi' }), // 7: INVALID_PHONE
      ok('R8', { 'Thư điện tử': 'không-phải-thư' }), // 8: INVALID_EMAIL
      ok('R9', { 'Số CCCD': '001080000777' }), // 9: ALREADY_RECORDED
      ok('R10', { 'Số thẻ đảng viên': 'TN-X' }), // 10
      ok('R11', { 'Số thẻ đảng viên': 'TN-X' }), // 11: DUPLICATE_IN_FILE
      ok('R12', { 'Mã chi bộ': 'KHONG-CO' }), // 12: UNKNOWN_ORGANIZATION
      ok('R13', { 'Mã chi bộ': 'B3' }), // 13: outside the caller's subtree: told alike
      ok('R14', { 'Số quyết định kết nạp': '99-QĐ/XX' }), // 14: DECISION_ISSUER_REQUIRED
      ok('R15', { 'Ngày sinh': '01/01/2021' }), // 15: DATE_ORDER
      ok('R16', { 'Ngày chính thức': '01/01/2021' }), // 16: INVALID_HISTORY (probation not over)
      ok('R16'), // 17: DUPLICATE_KEY
      ok('R18', { 'Họ và tên': 'x'.repeat(301) }), // 18: TOO_LONG
    ],
    'Quá trình sinh hoạt đảng': [
      ['Mã đảng viên', 'Sự kiện', 'Ngày', 'Mã tổ chức', 'Chi tiết'],
      ['KHONG', 'Từ trần', '01/01/2022', null, null], // 2: UNKNOWN_MEMBER_KEY
      ['R10', 'Bay lên trời', '01/01/2022', null, null], // 3: UNKNOWN_VALUE
      ['R10', 'Chuyển sinh hoạt đảng chính thức', '01/01/2022', null, null], // 4: REQUIRED (organisation)
      ['R10', 'Từ trần', '01/01/2023', null, '{không phải json'], // 5: INVALID_DETAILS
    ],
  });
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U1);
  const before = withoutJobs(await api.snapshot());
  const { job } = await importFile({ app, headers: officer.headers }, 'members', 'validate', file);
  t.equal(job.status, 'SUCCEEDED');
  t.equal(job.result.valid, false);
  const found = job.problems.map((p) => [p.sheet, p.row, p.column, p.code]);
  const expected = [
    ['Đảng viên', 2, 'Họ và tên', 'REQUIRED'],
    ['Đảng viên', 3, 'Giới tính', 'UNKNOWN_VALUE'],
    ['Đảng viên', 4, 'Ngày sinh', 'INVALID_DATE'],
    ['Đảng viên', 5, 'Ngày vào Đảng', 'DATE_OUT_OF_RANGE'],
    ['Đảng viên', 6, 'Số CCCD', 'INVALID_NATIONAL_ID'],
    ['Đảng viên', 7, 'Điện thoại', 'INVALID_PHONE'],
    ['Đảng viên', 8, 'Thư điện tử', 'INVALID_EMAIL'],
    ['Đảng viên', 9, 'Số CCCD', 'ALREADY_RECORDED'],
    ['Đảng viên', 11, 'Số thẻ đảng viên', 'DUPLICATE_IN_FILE'],
    ['Đảng viên', 12, 'Mã chi bộ', 'UNKNOWN_ORGANIZATION'],
    ['Đảng viên', 13, 'Mã chi bộ', 'UNKNOWN_ORGANIZATION'],
    ['Đảng viên', 14, 'Số quyết định kết nạp', 'DECISION_ISSUER_REQUIRED'],
    ['Đảng viên', 15, 'Ngày vào Đảng', 'DATE_ORDER'],
    ['Đảng viên', 16, null, 'INVALID_HISTORY'],
    ['Đảng viên', 17, 'Mã đảng viên', 'DUPLICATE_KEY'],
    ['Đảng viên', 18, 'Họ và tên', 'TOO_LONG'],
    ['Quá trình sinh hoạt đảng', 2, 'Mã đảng viên', 'UNKNOWN_MEMBER_KEY'],
    ['Quá trình sinh hoạt đảng', 3, 'Sự kiện', 'UNKNOWN_VALUE'],
    ['Quá trình sinh hoạt đảng', 4, 'Mã tổ chức', 'REQUIRED'],
    ['Quá trình sinh hoạt đảng', 5, 'Chi tiết', 'INVALID_DETAILS'],
  ];
  for (const problem of expected) t.ok(found.some((f) => JSON.stringify(f) === JSON.stringify(problem)), `${problem.join(' / ')}`);
  t.equal(found.length, expected.length, `no other problem: ${JSON.stringify(found)}`);
  t.same(job.problems.find((p) => p.row === 13)!.message, job.problems.find((p) => p.row === 12)!.message, 'another subtree’s branch is told as an unknown one');
  t.equal(job.problems.find((p) => p.row === 4)!.value, '31/02/1990', 'the value found');
  t.same(job.result.ignoredColumns, ['Cột lạ'], 'a heading not read is named');
  t.same(withoutJobs(await api.snapshot()), before, 'nothing written');

  const committed = await importFile({ app, headers: officer.headers }, 'members', 'commit', file);
  t.equal(committed.job.status, 'FAILED');
  t.equal(committed.job.problemCount, expected.length);
  t.same(withoutJobs(await api.snapshot()), before, 'a commit with problems writes nothing');

  // csv carries what an xlsx cannot (XML has no NUL): the text's domain is checked as for every input.
  const nul = await importFile(api, 'members', 'validate', 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nNul\u0000,Nam,01/01/1990,B1,01/06/2020\n');
  t.match(nul.job.problems, [{ sheet: 'Đảng viên', row: 2, column: 'Họ và tên', code: 'INVALID_TEXT' }]);
  // Found from outside: a subtree officer's validation with no row left is answered with its problems.
  const onlyBad = await importFile({ app, headers: officer.headers }, 'members', 'validate', 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nAi Đó,Nam,31/02/1980,B1,01/06/2020\n');
  t.match(onlyBad.job, { status: 'SUCCEEDED', problems: [{ row: 2, column: 'Ngày sinh', code: 'INVALID_DATE' }] });
  const garbage = await importFile(api, 'members', 'validate', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
  t.match(garbage.job, { status: 'SUCCEEDED', problems: [{ code: 'UNREADABLE_FILE' }] }, 'a file that is not a workbook: one problem, not an internal error');
  const quote = await importFile(api, 'members', 'validate', 'Họ và tên,Giới tính\nK2,=HYPERLINK("x"),x"y\n');
  t.match(quote.job.problems, [{ code: 'UNREADABLE_FILE' }]);
  const formulas = await importFile(api, 'members', 'validate', await workbook({ 'Đảng viên': [['Họ và tên', 'Giới tính', 'Ngày sinh', 'Mã chi bộ', 'Ngày vào Đảng'], [{ formula: 'HYPERLINK("http://x","y")' } as never, 'Nam', '01/01/1990', 'B1', '01/06/2020']] }));
  t.match(formulas.job.problems, [{ row: 2, column: 'Họ và tên', code: 'FORMULA_WITHOUT_VALUE', value: '=HYPERLINK("http://x","y")' }], 'a formula never computed is not read as text');
  const missing = await importFile(api, 'members', 'validate', 'Họ và tên,Ngày sinh\nAi,01/01/1990\n');
  t.match(missing.job.problems.map((p) => [p.column, p.code]), [['Giới tính', 'MISSING_COLUMN'], ['Mã chi bộ', 'MISSING_COLUMN'], ['Ngày vào Đảng', 'MISSING_COLUMN']]);
});

t.test('jobs: queued, read back by their owner only, refused without the right', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const refused = await app.inject({ method: 'POST', url: '/api/v1/imports?kind=members', headers: { ...viewer.headers, 'content-type': 'text/csv' }, payload: 'Họ và tên\nAi\n' });
  t.equal(refused.statusCode, 403);
  t.equal(refused.json().code, 'FORBIDDEN');
  t.equal(await app.db.prisma.job.count(), 0, 'no job queued');

  const csv = 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nLê Văn Hàng Đợi,Nam,01/01/1990,B1,01/06/2020\n';
  const queued = await app.inject({ method: 'POST', url: '/api/v1/imports?kind=members', headers: { ...api.headers, 'content-type': 'text/csv' }, payload: csv });
  t.equal(queued.statusCode, 202, 'without Prefer: wait, the job is answered at once');
  const id = queued.json().id as string;
  t.equal(queued.headers.location, `/api/v1/jobs/${id}`);
  let job: JobBody;
  for (;;) {
    job = (await api.request({ method: 'GET', url: `/api/v1/jobs/${encodeURIComponent(id)}` })).body as JobBody;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.match(job, { status: 'SUCCEEDED', result: { valid: true, members: 1 } });
  const stored = await app.db.prisma.job.findUniqueOrThrow({ where: { id: Buffer.from(id, 'base64').toString().split(':')[1]! } });
  t.equal(stored.input, null, 'the file is not kept once the job has ended');
  const viaGraphQL = await api.gql(`query ($id: ID!) { job(id: $id) { id status phase problemCount result problems { row } } }`, { id });
  t.match(viaGraphQL.body.data.job, { id, status: 'SUCCEEDED', phase: 'DONE', problemCount: 0, result: { valid: true }, problems: [] });
  const other = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const notTheirs = await other.gql(`query ($id: ID!) { job(id: $id) { id } }`, { id });
  t.equal(notTheirs.body.errors?.[0]?.extensions?.code, 'NOT_FOUND', 'GraphQL too: another user’s job is not found');
  const hidden = await other.request({ method: 'GET', url: `/api/v1/jobs/${encodeURIComponent(id)}` });
  t.equal(hidden.status, 404, 'another user’s job is not found');
  t.equal((await other.request({ method: 'GET', url: `/api/v1/jobs/${encodeURIComponent(orgGid(tree.U1))}` })).status, 400);
});

t.test('jobProgress: a subscription over a WebSocket hears a job move to its end; others are refused', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '1990-01-01');
  // The runner waits, so that the job is still queued when the subscription starts.
  await app.jobs.stop();
  const csv = 'Họ và tên,Giới tính,Ngày sinh,Mã chi bộ,Ngày vào Đảng\nLê Văn Theo Dõi,Nam,01/01/1990,B1,01/06/2020\n';
  const queued = await app.inject({ method: 'POST', url: '/api/v1/imports?kind=members', headers: { ...api.headers, 'content-type': 'text/csv' }, payload: csv });
  const id = queued.json().id as string;
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `${address.replace('http', 'ws')}/graphql`;

  const session = (authorization: string | null, onMessage: (message: { type: string; id?: string; payload?: any }) => void) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url, 'graphql-transport-ws');
      socket.on('error', reject);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: authorization ? { authorization } : {} })));
      socket.on('message', (data) => {
        const message = JSON.parse(String(data));
        if (message.type === 'connection_ack') resolve(socket);
        onMessage(message);
      });
      socket.on('close', () => resolve(socket));
    });
  const subscription = { query: `subscription ($id: ID!) { jobProgress(id: $id) { id status phase done total } }`, variables: { id } };

  const heard: { status: string; phase: string }[] = [];
  // The subscription ends with the job: the server sends `complete` after its last event.
  const ended = new Promise<void>((resolve) => {
    void session(api.headers.authorization!, (message) => {
      if (message.type === 'next') heard.push(message.payload.data.jobProgress);
      if (message.type === 'complete') resolve();
    }).then((socket) => {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscription }));
      t.teardown(() => socket.close());
    });
  });
  // Another user's subscription to it: an error, as for a job that does not exist.
  const other = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const refused = new Promise<{ type: string; payload?: any }>((resolve) => {
    void session(other.headers.authorization!, (message) => {
      if (message.type === 'error' || message.type === 'next') resolve(message);
    }).then((socket) => {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscription }));
      t.teardown(() => socket.close());
    });
  });
  const denied = await refused;
  t.equal(denied.type, 'error');
  t.match(JSON.stringify(denied.payload), /not found|NOT_FOUND/i, 'another user’s job is not found');

  await new Promise((resolve) => setTimeout(resolve, 200));
  app.jobs.start();
  await ended;
  t.ok(heard.some((p) => p.phase === 'VALIDATING'), `the phases as they come: ${heard.map((p) => p.phase).join(', ')}`);
  t.match(heard.at(-1), { id, status: 'SUCCEEDED', phase: 'DONE' });

  // A job that has ended already: its last state at once, then the end.
  const late: { status: string; phase: string }[] = [];
  await new Promise<void>((resolve) => {
    void session(api.headers.authorization!, (message) => {
      if (message.type === 'next') late.push(message.payload.data.jobProgress);
      if (message.type === 'complete') resolve();
    }).then((socket) => {
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: subscription }));
      t.teardown(() => socket.close());
    });
  });
  t.match(late, [{ id, status: 'SUCCEEDED', phase: 'DONE' }], 'subscribed after the end: the last state, then complete');

  // Without credentials the connection is closed, never acknowledged.
  let acknowledged = false;
  const anonymous = await session(null, (message) => (acknowledged ||= message.type === 'connection_ack'));
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.notOk(acknowledged, 'no credentials: not acknowledged');
  anonymous.close();
});
