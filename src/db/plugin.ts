import { createHmac, hkdfSync } from 'node:crypto';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { openDatabase, type Database } from './database.js';
import { ReadRouting } from './read-routing.js';
import { APPLICATION_NAME, type ReadRoute } from './replicas.js';
import { poolConfigFromUrl } from './pg-client.js';
import { PrincipalCache } from '../modules/auth/principal-cache.js';
import type { PrincipalRow } from '../modules/auth/auth.service.js';
import { SYSTEM_ACTOR, type Actor } from '../modules/auth/access.js';
import type { TokenSettings } from '../modules/auth/auth.service.js';
import { Sealer } from '../shared/sealing.js';
import { RuleBook } from '../rules/rule.js';
import { createServices, type Services } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** The services acting as the system itself (start-up tasks, the demo dataset). */
    services: Services;
    /**
     * The services acting for someone: what every request uses. With a route, their reads
     * outside transactions go to that replica (read-only requests only: read-routing.ts).
     */
    servicesFor(actor: Actor, route?: ReadRoute | null): Services;
    /** Where a read-only request of this caller may read: a replica, or null for the primary. */
    readRouteFor(actor: Actor | null): Promise<ReadRoute | null>;
    /** Notes that this caller may just have written, so that their next reads see it. */
    noteWrite(actor: Actor | null): Promise<void>;
    /**
     * A keyed digest (HMAC-SHA-256, hex) of a request, to recognise the same request again
     * (idempotency) without keeping anything a dictionary attack could turn back into its
     * content: request bodies can name a denouncer. The key derives from PROTECTED_DATA_KEY.
     */
    requestDigest(text: string): string;
    /** The regulation values every rule-applying service judges by. */
    rules: RuleBook;
    /** Who is behind each session and API key, kept between requests (see principal-cache.ts). */
    principals: PrincipalCache<PrincipalRow[]>;
  }
}

/** The database pool and Prisma client, and the module services built on them. Closed with the app. */
export type DatabasePluginOptions = {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  tokens: TokenSettings;
  protectedDataKey: string;
  rulesTtlMs?: number;
  principalsTtlMs: number;
  replicas?: { urls: string[]; poolSize: number; maxLagMs: number; checkMs: number };
  redis?: Redis | null;
  /** What every key this instance sets in Redis starts with (REDIS_KEY_PREFIX). */
  redisKeyPrefix?: string;
};

export const databasePlugin = fp<DatabasePluginOptions>(
  async (app, options) => {
    const db = openDatabase(options.url, {
      poolSize: options.poolSize,
      statementTimeoutMs: options.statementTimeoutMs,
      ...(options.replicas ? { replicas: { ...options.replicas, log: app.log } } : {}),
    });
    app.decorate('db', db);
    const routing = db.replicas ? new ReadRouting(db.replicas, options.redis ?? null, options.replicas!, `${options.redisKeyPrefix ?? ''}wrote:`) : null;
    // Reads go to the primary until the first check has found the replicas in use.
    if (db.replicas) await db.replicas.start();
    app.decorate('readRouteFor', async (actor: Actor | null) => (routing ? routing.routeFor(actor) : null));
    app.decorate('noteWrite', async (actor: Actor | null) => {
      if (routing) await routing.wrote(actor, db.pool);
    });
    const sealer = new Sealer(options.protectedDataKey);
    // The regulation values, loaded when first applied and kept for a while (src/rules/rule.ts).
    const rules = new RuleBook(db.prisma, options.rulesTtlMs);
    app.decorate('rules', rules);
    // Its own connection, outside the pool (it stays open, LISTENing) and outside the statement counts.
    const { Client: _client, ...connection } = poolConfigFromUrl(options.url, { application_name: `${APPLICATION_NAME.primary}/listen` });
    const principals = new PrincipalCache<PrincipalRow[]>(connection, { maxAgeMs: options.principalsTtlMs, log: app.log });
    principals.start();
    app.decorate('principals', principals);
    app.decorate('servicesFor', (actor: Actor, route?: ReadRoute | null) =>
      createServices(route ? { ...db, prisma: route.prisma, reader: route.reader } : db, actor, options.tokens, sealer, rules, principals),
    );
    app.decorate('services', createServices(db, SYSTEM_ACTOR, options.tokens, sealer, rules, principals));
    const digestKey = Buffer.from(hkdfSync('sha256', options.protectedDataKey, 'party-building-service', 'idempotency: request digest', 32));
    app.decorate('requestDigest', (text: string) => createHmac('sha256', digestKey).update(text).digest('hex'));
    app.addHook('onClose', async () => {
      await principals.stop();
      await db.close();
    });
  },
  { name: 'database', fastify: '5.x' },
);
