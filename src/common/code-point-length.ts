import { z } from 'zod';
import { hasVisibleCharacter, requireStorableText } from './storable-text';

interface Bounds {
  min: number;
  max: number;
  tooShort: string;
  tooLong: string;
  /** When set, text with no visible character (only spaces, zero-width or bidi marks) fails with this. */
  invisible?: string;
}

/**
 * A string whose length counts Unicode code points (as PostgreSQL and JSON Schema
 * do), not UTF-16 units as zod's min/max would; the bounds still show in OpenAPI.
 * Text PostgreSQL cannot store is rejected too.
 */
export function codePointString({ min, max, tooShort, tooLong, invisible }: Bounds, base: z.ZodString = z.string()) {
  return base
    .superRefine((value, ctx) => {
      requireStorableText(value, ctx);
      const length = [...value].length;
      if (length < min) {
        ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: value, message: tooShort });
      } else if (length > max) {
        ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value, message: tooLong });
      } else if (invisible && !hasVisibleCharacter(value)) {
        ctx.addIssue({ code: 'custom', input: value, message: invisible });
      }
    })
    .meta({ minLength: min, maxLength: max });
}
