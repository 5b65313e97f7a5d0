import { ValidationError } from './errors.js';

/**
 * Calendar dates travel as ISO strings ("2025-07-01") everywhere in the service; PostgreSQL
 * `date` columns come back from Prisma as UTC midnights and are converted at that boundary.
 */
export type IsoDate = string;

/**
 * The dates the service accepts from callers. The earliest births in the records of veteran
 * members precede the Party itself (1930), hence 1900; nothing is planned past 2100. Every
 * date a caller sends (GraphQL `Date`, REST `dateSchema`, services' `parseIsoDate`) is held
 * to this range, so date arithmetic never meets years the ISO format cannot write.
 */
export const SUPPORTED_DATES = { from: '1900-01-01', to: '2100-12-31' } as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day, written YYYY-MM-DD, within any year 0000–9999. */
function isCalendarDay(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** A real calendar day within SUPPORTED_DATES. */
export function isIsoDate(value: string): boolean {
  return isCalendarDay(value) && value >= SUPPORTED_DATES.from && value <= SUPPORTED_DATES.to;
}

/** Why `value` is not an accepted date, or null when it is. */
export function dateProblem(value: unknown): string | null {
  if (typeof value !== 'string' || !isCalendarDay(value)) return `${JSON.stringify(value)} is not a date (YYYY-MM-DD)`;
  if (value < SUPPORTED_DATES.from || value > SUPPORTED_DATES.to) {
    return `${value} is outside the supported dates ${SUPPORTED_DATES.from} to ${SUPPORTED_DATES.to}`;
  }
  return null;
}

export function parseIsoDate(value: string, field: string): IsoDate {
  const problem = dateProblem(value);
  if (problem) throw ValidationError.field(field, problem);
  return value;
}

export function toDbDate(value: IsoDate): Date {
  return new Date(`${value}T00:00:00Z`);
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** YYYY-MM-DD of a UTC midnight, also for years past 9999 (which toISOString writes "+010000"). */
export function fromDbDate(value: Date): IsoDate {
  const year = value.getUTCFullYear();
  if (year >= 0 && year <= 9999) return value.toISOString().slice(0, 10);
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(value.getUTCMonth() + 1, 2)}-${pad(value.getUTCDate(), 2)}`;
}

export function fromDbDateOrNull(value: Date | null): IsoDate | null {
  return value ? fromDbDate(value) : null;
}

/** Today in Vietnam (UTC+7), where the committees work: the default "as of" date. */
export function todayInVietnam(now = new Date()): IsoDate {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(value: IsoDate, days: number): IsoDate {
  return fromDbDate(new Date(toDbDate(value).getTime() + days * 86400_000));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same day `months` later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(value: IsoDate, months: number): IsoDate {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(Math.min(day, daysInMonth(targetYear, targetMonth)), 2)}`;
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toDbDate(to).getTime() - toDbDate(from).getTime()) / 86400_000);
}

/**
 * Whole years, months and days from `from` to `to` (as people count ages), in constant time:
 * the months are the difference of the calendar months, less one when `to` falls before the
 * month-day reached (with the month's end clamped as `addMonths` does).
 */
export function elapsed(from: IsoDate, to: IsoDate): { years: number; months: number; days: number } {
  if (to < from) return { years: 0, months: 0, days: 0 };
  const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number, number];
  const [toYear, toMonth] = to.split('-').map(Number) as [number, number, number];
  let months = (toYear - fromYear) * 12 + (toMonth - fromMonth);
  if (addMonths(from, months) > to) months--;
  const days = daysBetween(addMonths(from, months), to);
  return { years: Math.floor(months / 12), months: months % 12, days };
}
