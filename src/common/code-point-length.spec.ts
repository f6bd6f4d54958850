import { z } from 'zod';
import { codePointString } from './code-point-length';

const messages = { tooShort: 'short', tooLong: 'long' };
const SAMPLES = [
  '',
  'a',
  ' a ',
  '   \t\n',
  'a'.repeat(5),
  'a'.repeat(6),
  ` ${'a'.repeat(5)} `,
  '👋🏽👋🏽👋', // five code points in eight UTF-16 units
  '👋🏽👋🏽👋🏽',
  '\u200B\u200D\uFEFF',
  '\u202E\u2066',
  '\u0301',
  'x\u200B',
  'a\u0000b',
  'a\uD800b',
  '\uDC00',
  'Ada\nL',
  'Ada\u0085',
  '\u3000a\u3000',
  '\uFEFFa\uFEFF', // trimmed by JavaScript, not in Rust's or Python's `\s`
  '\u0085a\u0085', // the other way round
  '\u1680a\u2028',
];

const RULES = [
  ['plain', { min: 1, max: 5 }],
  ['trimmed, visible', { min: 1, max: 5, trim: true, invisible: 'invisible' }],
  ['visible, no controls', { min: 1, max: 5, invisible: 'invisible', controls: 'controls' }],
  ['at least two', { min: 2, max: 5 }],
] as const;

function documented(bounds: (typeof RULES)[number][1]) {
  const schema = codePointString({ ...messages, ...bounds });
  const json = z.toJSONSchema(schema) as { pattern: string; minLength?: number; maxLength?: number; if: { pattern: string }; else: object };
  expect(json.else).toEqual({ not: {} });
  const patterns = [json.pattern, json.if.pattern].map((pattern) => new RegExp(pattern, 'u'));
  const accepts = (text: string) => {
    const length = [...text].length;
    return patterns.every((pattern) => pattern.test(text)) && length >= (json.minLength ?? 0) && length <= (json.maxLength ?? Infinity);
  };
  return { schema, pattern: json.pattern, accepts };
}

// The OpenAPI document must refuse exactly what the service refuses: the JSON Schema
// (pattern with the `u` flag, lengths in code points) against zod, on the same text.
describe(`${codePointString.name}: its JSON Schema agrees with its validation`, () => {
  it.each(RULES)('%s', (_name, bounds) => {
    const { schema, accepts } = documented(bounds);
    for (const text of SAMPLES) {
      expect({ text, accepted: accepts(text) }).toEqual({ text, accepted: schema.safeParse(text).success });
    }
  });

  // jsonschema-rs (schemathesis' validator) cannot compile a pattern that names a surrogate.
  it.each(RULES)('%s: its main pattern names no surrogate', (_name, bounds) => {
    expect(documented(bounds).pattern).not.toMatch(/\\uD[89A-F]/i);
  });
});
