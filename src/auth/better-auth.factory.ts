import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { bearer, openAPI } from 'better-auth/plugins';
import type { Database } from '../database/database.constants';
import { accounts, sessions, users, verifications } from '../database/schema';
import type { AuthModuleOptions } from './auth.options';

export const DEFAULT_AUTH_BASE_PATH = '/api/auth';

export function createBetterAuth(db: Database, options: AuthModuleOptions) {
  return betterAuth({
    appName: 'Posts API',
    baseURL: options.baseURL,
    basePath: options.basePath ?? DEFAULT_AUTH_BASE_PATH,
    secret: options.secret,
    trustedOrigins: options.trustedOrigins ?? [],
    database: drizzleAdapter(db, { provider: 'pg', schema: { users, sessions, accounts, verifications } }),
    user: { modelName: 'users' },
    session: { modelName: 'sessions' },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    emailAndPassword: { enabled: true },
    // PostgreSQL generates the UUIDs (gen_random_uuid() defaults).
    advanced: { database: { generateId: 'uuid' } },
    telemetry: { enabled: false },
    // bearer: `Authorization: Bearer <token>` beside cookies; openAPI: the schema that /docs merges in.
    plugins: [bearer(), openAPI({ disableDefaultReference: true })],
  });
}

export type BetterAuthInstance = ReturnType<typeof createBetterAuth>;
