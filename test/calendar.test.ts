import t from 'tap';
import { addDays } from '../src/shared/dates.js';
import { lunarNewYear, lunarToSolar } from '../src/shared/lunar.js';
import { buildTestApp } from './helper.js';
import { buildTree } from './factories.js';

const SET = `mutation ($input: SetCalendarDayInput!) {
  result: setCalendarDay(input: $input) {
    __typename
    ... on SetCalendarDayPayload { day { date kind name } }
    ... on Error { code message }
    ... on ValidationError { problems { field message } }
  }
}`;
const COUNT = `query ($start: Date!, $days: Int!, $to: Date!) { deadline: workingDayDeadline(start: $start, days: $days) between: workingDaysBetween(from: $start, to: $to) }`;

t.test('working days count around Tết and make-up days', async (t) => {
  const api = await buildTestApp(t);
  const { gql, snapshot } = api;

  const year = await gql(`{ calendar(year: 2026) { date kind name } }`);
  const tet = year.body.data.calendar.filter((day: { name: string }) => day.name === 'Tết Nguyên đán');
  t.same([tet.length, tet[0].date, tet.at(-1).date], [9, '2026-02-14', '2026-02-22'], 'Tết 2026: nine days off, Saturday 14 to Sunday 22 February');

  // Received on Tuesday 10 February 2026: Wed 11, Thu 12, Fri 13, then Tết, then 23–27 February, 2 and 3 March.
  const before = await gql(COUNT, { start: '2026-02-10', days: 10, to: '2026-02-28' });
  t.same(before.body.data, { deadline: '2026-03-03', between: 8 });
  const noHolidays = await gql(COUNT, { start: '2026-06-02', days: 10, to: '2026-06-16' });
  t.same(noHolidays.body.data, { deadline: '2026-06-16', between: 10 }, 'an ordinary fortnight: ten working days');

  const { statements } = await api.countStatements(() => api.app.services.calendar.workingDaysAfter('2026-02-10', 60));
  t.equal(statements, 1, 'a deadline is one range query, however long');

  // Holidays beyond the first window (every weekday of March and April 2027, as an administrator
  // might declare for a closure) are still counted: the next window is loaded.
  for (let day = '2027-03-02'; day <= '2027-04-30'; day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) await api.app.services.calendar.setDay({ date: day, kind: 'HOLIDAY', name: 'Nghỉ' });
  }
  const long = await api.countStatements(() => api.app.services.calendar.workingDaysAfter('2027-03-01', 5));
  // Saturday 1 May 2027 gives Monday 3 May in lieu (Bộ luật Lao động 2019, Điều 111.3).
  t.same([long.result, long.statements], ['2027-05-10', 2], 'Tuesday 4 to Monday 10 May, in two range queries');

  // Saturday 28 February worked in exchange for a bridged day: one more working day.
  const makeUp = await gql(SET, { input: { date: '2026-02-28', kind: 'WORKING_DAY', name: 'Làm bù' } });
  t.same(makeUp.body.data.result, { __typename: 'SetCalendarDayPayload', day: { date: '2026-02-28', kind: 'WORKING_DAY', name: 'Làm bù' } });
  t.same((await gql(COUNT, { start: '2026-02-10', days: 10, to: '2026-02-28' })).body.data, { deadline: '2026-03-02', between: 9 });
  await gql(SET, { input: { date: '2026-02-28', kind: 'NORMAL', name: 'Huỷ làm bù' } });
  t.same((await gql(COUNT, { start: '2026-02-10', days: 10, to: '2026-02-28' })).body.data, { deadline: '2026-03-03', between: 8 }, 'restored');
  const history = await gql(`{ auditEvents(filter: { entityType: "CalendarDay", entityId: "2026-02-28" }) { edges { node { action diff } } } }`);
  t.equal(history.body.data.auditEvents.edges.length, 2, 'both changes are in the audit trail');

  // Bad input changes nothing.
  const unchanged = await snapshot();
  const weekday = await gql(SET, { input: { date: '2026-03-04', kind: 'WORKING_DAY', name: ' ' } });
  t.same(weekday.body.data.result.problems, [
    { field: 'name', message: 'must not be empty' },
    { field: 'kind', message: '2026-03-04 is a weekday, which is a working day already' },
  ]);
  const zero = await gql(COUNT, { start: '2026-02-10', days: 0, to: '2026-02-28' });
  t.equal(zero.body.errors[0].extensions.code, 'VALIDATION_FAILED');
  const badDate = await gql(COUNT, { start: '2026-02-30', days: 1, to: '2026-02-28' });
  t.ok(badDate.body.errors[0].message.includes('"2026-02-30" is not a date'), 'an impossible date is refused');
  t.same(await snapshot(), unchanged, 'refused input leaves the data as it was');

  const tree = await buildTree(api.app);
  const localAdmin = await api.signInAs('ADMIN', tree.U1);
  const viewer = await api.signInAs('VIEWER', null);
  const signedIn = await snapshot();
  const forbidden = await localAdmin.gql(SET, { input: { date: '2026-12-31', kind: 'HOLIDAY', name: 'Nghỉ' } });
  t.equal(forbidden.body.data.result.code, 'FORBIDDEN', 'the calendar is national: an administrator of a subtree cannot change it');

  // REST.
  const rest = await api.request({ method: 'GET', url: '/api/v1/working-days/deadline?start=2026-02-10&days=10' });
  t.same(rest.body, { start: '2026-02-10', days: 10, deadline: '2026-03-03' });
  const badKind = await api.request({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-31', payload: { kind: 'FEAST', name: 'x' } });
  t.same([badKind.status, badKind.body.code], [400, 'VALIDATION_FAILED']);
  const viewerPut = await viewer.request({ method: 'PUT', url: '/api/v1/calendar/days/2026-12-31', payload: { kind: 'HOLIDAY', name: 'Nghỉ' } });
  t.same([viewerPut.status, viewerPut.body.code], [403, 'FORBIDDEN']);
  t.same(await snapshot(), signedIn, 'refused changes leave the data as it was');

  const put = await api.request({ method: 'PUT', url: '/api/v1/calendar/days/2026-04-27', payload: { kind: 'HOLIDAY', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' } });
  t.equal(put.status, 200);
  const listed = await api.request({ method: 'GET', url: '/api/v1/calendar/2026' });
  t.ok(listed.body.some((day: { date: string; kind: string }) => day.date === '2026-04-27' && day.kind === 'HOLIDAY'));
});

t.test('Bộ luật Lao động 2019 Điều 111–112: public holidays computed for any year, Tết and Giỗ Tổ from the Vietnamese lunar calendar (UTC+7)', async (t) => {
  const api = await buildTestApp(t);
  // Tết at UTC+7 differs from the Chinese calendar (UTC+8) in some years: 1985 and 2030.
  const tet: [number, string][] = [[1968, '1968-01-29'], [1985, '1985-01-21'], [2020, '2020-01-25'], [2021, '2021-02-12'], [2024, '2024-02-10'], [2026, '2026-02-17'], [2030, '2030-02-02']];
  for (const [year, day] of tet) t.equal(lunarNewYear(year), day, `Tết ${year}`);
  t.same([2020, 2023, 2024, 2025, 2026].map((year) => lunarToSolar(10, 3, year)), ['2020-04-02', '2023-04-29', '2024-04-18', '2025-04-07', '2026-04-26'], 'Giỗ Tổ Hùng Vương');

  const holidays = async (year: number) => (await api.gql(`query ($y: Int!) { publicHolidays(year: $y) { date name } }`, { y: year })).body.data.publicHolidays;
  t.same(await holidays(2026), [
    { date: '2026-01-01', name: 'Tết Dương lịch' },
    { date: '2026-02-16', name: 'Tết Nguyên đán' }, { date: '2026-02-17', name: 'Tết Nguyên đán' }, { date: '2026-02-18', name: 'Tết Nguyên đán' },
    { date: '2026-02-19', name: 'Tết Nguyên đán' }, { date: '2026-02-20', name: 'Tết Nguyên đán' },
    { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương' }, { date: '2026-04-27', name: 'Nghỉ bù Giỗ Tổ Hùng Vương' },
    { date: '2026-04-30', name: 'Ngày Giải phóng miền Nam, thống nhất đất nước' }, { date: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
    { date: '2026-09-01', name: 'Quốc khánh' }, { date: '2026-09-02', name: 'Quốc khánh' },
  ], '2026: Giỗ Tổ on Sunday 26/4 gives Monday 27/4 in lieu');
  // 2012 (Bộ luật Lao động 1994 as amended in 2007): Tết of four days, one day of Quốc khánh;
  // 2/9/2012 was a Sunday, so Monday 3/9 was off in lieu.
  const twelve = await holidays(2012);
  t.same(twelve.filter((h: { name: string }) => h.name === 'Tết Nguyên đán').map((h: { date: string }) => h.date), ['2012-01-22', '2012-01-23', '2012-01-24', '2012-01-25']);
  t.same(twelve.filter((h: { date: string }) => h.date.startsWith('2012-09')), [{ date: '2012-09-02', name: 'Quốc khánh' }, { date: '2012-09-03', name: 'Nghỉ bù Quốc khánh' }]);

  // Working days across a year nothing was declared for: computed, not a plain weekday count.
  t.equal(await api.app.services.calendar.workingDaysBetween('2031-01-20', '2031-02-28'), 24, 'Tết 2031 (22–24 January, and 27–28 in lieu of the weekend) is not counted');
  const before = await api.snapshot();
  t.equal((await api.gql(`{ publicHolidays(year: 2201) { date } }`)).body.errors[0].extensions.code, 'VALIDATION_FAILED', 'a year outside the calendar');
  t.same(await api.snapshot(), before);
});
