import { z } from 'zod';
import { estimatedEntropyBits } from './secret-entropy';

const port = z.coerce.number().int().min(1).max(65535);

const databaseUrl = z.string().refine((url) => /^(memory:\/\/|postgres(ql)?:\/\/)/.test(url), {
  message: 'expected memory:// or a postgres:// URL (leave unset for the embedded database in DATA_DIR)',
});

// An origin is scheme://host[:port]: a trailing slash is dropped, anything else that CORS
// would not match exactly (a path, a wildcard, which Better Auth honours and CORS does not) is refused.
const origin = z.string().transform((value, ctx) => {
  const trimmed = value.replace(/\/+$/, '');
  if (trimmed.includes('*')) {
    ctx.addIssue({ code: 'custom', message: `wildcards are not supported (${value}): list each origin` });
    return z.NEVER;
  }
  if (!URL.canParse(trimmed) || new URL(trimmed).origin !== trimmed) {
    ctx.addIssue({ code: 'custom', message: `expected origins such as https://app.example.com, without a path (${value})` });
    return z.NEVER;
  }
  return trimmed;
});
// A comma-separated list, blanks dropped, each item checked by `item`.
const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
const origins = commaList(origin);

const MIN_SECRET_BITS = 128;

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

// Express's `trust proxy` (Fastify's `trustProxy`): true/false, a hop count, or addresses/subnets.
const trustProxy = z.string().transform((value): boolean | number | string => {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
});

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    HTTP_PLATFORM: z.enum(['express', 'fastify']).default('express'),
    DATABASE_URL: databaseUrl.optional(),
    DATABASE_POOLER: z.enum(['none', 'transaction']).default('none'),
    DATABASE_DIRECT_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
      .optional(),
    DATABASE_REPLICA_URLS: commaList(z.string().regex(/^postgres(ql)?:\/\//, 'expected postgres:// URLs, comma-separated')).default([]),
    DATABASE_REPLICA_MAX_LAG_MS: milliseconds(1_000),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATABASE_MIGRATE: z.stringbool().default(true),
    DATABASE_CONNECT_TIMEOUT_MS: milliseconds(5_000),
    DATABASE_QUERY_TIMEOUT_MS: milliseconds(2_000),
    DATABASE_DIRECT_TRANSACTIONS: z.stringbool().default(true),
    DATABASE_MIGRATION_LOCK_TIMEOUT_MS: milliseconds(5_000),
    DATABASE_MIGRATION_STATEMENT_TIMEOUT_MS: milliseconds(600_000),
    DATABASE_MIGRATION_RETRIES: z.coerce.number().int().min(0).max(20).default(3),
    DATABASE_BACKUP_BEFORE_MIGRATE: z.stringbool().default(true),
    BACKUP_DIR: z.string().min(1).default('./backups'),
    DATA_DIR: z.string().min(1).default('./.data'),
    BETTER_AUTH_SECRET: z.string().min(32, 'expected at least 32 characters').optional(),
    BETTER_AUTH_URL: z.url().optional(),
    AUTH_FAST_SESSION_LOOKUP: z.stringbool().default(true),
    TRUSTED_ORIGINS: origins.default([]),
    TRUST_PROXY: trustProxy.optional(),
    RATE_LIMIT_ENABLED: z.stringbool().default(true),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(300),
    RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SENTRY_DSN: z.url().optional(),
    SENTRY_ENVIRONMENT: z.string().optional(),
    SHUTDOWN_TIMEOUT_MS: milliseconds(10_000),
    METRICS_PORT: port.optional(),
    DOCS_ENABLED: z.stringbool().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.BETTER_AUTH_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['BETTER_AUTH_SECRET'],
        message: 'required when NODE_ENV=production (generate one with `openssl rand -base64 32`)',
      });
    }
    const bits = env.BETTER_AUTH_SECRET ? estimatedEntropyBits(env.BETTER_AUTH_SECRET) : MIN_SECRET_BITS;
    if (env.NODE_ENV === 'production' && bits < MIN_SECRET_BITS) {
      ctx.addIssue({
        code: 'custom',
        path: ['BETTER_AUTH_SECRET'],
        message: `too easy to guess (about ${bits} bits of entropy, at least ${MIN_SECRET_BITS} needed): generate one with \`openssl rand -base64 32\``,
      });
    }
    if (env.DATABASE_POOLER === 'transaction' && !env.DATABASE_DIRECT_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_DIRECT_URL'],
        message:
          'required when DATABASE_POOLER=transaction: migrations need a session of their own on the server itself, not through the pooler',
      });
    }
    if (env.DATABASE_POOLER === 'transaction' && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_POOLER'],
        message: "transaction needs DATABASE_URL to be the pooler's postgres:// URL",
      });
    }
    if (env.DATABASE_REPLICA_URLS.length > 0 && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL ?? '')) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_REPLICA_URLS'],
        message: "replicas need DATABASE_URL to be their primary's postgres:// URL",
      });
    }
    if (env.NODE_ENV === 'production' && env.TRUST_PROXY === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_PROXY'],
        message:
          'true trusts any X-Forwarded-For a client sends, so it can pick its own address and escape rate limits: give the number of proxies in front (e.g. 1) or their addresses',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid environment:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

// Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const defined = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(defined);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      // The variable's name alone: TRUSTED_ORIGINS, not TRUSTED_ORIGINS.0.
      result.error.issues.map((issue) => `${String(issue.path[0] ?? '(env)')}: ${issue.message}`),
    );
  }
  return result.data;
}
