import type { z } from 'zod';

// PostgreSQL text cannot hold NUL, and jsonb (the audit trail) rejects unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !LONE_SURROGATE.test(value);
}

/** Adds a 400-worthy issue for text the database could not store, instead of a 500 later. */
export function requireStorableText(value: string, ctx: z.RefinementCtx): void {
  if (!isStorableText(value)) {
    ctx.addIssue({ code: 'custom', input: value, message: 'Must not contain NUL characters or unpaired UTF-16 surrogates' });
  }
}
