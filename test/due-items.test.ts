/**
 * What is coming due (issue 17): every kind with its date and rule, overdue matters, the kinds a
 * caller may not read left out, one statement whatever the number of branches, and the
 * iCalendar feed authenticated with an API key (header or HTTP Basic).
 */
import t from 'tap';
import { fromDbDate } from '../src/shared/dates.js';
import { toGlobalId } from '../src/shared/ids.js';
import { admitMember, buildTree, orgGid } from './factories.js';
import { buildTestApp } from './helper.js';

t.test('due items of a province: probation, transfer, suspension, letters, badges, meetings, dues, terms, classes', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const { services } = app;
  const tree = await buildTree(app, '1990-01-01');
  const d = tree.decision.id;
  const official = async (organizationId: string, admittedOn: string, name: string) => {
    const id = await admitMember(app, organizationId, d, { fullName: name, admittedOn, dateOfBirth: `${Number(admittedOn.slice(0, 4)) - 25}-06-01` });
    await services.members.recordEvent(id, 'RECOGNIZED_OFFICIAL', { occurredOn: `${Number(admittedOn.slice(0, 4)) + 1}${admittedOn.slice(4)}`, decisionId: d });
    return id;
  };
  // Asked on 20/5/2026 for 30 days: until 19/6/2026.
  const asOf = '2026-05-20';
  const probationary = await admitMember(app, tree.B1, d, { fullName: 'Đảng Viên Dự Bị', admittedOn: '2025-06-10' });
  const lateProbation = await admitMember(app, tree.B1, d, { fullName: 'Dự Bị Quá Hạn', admittedOn: '2025-03-01' });
  const notYet = await admitMember(app, tree.B2, d, { fullName: 'Dự Bị Chưa Đến Hạn', admittedOn: '2025-12-01' });
  const away = await official(tree.B1, '2010-01-01', 'Đi Công Tác');
  await services.members.recordEvent(away, 'TEMPORARY_TRANSFER', { occurredOn: '2025-09-01', decisionId: d, organizationId: tree.B3, reason: 'WORK', expectedReturnOn: '2026-06-01' });
  const suspended = await official(tree.B2, '2010-01-01', 'Bị Đình Chỉ');
  await services.members.recordEvent(suspended, 'SUSPENDED', { occurredOn: '2026-03-01', decisionId: d });
  // Party age of 30 years on 1/5/2026... the award days are 2/3, 19/5, 2/9, 7/11: 19/5 is before asOf; none reached by 19/6 yet.
  const veteran = await official(tree.B3, '1996-06-01', 'Ba Mươi Năm Tuổi Đảng');
  const letter = await services.complaints.receive({ kind: 'DENUNCIATION', receivedOn: '2026-02-02', handlerId: tree.U1, summary: 'Tố cáo', concerningMemberId: away, signed: true, sender: { name: 'Người Tố Cáo', address: 'Hà Nội' } });
  const meeting = await services.meetings.plan({ organizationId: tree.B2, kind: 'REGULAR', plannedOn: '2026-05-28', startTime: '14:00', place: 'Hội trường' });
  const term = await services.committees.openTerm({ organizationId: tree.G1, name: '2021–2026', startsOn: '2021-06-10', endsOn: '2026-06-10', congressOn: '2021-06-10' });
  const course = await services.candidates.createClass({ type: 'NEW_MEMBER', name: 'Bồi dưỡng đảng viên mới khóa 1', organizerId: tree.U1, startsOn: '2026-06-05', endsOn: '2026-06-09' });
  const debtor = await official(tree.G2, '2010-01-01', 'Nợ Đảng Phí');
  await services.dues.setBasis({ memberId: debtor, fromMonth: '2026-01-01', group: 'PENSION', baseAmount: 4_000_000 });
  await services.dues.recordPayments([{ memberId: debtor, month: '2026-02-01', amount: 20_000, paidOn: '2026-02-05', channel: 'CASH' }]);

  const query = `query ($id: ID!, $asOf: Date) { dueItems(organizationId: $id, days: 30, asOf: $asOf) { asOf until truncated items { date kind overdue title rule subjectId member { fullName } organization { code } } } }`;
  const { body } = await api.gql(query, { id: orgGid(tree.P), asOf });
  const result = body.data.dueItems;
  t.same([result.asOf, result.until, result.truncated], [asOf, '2026-06-19', false]);
  const items = result.items as { date: string; kind: string; overdue: boolean; title: string; rule: string | null; subjectId: string; member: { fullName: string } | null; organization: { code: string } }[];
  const of = (kind: string) => items.filter((i) => i.kind === kind);
  t.same(of('PROBATION_ENDING').map((i) => [i.member?.fullName, i.date, i.overdue]), [
    ['Dự Bị Quá Hạn', '2026-03-01', true],
    ['Đảng Viên Dự Bị', '2026-06-10', false],
  ], 'probation of 12 months from admission: the overdue one first; the one ending in December not listed');
  t.match(of('PROBATION_ENDING')[0]!.rule, /Điều lệ Đảng \(2011\), Điều 5/);
  t.notOk(items.some((i) => i.member?.fullName === 'Dự Bị Chưa Đến Hạn'));
  t.same(of('TEMPORARY_TRANSFER_ENDING').map((i) => [i.member?.fullName, i.date]), [['Đi Công Tác', '2026-06-01']]);
  t.same(of('MEMBER_SUSPENSION_ENDING').map((i) => [i.member?.fullName, i.date]), [['Bị Đình Chỉ', '2026-05-30']], 'ninety days from 1/3/2026 (the rule in force), last day 29/5: ends 30/5');
  const denunciation = of('DENUNCIATION_DUE');
  t.same(denunciation.map((i) => [i.subjectId, i.date, i.overdue]), [[toGlobalId('Complaint', letter.id), fromDbDate(letter.dueOn!), true]], 'the letter’s deadline (90 days from 2/2/2026): overdue and still open');
  t.same(of('MEETING_PLANNED').map((i) => [i.date, i.title, i.organization.code]), [['2026-05-28', 'Sinh hoạt chi bộ thường kỳ lúc 14:00, Hội trường', 'B2']]);
  t.same(of('REGULAR_MEETING_NOT_HELD').map((i) => [i.organization.code, i.date]).sort(), [['B1', '2026-05-31'], ['B2', '2026-05-28'], ['B3', '2026-05-31'], ['G2', '2026-05-31']], 'this month’s regular meeting: on its planned day where planned, else the month’s end');
  t.same(of('DUES_IN_ARREARS').map((i) => [i.member?.fullName, i.title]), [['Nợ Đảng Phí', 'Chưa đóng đủ đảng phí tháng 04/2026']], 'the month that ended last (April) unpaid');
  t.same(of('TERM_ENDING').map((i) => [i.organization.code, i.date]), [['G1', '2026-06-10']]);
  t.same(of('TRAINING_CLASS_STARTING').map((i) => [i.subjectId.length > 0, i.date, i.title]), [[true, '2026-06-05', 'Khai giảng lớp Bồi dưỡng đảng viên mới khóa 1']]);
  t.same(of('PARTY_BADGE_MILESTONE'), [], 'no award day between 20/5 and 19/6');
  t.ok(items.every((i, k) => k === 0 || items[k - 1]!.date <= i.date), 'earliest first');

  // The award day of 2/9/2026 within 120 days: 30 years reached on 1/6/2026.
  const later = (await api.gql(query.replace('days: 30', 'days: 120'), { id: orgGid(tree.P), asOf })).body.data.dueItems.items as typeof items;
  t.same(later.filter((i) => i.kind === 'PARTY_BADGE_MILESTONE').map((i) => [i.member?.fullName, i.date, i.title]), [['Ba Mươi Năm Tuổi Đảng', '2026-09-02', 'Đủ 30 năm tuổi đảng: xét tặng Huy hiệu Đảng']]);
  t.ok(veteran && course && term && meeting);

  // A viewer of the bloc sees no letters, discipline or dues; a branch secretary of B3 sees only B3.
  const viewer = await api.signInAs('VIEWER', tree.U1);
  const seen = ((await viewer.gql(query, { id: orgGid(tree.U1), asOf })).body.data.dueItems.items as typeof items).map((i) => i.kind);
  t.notOk(seen.includes('DENUNCIATION_DUE') || seen.includes('MEMBER_SUSPENSION_ENDING') || seen.includes('DUES_IN_ARREARS'));
  t.ok(seen.includes('PROBATION_ENDING') && seen.includes('MEETING_PLANNED'));
  const secretary = await api.signInAs('BRANCH_SECRETARY', tree.B3);
  const refused = await secretary.gql(query, { id: orgGid(tree.U1), asOf });
  t.equal(refused.body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
  const missing = await secretary.gql(query, { id: orgGid('0190f0f0-0000-7000-8000-000000000000'), asOf });
  t.equal(missing.body.errors?.[0]?.extensions?.code, 'FORBIDDEN', 'an unknown organisation is refused alike');
  t.ok(probationary && lateProbation && notYet && suspended && debtor);
});

