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
];

// The OpenAPI document must refuse exactly what the service refuses: the JSON Schema
// (pattern with the `u` flag, lengths in code points) against zod, on the same text.
describe(`${codePointString.name}: its JSON Schema agrees with its validation`, () => {
  it.each([
    ['plain', { min: 1, max: 5 }],
    ['trimmed, visible', { min: 1, max: 5, trim: true, invisible: 'invisible' }],
    ['visible, no controls', { min: 1, max: 5, invisible: 'invisible', controls: 'controls' }],
    ['at least two', { min: 2, max: 5 }],
  ])('%s', (_name, bounds) => {
    const schema = codePointString({ ...messages, ...bounds });
    const json = z.toJSONSchema(schema) as { pattern: string; minLength?: number; maxLength?: number };
    const pattern = new RegExp(json.pattern, 'u');
    for (const text of SAMPLES) {
      const length = [...text].length;
      const documented = pattern.test(text) && length >= (json.minLength ?? 0) && length <= (json.maxLength ?? Infinity);
      expect({ text, accepted: documented }).toEqual({ text, accepted: schema.safeParse(text).success });
    }
  });
});
