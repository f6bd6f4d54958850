/**
 * `text` as an ECMAScript pattern that matches it with its ASCII letters in either case,
 * `[pP][aA]…`: JSON Schema patterns take no flags, so the OpenAPI document cannot say `/i`.
 */
export function asciiCaseInsensitive(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&').replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}