t.test('one statement whatever the number of branches; the REST list and the iCalendar feed with an API key', async (t) => {
  const api = await buildTestApp(t);
  const { app } = api;
  const tree = await buildTree(app, '2010-01-01');
  await admitMember(app, tree.B1, tree.decision.id, { admittedOn: '2025-06-10' });
  await admitMember(app, tree.B3, tree.decision.id, { admittedOn: '2025-06-11' });
  const query = `query ($id: ID!) { dueItems(organizationId: $id, days: 30, asOf: "2026-05-20") { items { kind date } } }`;
  const small = await api.countStatements(() => api.gql(query, { id: orgGid(tree.G1) }));
  const large = await api.countStatements(() => api.gql(query, { id: orgGid(tree.P) }));
  t.ok(large.result.body.data.dueItems.items.length > small.result.body.data.dueItems.items.length);
  t.equal(large.statements, small.statements, `${small.statements} statements for a grassroots committee and for the province`);

  const rest = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.P)}/due-items?days=30&asOf=2026-05-20` });
  t.same(rest.body.items.filter((i: { kind: string }) => i.kind === 'PROBATION_ENDING').map((i: { date: string }) => i.date), ['2026-06-10', '2026-06-11']);
  const tooFar = await api.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.P)}/due-items?days=400` });
  t.same([tooFar.status, tooFar.body.code], [400, 'VALIDATION_FAILED']);

  const officer = await api.signInAs('ORGANIZATION_OFFICER', tree.P);
  const { key } = await app.services.auth.createApiKey({ userId: officer.userId, name: 'Lịch điện thoại' });
  const url = `/api/v1/organizations/${orgGid(tree.P)}/due-items.ics?days=30&asOf=2026-05-20`;
  const anonymous = await api.anonymous.request({ method: 'GET', url });
  t.same([anonymous.status, anonymous.headers['www-authenticate']], [401, 'Basic realm="due-items", charset="UTF-8"'], 'a calendar application is told to ask for the key');
  for (const headers of [{ 'x-api-key': key }, { authorization: `Basic ${Buffer.from(`lich:${key}`).toString('base64')}` }]) {
    const feed = await api.anonymous.request({ method: 'GET', url, headers });
    t.equal(feed.status, 200);
    // RFC 5545 folds lines at 75 octets: unfolded before reading.
    feed.body = String(feed.body).replace(/\r\n[ \t]/g, '');
    t.match(feed.headers['content-type'], /^text\/calendar/);
    t.match(feed.body, /BEGIN:VCALENDAR/);
    t.match(feed.body, /DTSTART;VALUE=DATE:20260610/);
    t.match(feed.body, /SUMMARY:Hết thời gian dự bị: xét công nhận đảng viên chính thức: Nguyễn Văn Thử/);
  }
  const wrong = await api.anonymous.request({ method: 'GET', url, headers: { authorization: `Basic ${Buffer.from('lich:sai').toString('base64')}` } });
  t.equal(wrong.status, 401);
  const basicElsewhere = await api.anonymous.request({ method: 'GET', url: `/api/v1/organizations/${orgGid(tree.P)}/due-items?days=30`, headers: { authorization: `Basic ${Buffer.from(`lich:${key}`).toString('base64')}` } });
  t.equal(basicElsewhere.status, 401, 'HTTP Basic is only for the calendar feed');
});
