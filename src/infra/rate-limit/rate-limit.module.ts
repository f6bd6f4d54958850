import { type DynamicModule, Inject, Module, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Request } from 'express';
import type { ExecutionContext } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import type { RateLimitOptions } from './rate-limit.options';

const REDIS_STORAGE = Symbol('RATE_LIMIT_REDIS_STORAGE');
const MINUTE_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Probes and scrapers must never be turned away.
const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

function request(context: ExecutionContext): Request {
  return context.switchToHttp().getRequest<Request>();
}

/**
 * @nestjs/throttler for the whole app: `perMinute` per client on every route and
 * `writesPerMinute` more on writes, counted per client across routes, in memory
 * or in Redis, before any body is parsed (see RateLimiter). 429s become problem+json with
 * Retry-After in the problem filter (Better Auth's error shape under its routes).
 */
@Module({})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS_STORAGE) private readonly redis?: ThrottlerStorageRedisService) {}

  static forRoot(options: RateLimitOptions): DynamicModule {
    if (!options.enabled) return { module: RateLimitModule };
    const redis = options.redisUrl
      ? new ThrottlerStorageRedisService(options.redisUrl, { keyPrefix: options.keyPrefix ?? 'posts:throttle:', lazyConnect: false })
      : undefined;
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [
            { name: 'default', ttl: MINUTE_MS, limit: options.perMinute },
            {
              name: 'writes',
              ttl: MINUTE_MS,
              limit: options.writesPerMinute,
              skipIf: (context) => READ_METHODS.has(request(context).method),
            },
          ],
          skipIf: (context) => UNLIMITED_PATHS.test(request(context).path),
          // One budget per client and throttler, whichever route it calls.
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          storage: redis as ThrottlerStorage | undefined,
          errorMessage: 'Too many requests; retry after the number of seconds in Retry-After',
        }),
      ],
      // Not an APP_GUARD: configureApp mounts RateLimiter before the body parsers.
      providers: [RateLimitGuard, RateLimiter, ...(redis ? [{ provide: REDIS_STORAGE, useValue: redis }] : [])],
      exports: [RateLimiter],
    };
  }

  onApplicationShutdown(): void {
    this.redis?.onModuleDestroy();
  }
}
