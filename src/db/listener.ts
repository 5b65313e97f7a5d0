import { EventEmitter } from 'node:events';
import pg from 'pg';

type Logger = { warn(object: object, message: string): void };

/**
 * A connection of its own that LISTENs on one channel of NOTIFY announcements (made by the
 * database's triggers, at commit, to every instance), and comes back by itself when it is lost,
 * backing off up to 30 s. `listening` once it hears; `lost` when it may have missed some (the
 * owner must then assume anything changed); `notification` with each payload.
 */
export class PgListener extends EventEmitter<{ notification: [string]; listening: []; lost: [] }> {
  private client: pg.Client | null = null;
  private active = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs = 500;

  constructor(
    private readonly clientConfig: pg.ClientConfig,
    private readonly channel: string,
    private readonly options: { log?: Logger; lostMessage: string },
  ) {
    super();
  }

  get listening(): boolean {
    return this.active;
  }

  start(): void {
    void this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.lose();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client(this.clientConfig);
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.emit('notification', message.payload ?? '');
    });
    const reconnect = (error?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      const wasListening = this.active;
      this.lose();
      client.end().catch(() => {});
      if (this.stopped) return;
      if (wasListening) this.options.log?.warn({ err: error }, this.options.lostMessage);
      this.retryTimer = setTimeout(() => void this.listen(), this.retryDelayMs);
      this.retryTimer.unref();
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      reconnect(error as Error);
      return;
    }
    if (this.client !== client) return;
    this.retryDelayMs = 500;
    this.active = true;
    this.emit('listening');
  }

  private lose(): void {
    this.active = false;
    this.emit('lost');
  }
}
