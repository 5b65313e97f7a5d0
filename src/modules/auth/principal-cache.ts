import type pg from 'pg';
import { PgListener } from '../../db/listener.js';
import { LRUCache } from 'lru-cache';

/** The channel the database's triggers announce changes to principals on (migration 20261206000000). */
export const PRINCIPALS_CHANNEL = 'principals_changed';

type Logger = { warn(object: object, message: string): void };

/**
 * Who is behind a session or an API key (the user, the session's or key's state, the grants
 * with their organisations' paths), kept between requests so that a request does not read it
 * again: one statement of every request saved.
 *
 * Kept only while PostgreSQL can tell this process of every change. Triggers on users,
 * sessions, role_grants, api_keys (and on organization_versions, for organisations that have
 * grants) announce the user concerned with NOTIFY, at commit; this process LISTENs on a
 * connection of its own and forgets that user's entries. When that connection is down nothing
 * is served from the cache (every request reads, as without it) and what it held is dropped,
 * since an announcement may have been missed. A read that was under way when an announcement
 * came is not kept (the generation moved), so an entry is never older than the last
 * announcement. Writes made by this process forget at once (`forget`), before their answer is
 * sent; another instance learns within the NOTIFY's delivery (milliseconds). Entries also
 * expire after `maxAgeMs`.
 */
export class PrincipalCache<T> {
  private readonly entries: LRUCache<string, { userId: string; value: T }>;
  private readonly keysOfUser = new Map<string, Set<string>>();
  private generation = 0;
  private readonly listener: PgListener;

  constructor(
    clientConfig: pg.ClientConfig,
    private readonly options: { maxAgeMs: number; max?: number; log?: Logger },
  ) {
    this.entries = new LRUCache({
      max: options.max ?? 10_000,
      ttl: Math.max(1, options.maxAgeMs),
      dispose: (entry, key) => {
        const keys = this.keysOfUser.get(entry.userId);
        keys?.delete(key);
        if (keys?.size === 0) this.keysOfUser.delete(entry.userId);
      },
    });
    this.listener = new PgListener(clientConfig, PRINCIPALS_CHANNEL, {
      log: options.log,
      lostMessage: 'principal cache: the announcements connection was lost; reading principals at every request until it is back',
    });
    this.listener.on('notification', (payload) => this.forget(/^[0-9a-f-]{36}$/.test(payload) ? payload : null));
    // Nothing may be served once an announcement may have been missed, nor what was read before listening.
    this.listener.on('lost', () => this.forget(null));
    this.listener.on('listening', () => this.forget(null));
  }

  /** Whether entries are being kept and served (the announcements are being heard). */
  get active(): boolean {
    return this.listener.listening;
  }

  /** Starts listening (in the background: until it listens, every lookup reads). */
  start(): void {
    if (this.options.maxAgeMs <= 0) return;
    this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener.stop();
  }

  /**
   * The value under `key`, or what `load` reads (kept when it names a user and nothing was
   * announced while it read). `load` returns the value and the user it belongs to (null: not
   * found, never kept).
   */
  async get(key: string, load: () => Promise<{ userId: string | null; value: T }>): Promise<T> {
    if (this.active) {
      const known = this.entries.get(key);
      if (known) return known.value;
    }
    const generation = this.generation;
    const { userId, value } = await load();
    if (userId && this.active && generation === this.generation) {
      this.entries.set(key, { userId, value });
      let keys = this.keysOfUser.get(userId);
      if (!keys) this.keysOfUser.set(userId, (keys = new Set()));
      keys.add(key);
    }
    return value;
  }

  /** Forgets a user's entries (null: everyone's). */
  forget(userId: string | null): void {
    this.generation++;
    if (userId === null) {
      this.entries.clear();
      this.keysOfUser.clear();
      return;
    }
    for (const key of [...(this.keysOfUser.get(userId) ?? [])]) this.entries.delete(key);
  }
}
