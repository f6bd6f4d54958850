import fc from 'fast-check';
import { z } from 'zod';
import { listPostsQuerySchema } from './dto/list-posts.query.dto';
import { MAX_SEARCH_TERMS, searchTerms } from './search-terms';

describe(searchTerms.name, () => {
  it.each([
    ['one word', 'kernel', 1, true, false, false],
    ['a phrase counts each of its words', '"linux kernel panic"', 3, true, false, true],
    ['or counts as a word', 'kernel or zeppelin', 3, true, false, false],
    ['words joined by punctuation are separate words', 'kernel-panic', 2, true, false, false],
    ['negations only', '-kernel -zeppelin', 2, false, true, true],
    ['a negated phrase', '-"kernel panic"', 2, false, true, true],
    ['a negation and a stop word', '-kernel the', 2, false, true, true],
    ['stop words only', 'the and of', 3, false, false, false],
    ['a negation and a real word', '-kernel zeppelin', 2, true, true, true],
    ['punctuation only', '!!! ???', 0, false, false, false],
    ['non-Latin words', '東京 -Москва', 2, true, true, true],
  ])('%s', (_case, q, count, hasPositive, hasNegation, rechecked) => {
    expect(searchTerms(q)).toEqual({ count, hasPositive, hasNegation, rechecked });
  });
});

// The OpenAPI document must refuse exactly the q the service refuses: its schema (pattern with
// the `u` flag, minLength, maxLength) against the service's own validation. A URL cannot carry a lone
// surrogate, so none is sent.
describe('the documented q rule', () => {
  type QSchema = { pattern: string; minLength: number; maxLength: number };
  const schema = (z.toJSONSchema(listPostsQuerySchema, { io: 'input' }) as unknown as { properties: { q: QSchema } }).properties.q;
  const pattern = new RegExp(schema.pattern, 'u');
  const documented = (q: string) => pattern.test(q) && [...q].length >= schema.minLength && [...q].length <= schema.maxLength;
  const served = (q: string) => listPostsQuerySchema.safeParse({ q }).success;
  const pieces = fc.constantFrom(
    ...'the a or OR The s t kernel zeppelin 東京 x 0'.split(' '),
    ...[' ', '  ', '-', '"', '-"', ',', '.', '\u00A0', '\u3000', '\uFEFF', '\u0085', '\u0301', '\t', '\n', '\u0000'],
  );

  it('agrees with the service on every kind of search', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const q = parts.join('');
        expect({ q, documented: documented(q) }).toEqual({ q, documented: served(q) });
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['the word limit', Array.from({ length: MAX_SEARCH_TERMS + 1 }, (_, i) => `w${i}`).join(' '), false],
    ['20 words', Array.from({ length: MAX_SEARCH_TERMS }, (_, i) => `w${i}`).join(' '), true],
    ['500 code points', '€'.repeat(500), true],
    ['501 code points, spaces included', ` ${'€'.repeat(499)} `, false],
  ])('%s', (_name, q, accepted) => {
    expect({ documented: documented(q), served: served(q) }).toEqual({ documented: accepted, served: accepted });
  });
});
