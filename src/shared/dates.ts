import { ValidationError } from './errors.js';

/**
 * Calendar dates travel as ISO strings ("2025-07-01") everywhere in the service; PostgreSQL
 * `date` columns come back from Prisma as UTC midnights and are converted at that boundary.
 */
export type IsoDate = string;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function parseIsoDate(value: string, field: string): IsoDate {
  if (!isIsoDate(value)) throw ValidationError.field(field, `"${value}" is not a date (YYYY-MM-DD)`);
  return value;
}

export function toDbDate(value: IsoDate): Date {
  return new Date(`${value}T00:00:00Z`);
}

export function fromDbDate(value: Date): IsoDate {
  return value.toISOString().slice(0, 10);
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

/** The same day `months` later (clamped to the month's end: 31 Jan + 1 month = 28/29 Feb). */
export function addMonths(value: IsoDate, months: number): IsoDate {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromDbDate(target);
}

export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toDbDate(to).getTime() - toDbDate(from).getTime()) / 86400_000);
}

/** Whole years, months and days from `from` to `to` (as people count ages). */
export function elapsed(from: IsoDate, to: IsoDate): { years: number; months: number; days: number } {
  let months = 0;
  while (addMonths(from, months + 1) <= to) months++;
  const days = daysBetween(addMonths(from, months), to);
  return { years: Math.floor(months / 12), months: months % 12, days };
}
