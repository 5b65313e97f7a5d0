/**
 * The statistical forms of the organisation commissions (issue 18): Biểu 1 (movement), 3 (the
 * membership), 4 (ethnicity and religion), 5 (organisations by type), as JSON, xlsx and GraphQL;
 * the texts offices typed classified by dated rule values; refusals before anything is read.
 */
import t from 'tap';
import { orgGid } from './factories.js';
import { buildTestApp } from './helper.js';
import { province } from './report-data.js';
import { download, readSheet } from './spreadsheets.js';

type Form = { number: string; organizationName: string; rows: { code: string; label: string; values: (number | null)[] }[]; unclassified: { dimension: string; value: string; count: number }[]; checks: { holds: boolean; detail: string }[]; sources: { rule: string }[] };

const valuesOf = (form: Form, code: string) => form.rows.find((row) => row.code === code)!.values;
const rowNamed = (form: Form, label: string) => form.rows.find((row) => row.label === label)!.values;

t.test('Biểu 1: the movement of a subtree against the same period a year before, every row and the identity', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const url = (id: string, query: string) => `/api/v1/organizations/${orgGid(id)}/report-forms/movement?${query}`;
  const res = await api.request({ method: 'GET', url: url(tree.U1, 'from=2025-01-01&to=2025-12-31') });
  t.equal(res.status, 200);
  const form = res.body as Form;
  t.equal(form.number, 'Biểu số 1');
  t.equal(form.organizationName, 'Đảng bộ Khối các cơ quan');
  // U1 had 7 at the end of 2024 (6 before 2024, one admitted in 2024).
  t.same(valuesOf(form, 'A'), [7, 6, 116.67], 'start: 7 against 6 a year before');
  t.same(valuesOf(form, 'B1'), [2, 1, 200], 'admitted: 2 against 1');
  t.same(valuesOf(form, 'C1'), [1, 0, null], 'deceased');
  t.same(valuesOf(form, 'C2'), [1, 0, null], 'expelled');
  t.same(valuesOf(form, 'C3'), [1, 0, null], 'removed from the roll…');
  t.same(valuesOf(form, 'C3.1'), [1, 0, null], '…while probationary');
  t.same(valuesOf(form, 'C5.b'), [1, 0, null], 'transferred to another part of the tree (U2)');
  t.same(valuesOf(form, 'C4'), [null, null, null], 'leaving at one’s request is not kept apart');
  t.same(valuesOf(form, 'D'), [5, 7, 71.43], 'end: 7 + 2 − 4');
  t.same(valuesOf(form, 'E'), [0, 0, null], 'no restructuring');
  t.same(form.checks.map((c) => [c.holds, c.detail]), [[true, '5 = 7 + 2 − 4 + 0']]);
  const u2 = (await api.request({ method: 'GET', url: url(tree.U2, 'from=2025-01-01&to=2025-12-31') })).body as Form;
  t.same([valuesOf(u2, 'A')[0], valuesOf(u2, 'B2')[0], valuesOf(u2, 'B2.b')[0], valuesOf(u2, 'D')[0]], [1, 1, 1, 2], 'U2 received the transfer');
  const whole = (await api.request({ method: 'GET', url: url(tree.P, 'from=2025-01-01&to=2025-12-31') })).body as Form;
  t.same([valuesOf(whole, 'B2')[0], valuesOf(whole, 'C5')[0], valuesOf(whole, 'D')[0]], [0, 0, 7], 'a move inside the province is neither in nor out of it');

  // The statements a form costs: counts and movement for each of the two periods, the rules, the name.
  const counted = await api.countStatements(() => api.request({ method: 'GET', url: url(tree.U1, 'from=2025-01-01&to=2025-12-31') }));
  t.equal(counted.result.status, 200);
  t.equal(counted.statements, 13, 'principal, authorisation, organisation, then for each period: its path, the changes, two counts and the restructuring');
});

