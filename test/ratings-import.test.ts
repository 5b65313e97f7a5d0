/**
 * A year's ratings from a spreadsheet (issue 18): rows gathered into the batches committees
 * decide, decisions by number and issuer (recorded when new), every problem by row and column,
 * the rules of rating through the API applied, nothing written unless every row passes.
 */
import t from 'tap';
import { buildTestApp } from './helper.js';
import { province } from './report-data.js';
import { importFile } from './spreadsheets.js';

const HEAD = 'Năm,Đối tượng,Số thẻ đảng viên,Mã tổ chức,Xếp loại,Điểm,Mã cấp quyết định,Số quyết định,Cấp ban hành quyết định';

t.test('ratings imported: batches by committee and decision, every problem named, all or nothing', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const cards = await api.app.db.prisma.member.findMany({ where: { id: { in: [tree.people.first, tree.people.second, tree.people.third] } }, select: { id: true, partyCardNumber: true } });
  const card = (id: string) => cards.find((c) => c.id === id)!.partyCardNumber!;
  const good = [
    HEAD,
    `2025,Đảng viên,${card(tree.people.first)},B1,Hoàn thành tốt nhiệm vụ,85,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `2025,Đảng viên,${card(tree.people.second)},B1,Hoàn thành nhiệm vụ,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `2025,Đảng viên,${card(tree.people.third)},B2,Hoàn thành tốt nhiệm vụ,"80,5",G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    '2025,Tổ chức đảng,,G1,Hoàn thành tốt nhiệm vụ,,U1,9-QĐ/ĐU,Đảng ủy Khối các cơ quan',
  ].join('\r\n');
  const bad = [
    HEAD,
    `2025,Đảng viên,KHONG-CO,B1,Hoàn thành tốt nhiệm vụ,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `2025,Đảng viên,,B1,Hoàn thành tốt nhiệm vụ,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `2025,Đảng viên,${card(tree.people.first)},B1,Rất tốt,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `1900,Đảng viên,${card(tree.people.second)},B1,Hoàn thành nhiệm vụ,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    `2025,Đảng viên,${card(tree.people.third)},B2,Hoàn thành tốt nhiệm vụ,120,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`,
    '2025,Tổ chức đảng,,G1,Hoàn thành tốt nhiệm vụ,,KHONG,9-QĐ/ĐU,Đảng ủy Khối các cơ quan',
    '2025,Tổ chức đảng,,G2,Hoàn thành tốt nhiệm vụ,,U1,77-QĐ/ĐU,',
  ].join('\r\n');
  const before = await api.snapshot();
  const refused = await importFile(api, 'ratings', 'validate', bad);
  t.same(
    refused.job.problems.map((p) => [p.row, p.column, p.code]),
    [
      [2, 'Số thẻ đảng viên', 'UNKNOWN_MEMBER_KEY'],
      [3, 'Số thẻ đảng viên', 'REQUIRED'],
      [4, 'Xếp loại', 'UNKNOWN_VALUE'],
      [5, 'Năm', 'INVALID_NUMBER'],
      [6, 'Điểm', 'INVALID_NUMBER'],
      [7, 'Mã cấp quyết định', 'UNKNOWN_ORGANIZATION'],
      [8, 'Số quyết định', 'DECISION_ISSUER_REQUIRED'],
    ],
    'every problem by row and column',
  );
  // A member rated by a committee they do not belong to: the rules of rating, named by row.
  const foreign = await importFile(api, 'ratings', 'validate', [HEAD, `2025,Đảng viên,${card(tree.people.first)},B1,Hoàn thành tốt nhiệm vụ,,G3,15-QĐ/ĐU,Đảng ủy Công ty Điện lực`].join('\r\n'));
  t.match(foreign.job.problems, [{ row: 2, code: 'REFUSED', message: /does not belong to the rating organisation/ }]);
  const after = await api.snapshot();
  t.same({ ...after, jobs: before.jobs }, before, 'validations write nothing but their jobs');

  const validated = await importFile(api, 'ratings', 'validate', good);
  t.match(validated.job.result, { valid: true, ratings: 4, batches: 2, decisionsToCreate: 2 });
  const committed = await importFile(api, 'ratings', 'commit', good);
  t.match(committed.job, { status: 'SUCCEEDED', result: { written: true, ratings: 4, decisionsCreated: 2 } });
  const members = await api.app.services.ratings.distribution(tree.U1, 2025, 'MEMBER');
  t.match(members, { total: 3, good: 2, completed: 1 });
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'rating.import' } });
  t.match(audit, [{ entityType: 'Import', diff: { after: { ratings: 4, batches: 2, decisionsCreated: 2, name: 'thu.csv' } } }]);
  const again = await importFile(api, 'ratings', 'commit', good);
  t.match(again.job, { status: 'FAILED', problems: [{ code: 'ALREADY_IMPORTED' }] }, 'the same file is not committed twice');

  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const other = await importFile(api, 'ratings', 'validate', good, officer.headers);
  t.ok(other.job.problems.every((p) => ['UNKNOWN_MEMBER_KEY', 'UNKNOWN_ORGANIZATION'].includes(p.code)), 'another subtree’s members and committees are told as unknown');
  // Their own committee rating another subtree's member: told as unknown, not as "not of this committee".
  const probing = await importFile(api, 'ratings', 'validate', [HEAD, `2025,Đảng viên,${card(tree.people.first)},B1,Hoàn thành tốt nhiệm vụ,,G3,15-QĐ/ĐU,Đảng ủy Sở Tài chính`].join('\r\n'), officer.headers);
  t.same(probing.job.problems.map((p) => [p.row, p.code]), [[2, 'UNKNOWN_MEMBER_KEY']], 'a card number elsewhere is not revealed');
  const future = await importFile(api, 'ratings', 'validate', [HEAD, `2027,Đảng viên,${card(tree.people.first)},B1,Hoàn thành tốt nhiệm vụ,,G1,15-QĐ/ĐU,Đảng ủy Sở Tài chính`].join('\r\n'));
  t.match(future.job.problems, [{ column: 'Năm', code: 'INVALID_NUMBER' }], 'a year not yet ended is not rated');
});

t.test('a csv with semicolons keeps the commas inside its values', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const file = [HEAD.replaceAll(',', ';'), '2025;Tổ chức đảng;;G1;Hoàn thành tốt nhiệm vụ;;U1;9-QĐ/ĐU;Đảng ủy Khối các cơ quan, tỉnh Thử Nghiệm'].join('\r\n');
  const committed = await importFile(api, 'ratings', 'commit', file);
  t.match(committed.job, { status: 'SUCCEEDED', result: { written: true } });
  const decision = await api.app.db.prisma.document.findFirstOrThrow({ where: { number: '9-QĐ/ĐU' } });
  t.equal(decision.issuerName, 'Đảng ủy Khối các cơ quan, tỉnh Thử Nghiệm', 'the issuer with its comma');
  t.ok(tree);
});
