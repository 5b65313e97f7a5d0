import type { PeriodType } from '../../generated/prisma/client.js';
import { addDays, addMonths, fromDbDate, type IsoDate } from '../../shared/dates.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';

/** A reporting period: a year, a quarter of it, or a term. Dates are inclusive. */
export type Period = { type: PeriodType; key: string; start: IsoDate; end: IsoDate };

export type PeriodInput = {
  year?: number | null;
  quarter?: number | null;
  termId?: string | null;
  /** An ad hoc period (đánh giá đột xuất): its first and last days and a name. */
  adHoc?: { from: IsoDate; to: IsoDate; name: string } | null;
};

export function adHocPeriod(input: { from: IsoDate; to: IsoDate; name: string }, field = 'period.adHoc'): Period {
  const name = input.name.trim();
  if (!name) throw ValidationError.field(`${field}.name`, 'must not be empty');
  if (input.to < input.from) throw ValidationError.field(`${field}.to`, 'must not be before from');
  return { type: 'AD_HOC', key: `${name} (${input.from} – ${input.to})`, start: input.from, end: input.to };
}

/** A year or a quarter (a term needs its dates: see IndicatorService.periodOf). */
export function periodOf(input: PeriodInput, field = 'period'): Period {
  const { quarter } = input;
  const year = input.year as number;
  if (!Number.isInteger(year) || year < 1930 || year > 2100) throw ValidationError.field(`${field}.year`, 'is a year from 1930 to 2100');
  if (quarter === null || quarter === undefined) return { type: 'YEAR', key: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw ValidationError.field(`${field}.quarter`, 'is 1, 2, 3 or 4');
  const start = `${year}-${String(quarter * 3 - 2).padStart(2, '0')}-01`;
  return { type: 'QUARTER', key: `${year}-Q${quarter}`, start, end: addDays(addMonths(start, 3), -1) };
}

export function termPeriod(name: string, start: IsoDate, endExclusive: IsoDate): Period {
  return { type: 'TERM', key: name, start, end: addDays(endExclusive, -1) };
}

/** The same period a year earlier (years and quarters). */
export function yearEarlier(period: Period): Period | null {
  if (period.type === 'TERM') return null;
  const year = Number(period.start.slice(0, 4)) - 1;
  return periodOf({ year, quarter: period.type === 'QUARTER' ? Number(period.key.slice(-1)) : null });
}

/** From the start of the year to the end of a quarter. */
export function yearToDate(period: Period): Period | null {
  if (period.type !== 'QUARTER') return null;
  const year = period.start.slice(0, 4);
  return { type: 'YEAR', key: `${year}-YTD-Q${period.key.slice(-1)}`, start: `${year}-01-01`, end: period.end };
}

export function contains(outer: Period, inner: Period): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

/** Any period: a year, a quarter, a term (looked up) or an ad hoc one: exactly one kind. */
export async function resolvePeriod(
  prisma: { term: { findUnique(args: { where: { id: string } }): Promise<{ name: string; startsOn: Date; endsOn: Date } | null> } },
  input: PeriodInput,
  field = 'period',
): Promise<Period> {
  const kinds = [input.year !== null && input.year !== undefined, !!input.termId, !!input.adHoc].filter(Boolean).length;
  if (kinds !== 1) throw ValidationError.field(field, 'give one of: a year (and a quarter), a termId, an ad hoc period');
  if (input.adHoc) return adHocPeriod(input.adHoc, `${field}.adHoc`);
  if (!input.termId) return periodOf(input, field);
  if (input.quarter !== null && input.quarter !== undefined) throw ValidationError.field(`${field}.quarter`, 'a term has no quarters');
  const term = await prisma.term.findUnique({ where: { id: input.termId } });
  if (!term) throw new NotFoundError('Term', input.termId);
  return termPeriod(term.name, fromDbDate(term.startsOn), fromDbDate(term.endsOn));
}
