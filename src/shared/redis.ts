import { Redis } from 'ioredis';

type Logger = { warn(object: object, message: string): void; info(object: object, message: string): void };

/**
 * What a Redis error may tell the logs: ioredis attaches the command that failed, and the
 * first one of a connection is AUTH with the password.
 */
export function redisErrorSummary(error: unknown): { message: string; code?: string } {
  const { message, code } = error as { message?: string; code?: string };
  return { message: String(message ?? error), ...(code ? { code } : {}) };
}

/**
 * A connection to the Redis that instances share (REDIS_URL): the rate limit's counters, the
 * throttle of unknown usernames, and where each caller last wrote (read-your-writes).
 *
 * Commands fail at once while Redis is unreachable (no offline queue), so a request never
 * waits on it: the rate limit lets requests through, the throttle counts in the process, and
 * reads go to the primary, until it is back (ioredis reconnects on its own).
 */
export function openRedis(url: string, log?: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    commandTimeout: 1_000,
    // Back off up to 5 s between attempts, for ever.
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
    lazyConnect: true,
  });
  let reported = false;
  redis.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    log?.warn({ redisError: redisErrorSummary(error) }, 'redis unavailable: rate limits and throttles count per instance, reads go to the primary, until it is back');
  });
  redis.on('ready', () => {
    if (reported) log?.info({}, 'redis available again');
    reported = false;
  });
  return redis;
}

/** Connects, waiting at most `ms`: a Redis that is down at start does not stop the service. */
export async function connectRedis(redis: Redis, ms = 3_000): Promise<boolean> {
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([connected, timeout]);
}

/** Whether Redis answers now (for /health/ready). */
export async function redisAnswers(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The Redis the instances share (REDIS_URL); null when each process keeps its own counts. */
    redis: Redis | null;
  }
}
