import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthModuleOptions } from '../auth/auth.options';
import type { Env } from './env';
import type { HttpPlatform } from '../http/platform';
import type { DatabaseModuleOptions } from '../infra/database/database.options';
import type { LoggingOptions } from '../infra/logging/logging.module';
import type { MetricsOptions } from '../infra/metrics/metrics.module';
import type { RateLimitOptions } from '../infra/rate-limit/rate-limit.options';

/** Everything the standalone app is configured with, derived once from the environment. */
export interface AppConfig {
  port: number;
  /** The HTTP platform Nest runs on (HTTP_PLATFORM; the testing kit reads it itself). */
  platform?: HttpPlatform;
  database: DatabaseModuleOptions;
  auth: AuthModuleOptions;
  rateLimit: RateLimitOptions;
  logging: LoggingOptions;
  /** The platform's trust-proxy setting, so the client address (rate limits, logs) is the real one. */
  trustProxy?: boolean | number | string;
  shutdownTimeoutMs: number;
  /** Prometheus metrics: on the app's /metrics, on a port of their own, or off. */
  metrics: MetricsOptions | false;
  /** Swagger UI at /docs and the document at /docs-json. */
  docs: boolean;
}

/** The database settings, on their own for the db:* commands. */
export function databaseOptionsFromEnv(env: Env): DatabaseModuleOptions {
  return {
    url: env.DATABASE_URL,
    pooler: env.DATABASE_POOLER,
    directUrl: env.DATABASE_DIRECT_URL,
    replicaUrls: env.DATABASE_REPLICA_URLS,
    replicaMaxLagMs: env.DATABASE_REPLICA_MAX_LAG_MS,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    migrate: env.DATABASE_MIGRATE,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    directTransactions: env.DATABASE_DIRECT_TRANSACTIONS,
    migrationLockTimeoutMs: env.DATABASE_MIGRATION_LOCK_TIMEOUT_MS,
    migrationStatementTimeoutMs: env.DATABASE_MIGRATION_STATEMENT_TIMEOUT_MS,
    migrationRetries: env.DATABASE_MIGRATION_RETRIES,
    backupDir: env.DATABASE_BACKUP_BEFORE_MIGRATE ? env.BACKUP_DIR : undefined,
  };
}

export function appConfigFromEnv(env: Env): AppConfig {
  return {
    port: env.PORT,
    platform: env.HTTP_PLATFORM,
    database: databaseOptionsFromEnv(env),
    auth: {
      secret: env.BETTER_AUTH_SECRET ?? developmentSecret(),
      baseURL: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
      trustedOrigins: env.TRUSTED_ORIGINS,
      rateLimit: { enabled: env.RATE_LIMIT_ENABLED },
      fastSessionLookup: env.AUTH_FAST_SESSION_LOOKUP,
    },
    rateLimit: {
      enabled: env.RATE_LIMIT_ENABLED,
      perMinute: env.RATE_LIMIT_PER_MINUTE,
      writesPerMinute: env.RATE_LIMIT_WRITES_PER_MINUTE,
      redisUrl: env.REDIS_URL,
    },
    logging: { level: env.LOG_LEVEL, pretty: env.NODE_ENV === 'development' },
    trustProxy: env.TRUST_PROXY,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    // In production metrics are served on METRICS_PORT only, never on the public port.
    metrics: env.METRICS_PORT !== undefined ? { port: env.METRICS_PORT } : env.NODE_ENV === 'production' ? false : {},
    docs: env.DOCS_ENABLED ?? env.NODE_ENV !== 'production',
  };
}

// Outside production a missing secret is generated, so a first run needs no setup;
// sessions then end with the process.
function developmentSecret(): string {
  new Logger('Config').warn('BETTER_AUTH_SECRET is not set: using a random secret; sessions end when the process stops');
  return randomBytes(32).toString('base64');
}
