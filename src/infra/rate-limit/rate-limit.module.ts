import { type DynamicModule, Inject, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { optionsModule, type AsyncModuleOptions } from '../../common/async-options';
import { requestPath } from '../../common/request-path';
import { nodeRequest, type NodeRequest } from '../../common/node-http';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';
import { RedisOrMemoryStorage } from './redis-or-memory.storage';
import { RATE_LIMIT_OPTIONS, type RateLimitOptions } from './rate-limit.options';

const REDIS_STORAGE = Symbol('RATE_LIMIT_REDIS_STORAGE');
const MINUTE_MS = 60_000;
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Probes and scrapers must never be turned away.
const UNLIMITED_PATHS = /^\/(health|metrics)(\/|$)/;

function request(context: ExecutionContext): NodeRequest {
  return nodeRequest(context.switchToHttp().getRequest<object>());
}

function throttlerOptions(options: RateLimitOptions, redis: ThrottlerStorage | null): ThrottlerModuleOptions {
  return {
    throttlers: [
      { name: 'default', ttl: MINUTE_MS, limit: options.perMinute },
      {
        name: 'writes',
        ttl: MINUTE_MS,
        limit: options.writesPerMinute,
        skipIf: (context) => READ_METHODS.has(request(context).method ?? ''),
      },
    ],
    skipIf: (context) => !options.enabled || UNLIMITED_PATHS.test(requestPath(request(context))),
    // One budget per client and throttler, whichever route it calls.
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    storage: redis ?? undefined,
    errorMessage: 'Too many requests; retry after the number of seconds in Retry-After',
  };
}

/** Holds the options and the Redis storage made from them, for RateLimitModule and ThrottlerModule both. */
@Module({})
class RateLimitSettings implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(REDIS_STORAGE) private readonly redis: RedisOrMemoryStorage | null) {}

  async onModuleInit(): Promise<void> {
    await this.redis?.ready();
  }

  onApplicationShutdown(): void {
    this.redis?.close();
  }
}

/**
 * @nestjs/throttler for the whole app: `perMinute` per client on every route and
 * `writesPerMinute` more on writes, counted per client across routes, in memory
 * or in Redis, before any body is parsed (see RateLimiter). 429s become problem+json with
 * Retry-After in the problem filter (Better Auth's error shape under its routes).
 */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return RateLimitModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AsyncModuleOptions<RateLimitOptions>): DynamicModule {
    const settings = optionsModule(RateLimitSettings, RATE_LIMIT_OPTIONS, options, [
      {
        provide: REDIS_STORAGE,
        inject: [RATE_LIMIT_OPTIONS],
        useFactory: ({ enabled, redisUrl, keyPrefix }: RateLimitOptions) =>
          enabled && redisUrl ? new RedisOrMemoryStorage(redisUrl, keyPrefix ?? 'posts:throttle:') : null,
      },
    ]);
    return {
      module: RateLimitModule,
      imports: [
        settings,
        ThrottlerModule.forRootAsync({ imports: [settings], inject: [RATE_LIMIT_OPTIONS, REDIS_STORAGE], useFactory: throttlerOptions }),
      ],
      // Not an APP_GUARD: configureApp mounts RateLimiter before the body parsers.
      providers: [RateLimitGuard, RateLimiter],
      exports: [RateLimiter],
    };
  }
}
