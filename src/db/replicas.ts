import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { readReplicas } from '@prisma/extension-read-replicas';
import { Prisma, PrismaClient } from '../generated/prisma/client.js';
import { poolConfigFromUrl } from './pg-client.js';
import { poolReader, type Reader } from './reader.js';
import { TRANSACTION } from './transactions.js';

/** What each pool calls itself in `pg_stat_activity` (application_name). */
export const APPLICATION_NAME = { primary: 'party-building-service', replica: 'party-building-service/replica' } as const;

type Logger = { warn(object: object, message: string): void; info(object: object, message: string): void };

export type ReplicaOptions = {
  poolSize: number;
  statementTimeoutMs?: number;
  /** A replica further behind than this is skipped. */
  maxLagMs: number;
  /** How often each replica (and the primary's position) is read. */
  checkMs: number;
  log?: Logger;
};

/** How one replica stands, as /health/ready shows it. */
export type ReplicaStatus = {
  /** host:port/database, without credentials. */
  name: string;
  /** `ok`: reads go there; `behind`, `down`, `not a replica`, `checking`: skipped. */
  state: 'ok' | 'behind' | 'down' | 'not a replica' | 'checking';
  /** Seconds behind the primary: how long ago the primary was where the replica is now (null when unknown). */
  lagSeconds: number | null;
  /** Bytes of WAL the primary has written that the replica has not replayed (null when unknown). */
  lagBytes: number | null;
  /** The last check's error, when down. */
  error?: string;
  /** Connections handed out on it for reads so far. */
  reads: number;
};