t.test('Biểu 1 when the tree is restructured: members who go with their organisation are counted apart, and the identity holds', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  // G1 (B1 and B2, five members in the list on the day: one of them admitted in 2025) is placed under U2 on 1/10/2025.
  await api.app.services.organizations.move({ organizationId: tree.G1, newParentId: tree.U2, effectiveOn: '2025-10-01', decisionId: tree.decision.id });
  // On the very day, the member who went to B3 in August comes to B1: a transfer inside U2, not one who came with B1.
  await api.app.services.members.recordEvent(tree.people.mover, 'TRANSFERRED', { occurredOn: '2025-10-01', organizationId: tree.B1, decisionId: tree.decision.id, letter: { letterNumber: '10/GGT' } });
  const get = async (id: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(id)}/report-forms/movement?from=2025-01-01&to=2025-12-31` })).body as Form;
  const u1 = await get(tree.U1);
  t.same(['A', 'B', 'C', 'E', 'E.1', 'E.2', 'D'].map((code) => valuesOf(u1, code)[0]), [7, 2, 4, -5, 0, 5, 0], 'U1 lost five members with G1');
  t.same(u1.checks.map((c) => [c.holds, c.detail]), [[true, '0 = 7 + 2 − 4 + -5']]);
  const u2 = await get(tree.U2);
  t.same(['A', 'B', 'E.1', 'D'].map((code) => valuesOf(u2, code)[0]), [1, 1, 5, 7], 'U2 received them');
  t.same(u2.checks.map((c) => c.holds), [true]);
});

t.test('Biểu 3 and 4: the membership by the texts offices typed, classified by the rule values, with what no row counts', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const get = async (form: string, id: string, to: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(id)}/report-forms/${form}?to=${to}` })).body as Form;
  const structure = await get('structure', tree.P, '2025-12-31');
  t.same(valuesOf(structure, 'I'), [7, 8, 87.5], 'in the list at the end, against a year before');
  t.same(valuesOf(structure, 'I.1'), [4, 3, 133.33], 'women');
  t.same(valuesOf(structure, 'I.2'), [2, 1, 200], 'probationary: admitted in 2024 (not yet recognised here) and 2025');
  t.same(valuesOf(structure, 'I.3')[0], 4, "minorities: H'Mông, HMÔNG, Tày, Khmer");
  t.same(valuesOf(structure, 'I.4')[0], 2, 'religious: Thiên Chúa giáo and Phật giáo ("Không" is none)');
  t.same(rowNamed(structure, 'Nghỉ hưu')[0], 1, '"Hưu trí" counts as retired');
  t.same(rowNamed(structure, 'Viên chức trong các đơn vị sự nghiệp công lập')[0], 1, 'a teacher');
  t.same(rowNamed(structure, 'Trên 60 tuổi')[0], 1, 'born 1950');
  t.same(rowNamed(structure, 'Từ 18 đến 30 tuổi')[0], 4, 'born 1996, 1999, 2001, 2002');
  t.same(rowNamed(structure, 'Từ 21/7/1954 đến 30/4/1975')[0], 1, 'admitted in 1974');
  t.same(rowNamed(structure, 'Trung học cơ sở')[0], 1, '9/12');
  t.same(rowNamed(structure, 'Đại học')[0], 1, '"Cử nhân Luật" by its first words');
  t.same(rowNamed(structure, 'Thạc sỹ')[0], 1);
  t.same(rowNamed(structure, 'Cao cấp, cử nhân')[0], 1);
  t.same(structure.unclassified, [{ dimension: 'occupation', value: 'Thợ lặn', count: 1 }], 'the one text no row counts, for the office to correct or add');
  t.ok(structure.sources.some((s) => s.rule === 'reports.occupations'), 'the rule values it applied are named');

  const ethnic = await get('ethnicity-religion', tree.P, '2025-12-31');
  t.same(rowNamed(ethnic, 'Mông'), [2, 2, 28.57], "H'Mông and HMÔNG are one group: 2 of 7, both women");
  t.same(rowNamed(ethnic, 'Khơ-me'), [1, 1, 14.29], 'Khmer');
  t.same(rowNamed(ethnic, 'Kinh')[0], 3);
  t.same(rowNamed(ethnic, 'Công giáo'), [1, 1, 14.29], 'Thiên Chúa giáo');
  t.same(valuesOf(ethnic, 'II'), [2, 1, 28.57], 'religious members in all');
  t.same(ethnic.checks.map((c) => c.holds), [true], 'every member has a group');

  // An office adds the text to the rule from a day: forms of later days count it, earlier ones not.
  const current = (await api.app.services.regulations.values({ key: 'reports.occupations' }))[0]!;
  const value = current.value as { rows: { code: string; values: string[] }[]; none: string[] };
  await api.app.services.regulations.end(current.id, '2025-07-01');
  await api.app.services.regulations.add({
    key: 'reports.occupations',
    value: { ...value, rows: value.rows.map((row) => (row.code === 'NN12' ? { ...row, values: [...row.values, 'Thợ lặn'] } : row)) },
    effectiveFrom: '2025-07-01',
    source: 'thử nghiệm: văn phòng bổ sung',
    confirmed: false,
  });
  t.same((await get('structure', tree.P, '2025-12-31')).unclassified, [], 'counted in "Khác" from 1/7/2025');
  t.same((await get('structure', tree.P, '2025-06-30')).unclassified, [{ dimension: 'occupation', value: 'Thợ lặn', count: 1 }], 'not before');

  const counted = await api.countStatements(() => get('structure', tree.U1, '2025-12-31'));
  t.equal(counted.statements, 5, 'principal, authorisation, organisation, one statement per day compared');
});

