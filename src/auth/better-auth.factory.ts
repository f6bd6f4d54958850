import { Logger } from '@nestjs/common';
// The minimal build (no Kysely: the Drizzle adapter does the queries) and the two plugins'
// own entry points, not the barrel of every plugin: less to load at start-up.
import { betterAuth } from 'better-auth/minimal';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer } from 'better-auth/plugins/bearer';
import { openAPI } from 'better-auth/plugins/open-api';
import type { Database } from '../infra/database/database.constants';
import { accounts, rateLimits, sessions, users, verifications } from '../infra/database/schema';
import { redactQueryParams } from '../infra/observability/redact-query-params';
import type { AuthModuleOptions } from './auth.options';
import { checkAuthInput } from './auth-input.hook';
import { PASSWORD_MAX, PASSWORD_MIN } from './profile-rules';

const logger = new Logger('BetterAuth');

// Better Auth logs failed queries with their parameters (session tokens among them):
// route its logs through Nest's logger, parameters removed.
function logBetterAuth(level: 'debug' | 'info' | 'warn' | 'error', message: string, ...args: unknown[]): void {
  const details = args
    .map((arg) => redactQueryParams(arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : ''))
    .filter(Boolean);
  const line = [message, ...details].join(': ');
  if (level === 'error') logger.error(line);
  else if (level === 'warn') logger.warn(line);
  else logger.debug(line);
}

export const DEFAULT_AUTH_BASE_PATH = '/api/auth';
/** Set by AuthModule from the socket (and Express's trust proxy), never from the client. */
export const CLIENT_IP_HEADER = 'x-posts-client-ip';

export function createBetterAuth(db: Database, options: AuthModuleOptions) {
  return betterAuth({
    appName: 'Posts API',
    baseURL: options.baseURL,
    basePath: options.basePath ?? DEFAULT_AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [],
    database: drizzleAdapter(db, { provider: 'pg', schema: { users, sessions, accounts, verifications, rateLimits } }),
    user: { modelName: 'users' },
    session: { modelName: 'sessions' },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    emailAndPassword: { enabled: true, minPasswordLength: PASSWORD_MIN, maxPasswordLength: PASSWORD_MAX },
    // Name, image and password rules Better Auth does not have (see profile-rules.ts).
    hooks: { before: checkAuthInput },
    // PostgreSQL generates the UUIDs (gen_random_uuid() defaults).
    advanced: { database: { generateId: 'uuid' }, ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    // Sign-in and sign-up keep Better Auth's stricter built-in rules (3 per 10 s per client).
    rateLimit: {
      enabled: options.rateLimit?.enabled ?? false,
      window: 60,
      max: options.rateLimit?.perMinute ?? 100,
      storage: 'database',
      modelName: 'rateLimits',
    },
    telemetry: { enabled: false },
    // Its schema is served merged into /docs-json (when docs are on), never raw over HTTP.
    disabledPaths: ['/open-api/generate-schema'],
    logger: { log: logBetterAuth },
    // Unexpected errors leave the handler instead of going to better-call's console.error dump
    // (raw, multi-line, with SQL parameters): authRequestMiddleware logs and answers them.
    onAPIError: { throw: true },
    // bearer: `Authorization: Bearer <token>` beside cookies; openAPI: the schema that /docs merges in.
    plugins: [bearer(), openAPI({ disableDefaultReference: true })],
  });
}

export type BetterAuthInstance = ReturnType<typeof createBetterAuth>;
