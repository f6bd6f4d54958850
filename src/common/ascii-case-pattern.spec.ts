import { asciiCaseInsensitive } from './ascii-case-pattern';

describe(asciiCaseInsensitive.name, () => {
  it.each([
    ['a word in any case', 'the', ['the', 'THE', 'tHe'], ['thee', 'tha']],
    ['punctuation taken literally', 'p@ss.w(r)d?', ['P@SS.W(R)D?', 'p@ss.w(r)d?'], ['p@ssxw(r)d', 'p@ss.wrd']],
    ['no other case mapping (the Kelvin sign is not k)', 'k1', ['K1', 'k1'], ['\u212A1']],
  ])('%s', (_name, text, matches, others) => {
    const pattern = new RegExp(`^${asciiCaseInsensitive(text)}$`, 'u');
    expect({ matches: matches.map((value) => pattern.test(value)), others: others.map((value) => pattern.test(value)) }).toEqual({
      matches: matches.map(() => true),
      others: others.map(() => false),
    });
  });
});