t.test('Biểu 5: grassroots organisations by type, what is under them and their members', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const form = (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.P)}/report-forms/organizations?to=2025-12-31` })).body as Form;
  t.same(rowNamed(form, 'Cơ quan Nhà nước'), [2, 1, 1, 0, 2, 5], 'G1 (committee, two branches) and G2 (grassroots branch): 5 members');
  t.same(rowNamed(form, 'Doanh nghiệp có vốn Nhà nước'), [1, 1, 0, 0, 1, 2], 'G3 and its branch');
  t.same(valuesOf(form, 'T'), [3, 2, 1, 0, 3, 7]);
  t.same(rowNamed(form, 'Xã, phường, đặc khu'), [0, 0, 0, 0, 0, 0]);
});

t.test('forms as xlsx laid out for print, through GraphQL, and audited downloads', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const file = await download(api, `/api/v1/organizations/${orgGid(tree.U1)}/report-forms/movement?from=2025-01-01&to=2025-12-31&format=xlsx`);
  t.equal(file.status, 200);
  t.equal(file.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.equal(file.disposition, 'attachment; filename="bieu-movement-u1-2025-12-31.xlsx"', 'named by the form, the organisation and the day');
  const sheet = await readSheet(file.raw, 'Biểu số 1');
  t.equal(sheet.rows[0]![0], 'ĐẢNG BỘ KHỐI CÁC CƠ QUAN');
  t.ok(sheet.rows.some((row) => row[0] === 'THỐNG KÊ TĂNG, GIẢM ĐẢNG VIÊN'));
  t.ok(sheet.rows.some((row) => row[0] === 'Từ ngày 01/01/2025 đến ngày 31/12/2025'));
  const d = sheet.rows.find((row) => row[0] === 'D')!;
  t.same(d.slice(1, 5), ['Đảng viên trong danh sách cuối kỳ báo cáo', 5, 7, 71.43]);
  const audit = await api.app.db.prisma.auditEvent.findMany({ where: { action: 'EXPORTED' } });
  t.match(audit, [{ entityType: 'Report', entityId: 'report-form:movement', diff: { after: { filters: { form: 'movement', from: '2025-01-01', format: 'xlsx' } } } }]);

  const { body } = await api.gql(
    `query($id: ID!) { reportForm(organizationId: $id, form: ETHNICITY_RELIGION, to: "2025-12-31") { number organization { code } columns { label kind } rows { code label values } unclassified { value } } }`,
    { id: orgGid(tree.P) },
  );
  const form = (body as { data: { reportForm: { number: string; organization: { code: string }; columns: { kind: string }[]; rows: { label: string; values: number[] }[] } } }).data.reportForm;
  t.equal(form.number, 'Biểu số 4');
  t.equal(form.organization.code, 'P');
  t.same(form.columns.map((c) => c.kind), ['COUNT', 'COUNT', 'PERCENT']);
  t.same(form.rows.find((r) => r.label === 'Mông')!.values, [2, 2, 28.57]);
});

t.test('forms refuse before reading: another subtree and an unknown organisation alike, bad periods named', async (t) => {
  const api = await buildTestApp(t);
  const tree = await province(api.app);
  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.U2);
  const before = await api.snapshot();
  const other = await officer.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/report-forms/structure?to=2025-12-31` });
  const unknown = await officer.request({ method: 'GET', url: `/api/v1/organizations/${orgGid('01900000-0000-7000-8000-000000000000')}/report-forms/structure?to=2025-12-31` });
  t.same([other.status, unknown.status], [403, 403]);
  t.same((other.body as { code: string }).code, (unknown.body as { code: string }).code);
  const file = await officer.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/report-forms/structure?to=2025-12-31&format=xlsx` });
  t.equal(file.status, 403, 'no file either');
  t.equal((await officer.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U2)}/report-forms/structure?to=2025-12-31` })).status, 200, 'their own subtree');
  const gql = await officer.gql(`query($id: ID!) { reportForm(organizationId: $id, form: STRUCTURE, to: "2025-12-31") { number } }`, { id: orgGid(tree.U1) });
  t.match(gql.body, { errors: [{ extensions: { code: 'FORBIDDEN' } }] });

  const bad = async (query: string) => (await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/report-forms/movement?${query}` })).body as { code: string; detail?: string; problems?: { field: string }[] };
  t.match(await bad('to=2025-12-31'), { code: 'VALIDATION_FAILED', problems: [{ field: 'from' }] }, 'a movement needs its first day');
  t.match(await bad('from=2026-01-01&to=2025-12-31'), { code: 'VALIDATION_FAILED', problems: [{ field: 'to' }] }, 'ends before it begins');
  t.match(await bad('from=1990-01-01&to=2025-12-31'), { code: 'VALIDATION_FAILED', problems: [{ field: 'to' }] }, 'at most about six years');
  t.match(await bad('from=2025-01-01&to=2101-01-01'), { code: 'VALIDATION_FAILED' }, 'dates in the supported range');
  t.equal((await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.U1)}/report-forms/biểu-9?to=2025-12-31` })).status, 400, 'an unknown form');
  t.same(await api.snapshot(), before, 'nothing written, not even an audit row');
});