/** A WAL position ("16/B374D848") as a number of bytes. */
export function lsnBytes(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The database a replica's reads are routed through: Prisma and the raw reader on the replica, writes and transactions on the primary. */
export type ReadRoute = { prisma: PrismaClient; reader: Reader; replica: string };

/**
 * Reads that tolerate replication lag, on a streaming replica. Prisma's model reads go there
 * through Prisma's read-replicas extension, raw reads ($queryRaw, outside a transaction)
 * through the same routing added here (the extension leaves raw SQL on the primary), and the
 * raw reader (reader.ts) is the replica's pool; writes and every transaction stay on the
 * primary. Requests that write never get a route (src/http/read-routing.ts).
 *
 * Each replica is read every `checkMs`: whether it is one (in recovery, of the primary's
 * system), and how far it has replayed. Its lag in time is measured against the primary's
 * own positions, sampled at the same pace: how long ago the primary was where the replica is
 * now (0 while it has replayed all the primary had written). A replica is skipped while it is
 * down, not a replica of this primary (promoted, another cluster), or more than `maxLagMs`
 * behind, and used again once it has caught up. An address that reaches the primary itself
 * (a read-only role or pool in front of it) counts as a replica without lag.
 */
export class ReplicaSet {
  private readonly replicas: Replica[];
  private primaryMonitor: pg.Pool;
  /** The primary's positions over the last while: [time, bytes], oldest first. */
  private primaryPositions: [number, bigint][] = [];
  private primaryIdentity: { system: string; started: string; database: string } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private checking: Promise<void> | null = null;

  constructor(
    primaryUrl: string,
    urls: string[],
    primaryPrisma: PrismaClient,
    primaryPool: pg.Pool,
    private readonly options: ReplicaOptions,
  ) {
    // The monitor's statements are not the service's: plain pg, outside the statement counts.
    this.primaryMonitor = new pg.Pool({ ...monitorConfig(primaryUrl), max: 1 });
    this.primaryMonitor.on('error', () => {});
    this.replicas = urls.map((url) => new Replica(url, primaryPrisma, primaryPool, options));
  }

  get size(): number {
    return this.replicas.length;
  }

  /** Reads every replica now, then every `checkMs`. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkMs);
    this.timer.unref();
  }

  /**
   * A route to a replica that has replayed at least `since` (a WAL position the caller wrote
   * at: its own writes are there), taken in turn among those in use; null when none is.
   */
  route(since?: bigint | null): ReadRoute | null {
    const usable = this.replicas.filter((replica) => replica.usable && (since == null || (replica.replayed !== null && replica.replayed >= since)));
    if (usable.length === 0) return null;
    const replica = usable[this.next++ % usable.length]!;
    return replica.route;
  }

  /** The primary's current WAL position (what a write just committed is at or before). */
  async primaryPosition(pool: Pick<pg.Pool, 'query'>): Promise<bigint> {
    const { rows } = await pool.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
    return lsnBytes(rows[0]!.lsn);
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((replica) => replica.status());
  }

  /** One round of checks (also what tests call instead of waiting for the timer). */
  check(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    try {
      const { rows } = await this.primaryMonitor.query<{ lsn: string | null; system: string; started: string; recovery: boolean; database: string }>(IDENTITY_SQL);
      const row = rows[0]!;
      this.primaryIdentity = { system: row.system, started: row.started, database: row.database };
      const position = lsnBytes(row.lsn!);
      const last = this.primaryPositions.at(-1);
      if (!last || last[1] !== position) this.primaryPositions.push([now, position]);
      // Samples older than the longest lag that matters are not needed, but for the one before them.
      const horizon = now - this.options.maxLagMs * 4;
      while (this.primaryPositions.length > 2 && this.primaryPositions[1]![0] < horizon) this.primaryPositions.shift();
    } catch {
      // The primary does not answer: the service is not ready anyway; replicas keep their last state.
      return;
    }
    await Promise.all(this.replicas.map((replica) => replica.check(this.primaryIdentity!, this.primaryPositions, now)));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking?.catch(() => {});
    await Promise.all([this.primaryMonitor.end().catch(() => {}), ...this.replicas.map((replica) => replica.close())]);
  }
}

const IDENTITY_SQL = `SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END::text AS lsn,
  (SELECT system_identifier FROM pg_control_system())::text AS system, pg_postmaster_start_time()::text AS started, pg_is_in_recovery() AS recovery,
  current_database() AS database`;

function monitorConfig(url: string): pg.PoolConfig {
  const { Client: _client, ...config } = poolConfigFromUrl(url, { application_name: `${APPLICATION_NAME.primary}/monitor`, connectionTimeoutMillis: 5_000, statement_timeout: 5_000 });
  return config;
}

/** A replica's address for people: never its credentials. */
function displayName(url: string): string {
  const config = poolConfigFromUrl(url);
  return `${config.host ?? 'localhost'}:${config.port ?? 5432}/${config.database ?? ''}`;
}

/**
 * A replica's pool that hands out a connection of the primary when the replica cannot be
 * reached: a read routed there just before the replica stopped is served by the primary, not
 * failed, and the replica is marked down at once (not at its next check). A statement already
 * running when the replica goes away still fails, as it would on any server.
 */
class FallbackPool extends pg.Pool {
  /** Connections handed out on the replica itself (for tests and diagnostics). */
  checkouts = 0;

  constructor(
    config: pg.PoolConfig,
    private readonly fallback: pg.Pool,
    private readonly onUnreachable: (error: Error) => void,
  ) {
    super(config);
  }

  // pg-pool's own query() calls connect(callback): both forms are covered.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    const client = super.connect().then(
      (connected) => {
        this.checkouts++;
        return connected;
      },
      (error: Error) => {
        this.onUnreachable(error);
        return this.fallback.connect();
      },
    );
    if (!callback) return client;
    client.then(
      (connected) => callback(undefined, connected, (release) => connected.release(release as Error | undefined)),
      (error: Error) => callback(error, undefined, () => {}),
    );
  }
}

class Replica {
  readonly name: string;
  readonly route: ReadRoute;
  private readonly pool: FallbackPool;
  private readonly monitorPool: pg.Pool;
  private readonly prisma: PrismaClient;
  private state: ReplicaStatus['state'] = 'checking';
  private lagMs: number | null = null;
  private lagBytes: bigint | null = null;
  private error: string | undefined;
  /** How far it has replayed, at the last check. */
  replayed: bigint | null = null;

