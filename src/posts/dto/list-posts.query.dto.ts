import { requestDto } from '../../http/validation/request-dto';
import { z } from 'zod';
import { decodeCursor } from '../../common/cursor';
import { codePointString } from '../../common/code-point-length';
import { MAX_SEARCH_TERMS, searchPattern, searchTerms } from '../search-terms';

const paging = {
  limit: z.coerce
    .number({ message: 'limit must be a whole number from 1 to 100' })
    .int('limit must be a whole number from 1 to 100')
    .min(1, 'limit must be at least 1')
    .max(100, 'limit must be at most 100')
    .default(20),
  // Decoded once, here: the service gets the position, not the string.
  cursor: z
    .string()
    .transform(
      (value, ctx) =>
        decodeCursor(value) ?? (ctx.addIssue({ code: 'custom', input: value, message: 'cursor is not one this API returned' }), z.NEVER),
    )
    .optional()
    .meta({ description: 'nextCursor of the previous page' }),
  page: z.coerce
    .number({ message: 'page must be a whole number of at least 1' })
    .int('page must be a whole number of at least 1')
    .min(1, 'page must be at least 1')
    .max(10_000_000, 'page is too large')
    .optional()
    .meta({ description: '1-based page number for offset paging; not together with cursor' }),
  // Bounded as sent (code points, no NUL); then trimmed, and the search rules.
  q: codePointString({ min: 1, max: 500, inQuery: true, tooShort: 'q must not be empty', tooLong: 'q must be at most 500 characters' })
    .transform((sent, ctx) => {
      const q = sent.trim();
      if (!q) {
        ctx.addIssue({ code: 'custom', input: sent, message: 'q must not be empty' });
        return z.NEVER;
      }
      // Each word is an index lookup, and a search with nothing but negations matches
      // (and reads) every post: both are refused rather than run.
      const terms = searchTerms(q);
      if (terms.count > MAX_SEARCH_TERMS) {
        ctx.addIssue({ code: 'custom', input: q, message: `q may contain at most ${MAX_SEARCH_TERMS} words` });
        return z.NEVER;
      }
      if (terms.hasNegation && !terms.hasPositive) {
        ctx.addIssue({
          code: 'custom',
          input: q,
          message: 'q must contain a word to search for besides the ones negated with - (and words like "the")',
        });
        return z.NEVER;
      }
      return { text: q, rechecked: terms.rechecked };
    })
    .optional()
    .meta({
      description: `Full-text search over title and content (English stemming; websearch syntax: "phrases", or, -word). At most ${MAX_SEARCH_TERMS} words (\`or\` included); negated words need a word to search for beside them (stop words such as "the" do not count).`,
      pattern: searchPattern(),
    }),
  order: z.enum(['desc', 'asc']).default('desc').meta({ description: 'By createdAt' }),
  // A boolean to clients (they send true or false), strict here: not "1", "yes" or "TRUE".
  withTotal: z
    .stringbool({ truthy: ['true'], falsy: ['false'], case: 'sensitive', error: 'withTotal must be true or false' })
    .default(false)
    .meta({
      type: 'boolean',
      description: 'true adds total, the count of all matching posts, exact up to 10,000 (then 10,000 with totalCapped: true)',
    }),
};

const notBoth = (query: { cursor?: unknown; page?: number }) => !(query.cursor && query.page);
const notBothIssue = { message: 'Use either cursor or page, not both', path: ['page'] };

// Not strict: unknown query parameters are ignored, as the contract says.
export const listPostsQuerySchema = z
  .object({ ...paging, authorId: z.uuid({ message: 'authorId must be a UUID' }).optional() })
  .refine(notBoth, notBothIssue);

export const listOwnPostsQuerySchema = z.object(paging).refine(notBoth, notBothIssue);

export class ListPostsQueryDto extends requestDto(listPostsQuerySchema) {}
export class ListOwnPostsQueryDto extends requestDto(listOwnPostsQuerySchema) {}

export type PostListQuery = z.output<typeof listPostsQuerySchema>;
