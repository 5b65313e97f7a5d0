import { ValidationError } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export type PageArgs = {
  first?: number | null;
  after?: string | null;
  /** The total is wanted: counted alongside the page (one round trip for both), not after it. */
  withTotal?: boolean;
};
export type Page<T> = {
  items: T[];
  cursors: string[];
  endCursor: string | null;
  hasNextPage: boolean;
  /** How many rows the whole list has (every page): one count statement, run only when asked. */
  total: () => Promise<number>;
};

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw ValidationError.field('first', `must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${first}`);
  }
  return first;
}

/** Cursors are opaque to clients: the sort key of the last row, base64url-encoded. */
export function encodeCursor(key: string): string {
  return Buffer.from(`k:${key}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!decoded.startsWith('k:') || encodeCursor(decoded.slice(2)) !== cursor) {
    throw ValidationError.field('after', 'is not a cursor returned by this API');
  }
  return decoded.slice(2);
}

/** Builds a page from `size + 1` fetched rows: the extra row only tells that there is a next page. */
export function toPage<T>(
  rows: T[],
  size: number,
  keyOf: (row: T) => string,
  count: () => Promise<number>,
  started: Promise<number> | null = null,
): Page<T> {
  const items = rows.slice(0, size);
  const cursors = items.map((item) => encodeCursor(keyOf(item)));
  let counted: Promise<number> | null = started;
  return { items, cursors, hasNextPage: rows.length > size, endCursor: cursors.at(-1) ?? null, total: () => (counted ??= count()) };
}

/**
 * Starts the count of a list beside its page when the caller wants the total, so that both
 * take one round trip; a failure is reported when the total is read.
 */
export function startCount(args: PageArgs, count: () => Promise<number>): Promise<number> | null {
  if (!args.withTotal) return null;
  const started = count();
  started.catch(() => {});
  return started;
}
