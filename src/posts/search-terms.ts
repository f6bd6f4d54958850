import { asciiCaseInsensitive } from '../common/ascii-case-pattern';
import { WHITE_SPACE } from '../common/storable-text';

/** Most words a search may hold: each one is a lookup in the GIN index. */
export const MAX_SEARCH_TERMS = 20;

// PostgreSQL's `english` stop words (snowball's list, tsearch_data/english.stop): they
// become no lexeme at all, so a search of "-kernel the" is a search of "-kernel" alone.
const STOP_WORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its
  itself they them their theirs themselves what which who whom this that these those am is are was were be been being have
  has had having do does did doing a an the and but if or because as until while of at by for with about against between
  into through during before after above below to from up down in out on off over under again further then once here there
  when where why how all any both each few more most other some such no nor not only own same so than too very s t can
  will just don should now`.split(/\s+/),
);

const TOKEN = /-?"[^"]*"?|\S+/g;
const WORD = /[\p{L}\p{N}]+/gu;

export interface SearchTerms {
  /** Words searched for, negated or not (websearch's `or` included: the limit is a pattern too). */
  count: number;
  /** True when some word that is not a stop word is searched for without `-`. */
  hasPositive: boolean;
  /** True when some word is negated with `-`. */
  hasNegation: boolean;
  /**
   * True for a negation or a "phrase": the GIN index cannot answer those alone, so every
   * post that holds the other words is read to check them. Plain words are answered from the index.
   */
  rechecked: boolean;
}

/** The words of a `websearch_to_tsquery` search, as PostgreSQL will read them. */
export function searchTerms(q: string): SearchTerms {
  let count = 0;
  let hasPositive = false;
  let rechecked = false;
  let hasNegation = false;
  for (const token of q.match(TOKEN) ?? []) {
    const negated = token.startsWith('-');
    if (negated || token.startsWith('"')) rechecked = true;
    for (const [word] of token.matchAll(WORD)) {
      count++;
      if (negated) hasNegation = true;
      else if (!STOP_WORDS.has(word.toLowerCase())) hasPositive = true;
    }
  }
  return { count, hasPositive, hasNegation, rechecked };
}

// The rules above as one ECMAScript pattern for the OpenAPI document (searchPattern). Tokens
// are walked as TOKEN splits them, so that a phrase's words are not read as tokens of their own.
const W = '[\\p{L}\\p{N}]';
const SPACE = `[${WHITE_SPACE}]`;
const NOT_SPACE = `[^${WHITE_SPACE}]`;
const PHRASE = '-?"[^"]*(?:"|$)';
const PLAIN = `(?!-?")${NOT_SPACE}+(?=${SPACE}|$)`;
const WALK = `(?:${SPACE}|${PHRASE}|${PLAIN})*?`;
// A word (maximal run) that is not a stop word, in either case of its ASCII letters.
const STOP = `(?:${[...STOP_WORDS].map(asciiCaseInsensitive).join('|')})`;
const NOT_STOP_WORD = `(?!${STOP}(?!${W}))${W}`;
// At a token's start: a plain or quoted token, not negated, holding a word that is not a stop word.
const POSITIVE = `(?:(?![-"])(?:${NOT_SPACE}*?[^\\p{L}\\p{N}${WHITE_SPACE}])?|"(?:[^"]*?[^\\p{L}\\p{N}"])?)${NOT_STOP_WORD}`;
// At a token's start: a negated token holding a word.
const NEGATED = `-(?:"[^"]*?${W}|(?!")${NOT_SPACE}*?${W})`;

/**
 * The pattern of `q`: no NUL, a character that is not white space, at most MAX_SEARCH_TERMS
 * words, and a word to search for beside negated ones (its length is minLength/maxLength).
 * The words are what the pattern consumes and the negation rule a lookahead: a generator
 * draws from the first and filters by the second, where a lookahead for the length as well
 * made schemathesis' generator run for minutes.
 */
export function searchPattern(): string {
  const negationNeedsAWord = `(?:(?!${WALK}${NEGATED})|(?=${WALK}${POSITIVE}))`;
  const between = '[^\\p{L}\\p{N}\\u0000]*';
  // After any white space, a character that is not: the shortest string it takes is a valid q.
  const first = `[^\\p{L}\\p{N}\\u0000${WHITE_SPACE}]`;
  const words = `(?:${first}${between}(?:${W}+${between}){0,${MAX_SEARCH_TERMS}}|(?:${W}+${between}){1,${MAX_SEARCH_TERMS}})`;
  return `^${negationNeedsAWord}${SPACE}*${words}$`;
}
