import fc from 'fast-check';

// Strings that break naive parsers: header bytes, URL characters, edge code points, number-likes, tokens.
export const headerChar = fc
  .oneof({ weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) })
  .map((code) => String.fromCharCode(code));
export const headerText = fc.string({ unit: headerChar, maxLength: 80 });
export const rawUrlChar = fc.constantFrom(...`abcXYZ019-._~!$&'()*+,;=:@%/`.split(''));

export const hostileText = fc.constantFrom(
  '',
  ' ',
  '   padded   ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '%',
  '%zz',
  '%00',
  '..',
  '.',
  '../../etc/passwd',
  "'; DROP TABLE posts;--",
  '<script>alert(1)</script>',
  '💥🔥',
  'e\u0301',
  '\ud83d',
  '\u202e\ufeff',
  'null',
  'undefined',
  '__proto__',
  'x'.repeat(4000),
);
// Mostly printable, now and then a character that trips encoders and databases.
export const edgeChar = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\ufffe',
  '\u{10ffff}',
  '😀',
  '%',
  '\\',
  '"',
);
export const mixedChar = fc.oneof({ weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: edgeChar });
export const mixedText = (minLength = 0, maxLength = 30) => fc.string({ unit: mixedChar, minLength, maxLength });
export const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: mixedText() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 3, arbitrary: hostileText },
);
export const numberLike = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e3', '1e309', '-0', 'NaN', 'Infinity', '0x10', ' 7 ', '99999999999999999999999'),
  fc.bigInt().map(String),
  fc.double().map(String),
);
// Opaque tokens (cursors) are base64url JSON here, often a [timestamp, uuid] pair;
// timestamps include the ends of the ISO range, where PostgreSQL's range differs.
export const isoTimestamp = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '0000-01-01T00:00:00.000Z',
    '0000-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '2024-02-29T12:00:00.123456789Z',
  ),
);
export const opaqueToken = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.oneof({ weight: 4, arbitrary: isoTimestamp }, { weight: 1, arbitrary: fc.string() }),
        fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string() }),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue() },
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));

// Long lists of search terms, negated or not (each term is an index lookup).
export const termList = fc
  .tuple(fc.integer({ min: 15, max: 120 }), fc.constantFrom('', '-'), fc.constantFrom(' ', ' or '))
  .map(([count, sign, separator]) => Array.from({ length: count }, (_, i) => `${sign}w${i}`).join(separator));
// Nesting around the limit (64) and far past it, where recursive code overflows the stack.
export const deepJson = fc
  .tuple(fc.oneof(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 1000, max: 8000 })), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, inField]) => {
    const nested = open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth);
    return inField ? `{"title":${nested},"name":${nested},"email":${nested}}` : nested;
  });
export const giantString = fc.constantFrom(100_000, 1_000_000).map((size) => 'g'.repeat(size));

/** `arbitrary` in `present` out of `present + absent` runs, else undefined. */
export function sometimes<T>(arbitrary: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary });
}

/** Lone surrogates become U+FFFD, as any UTF-8 client would send them. */
export const encode = (text: string) => encodeURIComponent(Buffer.from(text).toString());
