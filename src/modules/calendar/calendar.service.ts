import { authorize, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarDay, CalendarDayKind, PrismaClient } from '../../generated/prisma/client.js';
import { addDays, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ValidationError } from '../../shared/errors.js';
import { inTransaction } from '../../db/transactions.js';
import { PUBLIC_HOLIDAYS, type PublicHolidays } from '../../rules/calendar.js';
import type { RuleBook, RuleSnapshot } from '../../rules/rule.js';
import { lunarNewYear, lunarToSolar } from '../../shared/lunar.js';

/**
 * Working days (ngày làm việc) for the time limits of the regulations: a complaint is answered
 * within so many working days, not calendar days. Saturdays and Sundays are off; the public
 * holidays of every year are computed from the labour law in force (`calendar.public_holidays`:
 * the solar days, Tết and Giỗ Tổ from the lunar calendar, the days off in lieu); the calendar
 * table holds only what was declared on top (the Prime Minister's yearly schedules: a longer
 * Tết, swapped days), which takes precedence. A day no holiday rule covers is an error, never
 * a silent weekday count; a whole computation is one range query.
 */
export type SetCalendarDayInput = { date: IsoDate; kind: CalendarDayKind; name: string };

const MAX_WORKING_DAYS = 3650;
const MAX_NAME_LENGTH = 200;

