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
  /** Words searched for, negated or not (websearch's `or` excluded). */
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
    if (token.toLowerCase() === 'or') continue;
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
