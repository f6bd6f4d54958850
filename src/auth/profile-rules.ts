import { z } from 'zod';
import { codePointString } from '../common/code-point-length';
import { isCommonPassword } from './common-passwords';

export const NAME_MAX = 100;
export const IMAGE_MAX = 2048;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 128;

// The same rules hold in the database (users_name_check, users_image_check in schema/auth.schema.ts).
export const userNameSchema = codePointString(
  {
    min: 1,
    max: NAME_MAX,
    tooShort: 'Name is required',
    tooLong: `Name must be at most ${NAME_MAX} characters`,
    invisible: 'Name must contain at least one visible character',
    controls: 'Name must not contain control characters (line breaks, tabs, escapes)',
  },
  z.string({ error: 'Name must be a string' }),
);

// The scheme and the start of a host: the document's pattern, and the first check here.
const HTTP_URL = '^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]';
const HTTP_URL_PATTERN = new RegExp(HTTP_URL);

export const userImageSchema = z
  .string({ error: 'Image must be an http(s) URL or null' })
  .max(IMAGE_MAX, `Image must be a URL of at most ${IMAGE_MAX} characters`)
  .refine((image) => HTTP_URL_PATTERN.test(image) && URL.canParse(image), 'Image must be an http(s) URL or null')
  .meta({ pattern: HTTP_URL })
  .nullable();

/** Why `password` is refused, in Better Auth's error terms, or undefined when it is strong enough. */
export function passwordProblem(password: unknown): { code: string; message: string } | undefined {
  if (typeof password !== 'string') return undefined; // Better Auth's own validation says so
  const length = [...password].length;
  if (length < PASSWORD_MIN) return { code: 'PASSWORD_TOO_SHORT', message: `Password must be at least ${PASSWORD_MIN} characters` };
  if (length > PASSWORD_MAX) return { code: 'PASSWORD_TOO_LONG', message: `Password must be at most ${PASSWORD_MAX} characters` };
  if (isCommonPassword(password)) {
    return { code: 'PASSWORD_TOO_COMMON', message: 'This password is one of the most common ones; choose another' };
  }
  return undefined;
}
