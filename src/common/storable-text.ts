import type { z } from 'zod';

// PostgreSQL text cannot hold NUL, and jsonb (the audit trail) rejects unpaired surrogates.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 and C1 controls: line breaks and escapes in a name can forge log lines and UI text.
const CONTROL = /\p{Cc}/u;
// Visible: not a separator, control, format (zero-width, bidi overrides), private-use or
// unassigned code point, nor a combining mark alone, nor one of the blank "letters".
const VISIBLE_CHARACTER = '[^\\p{Z}\\p{C}\\p{M}\\u115F\\u1160\\u3164\\uFFA0\\u2800]';
const VISIBLE = new RegExp(VISIBLE_CHARACTER, 'u');
// Any code point but NUL. Lone surrogates are refused by a pattern of their own
// (NO_LONE_SURROGATE_SCHEMA): engines on Unicode scalar values (Rust's, in jsonschema-rs)
// cannot compile a pattern that names a surrogate, and would lose the whole rule with it.
const STORABLE_CHARACTER = '[^\\u0000]';

/**
 * JSON Schema keywords that refuse unpaired UTF-16 surrogates (with the `u` flag a pair is one
 * code point, outside the range). An `if` rather than `allOf`, which makes @nestjs/swagger drop
 * the property's `type`; a tool that drops a pattern it cannot compile leaves `if: {}`, which
 * refuses nothing. `else` is `{ not: {} }`, not `false`: Redocly wants a schema object there.
 */
export const NO_LONE_SURROGATE_SCHEMA = { if: { pattern: '^[^\\uD800-\\uDFFF]*$' }, else: { not: {} } };

// C0 and C1 controls (General_Category Cc, fixed by Unicode), spelled out: Python's `re`, which
// generators such as Hypothesis use, has no `\p{Cc}`.
const NO_CONTROL_CHARACTER = '[^\\u0000-\\u001F\\u007F-\\u009F]';
// What JavaScript trims (String.prototype.trim, zod's trim(), `\s`), spelled out for a character
// class: Rust's and Python's `\s` take U+0085 and leave out U+FEFF.
export const WHITE_SPACE = '\\t\\n\\v\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF';

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
 * The text rules as one ECMAScript pattern (JSON Schema's, with the `u` flag) that Rust's and
 * Python's engines compile too; with NO_LONE_SURROGATE_SCHEMA, the OpenAPI document refuses
 * what the service refuses. Lengths count code points; with `trim`, the length is that of the
 * text between the surrounding white space. Without `trim` the pattern leaves the length to
 * the schema's minLength and maxLength.
 */
export function textPattern({ min, max, trim, visible, noControls }: TextRules): string {
  const character = noControls ? NO_CONTROL_CHARACTER : STORABLE_CHARACTER;
  const needsVisible = visible ? `(?=[\\s\\S]*${VISIBLE_CHARACTER})` : '';
  const [space, nonSpace] = [`[${WHITE_SPACE}]`, `[^${WHITE_SPACE}]`];
  // Untrimmed, minLength/maxLength carry the bounds: a generator cannot expand {10,100000}.
  const text = trim ? `${space}*(?=${nonSpace})${character}{${min},${max}}(?<=${nonSpace})${space}*` : `${character}*`;
  return `^${needsVisible}${text}$`;
}
