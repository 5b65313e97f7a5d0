/**
 * A committee's period report (issue 18): the figures of a quarter, a half-year, a year or a
 * term against the same period a year before, as JSON, GraphQL, xlsx and a Word draft whose
 * sentences carry the figures (percentages to two decimals with a decimal comma).
 */
import t from 'tap';
import JSZip from 'jszip';
import { toGlobalId } from '../src/shared/ids.js';
import { orgGid } from './factories.js';
import { buildTestApp, type TestApp } from './helper.js';
import { province } from './report-data.js';
import { download, readSheet } from './spreadsheets.js';

type Row = { code: string; label: string; values: (number | null)[] };
type Report = {
  organizationName: string;
  period: { kind: string; name: string; from: string; to: string; yearBefore: { from: string; to: string } | null };
  membersAtStart: number;
  membersAtEnd: number;
  changes: Record<string, number>;
  ratings: { year: number; members: { total: number; goodOrAbovePercent: number | null }; membersYearBefore: { total: number; goodOrAbovePercent: number | null }; organizations: { total: number } } | null;
  inspections: { disciplinedMembers: { form: string; count: number }[] };
  indicators: { indicator: string; target: number | null; actual: number | null; achievement: number | null; yearTarget: number | null; yearToDate: number | null; yearProgress: number | null }[];
  rows: Row[];
};

/** The province of the forms' tests, with a target and ratings for 2024 and 2025. */
async function setUp(api: TestApp) {
  const tree = await province(api.app);
  const { services } = api.app;
  const d = tree.decision.id;
  await services.indicators.setTarget({ organizationId: tree.U1, indicatorCode: 'MEMBERS_ADMITTED', period: { year: 2025 }, targetValue: 4, resolutionId: d });
  const p = tree.people;
  await services.ratings.rateMany([
    { subject: 'MEMBER', ratedById: tree.G1, period: { year: 2024 }, decisionId: d, rows: [{ memberId: p.first, level: 'GOOD' }, { memberId: p.second, level: 'GOOD' }, { memberId: p.third, level: 'COMPLETED' }, { memberId: p.dying, level: 'COMPLETED' }] },
    { subject: 'MEMBER', ratedById: tree.G1, period: { year: 2025 }, decisionId: d, rows: [{ memberId: p.first, level: 'GOOD' }, { memberId: p.second, level: 'COMPLETED' }, { memberId: p.third, level: 'GOOD' }] },
    { subject: 'ORGANIZATION', ratedById: tree.U1, period: { year: 2025 }, decisionId: d, rows: [{ organizationId: tree.G1, level: 'GOOD' }, { organizationId: tree.G2, level: 'COMPLETED' }] },
  ]);
  return tree;
}

const valuesOf = (report: Report, code: string) => report.rows.find((row) => row.code === code)!.values;

