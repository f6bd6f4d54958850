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

/** Better Auth `hooks.before`: a 400 in Better Auth's shape for a bad name, image or weak password. */
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
});
