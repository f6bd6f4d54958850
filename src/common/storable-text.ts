import type { z } from 'zod';

// PostgreSQL text cannot hold NUL, and jsonb (the audit trail) rejects unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls: line breaks and escapes in a name can forge log lines and UI text.
const CONTROL = /\p{Cc}/u;
// Visible: not a separator, control, format (zero-width, bidi overrides), private-use or
// unassigned code point, nor a combining mark alone, nor one of the blank "letters".
const VISIBLE = /[^\p{Z}\p{C}\p{M}\u115F\u1160\u3164\uFFA0\u2800]/u;

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

export function hasVisibleCharacter(value: string): boolean {
  return VISIBLE.test(value);
}

/** Adds a 400-worthy issue for text the database could not store, instead of a 500 later. */
export function requireStorableText(value: string, ctx: z.RefinementCtx): void {
  if (!isStorableText(value)) {
    ctx.addIssue({ code: 'custom', input: value, message: 'Must not contain NUL characters or unpaired UTF-16 surrogates' });
  }
}