t.test('a year: membership and its movement, target, ratings, discipline against the year before; the Word draft', async (t) => {
  const api = await buildTestApp(t);
  const tree = await setUp(api);
  const url = `/api/v1/organizations/${orgGid(tree.U1)}/period-report?year=2025`;
  const res = await api.request({ method: 'GET', url });
  t.equal(res.status, 200);
  const report = res.body as Report;
  t.same(report.period, { kind: 'YEAR', name: 'năm 2025', from: '2025-01-01', to: '2025-12-31', yearBefore: { from: '2024-01-01', to: '2024-12-31' } });
  t.same([report.membersAtStart, report.membersAtEnd], [7, 5]);
  t.same(valuesOf(report, '2'), [2, 1, 200], 'admitted against the year before');
  t.same(valuesOf(report, '9'), [5, 7, 71.43], 'at the end');
  t.same(valuesOf(report, '11'), [1, 0, null], 'members disciplined (the expulsion)');
  t.same(report.inspections.disciplinedMembers, [{ form: 'EXPULSION', count: 1 }]);
  t.match(report.indicators, [{ indicator: 'MEMBERS_ADMITTED', target: 4, actual: 2, achievement: 50 }], 'admissions against the target');
  t.match(report.ratings, { year: 2025, members: { total: 3, goodOrAbovePercent: 66.67 }, membersYearBefore: { total: 4, goodOrAbovePercent: 50 }, organizations: { total: 2 } });
  t.same(valuesOf(report, '18'), [2, 2, 100], 'members rated GOOD or above, 2025 against 2024');

  const docx = await download(api, `${url}&format=docx`);
  t.equal(docx.status, 200);
  t.equal(docx.type, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  t.equal(docx.disposition, 'attachment; filename="bao-cao-u1-2025-01-01-2025-12-31.docx"');
  const xml = await (await JSZip.loadAsync(docx.raw)).file('word/document.xml')!.async('string');
  const text = xml.replace(/<w:tab\/>/g, ' ').replace(/<[^>]+>/g, '');
  for (const phrase of [
    'ĐẢNG CỘNG SẢN VIỆT NAM',
    'Kết quả công tác xây dựng Đảng năm 2025',
    'Đầu kỳ, Đảng bộ Khối các cơ quan có 7 đảng viên. Trong năm 2025, đã kết nạp 2 đảng viên mới, đạt 50,00% chỉ tiêu (4 đảng viên) (tăng 100,00% so với cùng kỳ năm trước)',
    'khai trừ 1, xóa tên 1 đảng viên (trong đó 1 đảng viên dự bị)',
    'Đến ngày 31/12/2025, tổng số đảng viên là 5 đồng chí (giảm 28,57% so với cùng kỳ năm trước)',
    'Có 3 đảng viên được đánh giá, xếp loại năm 2025: hoàn thành xuất sắc nhiệm vụ 0, chiếm tỷ lệ 0,00%; hoàn thành tốt nhiệm vụ 2, chiếm 66,67%',
    'Tỷ lệ hoàn thành tốt nhiệm vụ trở lên 66,67% (năm 2024: 50,00%)',
    'Thi hành kỷ luật 1 đảng viên (khai trừ 1)',
    'Kết nạp đảng viên mới (đảng viên)',
    'Số       -BC/ĐU',
    'T/M BAN THƯỜNG VỤ',
  ]) {
    t.ok(text.includes(phrase), `the draft says: ${phrase}`);
  }

  const xlsx = await download(api, `${url}&format=xlsx`);
  t.equal(xlsx.status, 200);
  const summary = await readSheet(xlsx.raw, 'Tổng hợp');
  t.same(summary.rows.find((row) => row[1] === 'Kết nạp đảng viên mới')!.slice(2, 5), [2, 1, 200]);
  const targets = await readSheet(xlsx.raw, 'Chỉ tiêu');
  t.same(targets.rows[1]!.slice(0, 5), ['Kết nạp đảng viên mới', 'đảng viên', 4, 2, 50]);
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'EXPORTED' }, orderBy: { id: 'asc' } });
  t.same(audit.map((a) => [a.entityType, a.entityId]), [['Report', 'period-report'], ['Report', 'period-report']], 'each download audited; JSON reads are not');

  const { body } = await api.gql(`query($id: ID!) { periodReport(organizationId: $id, year: 2025) { period { name } membersAtEnd changes { admitted removedWhileProbationary } ratings { members { goodOrAbovePercent } } indicators { achievement } rows { code values } } }`, { id: orgGid(tree.U1) });
  const gql = (body as { data: { periodReport: { period: { name: string }; membersAtEnd: number; changes: object; ratings: object; indicators: object[]; rows: { code: string; values: number[] }[] } } }).data.periodReport;
  t.same([gql.period.name, gql.membersAtEnd, gql.changes, gql.ratings, gql.indicators], ['năm 2025', 5, { admitted: 2, removedWhileProbationary: 1 }, { members: { goodOrAbovePercent: 66.67 } }, [{ achievement: 50 }]]);
  t.same(gql.rows, report.rows.map(({ code, values }) => ({ code, values })), 'the same rows as REST');

  const counted = await api.countStatements(() => api.request({ method: 'GET', url }));
  t.equal(counted.result.status, 200);
  // Each section is read by its own service (its own authorisation), for the period and the year before.
  t.equal(counted.statements, 35, 'a fixed number of statements, whatever the subtree’s size');
});

