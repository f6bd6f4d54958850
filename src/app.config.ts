import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuthModuleOptions } from './auth/auth.options';
import type { Env } from './config/env';
import type { DatabaseModuleOptions } from './database/database.options';

/** Everything the standalone app is configured with, derived once from the environment. */
export interface AppConfig {
  port: number;
  database: DatabaseModuleOptions;
  auth: AuthModuleOptions;
}

export function appConfigFromEnv(env: Env): AppConfig {
  return {
    port: env.PORT,
    database: {
      url: env.DATABASE_URL,
      dataDir: env.DATA_DIR,
      poolSize: env.DATABASE_POOL_SIZE,
      migrate: env.DATABASE_MIGRATE,
    },
    auth: {
      secret: env.BETTER_AUTH_SECRET ?? developmentSecret(),
      baseURL: env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`,
      trustedOrigins: env.TRUSTED_ORIGINS,
    },
  };
}

// Outside production a missing secret is generated, so a first run needs no setup;
// sessions then end with the process.
function developmentSecret(): string {
  new Logger('Config').warn('BETTER_AUTH_SECRET is not set: using a random secret; sessions end when the process stops');
  return randomBytes(32).toString('base64');
}
