import { z } from 'zod';
import { hasControlCharacters, hasVisibleCharacter, NO_LONE_SURROGATE_SCHEMA, requireStorableText, textPattern } from './storable-text';

interface Bounds {
  min: number;
  max: number;
  tooShort: string;
  tooLong: string;
  /** Trims surrounding white space first: the bounds hold for what is stored. */
  trim?: boolean;
  /** When set, text with no visible character (only spaces, zero-width or bidi marks) fails with this. */
  invisible?: string;
  /** When set, text with a control character (line break, tab, escape) fails with this. */
  controls?: string;
  /**
   * A query parameter: its UTF-8 cannot carry a lone surrogate, so the document leaves out
   * the `if` that refuses them (which Nest's Swagger would put beside the parameter's schema).
   */
  inQuery?: boolean;
}

/**
 * A string whose length counts Unicode code points (as PostgreSQL and JSON Schema
 * do), not UTF-16 units as zod's min/max would. Text PostgreSQL cannot store is
 * rejected too. The OpenAPI document gets every rule as a pattern (lone surrogates in a
 * second one: see NO_LONE_SURROGATE_SCHEMA), and the bounds
 * as minLength/maxLength where they hold for the text as sent: a trimmed text is at
 * least `min` long as sent too, but may be longer than `max` (for tools that cannot
 * run the pattern's Unicode classes, such as Python's `re`).
 */
export function codePointString(
  { min, max, tooShort, tooLong, trim, invisible, controls, inQuery }: Bounds,
  base: z.ZodString = z.string(),
) {
  const pattern = textPattern({ min, max, trim, visible: invisible !== undefined, noControls: controls !== undefined });
  return (trim ? base.trim() : base)
    .superRefine((value, ctx) => {
      requireStorableText(value, ctx);
      const length = [...value].length;
      if (length < min) {
        ctx.addIssue({ code: 'too_small', origin: 'string', minimum: min, inclusive: true, input: value, message: tooShort });
      } else if (length > max) {
        ctx.addIssue({ code: 'too_big', origin: 'string', maximum: max, inclusive: true, input: value, message: tooLong });
      } else if (invisible && !hasVisibleCharacter(value)) {
        ctx.addIssue({ code: 'custom', input: value, message: invisible });
      } else if (controls && hasControlCharacters(value)) {
        ctx.addIssue({ code: 'custom', input: value, message: controls });
      }
    })
    .meta({ pattern, minLength: min, ...(trim ? {} : { maxLength: max }), ...(inQuery ? {} : NO_LONE_SURROGATE_SCHEMA) });
}
