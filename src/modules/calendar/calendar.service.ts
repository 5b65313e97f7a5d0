import { authorize, type Actor } from '../auth/access.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CalendarDay, CalendarDayKind, PrismaClient } from '../../generated/prisma/client.js';
import { addDays, fromDbDate, toDbDate, type IsoDate } from '../../shared/dates.js';
import { ValidationError } from '../../shared/errors.js';
import { inTransaction } from '../../db/transactions.js';

/**
 * Working days (ngày làm việc) for the time limits of the regulations: a complaint is answered
 * within so many working days, not calendar days. Saturdays and Sundays are off unless the
 * calendar marks them WORKING_DAY (làm bù); holidays are off. The calendar holds only the
 * exceptions, so a whole computation is one range query.
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

export class CalendarService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly actor: Actor,
    private readonly audit: AuditService,
  ) {}

  /** The exceptions recorded in a year, in date order. */
  async year(year: number): Promise<CalendarDay[]> {
    if (!Number.isInteger(year) || year < 1930 || year > 2200) throw ValidationError.field('year', 'must be a year between 1930 and 2200');
    return this.prisma.calendarDay.findMany({
      where: { date: { gte: toDbDate(`${year}-01-01`), lte: toDbDate(`${year}-12-31`) } },
      orderBy: { date: 'asc' },
    });
  }

  private async exceptions(from: IsoDate, to: IsoDate): Promise<Map<IsoDate, CalendarDayKind>> {
    const rows = await this.prisma.calendarDay.findMany({
      where: { date: { gte: toDbDate(from), lte: toDbDate(to) } },
      select: { date: true, kind: true },
    });
    return new Map(rows.map((row) => [fromDbDate(row.date), row.kind]));
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