t.test('a quarter and a half-year: the year’s target against the year so far; a term or a year, not both', async (t) => {
  const api = await buildTestApp(t);
  const tree = await setUp(api);
  const get = async (query: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?${query}` })).body as Report;
  const quarter = await get('year=2025&quarter=3');
  t.same(quarter.period, { kind: 'QUARTER', name: 'quý III năm 2025', from: '2025-07-01', to: '2025-09-30', yearBefore: { from: '2024-07-01', to: '2024-09-30' } });
  t.same(valuesOf(quarter, '8'), [1, 0, null], 'the removal of September');
  t.equal(quarter.ratings, null, 'ratings are yearly');
  t.match(quarter.indicators, [{ indicator: 'MEMBERS_ADMITTED', yearTarget: 4, yearToDate: 2, yearProgress: 50 }]);
  const half = await get('year=2025&half=1');
  t.same(half.period, { kind: 'HALF_YEAR', name: '6 tháng đầu năm 2025', from: '2025-01-01', to: '2025-06-30', yearBefore: { from: '2024-01-01', to: '2024-06-30' } });
  t.same(valuesOf(half, '2'), [2, 1, 200]);
  const draft = await download(api, `/api/v1/organizations/${orgGid(tree.U1)}/period-report?year=2025&half=1&format=docx`);
  const text = (await (await JSZip.loadAsync(draft.raw)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  t.ok(text.includes('lũy kế từ đầu năm 2 đảng viên, đạt 50,00% chỉ tiêu năm (4 đảng viên)'), 'a half-year reads the year’s target against the year so far');

  const before = await api.snapshot();
  const bad = async (query: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?${query}` })) as { status: number; body: { code: string } };
  for (const query of ['', 'year=2025&termId=x', 'year=2025&quarter=1&half=1', 'year=2025&half=3', 'year=2025&format=pdf', 'year=2101', 'year=1930']) {
    const answer = await bad(query);
    t.same([answer.status, answer.body.code], [400, 'VALIDATION_FAILED'], `refused: ${query || 'no period'}`);
  }
  t.same(await api.snapshot(), before, 'nothing written');
});

t.test('a term of the committee (REST and GraphQL), never another’s; a branch signs as a branch', async (t) => {
  const api = await buildTestApp(t);
  const tree = await setUp(api);
  const term = await api.app.services.committees.openTerm({ organizationId: tree.U1, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const other = await api.app.services.committees.openTerm({ organizationId: tree.U2, name: '2020–2025', startsOn: '2020-07-01', endsOn: '2025-07-01', congressOn: '2020-06-20' });
  const termGid = (id: string) => toGlobalId('Term', id);
  const res = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?termId=${encodeURIComponent(termGid(term.id))}` });
  t.equal(res.status, 200);
  const report = res.body as Report;
  t.same(report.period, { kind: 'TERM', name: 'nhiệm kỳ 2020–2025', from: '2020-07-01', to: '2025-06-30', yearBefore: null });
  t.equal(report.ratings!.year, 2024, 'a term ending mid-year: the ratings of its last whole year');
  t.same(valuesOf(report, '2'), [3, null, null], 'admitted in the term (2024 and 2025); nothing to compare with');
  const foreign = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?termId=${encodeURIComponent(termGid(other.id))}` });
  const unknown = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?termId=${encodeURIComponent(termGid('01900000-0000-7000-8000-000000000000'))}` });
  t.same([foreign.status, unknown.status], [404, 404], 'another committee’s term is told as unknown');
  const gql = await api.gql(`query($id: ID!, $term: ID!) { periodReport(organizationId: $id, termId: $term) { period { name } } }`, { id: orgGid(tree.U1), term: termGid(other.id) });
  t.match(gql.body, { errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  t.equal((await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/period-report?termId=x` })).status, 400, 'a malformed id');

  const branch = await download(api, `/api/v1/organizations/${orgGid(tree.B1)}/period-report?year=2025&format=docx`);
  const text = (await (await JSZip.loadAsync(branch.raw)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  t.ok(text.includes('-BC/CB') && text.includes('T/M CHI BỘ'), 'a branch numbers and signs its report as a branch');
});

t.test('the period report refuses before reading: roles without the inspection counts, other subtrees, unknown ids alike', async (t) => {
  const api = await buildTestApp(t);
  const tree = await setUp(api);
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B1);
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const before = await api.snapshot();
  const url = (id: string, format = 'json') => `/api/v1/organizations/${orgGid(id)}/period-report?year=2025&format=${format}`;
  t.equal((await secretary.request({ method: 'GET', url: url(tree.B1) })).status, 403, 'a branch secretary does not read discipline counts');
  const other = await officer.request({ method: 'GET', url: url(tree.U1, 'docx') });
  const unknown = await officer.request({ method: 'GET', url: url('01900000-0000-7000-8000-000000000000') });
  t.same([other.status, unknown.status], [403, 403]);
  t.same((other.body as { detail: string }).detail, (unknown.body as { detail: string }).detail, 'the same refusal');
  const gql = await officer.gql(`query($id: ID!) { periodReport(organizationId: $id, year: 2025) { membersAtEnd } }`, { id: orgGid(tree.U1) });
  t.match(gql.body, { errors: [{ extensions: { code: 'FORBIDDEN' } }] });
  t.same(await api.snapshot(), before, 'no file, no audit row');
  t.equal((await officer.request({ method: 'GET', url: url(tree.U2) })).status, 200, 'their own subtree');
});
