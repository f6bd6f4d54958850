import { Logger } from '@nestjs/common';
import { type ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';

// A request waits at most this long on Redis before it is counted in memory instead.
const REDIS_COMMAND_TIMEOUT_MS = 500;
// While Redis stays unreachable, say so once per this interval rather than once per request.
const WARN_EVERY_MS = 30_000;

/**
 * Counts in Redis, shared by every instance; while Redis cannot answer, each instance counts
 * in its own memory instead, so an outage neither stalls requests nor lifts the limits.
 */
export class RedisOrMemoryStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly redis: ThrottlerStorageRedisService;
  private readonly memory = new ThrottlerStorageService();
  private lastWarning = 0;

  constructor(redisUrl: string, keyPrefix: string) {
    this.redis = new ThrottlerStorageRedisService(redisUrl, {
      keyPrefix,
      // Fail fast: no queue of commands waiting for a connection, one retry, a bounded wait.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      connectTimeout: REDIS_COMMAND_TIMEOUT_MS * 4,
    });
    // ioredis reconnects by itself; without a listener its 'error' events would be unhandled.
    this.redis.redis.on('error', (error: Error) => this.warn(error));
  }

  /** Resolves once Redis is connected, or after a bounded wait (the memory counts meanwhile). */
  async ready(): Promise<void> {
    const redis = this.redis.redis;
    if (redis.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, REDIS_COMMAND_TIMEOUT_MS * 4);
      redis.once('ready', done);
      function done(): void {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      }
    });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): ReturnType<ThrottlerStorage['increment']> {
    try {
      return await this.redis.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warn(error as Error);
      return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  close(): void {
    this.redis.onModuleDestroy();
    this.memory.onApplicationShutdown();
  }

  private warn(error: Error): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(`Redis is unreachable (${error.message}); each instance counts its own clients until it answers`);
  }
}
