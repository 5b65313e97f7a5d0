import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { UnknownUsernameThrottle, type SignInSettings, type UsernameThrottle } from './auth.service.js';

/**
 * One attempt on an unknown username, as the users table counts a real account's: refused
 * while the name is locked; otherwise one more failure, and the lock when there are enough.
 * A count is kept a day after the last attempt (a real account's stays until a success, which
 * an unknown name never has), the lock as long as the lockout.
 */
const ATTEMPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local failures = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 86400000)
if failures >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
  redis.call('DEL', KEYS[1])
end
return 1`;

/**
 * Failed sign-ins of unknown usernames counted in Redis, so that every instance behind a load
 * balancer sees the same count and lock as the database gives a real account. While Redis
 * does not answer, the process counts on its own (as without Redis) rather than letting every
 * attempt through.
 */
export class RedisUsernameThrottle implements UsernameThrottle {
  private readonly local = new UnknownUsernameThrottle();

  constructor(
    private readonly redis: Redis,
    /** REDIS_KEY_PREFIX and what these keys are. */
    private readonly prefix: string,
  ) {}

  async attempt(username: string, settings: SignInSettings): Promise<boolean> {
    const name = createHash('sha256').update(username).digest('hex');
    try {
      const allowed = await this.redis.eval(ATTEMPT, 2, `${this.prefix}failures:${name}`, `${this.prefix}locked:${name}`, settings.maxFailures, settings.lockoutMinutes * 60_000);
      return allowed === 1;
    } catch {
      return this.local.attempt(username, settings);
    }
  }
}
