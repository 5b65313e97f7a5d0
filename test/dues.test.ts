/**
 * Party dues (issue 17): the rate before and after 1/2/2026, the salary of the month before,
 * the 50-year exemption from the right month, a reduction ending after 12 months, payments
 * (all or nothing, every bad row named), arrears and the third unpaid month of a year, the
 * sharing between levels, scope and self access.
 */
import t from 'tap';
import type { Test } from 'tap';
import { toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, memberGid, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

async function setUp(t: Test) {
  const api = await buildTestApp(t);
  const tree = await buildTree(api.app, '1970-01-01');
  const d = tree.decision.id;
  const official = async (organizationId: string, admittedOn: string, name: string) => {
    const id = await admitMember(api.app, organizationId, d, { fullName: name, admittedOn, dateOfBirth: `${Number(admittedOn.slice(0, 4)) - 25}-06-01` });
    await api.app.services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: addYear(admittedOn), decisionId: d });
    return id;
  };
  return { api, tree, d, official, dues: api.app.services.dues };
}
const addYear = (day: string) => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`;

t.test('1% of salary under both regulations, the salary of the month before from 1/2/2026; 0.5% of a pension; 5,000 đồng for a student only from 1/2/2026', async (t) => {
  const { api, tree, official, dues } = await setUp(t);
  const clerk = await official(tree.B1, '2010-05-01', 'Cán Bộ Hưởng Lương');
  await dues.setBasis({ memberId: clerk, fromMonth: '2025-11-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 5_000_000 });
  await dues.setBasis({ memberId: clerk, fromMonth: '2026-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 6_000_000 });
  await dues.setBasis({ memberId: clerk, fromMonth: '2026-02-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 7_000_000 });
  const ledger = await dues.ledgerOf(clerk, '2025-12-01', '2026-03-01', '2026-04-15');
  t.same(
    ledger.map((m) => [m.month, m.baseAmount, m.basisMonth, m.due, m.derivation]),
    [
      ['2025-12-01', 5_000_000, '2025-12-01', 50_000, 'RATE'],
      ['2026-01-01', 6_000_000, '2026-01-01', 60_000, 'RATE'],
      ['2026-02-01', 6_000_000, '2026-01-01', 60_000, 'RATE'],
      ['2026-03-01', 7_000_000, '2026-02-01', 70_000, 'RATE'],
    ],
    'January 2026 on January’s salary (342-QĐ/TW); February on January’s (01-QĐ/TW: the month before)',
  );
  t.match(ledger[1]!.citation, /^Quyết định 342-QĐ\/TW .*; unconfirmed$/);
  t.match(ledger[2]!.citation, /^Quy định 01-QĐ\/TW .*; unconfirmed$/);

  const retired = await official(tree.B1, '2000-01-01', 'Cán Bộ Hưu Trí');
  await dues.setBasis({ memberId: retired, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: 8_000_000 });
  t.same((await dues.ledgerOf(retired, '2026-01-01', '2026-02-01', '2026-03-01')).map((m) => m.due), [40_000, 40_000], '0.5% of the pension under both');

  const student = await official(tree.B2, '2024-01-01', 'Sinh Viên');
  const before = await api.snapshot();
  await t.rejects(dues.setBasis({ memberId: student, fromMonth: '2026-01-01', group: 'STUDENT' }), {
    code: 'VALIDATION_FAILED',
    problems: [{ field: 'setAmount', message: /^the branch sets the amount of STUDENT \(Quyết định 342-QĐ\/TW/ }],
  }, 'under 342-QĐ/TW the branch sets a student’s amount');
  await t.rejects(dues.setBasis({ memberId: student, fromMonth: '2026-01-01', group: 'STUDENT', setAmount: 50_000 }), { code: 'VALIDATION_FAILED', problems: [{ field: 'setAmount', message: /^from 2000 to 30000 đồng a month/ }] });
  await t.rejects(dues.setBasis({ memberId: student, fromMonth: '2026-02-01', group: 'STUDENT', setAmount: 3_000 }), { code: 'VALIDATION_FAILED', problems: [{ field: 'setAmount', message: /^STUDENT has a fixed amount of 5000 đồng from 2026-02-01/ }] });
  t.same(await api.snapshot(), before, 'nothing written');
  await dues.setBasis({ memberId: student, fromMonth: '2026-01-01', group: 'STUDENT', setAmount: 3_000 });
  t.same((await dues.ledgerOf(student, '2026-01-01', '2026-02-01', '2026-03-01')).map((m) => [m.due, m.rateAmount]), [[3_000, 3_000], [5_000, 5_000]], 'the basis of January carries into February at 01-QĐ/TW’s fixed amount');
});

t.test('exempt from 50 full years of party age, from the month whose first day finds the member there, and only from 1/2/2026', async (t) => {
  const { tree, official, dues } = await setUp(t);
  // Admitted 15/3/1976: 50 full years on 15/3/2026, so exempt from April 2026.
  const veteran = await official(tree.B1, '1976-03-15', 'Lão Thành Cách Mạng');
  await dues.setBasis({ memberId: veteran, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: 10_000_000 });
  const ledger = await dues.ledgerOf(veteran, '2026-01-01', '2026-05-01', '2026-06-01');
  t.same(ledger.map((m) => [m.month, m.due, m.derivation]), [
    ['2026-01-01', 50_000, 'RATE'],
    ['2026-02-01', 50_000, 'RATE'],
    ['2026-03-01', 50_000, 'RATE'],
    ['2026-04-01', 0, 'PARTY_AGE_EXEMPT'],
    ['2026-05-01', 0, 'PARTY_AGE_EXEMPT'],
  ]);
  // 50 years reached on 1/1/2025: not exempt under 342-QĐ/TW, exempt from February 2026.
  const older = await official(tree.B1, '1975-01-01', 'Đảng Viên Lâu Năm');
  await dues.setBasis({ memberId: older, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: 6_000_000 });
  t.same((await dues.ledgerOf(older, '2026-01-01', '2026-02-01', '2026-03-01')).map((m) => [m.due, m.derivation]), [[30_000, 'RATE'], [0, 'PARTY_AGE_EXEMPT']]);
});

t.test('reductions of 30/50/70% for at most 12 months: the 13th month is paid in full; exemptions and deferrals', async (t) => {
  const { api, tree, d, official, dues } = await setUp(t);
  const member = await official(tree.B1, '2010-01-01', 'Đảng Viên Khó Khăn');
  await dues.setBasis({ memberId: member, fromMonth: '2025-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 4_000_000 });
  const before = await api.snapshot();
  await t.rejects(dues.adjust({ memberId: member, kind: 'REDUCTION', percent: 40, fromMonth: '2026-02-01', toMonth: '2026-07-01', reason: 'Hoàn cảnh khó khăn', decisionId: d, decidedOn: '2026-01-20' }), {
    code: 'RULE_VIOLATION',
    rule: 'DUES_REDUCTION_PERCENT',
    message: /^a reduction is of 30, 50, 70 percent, not 40 \(Quy định 01-QĐ\/TW/,
  });
  await t.rejects(dues.adjust({ memberId: member, kind: 'REDUCTION', percent: 50, fromMonth: '2026-02-01', toMonth: '2027-02-01', reason: 'Hoàn cảnh khó khăn', decisionId: d, decidedOn: '2026-01-20' }), {
    code: 'RULE_VIOLATION',
    rule: 'DUES_ADJUSTMENT_TOO_LONG',
    message: /at most 12 months, this one 13/,
  });
  await t.rejects(dues.adjust({ memberId: member, kind: 'DEFERRAL', fromMonth: '2026-02-01', toMonth: '2026-04-01', reason: 'Đi làm xa', decisionId: d, decidedOn: '2026-01-20' }), { code: 'RULE_VIOLATION', rule: 'DUES_DEFERRAL_NEEDS_EXEMPTION' });
  t.same(await api.snapshot(), before, 'nothing written');
  await dues.adjust({ memberId: member, kind: 'REDUCTION', percent: 50, fromMonth: '2026-02-01', toMonth: '2027-01-01', reason: 'Hoàn cảnh khó khăn', decisionId: d, decidedOn: '2026-01-20' });
  await t.rejects(dues.adjust({ memberId: member, kind: 'EXEMPTION', fromMonth: '2026-12-01', toMonth: '2027-03-01', reason: 'Bệnh hiểm nghèo', decisionId: d, decidedOn: '2026-11-20' }), { code: 'CONFLICT' });
  const ledger = await dues.ledgerOf(member, '2026-01-01', '2027-02-01', '2027-03-01');
  t.same(ledger.map((m) => m.due), [40_000, ...Array(12).fill(20_000), 40_000], 'January in full, twelve months at half, the 13th in full');
  t.same([ledger[1]!.derivation, ledger[1]!.reductionPercent], ['REDUCTION', 50]);
});

t.test('payments: all or nothing with every bad row named; arrears; the third unpaid month of a year lists the member with the months', async (t) => {
  const { api, tree, official, dues } = await setUp(t);
  const payer = await official(tree.B1, '2010-01-01', 'Đảng Viên Đóng Đủ');
  const late = await official(tree.B1, '2010-01-01', 'Đảng Viên Nợ Đảng Phí');
  for (const id of [payer, late]) await dues.setBasis({ memberId: id, fromMonth: '2025-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 5_000_000 });
  const before = await api.snapshot();
  await t.rejects(
    dues.recordPayments([
      { memberId: payer, month: '2025-01-01', amount: 50_000, paidOn: '2025-01-10', channel: 'NATIONAL_PORTAL' },
      { memberId: payer, month: '2025-03-01', amount: 50_000, paidOn: '2025-01-10', channel: 'CASH' },
      { memberId: payer, month: '1999-01-01', amount: 50_000, paidOn: '2025-01-10', channel: 'CASH' },
      { memberId: payer, month: '2025-01-15', amount: 0, paidOn: '2025-01-10', channel: 'CASH' },
    ]),
    {
      code: 'VALIDATION_FAILED',
      problems: [
        { field: 'payments.0.reference', message: 'a payment through the portal has its transaction reference' },
        { field: 'payments.3.month', message: 'the first day of a month' },
        { field: 'payments.3.amount', message: 'whole đồng from 1 to 100,000,000' },
      ],
    },
  );
  await t.rejects(
    dues.recordPayments([
      { memberId: payer, month: '2025-03-01', amount: 50_000, paidOn: '2025-01-10', channel: 'CASH' },
      { memberId: payer, month: '1999-01-01', amount: 50_000, paidOn: '2025-01-10', channel: 'CASH' },
    ]),
    {
      code: 'VALIDATION_FAILED',
      problems: [
        { field: 'payments.0.month', message: '2025-03 is paid ahead of 2025-01-10: only with a decision allowing advance payment' },
        { field: 'payments.1.month', message: 'the member was not in the Party on 1999-01-01: nothing is owed for that month' },
      ],
    },
  );
  t.same(await api.snapshot(), before, 'nothing written');
  const months = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'];
  await dues.recordPayments(months.map((month, i) => ({ memberId: payer, month, amount: 50_000, paidOn: month.replace('-01', '-10'), channel: 'NATIONAL_PORTAL' as const, reference: `DVC-${i}` })));
  await t.rejects(dues.recordPayments([{ memberId: payer, month: '2025-06-01', amount: 50_000, paidOn: '2025-06-11', channel: 'NATIONAL_PORTAL', reference: 'DVC-5' }]), { code: 'VALIDATION_FAILED', problems: [{ field: 'payments.0.reference', message: 'this portal transaction is recorded already' }] });
  // The late member pays January, half of March, and May.
  await dues.recordPayments([
    { memberId: late, month: '2025-01-01', amount: 50_000, paidOn: '2025-01-10', channel: 'CASH', reference: 'PT-01' },
    { memberId: late, month: '2025-03-01', amount: 25_000, paidOn: '2025-03-10', channel: 'CASH' },
    { memberId: late, month: '2025-05-01', amount: 50_000, paidOn: '2025-05-10', channel: 'CASH' },
  ]);
  let arrears = await dues.arrears(tree.P, '2025-01-01', '2025-04-15');
  t.same(arrears.members, [{ memberId: late, organizationId: tree.B1, months: ['2025-02-01', '2025-03-01'], owed: 75_000 }], 'February and half of March unpaid; April not ended');
  t.same(arrears.reachingThreshold, []);
  arrears = await dues.arrears(tree.P, '2025-01-01', '2025-05-01');
  t.same(arrears.reachingThreshold, [{ memberId: late, organizationId: tree.B1, year: 2025, months: ['2025-02-01', '2025-03-01', '2025-04-01'] }], 'the third unpaid month of the year: April, once it ended');
  t.match(arrears.citation, /Điều 8\.2/);

  // A payment recorded by mistake is reversed, kept.
  const [mistaken] = await dues.recordPayments([{ memberId: late, month: '2025-02-01', amount: 50_000, paidOn: '2025-05-20', channel: 'CASH' }]);
  t.same((await dues.arrears(tree.P, '2025-01-01', '2025-06-01')).members[0]?.months, ['2025-03-01', '2025-04-01']);
  await dues.reversePayment(mistaken!.id, '2025-05-21', 'Ghi nhầm đảng viên');
  t.same((await dues.arrears(tree.P, '2025-01-01', '2025-06-01')).members[0]?.months, ['2025-02-01', '2025-03-01', '2025-04-01']);
  t.equal((await api.app.db.prisma.duesPayment.count({ where: { id: mistaken!.id } })), 1, 'the reversed payment is kept');
  await t.rejects(dues.reversePayment(mistaken!.id, '2025-05-22', 'Lần nữa'), { code: 'CONFLICT' });
});

t.test('what each level keeps and remits: a branch half, a grassroots committee 70%, the levels above half', async (t) => {
  const { tree, official, dues } = await setUp(t);
  const member = await official(tree.B1, '2010-01-01', 'Người Nộp');
  const other = await official(tree.G2, '2010-01-01', 'Người Nộp Chi Bộ Cơ Sở');
  await dues.recordPayments([
    { memberId: member, month: '2025-01-01', amount: 100_000, paidOn: '2025-01-10', channel: 'CASH' },
    { memberId: other, month: '2025-01-01', amount: 40_000, paidOn: '2025-01-10', channel: 'CASH' },
  ]);
  const r = await dues.remittance(tree.P, '2025-01-01', '2025-03-31');
  const of = (id: string) => r.organizations.find((o) => o.organizationId === id)!;
  t.same([of(tree.B1).collected, of(tree.B1).kept, of(tree.B1).remitted], [100_000, 50_000, 50_000], 'the branch keeps half');
  t.same([of(tree.G1).received, of(tree.G1).kept, of(tree.G1).remitted], [50_000, 35_000, 15_000], 'the grassroots committee keeps 70% of what it receives');
  t.same([of(tree.G2).collected, of(tree.G2).kept, of(tree.G2).remitted], [40_000, 28_000, 12_000], 'a grassroots branch keeps 70% of its collection');
  t.same([of(tree.U1).received, of(tree.U1).kept, of(tree.U1).remitted], [27_000, 13_500, 13_500]);
  t.same([of(tree.P).received, of(tree.P).remitted, r.remittedAbove], [13_500, 6_750, 6_750]);
  t.match(r.citation, /342-QĐ\/TW .*; unconfirmed/);
  t.equal(r.organizations.reduce((sum, o) => sum + o.kept, 0) + r.remittedAbove, 140_000, 'every đồng is kept somewhere or remitted above');
});

t.test('through GraphQL and REST: a member reads their own dues only; another subtree is refused alike for real and unknown ids; statements constant in the branches', async (t) => {
  const { api, tree, official, dues } = await setUp(t);
  const member = await official(tree.B1, '2010-01-01', 'Đảng Viên Tự Xem');
  const other = await official(tree.B3, '2010-01-01', 'Đảng Viên Khác');
  for (const id of [member, other]) await dues.setBasis({ memberId: id, fromMonth: '2025-01-01', group: 'SOCIAL_INSURANCE_SALARY', baseAmount: 5_000_000 });
  const paid = await api.request({ method: 'POST', url: '/api/v1/dues-payments', payload: { payments: [{ memberId: memberGid(member), month: '2025-01-01', amount: 50_000, paidOn: '2025-01-05', channel: 'NATIONAL_PORTAL', reference: 'VNEID-2025-0001' }] } });
  t.equal(paid.status, 201);
  const bad = await api.request({ method: 'POST', url: '/api/v1/dues-payments', payload: { payments: [{ memberId: memberGid(member), month: '2025-02-01', amount: 50_000, paidOn: '2025-02-05', channel: 'NATIONAL_PORTAL' }] } });
  t.same([bad.status, bad.body.code, bad.body.problems], [400, 'VALIDATION_FAILED', [{ field: 'payments.0.reference', message: 'a payment through the portal has its transaction reference' }]]);

  const self = await api.signInAs('VIEWER', tree.B3, { memberId: member });
  const mine = (await self.gql(`{ myDues(from: "2025-01-01", to: "2025-02-01") { month due paid derivation inArrears citation } }`)).body.data.myDues;
  t.same(mine.map((m: { month: string; due: number; paid: number }) => [m.month, m.due, m.paid]), [['2025-01-01', 50_000, 50_000], ['2025-02-01', 50_000, 0]]);
  const others = await self.gql(`query ($id: ID!) { duesLedger(memberId: $id, from: "2025-01-01", to: "2025-02-01") { due } }`, { id: memberGid(other) });
  t.equal(others.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  t.equal((await self.request({ method: 'GET', url: '/api/v1/me/dues?from=2025-01-01&to=2025-03-01' })).body.items.length, 3);

  const outsider = await api.signInAs('BRANCH_SECRETARY', tree.B3);
  for (const id of [memberGid(member), memberGid('0190f0f0-0000-7000-8000-000000000000')]) {
    const r = await outsider.request({ method: 'POST', url: `/api/v1/members/${id}/dues-bases`, payload: { fromMonth: '2025-06-01', group: 'PENSION', baseAmount: 1 } });
    t.same([r.status, r.body.code, r.body.detail], [403, 'FORBIDDEN', 'You are not allowed to do this'], 'the same refusal for a member out of reach and for none');
  }
  t.equal((await outsider.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}/dues-sheet?month=2025-01-01` })).status, 403);

  const query = `query ($id: ID!) { duesArrears(organizationId: $id, from: "2025-01-01", asOf: "2025-06-15") { members { months owed } reachingThreshold { year months } } }`;
  const one = await api.countStatements(() => api.gql(query, { id: orgGid(tree.G1) }));
  const all = await api.countStatements(() => api.gql(query, { id: orgGid(tree.P) }));
  t.same(one.result.body.data.duesArrears.members.map((m: { owed: number }) => m.owed), [200_000]);
  t.same(all.result.body.data.duesArrears.members.map((m: { owed: number }) => m.owed), [200_000, 250_000]);
  t.equal(all.statements, one.statements, `the same ${one.statements} statements for a grassroots committee and the province`);
  const sheet = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.B1)}/dues-sheet?month=2025-02-01&asOf=2025-03-15` });
  t.same(sheet.body.items.map((m: { memberId: string; due: number; inArrears: boolean }) => [m.memberId, m.due, m.inArrears]), [[memberGid(member), 50_000, true]]);
});

t.test('probed from outside: arrears are a current matter, dates of decisions and reversals are not in the future, reasons have a length', async (t) => {
  const { api, tree, d, official, dues } = await setUp(t);
  const member = await official(tree.B1, '2010-01-01', 'Đảng Viên');
  await dues.setBasis({ memberId: member, fromMonth: '2025-01-01', group: 'PENSION', baseAmount: 4_000_000 });
  const [payment] = await dues.recordPayments([{ memberId: member, month: '2025-01-01', amount: 20_000, paidOn: '2025-01-05', channel: 'CASH' }]);
  const before = await api.snapshot();
  await t.rejects(dues.arrears(tree.P, '2017-01-01', '2026-11-15'), { code: 'VALIDATION_FAILED', problems: [{ field: 'from', message: 'at most 24 months before asOf' }] });
  await t.rejects(dues.arrears(tree.P, '2026-01-01', '2100-12-31'), { code: 'VALIDATION_FAILED', problems: [{ field: 'asOf', message: /^arrears are of today or a day before/ }] });
  await t.rejects(dues.reversePayment(payment!.id, '2100-01-01', 'Nhầm'), { code: 'VALIDATION_FAILED', problems: [{ field: 'reversedOn', message: /^on or before today/ }] });
  await t.rejects(dues.adjust({ memberId: member, kind: 'EXEMPTION', fromMonth: '2026-02-01', toMonth: '2026-03-01', reason: 'Khó khăn', decisionId: d, decidedOn: '2100-01-01' }), { code: 'VALIDATION_FAILED', problems: [{ field: 'decidedOn', message: /^on or before today/ }] });
  const long = await api.gql(`mutation ($id: ID!, $reason: String!) { reverseDuesPayment(paymentId: $id, reversedOn: "2025-02-01", reason: $reason) { __typename ... on ValidationError { problems { field message } } } }`, {
    id: toGlobalId('DuesPayment', payment!.id),
    reason: 'x'.repeat(100_000),
  });
  t.same(long.body.data.reverseDuesPayment.problems, [{ field: 'reason', message: 'at most 2000 characters' }]);
  t.same(await api.snapshot(), before, 'nothing written');
});
