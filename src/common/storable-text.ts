import type { z } from 'zod';

// PostgreSQL text cannot hold NUL, and jsonb (the audit trail) rejects unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls: line breaks and escapes in a name can forge log lines and UI text.
const CONTROL = /\p{Cc}/u;
// Visible: not a separator, control, format (zero-width, bidi overrides), private-use or
// unassigned code point, nor a combining mark alone, nor one of the blank "letters".
const VISIBLE_CHARACTER = '[^\\p{Z}\\p{C}\\p{M}\\u115F\\u1160\\u3164\\uFFA0\\u2800]';
const VISIBLE = new RegExp(VISIBLE_CHARACTER, 'u');
// Any code point but NUL, and no UTF-16 surrogate left unpaired (with the `u` flag a pair is one code point).
const STORABLE_CHARACTER = '[^\\u0000\\uD800-\\uDFFF]';

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

export interface TextRules {
  min: number;
  max: number;
  /** Checked after trimming surrounding white space. */
  trim?: boolean;
  /** Needs a visible character. */
  visible?: boolean;
  /** No C0 or C1 control characters. */
  noControls?: boolean;
}

/**
 * The text rules as one ECMAScript pattern (JSON Schema's, with the `u` flag), so the
 * OpenAPI document refuses what the service refuses. Lengths count code points; with
 * `trim`, the length is that of the text between the surrounding white space. Without
 * `trim` the pattern leaves the length to the schema's minLength and maxLength.
 */
export function textPattern({ min, max, trim, visible, noControls }: TextRules): string {
  const character = noControls ? '[^\\p{Cc}\\uD800-\\uDFFF]' : STORABLE_CHARACTER;
  const needsVisible = visible ? `(?=[\\s\\S]*${VISIBLE_CHARACTER})` : '';
  // Untrimmed, minLength/maxLength carry the bounds: a generator cannot expand {10,100000}.
  const text = trim ? `\\s*(?=\\S)${character}{${min},${max}}(?<=\\S)\\s*` : `${character}*`;
  return `^${needsVisible}${text}$`;
}
