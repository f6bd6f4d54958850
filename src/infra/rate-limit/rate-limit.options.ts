export interface RateLimitOptions {
  /** false switches every limiter off (benchmarks, black-box test runs). */
  enabled: boolean;
  /** Requests per client per minute, any method. */
  perMinute: number;
  /** Writes (POST, PUT, PATCH, DELETE) per client per minute, counted on top of `perMinute`. */
  writesPerMinute: number;
  /**
   * With a Redis URL the counters are shared by every instance of the app. While Redis cannot
   * answer (within 500 ms), each instance counts in its own memory and logs a warning.
   */
  redisUrl?: string;
  /** Prefix of the Redis keys, so apps sharing a Redis keep apart. */
  keyPrefix?: string;
}

/** Injection token of the options RateLimitModule was given. */
export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');
