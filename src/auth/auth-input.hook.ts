import { APIError, createAuthMiddleware } from 'better-auth/api';
import type { z } from 'zod';
import { passwordProblem, userImageSchema, userNameSchema } from './profile-rules';

// Better Auth's bodies are checked by its own schemas, which take any length of name and
// any JSON as image; ours apply on top, before Better Auth does any work.
const PROFILE_FIELDS: Record<string, z.ZodType> = { name: userNameSchema, image: userImageSchema };
const PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
};
const PROFILE_PATHS = new Set(['/sign-up/email', '/update-user']);
// Better Auth reads these with z.coerce.boolean: "false" and "^ k" would both mean true.
const BOOLEAN_QUERY: Record<string, string[]> = { '/get-session': ['disableCookieCache', 'disableRefresh'] };

/**
 * Better Auth `hooks.before`: a 400 in Better Auth's shape for a bad name, image, weak
 * password or a flag that is not true or false; flags reach Better Auth as booleans.
 */
export const checkAuthInput = createAuthMiddleware(async (ctx) => {
  const body = (ctx.body ?? {}) as Record<string, unknown>;
  if (PROFILE_PATHS.has(ctx.path)) {
    for (const [field, schema] of Object.entries(PROFILE_FIELDS)) {
      if (body[field] === undefined) continue; // required or not: Better Auth's own schema says
      const result = schema.safeParse(body[field]);
      if (!result.success) {
        throw new APIError('BAD_REQUEST', { code: `INVALID_${field.toUpperCase()}`, message: result.error.issues[0]!.message });
      }
    }
  }
  const passwordField = PASSWORD_FIELD[ctx.path];
  const problem = passwordField ? passwordProblem(body[passwordField]) : undefined;
  if (problem) throw new APIError('BAD_REQUEST', problem);
  const flags = BOOLEAN_QUERY[ctx.path];
  if (flags && ctx.query) return { context: { query: booleanFlags(ctx.query as Record<string, unknown>, flags) } };
});

function booleanFlags(query: Record<string, unknown>, flags: string[]): Record<string, unknown> {
  const parsed = { ...query };
  for (const flag of flags) {
    const value = parsed[flag];
    if (value === undefined || typeof value === 'boolean') continue;
    if (value !== 'true' && value !== 'false') {
      throw new APIError('BAD_REQUEST', { code: 'INVALID_QUERY', message: `${flag} must be true or false` });
    }
    parsed[flag] = value === 'true';
  }
  return parsed;
}
