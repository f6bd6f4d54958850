import { searchTerms } from './search-terms';

describe(searchTerms.name, () => {
  it.each([
    ['one word', 'kernel', 1, true, false, false],
    ['a phrase counts each of its words', '"linux kernel panic"', 3, true, false, true],
    ['or is an operator, not a word', 'kernel or zeppelin', 2, true, false, false],
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
