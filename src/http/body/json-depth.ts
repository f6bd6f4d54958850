/** Deepest nesting of arrays and objects accepted in a JSON body. */
export const MAX_JSON_DEPTH = 64;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when `body` (JSON text, any UTF-8) nests arrays and objects deeper than `max`.
 * A byte scan before JSON.parse: every recursive consumer after it (Better Auth
 * re-serialises parsed bodies, zod walks them) would overflow the stack on ~5,000 levels.
 */
export function exceedsJsonDepth(body: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** body-parser `verify` hook: a 400 (type `entity.too.deep`) before the body is parsed. */
export function rejectDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (exceedsJsonDepth(body)) {
    throw Object.assign(new Error(`JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), {
      status: 400,
      expose: true,
      type: 'entity.too.deep',
    });
  }
}
