/**
 * Candidates and class results from a spreadsheet (issue 18): candidates by branch, classes by
 * organiser, type, name and first day (recorded when new, reused when recorded), attendees as
 * candidates (in the file or recorded) or members (by card number, checked against their name),
 * the rules of proposing, training and results applied, every problem by sheet, row and column,
 * all or nothing; the two exports read back.
 */
import t from 'tap';
import { buildTestApp } from './helper.js';
import { admitMember, buildTree, orgGid } from './factories.js';
import { download, importFile, workbook } from './spreadsheets.js';

const CANDIDATES = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Dân tộc', 'Nghề nghiệp', 'Nơi làm việc', 'Ngày chi bộ giới thiệu', 'Tình trạng', 'Mã chi bộ'];
const RESULTS = ['Lớp', 'Loại lớp', 'Mã đơn vị tổ chức', 'Từ ngày', 'Đến ngày', 'Học viên', 'Ngày sinh', 'Là', 'Số thẻ đảng viên', 'Mã chi bộ', 'Kết quả', 'Số giấy chứng nhận'];
const AWARENESS = 'Lớp bồi dưỡng nhận thức về Đảng';
const NEW_MEMBERS = 'Lớp bồi dưỡng lý luận chính trị cho đảng viên mới';
const DONE = 'Hoàn thành, được cấp giấy chứng nhận';