  constructor(
    url: string,
    primaryPrisma: PrismaClient,
    primaryPool: pg.Pool,
    private readonly options: ReplicaOptions,
  ) {
    this.name = displayName(url);
    this.pool = new FallbackPool(
      poolConfigFromUrl(url, {
        max: options.poolSize,
        application_name: APPLICATION_NAME.replica,
        connectionTimeoutMillis: 5_000,
        ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
      }),
      primaryPool,
      (error) => this.set('down', null, null, error.message),
    );
    // A connection of the pool ended by the server (the replica stopping): down until checked.
    this.pool.on('error', (error) => this.set('down', null, null, error.message));
    this.monitorPool = new pg.Pool({ ...monitorConfig(url), max: 1 });
    this.monitorPool.on('error', () => {});
    this.prisma = new PrismaClient({ adapter: new PrismaPg(this.pool), transactionOptions: TRANSACTION.write });
    const replica = this.prisma;
    const routed = primaryPrisma.$extends(readReplicas({ replicas: [replica] })).$extends(
      Prisma.defineExtension({
        name: 'raw-reads-on-replica',
        query: {
          // Raw reads outside a transaction: the extension above routes only model reads.
          // (`__internalParams` is how that extension, too, tells a transaction's statements.)
          $allOperations({ args, model, operation, query, ...rest }) {
            const inTransaction = Boolean((rest as { __internalParams?: { transaction?: unknown } }).__internalParams?.transaction);
            if (model || inTransaction) return query(args);
            if (operation === '$queryRaw') return replica.$queryRaw(args as Prisma.Sql);
            if (operation === '$queryRawUnsafe') return replica.$queryRawUnsafe(...(args as [string, ...unknown[]]));
            return query(args);
          },
        },
      }),
    );
    // The extended client answers every call a PrismaClient does; its type only adds $primary/$replica.
    this.route = { prisma: routed as unknown as PrismaClient, reader: poolReader(this.pool), replica: this.name };
  }

  get usable(): boolean {
    return this.state === 'ok';
  }

  status(): ReplicaStatus {
    return {
      name: this.name,
      state: this.state,
      lagSeconds: this.lagMs === null ? null : Math.round(this.lagMs / 100) / 10,
      lagBytes: this.lagBytes === null ? null : Number(this.lagBytes),
      reads: this.pool.checkouts,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  async check(primary: { system: string; started: string; database: string }, positions: [number, bigint][], now: number): Promise<void> {
    let row: { lsn: string | null; system: string; started: string; recovery: boolean; database: string };
    try {
      ({
        rows: [row],
      } = (await this.monitorPool.query(IDENTITY_SQL)) as unknown as { rows: [typeof row] });
    } catch (error) {
      this.set('down', null, null, (error as Error).message);
      return;
    }
    // Another database of the same cluster holds other data: never a replica of this one.
    if (row.database !== primary.database) {
      this.set('not a replica', null, null, `another database (${row.database}) than the primary's`);
      return;
    }
    const samePrimary = !row.recovery && row.system === primary.system && row.started === primary.started;
    if (row.system !== primary.system || (!row.recovery && !samePrimary) || (row.recovery && row.lsn === null)) {
      this.set('not a replica', null, null, row.recovery ? 'has not replayed anything yet' : 'not in recovery: promoted, or another server');
      return;
    }
    const replayed = lsnBytes(row.lsn!);
    this.replayed = replayed;
    const latest = positions.at(-1)![1];
    // How long ago the primary first stood past where the replica is: the replica has been
    // missing that write since then.
    const firstAhead = positions.find(([, position]) => position > replayed);
    const lagMs = samePrimary || !firstAhead ? 0 : now - firstAhead[0];
    const lagBytes = latest > replayed ? latest - replayed : 0n;
    this.set(lagMs > this.options.maxLagMs ? 'behind' : 'ok', lagMs, lagBytes);
  }

  private set(state: ReplicaStatus['state'], lagMs: number | null, lagBytes: bigint | null, error?: string) {
    if (state !== this.state && this.state !== 'checking') {
      const detail = { replica: this.name, state, lagSeconds: lagMs === null ? null : lagMs / 1000, error };
      if (state === 'ok') this.options.log?.info(detail, 'read replica back in use');
      else this.options.log?.warn(detail, 'read replica skipped');
    }
    if (state === 'down') this.replayed = null;
    this.state = state;
    this.lagMs = lagMs;
    this.lagBytes = lagBytes;
    this.error = error;
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect().catch(() => {});
    await Promise.all([this.pool.end().catch(() => {}), this.monitorPool.end().catch(() => {})]);
  }
}
