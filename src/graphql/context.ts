import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.js';
import { todayInVietnam, type IsoDate } from '../shared/dates.js';
import type { Services } from '../services.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { SubtreeChanges } from '../modules/due-items/due-items.live.js';

export type GraphQLContext = {
  db: Database;
  services: Services;
  loaders: Loaders;
  /** The default "as of" date of this request. */
  today: IsoDate;
  requestId: string;
  log: FastifyBaseLogger;
  /** Subscriptions: the topics events are published to (Mercurius's pubsub). */
  pubsub?: { subscribe(topic: string): Promise<AsyncIterable<unknown>> };
  /** Subscriptions: the services for the connected caller as they are now (rights read again). */
  servicesNow?: () => Promise<Services>;
  /** Subscriptions: the announcements of changes in the tree. */
  subtreeChanges?: SubtreeChanges;
};

export function buildContext(request: FastifyRequest): GraphQLContext {
  const services = request.services;
  return {
    db: request.server.db,
    services,
    loaders: createLoaders(services),
    today: todayInVietnam(),
    requestId: String(request.id),
    log: request.log,
  };
}