t.test('candidates and class results imported: every problem named, the rules applied, all or nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1970-01-01');
  await admitMember(api.app, tree.B2, tree.decision.id, { fullName: 'Phạm Thị Dung', dateOfBirth: '1997-07-07', partyCardNumber: 'DV-1', admittedOn: '2024-12-01' });
  await admitMember(api.app, tree.B3, tree.decision.id, { fullName: 'Võ Văn Em', dateOfBirth: '1995-05-05', partyCardNumber: 'DV-2', admittedOn: '2024-12-01' });
  const good = await workbook({
    'Quần chúng ưu tú': [
      CANDIDATES,
      ['Nguyễn Văn An', 'Nam', '01/02/1998', 'Kinh', 'Kỹ sư', 'Sở Tài chính', '10/01/2025', null, 'B1'],
      ['Trần Thị Bình', 'Nữ', '03/04/1999', 'Tày', 'Giáo viên', 'Trường THPT', '10/01/2025', null, 'B1'],
      ['Lê Văn Cường', 'Nam', '05/06/2000', null, null, null, '15/01/2025', 'Không tiếp tục xem xét', 'B2'],
    ],
    'Kết quả học tập': [
      RESULTS,
      ['Lớp nhận thức về Đảng khóa I/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Nguyễn Văn An', '01/02/1998', 'Quần chúng', null, 'B1', DONE, 'GCN-001'],
      ['Lớp nhận thức về Đảng khóa I/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Trần Thị Bình', '03/04/1999', 'Quần chúng', null, 'B1', 'Không hoàn thành', null],
      ['Lớp đảng viên mới khóa I/2025', NEW_MEMBERS, 'U1', '10/03/2025', '20/03/2025', 'Phạm Thị Dung', '07/07/1997', 'Đảng viên', 'DV-1', null, DONE, 'GCN-002'],
    ],
  });

  const bad = await workbook({
    'Quần chúng ưu tú': [
      CANDIDATES,
      ['Nguyễn Văn An', 'Nam', '01/02/1998', 'Kinh', null, null, '10/01/2025', null, 'B1'],
      ['Nguyễn Văn An', 'Nam', '01/02/1998', 'Kinh', null, null, '10/01/2025', null, 'B1'],
      ['Trần Thị Bình', 'Không rõ', '03/04/1999', null, null, null, '10/01/2025', null, 'B1'],
      ['Lê Văn Cường', 'Nam', '31/02/2000', null, null, null, '15/01/2025', null, 'B2'],
      ['Đỗ Văn Giang', 'Nam', '05/06/2000', null, null, null, '15/01/2025', null, 'KHONG'],
    ],
    'Kết quả học tập': [
      RESULTS,
      ['Lớp A', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Người Lạ', '01/01/2000', 'Quần chúng', null, 'B1', DONE, null],
      ['Lớp B', NEW_MEMBERS, 'U1', '10/03/2025', '20/03/2025', 'Phạm Thị Dung', '07/07/1997', 'Đảng viên', null, null, DONE, null],
      ['Lớp B', NEW_MEMBERS, 'U1', '10/03/2025', '20/03/2025', 'Phạm Văn Sai', '07/07/1997', 'Đảng viên', 'DV-1', null, DONE, null],
      ['Lớp B', NEW_MEMBERS, 'U1', '10/03/2025', '20/03/2025', 'Võ Văn Em', '05/05/1995', 'Đảng viên', 'DV-404', null, DONE, null],
      ['Lớp B', NEW_MEMBERS, 'U1', '10/03/2025', '25/03/2025', 'Phạm Thị Dung', '07/07/1997', 'Đảng viên', 'DV-1', null, DONE, null],
      ['Lớp C', 'Lớp học tập', 'U1', '10/03/2025', '20/03/2025', 'Phạm Thị Dung', '07/07/1997', 'Đảng viên', 'DV-1', null, DONE, null],
    ],
  });
  const before = await api.snapshot();
  const refused = await importFile(api, 'candidates', 'validate', bad);
  t.same(
    refused.job.problems.map((p) => [p.sheet, p.row, p.column, p.code]),
    // Sorted by row (a stable sort: the problems of one row in the order found).
    [
      ['Quần chúng ưu tú', 4, 'Giới tính', 'UNKNOWN_VALUE'],
      ['Quần chúng ưu tú', 5, 'Ngày sinh', 'INVALID_DATE'],
      ['Kết quả học tập', 3, 'Số thẻ đảng viên', 'REQUIRED'],
      ['Kết quả học tập', 7, 'Loại lớp', 'UNKNOWN_VALUE'],
      ['Quần chúng ưu tú', 3, 'Họ và tên', 'DUPLICATE_IN_FILE'],
      ['Quần chúng ưu tú', 6, 'Mã chi bộ', 'UNKNOWN_ORGANIZATION'],
      ['Kết quả học tập', 2, 'Học viên', 'UNKNOWN_CANDIDATE'],
      ['Kết quả học tập', 4, 'Học viên', 'MEMBER_MISMATCH'],
      ['Kết quả học tập', 5, 'Số thẻ đảng viên', 'UNKNOWN_MEMBER_KEY'],
      ['Kết quả học tập', 6, 'Đến ngày', 'CLASS_CONTRADICTS_RECORD'],
    ].sort((a, b) => (a[1] as number) - (b[1] as number)),
    'every problem of the file by sheet, row and column',
  );
  t.match(refused.job.problems.find((p) => p.code === 'MEMBER_MISMATCH')?.message, /Phạm Thị Dung/, 'a card number of the caller’s subtree names whose it is');

  // The rules: born after being proposed, a branch that did not exist yet, a candidate in a
  // class for members, a result of a class not yet ended, a certificate without completing.
  const rules = await workbook({
    'Quần chúng ưu tú': [
      CANDIDATES,
      ['Hồ Văn Hải', 'Nam', '01/02/2026', null, null, null, '10/01/2025', null, 'B1'],
      ['Hồ Văn Hà', 'Nam', '01/02/1940', null, null, null, '10/01/1960', null, 'B1'],
      ['Hồ Thị Hoa', 'Nữ', '01/02/1990', null, null, null, '10/01/2025', null, 'B1'],
    ],
    'Kết quả học tập': [
      RESULTS,
      ['Lớp B', NEW_MEMBERS, 'U1', '10/03/2025', '20/03/2025', 'Hồ Thị Hoa', '01/02/1990', 'Quần chúng', null, 'B1', DONE, null],
      ['Lớp D', AWARENESS, 'U1', '10/03/2099', '20/03/2099', 'Hồ Thị Hoa', '01/02/1990', 'Quần chúng', null, 'B1', DONE, null],
      ['Lớp A', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Hồ Thị Hoa', '01/02/1990', 'Quần chúng', null, 'B1', 'Không hoàn thành', 'GCN-9'],
    ],
  });
  const ruled = await importFile(api, 'candidates', 'validate', rules);
  t.same(
    ruled.job.problems.map((p) => [p.sheet, p.row, p.code]),
    [
      ['Quần chúng ưu tú', 2, 'REFUSED'],
      ['Kết quả học tập', 2, 'REFUSED'],
      ['Quần chúng ưu tú', 3, 'REFUSED'],
      ['Kết quả học tập', 3, 'REFUSED'],
      ['Kết quả học tập', 4, 'REFUSED'],
    ],
    'the rules, by row',
  );
  t.same(
    ruled.job.problems.map((p) => p.message.replace(/\d{4}-\d\d-\d\d/g, 'D')),
    [
      'must be before proposedOn',
      'candidates attend the class on awareness of the Party (lớp bồi dưỡng nhận thức về Đảng)',
      'the organisation did not exist on D',
      'the class ends on D: its results are recorded after it',
      'only a completed attendance has a certificate',
    ],
  );
  t.same({ ...(await api.snapshot()), jobs: before.jobs }, before, 'validations write nothing but their jobs');

  const validated = await importFile(api, 'candidates', 'validate', good);
  t.match(validated.job.result, { valid: true, candidates: 3, attendances: 3, classesToCreate: 2 });
  const committed = await importFile(api, 'candidates', 'commit', good);
  t.match(committed.job, { status: 'SUCCEEDED', result: { written: true, candidates: 3, attendances: 3, classesCreated: 2 } });
  const candidates = await api.app.db.prisma.candidate.findMany({ orderBy: { fullName: 'asc' }, include: { attendances: true } });
  t.same(
    candidates.map((c) => [c.fullName, c.status, c.ethnicity, c.attendances.map((a) => [a.result, a.certificateNumber])]),
    [
      ['Lê Văn Cường', 'WITHDRAWN', 'Kinh', []],
      ['Nguyễn Văn An', 'PROPOSED', 'Kinh', [['COMPLETED', 'GCN-001']]],
      ['Trần Thị Bình', 'PROPOSED', 'Tày', [['NOT_COMPLETED', null]]],
    ],
  );
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'candidate.import' } });
  t.match(audit, [{ entityType: 'Import', diff: { after: { candidates: 3, classes: 2, attendances: 3, name: 'thu.xlsx' } } }]);
  const trained = await api.app.services.indicators.results(tree.U1, { year: 2025 });
  t.same(trained, [], 'no target, no result row');

  // A second file: the recorded class reused (its name compared without case), an attendee
  // enrolled already gets the file's result, another is enrolled; the same certificate twice is refused.
  const more = await workbook({
    'Kết quả học tập': [
      RESULTS,
      ['Lớp nhận thức về Đảng khóa I/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Trần Thị Bình', '03/04/1999', 'Quần chúng', null, 'B1', DONE, 'GCN-003'],
      ['lớp nhận thức về đảng khóa i/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Lê Văn Cường', '05/06/2000', 'Quần chúng', null, 'B2', null, null],
    ],
  });
  const clash = await workbook({ 'Kết quả học tập': [RESULTS, ...([['Trần Thị Bình', '03/04/1999', 'B1'], ['Lê Văn Cường', '05/06/2000', 'B2']] as const).map(([name, born, branch]) => ['Lớp nhận thức về Đảng khóa I/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', name, born, 'Quần chúng', null, branch, DONE, 'GCN-9'])] });
  t.match((await importFile(api, 'candidates', 'validate', clash)).job.problems, [{ row: 3, column: 'Số giấy chứng nhận', message: 'the same certificate number as row 2' }]);
  const enrolled = await importFile(api, 'candidates', 'commit', more);
  t.match(enrolled.job.result, { written: true, attendances: 1, attendancesUpdated: 1, classesCreated: 0 }, 'one result recorded, one attendee enrolled, no class created');
  t.match(await api.app.db.prisma.classAttendance.findFirst({ where: { certificateNumber: 'GCN-003' } }), { result: 'COMPLETED' });

  // Another subtree's officer: U1's branches and classes are unknown to them.
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const other = await importFile(api, 'candidates', 'validate', good, officer.headers);
  t.ok(other.job.problems.length > 0 && other.job.problems.every((p) => p.code === 'UNKNOWN_ORGANIZATION'), 'another subtree’s branches and organisers are told as unknown');

  // The exports read back into an empty database.
  const list = await download(api, `/api/v1/candidates/export?underId=${orgGid(tree.U1)}`);
  const results = await download(api, `/api/v1/training-classes/export?organizerId=${orgGid(tree.U1)}&format=csv`);
  t.equal(results.status, 200);
  t.match(results.raw.toString('utf8'), /Lớp đảng viên mới khóa I\/2025,.*,U1,.*,Phạm Thị Dung,07\/07\/1997,Đảng viên,DV-1,,/);
  const target = await buildTestApp(t);
  const copy = await buildTree(target.app, '1970-01-01');
  await admitMember(target.app, copy.B2, copy.decision.id, { fullName: 'Phạm Thị Dung', dateOfBirth: '1997-07-07', partyCardNumber: 'DV-1', admittedOn: '2024-12-01' });
  for (const file of [list.raw, results.raw.toString('utf8')]) {
    const imported = await importFile(target, 'candidates', 'commit', file);
    t.match(imported.job, { status: 'SUCCEEDED', result: { written: true } }, JSON.stringify(imported.job.problems.slice(0, 3)));
  }
  const rows = (prisma: typeof api.app.db.prisma) => prisma.$queryRaw<unknown[]>`
    SELECT c.name, c.type::text, o.code, c.starts_on, c.ends_on, coalesce(q.full_name, m.full_name) AS person, q.status::text, a.result::text, a.certificate_number
    FROM class_attendances a JOIN training_classes c ON c.id = a.class_id JOIN organizations o ON o.id = c.organizer_id
    LEFT JOIN candidates q ON q.id = a.candidate_id LEFT JOIN members m ON m.id = a.member_id ORDER BY 1, 6`;
  const brought = await rows(target.app.db.prisma);
  t.equal(brought.length, 4);
  t.same(brought, await rows(api.app.db.prisma), 'candidates, classes and results brought across');

  // The list read back changes only a recorded candidate's status; admitted is not a status a list sets.
  const withdrawn = await workbook({ 'Quần chúng ưu tú': [CANDIDATES, ['Nguyễn  Văn An', 'Nam', '01/02/1998', 'Kinh', null, null, '10/01/2025', 'Không tiếp tục xem xét', 'B1']] });
  t.match((await importFile(api, 'candidates', 'commit', withdrawn)).job.result, { written: true, candidates: 0, candidatesChanged: 1 });
  t.match(await api.app.db.prisma.candidate.findFirst({ where: { fullName: 'Nguyễn Văn An' } }), { status: 'WITHDRAWN' });
  const admitted = await workbook({ 'Quần chúng ưu tú': [CANDIDATES, ['Vũ Văn Mới', 'Nam', '01/02/1998', 'Kinh', null, null, '10/01/2025', 'Đã được kết nạp', 'B1']] });
  t.same((await importFile(api, 'candidates', 'validate', admitted)).job.problems.map((p) => [p.row, p.column, p.code]), [[2, 'Tình trạng', 'REFUSED']]);
  // The same person proposed again later: a class attended is the latest proposal's by its first
  // day; two proposals of one day cannot be told apart.
  const again = await workbook({ 'Quần chúng ưu tú': [CANDIDATES, ['Nguyễn Văn An', 'Nam', '01/02/1998', 'Kinh', null, null, '10/02/2026', null, 'B1']] });
  t.same((await importFile(api, 'candidates', 'validate', again)).job.problems, [], 'proposed again on another day');
  for (let i = 0; i < 2; i += 1) {
    await api.app.services.candidates.propose({ fullName: 'Đỗ Thị Giống', gender: 'FEMALE', dateOfBirth: '2001-01-01', organizationId: tree.B2, proposedOn: '2025-01-05' });
  }
  const alike = await workbook({ 'Kết quả học tập': [RESULTS, ['Lớp nhận thức về Đảng khóa I/2025', AWARENESS, 'U1', '03/03/2025', '07/03/2025', 'Đỗ Thị Giống', '01/01/2001', 'Quần chúng', null, 'B2', null, null]] });
  t.same((await importFile(api, 'candidates', 'validate', alike)).job.problems.map((p) => [p.row, p.column, p.code]), [[2, 'Học viên', 'AMBIGUOUS_CANDIDATE']]);
});
