import type pg from 'pg';
import { PgListener } from '../../db/listener.js';
import { Live } from '../../graphql/live.js';
import { todayInVietnam } from '../../shared/dates.js';
import type { DueItem, DueItems } from './due-items.service.js';

/** The channel of announcements of changes in the tree (migration 20261215000000). */
export const SUBTREE_CHANNEL = 'subtree_changed';

type Logger = { warn(object: object, message: string): void };

/**
 * Which subtrees have changed, as the database announces at each commit (a trigger on the
 * audit trail: every change is audited with its organisation's path). Heard on a connection
 * of its own, opened when the first watcher comes and kept while the instance runs; every
 * instance hears every announcement, so a change made through any instance reaches watchers on
 * all. When the connection is lost every watcher is woken (a change may have been missed).
 */
/** Subscriptions to items coming due that one caller may hold at once on one instance. */
export const MAX_DUE_ITEM_SUBSCRIPTIONS = 5;
/**
 * Reads of subscriptions under way at once on one instance: a subtree's items are one heavy
 * statement, and many subscribers woken together must not take the pool the requests need.
 */
const MAX_CONCURRENT_READS = 2;

export class SubtreeChanges {
  private readonly watchers = new Map<number, Set<() => void>>();
  private listener: PgListener | null = null;
  private reading = 0;
  private readonly queued: (() => void)[] = [];
  private readonly held = new Map<string, number>();

  constructor(
    private readonly clientConfig: pg.ClientConfig,
    private readonly options: { log?: Logger; minIntervalMs: number },
  ) {}

  /** The least time between two reads of one subscription (DUE_ITEMS_REFRESH_SECONDS). */
  get minIntervalMs(): number {
    return this.options.minIntervalMs;
  }

  /** Calls `wake` whenever the subtree whose root has this path key may have changed; the function returned stops. */
  watch(key: number, wake: () => void): () => void {
    if (!this.listener) {
      this.listener = new PgListener(this.clientConfig, SUBTREE_CHANNEL, { log: this.options.log, lostMessage: 'subtree changes: the announcements connection was lost; subscriptions re-read when it is back' });
      this.listener.on('notification', (payload) => this.announce(payload));
      this.listener.on('listening', () => this.announce('*'));
      this.listener.start();
    }
    let set = this.watchers.get(key);
    if (!set) this.watchers.set(key, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.watchers.delete(key);
    };
  }

  /** Runs a subscription's read when fewer than MAX_CONCURRENT_READS are under way. */
  async read<T>(work: () => Promise<T>): Promise<T> {
    if (this.reading >= MAX_CONCURRENT_READS) await new Promise<void>((resolve) => this.queued.push(resolve));
    this.reading++;
    try {
      return await work();
    } finally {
      this.reading--;
      this.queued.shift()?.();
    }
  }

  /** Counts a subscription of this caller; null when they hold the most allowed. The function returned ends it. */
  admit(caller: string): (() => void) | null {
    const held = this.held.get(caller) ?? 0;
    if (held >= MAX_DUE_ITEM_SUBSCRIPTIONS) return null;
    this.held.set(caller, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(caller) ?? 1) - 1;
      if (left <= 0) this.held.delete(caller);
      else this.held.set(caller, left);
    };
  }

  get listening(): boolean {
    return this.listener?.listening ?? false;
  }

  async stop(): Promise<void> {
    await this.listener?.stop();
  }

  private announce(payload: string): void {
    const woken = payload === '*' ? [...this.watchers.values()] : payload.split(',').flatMap((key) => this.watchers.get(Number(key)) ?? []);
    for (const set of woken) for (const wake of [...set]) wake();
  }
}

/** Milliseconds until the next midnight in Vietnam, when items move into everyone's window. */
function untilTomorrowInVietnam(now = Date.now()): number {
  const tomorrow = Date.parse(`${todayInVietnam(new Date(now))}T00:00:00+07:00`) + 86_400_000;
  return Math.max(1_000, tomorrow - now);
}

/** What a matter is, whatever its date: a matter whose date moves (a meeting planned for this month's) is not a new one. */
const itemKey = (item: DueItem) => `${item.kind}|${item.subjectType}|${item.subjectId}|${item.memberId ?? ''}`;

/**
 * Items that come due in a subtree, as they appear: the subscription starts from what is due
 * now (not sent), and each time the subtree changes, or the day turns, reads the items again
 * and sends those that were not there before. At most one read per `minIntervalMs` per
 * subscription (changes meanwhile are taken together). Every read applies the caller's rights
 * anew: a caller who has lost the right gets the error and the subscription ends.
 */
export function dueItemsAdded(options: {
  initial: DueItems;
  scopeKey: number;
  changes: SubtreeChanges;
  read: () => Promise<DueItems>;
  /** Called once when the subscription ends. */
  onEnd?: () => void;
}): Live<DueItems> {
  let known = new Set(options.initial.items.map(itemKey));
  let stopped = false;
  let reading = false;
  let pending = false;
  let lastRead = Date.now();
  let soon: NodeJS.Timeout | null = null;
  let midnight: NodeJS.Timeout | null = null;

  const read = async () => {
    if (stopped) return;
    if (reading) {
      pending = true;
      return;
    }
    reading = true;
    pending = false;
    lastRead = Date.now();
    try {
      const next = await options.changes.read(options.read);
      if (stopped) return;
      const added = next.items.filter((item) => !known.has(itemKey(item)));
      known = new Set(next.items.map(itemKey));
      if (added.length > 0) live.push({ ...next, items: added });
    } catch (error) {
      live.fail(error);
      return;
    } finally {
      reading = false;
    }
    if (pending) wake();
  };
  const wake = () => {
    if (stopped || soon) return;
    if (reading) {
      pending = true;
      return;
    }
    const wait = Math.max(0, lastRead + options.changes.minIntervalMs - Date.now());
    soon = setTimeout(() => {
      soon = null;
      void read();
    }, wait);
    soon.unref();
  };
  const atMidnight = () => {
    midnight = setTimeout(() => {
      wake();
      atMidnight();
    }, untilTomorrowInVietnam());
    midnight.unref();
  };

  const unwatch = options.changes.watch(options.scopeKey, wake);
  atMidnight();
  const live = new Live<DueItems>(() => {
    stopped = true;
    options.onEnd?.();
    unwatch();
    if (soon) clearTimeout(soon);
    if (midnight) clearTimeout(midnight);
  });
  return live;
}
