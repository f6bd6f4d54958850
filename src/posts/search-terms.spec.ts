import { searchTerms } from './search-terms';

describe(searchTerms.name, () => {
  it.each([
    ['one word', 'kernel', 1, true],
    ['a phrase counts each of its words', '"linux kernel panic"', 3, true],
    ['or is an operator, not a word', 'kernel or zeppelin', 2, true],
    ['words joined by punctuation are separate words', 'kernel-panic', 2, true],
    ['negations only', '-kernel -zeppelin', 2, false],
    ['a negated phrase', '-"kernel panic"', 2, false],
    ['a negation and a stop word', '-kernel the', 2, false],
    ['stop words only', 'the and of', 3, false],
    ['a negation and a real word', '-kernel zeppelin', 2, true],
    ['punctuation only', '!!! ???', 0, false],
    ['non-Latin words', '東京 -Москва', 2, true],
  ])('%s', (_case, q, count, hasPositive) => {
    expect(searchTerms(q)).toEqual({ count, hasPositive });
  });
});
