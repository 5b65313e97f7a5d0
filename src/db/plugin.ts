import fp from 'fastify-plugin';
import { openDatabase, type Database } from './database.js';
import { createServices, type Services } from '../services.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    services: Services;
  }
}

/** The database pool and Prisma client, and the module services built on them. Closed with the app. */
export const databasePlugin = fp<{ url: string; poolSize: number }>(
  async (app, options) => {
    const db = openDatabase(options.url, { poolSize: options.poolSize });
    app.decorate('db', db);
    app.decorate('services', createServices(db));
    app.addHook('onClose', async () => db.close());
  },
  { name: 'database', fastify: '5.x' },
);