function isWeekend(day: IsoDate): boolean {
  const weekday = toDbDate(day).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Mondays to Fridays from 1970-01-05 (a Monday) up to and including `day`, less those before. */
function weekdaysUpTo(day: IsoDate): number {
  const daysSinceMonday = Math.floor((toDbDate(day).getTime() - Date.UTC(1970, 0, 5)) / 86400_000);
  const weeks = Math.floor(daysSinceMonday / 7);
  return weeks * 5 + Math.min(daysSinceMonday - weeks * 7 + 1, 5);
}

/** The public holidays of a year under the rule, with the days off in lieu: date → name. */
export function publicHolidays(year: number, rule: PublicHolidays): Map<IsoDate, string> {
  const days = new Map<IsoDate, string>();
  const iso = (month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  for (const holiday of rule.solar) days.set(iso(holiday.month, holiday.day), holiday.name);
  if (rule.nationalDaySecondDay) {
    const weekday = toDbDate(iso(9, 2)).getUTCDay();
    days.set(iso(9, rule.nationalDayAfterOn.includes(weekday) ? 3 : 1), 'Quốc khánh');
  }
  const tet = lunarNewYear(year);
  for (let offset = -rule.tet.daysBefore; offset < rule.tet.daysFrom; offset++) days.set(addDays(tet, offset), 'Tết Nguyên đán');
  if (rule.hungKings) days.set(lunarToSolar(10, 3, year), 'Giỗ Tổ Hùng Vương');
  if (rule.compensate) {
    // A holiday on a Saturday or Sunday gives a day off on the next day that is neither.
    const taken = new Set(days.keys());
    for (const [day, name] of [...days].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!isWeekend(day)) continue;
      let next = addDays(day, 1);
      while (isWeekend(next) || taken.has(next)) next = addDays(next, 1);
      taken.add(next);
      days.set(next, `Nghỉ bù ${name}`);
    }
  }
  return days;
}

export class CalendarService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
    private readonly rules: RuleBook,
  ) {}

  /** The exceptions recorded in a year, in date order. */
  async year(year: number): Promise<CalendarDay[]> {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw ValidationError.field('year', 'must be a year between 1900 and 2200');
    return this.prisma.calendarDay.findMany({
      where: { date: { gte: toDbDate(`${year}-01-01`), lte: toDbDate(`${year}-12-31`) } },
      orderBy: { date: 'asc' },
    });
  }

  /**
   * The days from `from` to `to` that are not ordinary: the computed public holidays of the
   * years they span, overlaid with the declared days.
   */
  private async exceptions(from: IsoDate, to: IsoDate): Promise<Map<IsoDate, CalendarDayKind>> {
    const rules = await this.rules.current();
    const result = new Map<IsoDate, CalendarDayKind>();
    for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++) {
      for (const day of CalendarService.holidaysOf(rules, year, from, to).keys()) result.set(day, 'HOLIDAY');
    }
    const rows = await this.prisma.calendarDay.findMany({
      where: { date: { gte: toDbDate(from), lte: toDbDate(to) } },
      select: { date: true, kind: true },
    });
    for (const row of rows) result.set(fromDbDate(row.date), row.kind);
    return result;
  }

  /** A year's computed holidays within [from, to], each judged by the rule in force on its day. */
  private static holidaysOf(rules: RuleSnapshot, year: number, from: IsoDate, to: IsoDate): Map<IsoDate, string> {
    const start = from > `${year}-01-01` ? from : `${year}-01-01`;
    const end = to < `${year}-12-31` ? to : `${year}-12-31`;
    // The rule of the first and of the last day of the span: a year a rule does not reach is refused.
    const first = rules.at(PUBLIC_HOLIDAYS, start);
    const last = rules.at(PUBLIC_HOLIDAYS, end);
    const found = new Map<IsoDate, string>();
    for (const version of first.id === last.id ? [first] : [first, last]) {
      for (const [day, name] of publicHolidays(year, version.value)) {
        const inForce = day >= version.effectiveFrom && (!version.effectiveTo || day < version.effectiveTo);
        if (inForce && day >= start && day <= end) found.set(day, name);
      }
    }
    return found;
  }

  /** The computed public holidays of a year (before declared days are applied), in date order. */
  async holidays(year: number): Promise<{ date: IsoDate; name: string }[]> {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) throw ValidationError.field('year', 'must be a year between 1900 and 2200');
    const days = CalendarService.holidaysOf(await this.rules.current(), year, `${year}-01-01`, `${year}-12-31`);
    return [...days].map(([date, name]) => ({ date, name })).sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  private static isWorking(day: IsoDate, exceptions: Map<IsoDate, CalendarDayKind>): boolean {
    const kind = exceptions.get(day);
    if (kind === 'HOLIDAY') return false;
    if (kind === 'WORKING_DAY') return true;
    return !isWeekend(day);
  }

  /**
   * The day on which a limit of `days` working days counted from `start` ends: the count
   * begins the day after `start` (Bộ luật Dân sự 2015, Điều 147).
   */
  async workingDaysAfter(start: IsoDate, days: number): Promise<IsoDate> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
      throw ValidationError.field('days', `must be a whole number from 1 to ${MAX_WORKING_DAYS}`);
    }
    // Twice the days plus a month covers the usual holidays (Tết is at most 9 days off) in one
    // query; should administrators have declared more, the next window is loaded.
    const span = days * 2 + 31;
    let loadedTo = start;
    const exceptions = new Map<IsoDate, CalendarDayKind>();
    let day = start;
    let counted = 0;
    while (counted < days) {
      day = addDays(day, 1);
      if (day > loadedTo) {
        loadedTo = addDays(loadedTo, span);
        for (const [date, kind] of await this.exceptions(day, loadedTo)) exceptions.set(date, kind);
      }
      if (CalendarService.isWorking(day, exceptions)) counted++;
    }
    return day;
  }

  /**
   * Working days after `from` up to and including `to` (0 when `to` is not after `from`):
   * the weekdays counted arithmetically, corrected by the recorded exceptions, so a span of
   * two centuries costs what a month does.
   */
  async workingDaysBetween(from: IsoDate, to: IsoDate): Promise<number> {
    if (to <= from) return 0;
    const exceptions = await this.exceptions(addDays(from, 1), to);
    let counted = weekdaysUpTo(to) - weekdaysUpTo(from);
    for (const [day, kind] of exceptions) {
      if (kind === 'HOLIDAY' && !isWeekend(day)) counted--;
      if (kind === 'WORKING_DAY' && isWeekend(day)) counted++;
    }
    return counted;
  }

  /** Records or corrects one day; the audit log keeps what it was before. */
  async setDay(input: SetCalendarDayInput): Promise<CalendarDay> {
    // The calendar is national: only a grant without organisation (path []) may change it.
    const role = authorize(this.actor, 'manageCalendar', [[]]);
    const name = input.name.trim();
    const problems: { field: string; message: string }[] = [];
    if (!name) problems.push({ field: 'name', message: 'must not be empty' });
    if (name.length > MAX_NAME_LENGTH) problems.push({ field: 'name', message: `at most ${MAX_NAME_LENGTH} characters` });
    if (input.kind === 'WORKING_DAY' && !isWeekend(input.date)) {
      problems.push({ field: 'kind', message: `${input.date} is a weekday, which is a working day already` });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const date = toDbDate(input.date);
    return inTransaction(this.prisma, async (tx) => {
      const before = await tx.calendarDay.findUnique({ where: { date } });
      const day = await tx.calendarDay.upsert({
        where: { date },
        create: { date, kind: input.kind, name },
        update: { kind: input.kind, name },
      });
      await this.audit.record(tx, role, {
        action: 'calendar.set',
        entityType: 'CalendarDay',
        entityId: input.date,
        scopePath: [],
        before: before ? { kind: before.kind, name: before.name } : null,
        after: { kind: day.kind, name: day.name },
      });
      return day;
    });
  }
}
