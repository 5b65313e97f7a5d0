import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { Actor } from '../modules/auth/access.js';
import type { ReadRoute, ReplicaSet } from './replicas.js';

/** Whose writes a caller must see: the user's, whichever session or API key wrote them. */
function callerKey(actor: Actor | null): string | null {
  return actor?.userId ? `user:${actor.userId}` : null;
}

/**
 * Which database a read-only request reads from, so that a caller always sees their own
 * writes: after a request that may have written, the primary's WAL position is noted for the
 * caller (in Redis when instances share one, else in this process), and until a replica has
 * replayed that far, that caller's reads go to the primary. Everyone else's reads, and theirs
 * once a replica has caught up, go to a replica in use (replicas.ts).
 *
 * A position is kept as long as a replica in use could still be short of it (the longest lag
 * allowed, plus two checks); without Redis, a caller whose next request reaches another
 * instance may read there from a replica a moment behind their write.
 */
export class ReadRouting {
  private readonly local: LRUCache<string, bigint>;
  private readonly keepMs: number;

  constructor(
    private readonly replicas: ReplicaSet,
    private readonly redis: Redis | null,
    options: { maxLagMs: number; checkMs: number },
    /** REDIS_KEY_PREFIX and what these keys are. */
    private readonly prefix: string,
  ) {
    this.keepMs = Math.ceil(options.maxLagMs + 2 * options.checkMs);
    this.local = new LRUCache({ max: 100_000, ttl: this.keepMs });
  }

  /** A replica for this caller's reads, or null: read from the primary. */
  async routeFor(actor: Actor | null): Promise<ReadRoute | null> {
    const key = callerKey(actor);
    let since = key ? (this.local.get(key) ?? null) : null;
    if (key && this.redis) {
      try {
        const shared = await this.redis.get(this.prefix + key);
        if (shared !== null && (since === null || BigInt(shared) > since)) since = BigInt(shared);
      } catch {
        // Where the caller last wrote is unknown: the primary has it.
        return null;
      }
    }
    return this.replicas.route(since);
  }

  /** Notes where the primary stands after this caller's write (the request's transaction has committed). */
  async wrote(actor: Actor | null, primary: Pick<pg.Pool, 'query'>): Promise<void> {
    const key = callerKey(actor);
    if (!key) return;
    const position = await this.replicas.primaryPosition(primary);
    const known = this.local.get(key);
    if (known === undefined || position > known) this.local.set(key, position);
    // A slower request that wrote earlier never moves the position back. A failure is the
    // caller's to log: their reads on another instance may then be a moment behind.
    await this.redis?.eval(
      "local old = redis.call('GET', KEYS[1]) if not old or tonumber(old) < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 1",
      1,
      this.prefix + key,
      position.toString(),
      this.keepMs,
    );
  }
}
