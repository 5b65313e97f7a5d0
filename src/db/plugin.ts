import { createHmac, hkdfSync } from 'node:crypto';
import fp from 'fastify-plugin';
import { openDatabase, type Database } from './database.js';
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
    /** The services acting for someone: what every request uses. */
    servicesFor(actor: Actor): Services;
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
export const databasePlugin = fp<{ url: string; poolSize: number; statementTimeoutMs: number; tokens: TokenSettings; protectedDataKey: string; rulesTtlMs?: number; principalsTtlMs: number }>(
  async (app, options) => {
    const db = openDatabase(options.url, { poolSize: options.poolSize, statementTimeoutMs: options.statementTimeoutMs });
    app.decorate('db', db);
    const sealer = new Sealer(options.protectedDataKey);
    // The regulation values, loaded when first applied and kept for a while (src/rules/rule.ts).
    const rules = new RuleBook(db.prisma, options.rulesTtlMs);
    app.decorate('rules', rules);
    // Its own connection, outside the pool (it stays open, LISTENing) and outside the statement counts.
    const { Client: _client, ...connection } = poolConfigFromUrl(options.url);
    const principals = new PrincipalCache<PrincipalRow[]>(connection, { maxAgeMs: options.principalsTtlMs, log: app.log });
    principals.start();
    app.decorate('principals', principals);
    app.decorate('servicesFor', (actor: Actor) => createServices(db, actor, options.tokens, sealer, rules, principals));
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
