import { and, asc, desc, eq, type Placeholder, type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { SubqueryWithSelection } from 'drizzle-orm/pg-core';
import type { Cursor } from '../common/cursor';
import type { Database } from '../infra/database/database.constants';
import { type Bind, byValue } from '../infra/database/prepared-statements';
import { posts, users } from '../infra/database/schema';

// The posts repository's query builders: only PostsRepository uses them.

export interface PostFilter {
  /** Only published posts (the public feed) or every live post of `authorId`. */
  publishedOnly: boolean;
  authorId?: string;
  search?: string;
}

export interface PostSlice {
  order: 'asc' | 'desc';
  limit: number;
  after?: Cursor;
  offset?: number;
}

/** Posts read in order before a search falls back to the GIN index. */
export const SEARCH_WINDOW = 1000;

export const postColumns = {
  id: posts.id,
  title: posts.title,
  content: posts.content,
  published: posts.published,
  authorId: posts.authorId,
  authorName: users.name,
  createdAt: posts.createdAt,
  updatedAt: posts.updatedAt,
  deletedAt: posts.deletedAt,
  version: posts.version,
};

/** A subquery selecting the ids of one page. */
type PageIds = SubqueryWithSelection<{ id: typeof posts.id }, 'page'>;

const directionOf = (slice: PostSlice) => (slice.order === 'desc' ? desc : asc);

/** Posts matching `filter` (search or not), walking the feed or author index in order. */
export function listQuery(db: Database, filter: PostFilter, slice: PostSlice, bind = byValue) {
  const direction = directionOf(slice);
  return db
    .select(postColumns)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.authorId))
    .where(and(where(filter, bind), after(slice, bind)))
    .orderBy(direction(posts.createdAt), direction(posts.id))
    .limit(bind('limit', slice.limit));
}

/** The first matches of `filter.search` (past `slice.offset` of them) among the next SEARCH_WINDOW posts in order. */
export function searchRecentQuery(db: Database, filter: PostFilter, slice: PostSlice, bind = byValue) {
  const direction = directionOf(slice);
  const recent = db
    .select({ id: posts.id, createdAt: posts.createdAt, searchVector: posts.searchVector })
    .from(posts)
    .where(and(where({ ...filter, search: undefined }, bind), after(slice, bind)))
    .orderBy(direction(posts.createdAt), direction(posts.id))
    .limit(bind('window', SEARCH_WINDOW))
    .as('recent');
  const page = db
    .select({ id: recent.id })
    .from(recent)
    .where(matches(recent.searchVector, bind('search', filter.search!)))
    .orderBy(direction(recent.createdAt), direction(recent.id))
    .limit(bind('limit', slice.limit))
    .offset(pageOffset(slice, bind))
    .as('page');
  return pageRows(db, page, slice);
}

/** Every match of `filter.search` through the GIN index, sorted, then the page of them. */
export function searchMatchesQuery(db: Database, filter: PostFilter, slice: PostSlice, bind = byValue) {
  const direction = directionOf(slice);
  // OFFSET 0 keeps PostgreSQL from folding this into the ORDER BY around it: planned on its
  // own, the matches come from the GIN index (Drizzle drops a numeric 0, hence the SQL).
  const found = db
    .select({ id: posts.id, createdAt: posts.createdAt })
    .from(posts)
    .where(and(where(filter, bind), after(slice, bind)))
    .offset(sql`0` as unknown as number)
    .as('found');
  const page = db
    .select({ id: found.id })
    .from(found)
    .orderBy(direction(found.createdAt), direction(found.id))
    .limit(bind('limit', slice.limit))
    .offset(pageOffset(slice, bind))
    .as('page');
  return pageRows(db, page, slice);
}

/** A deferred join: skipping rows reads ids from the feed index alone, then only the page is joined. */
export function offsetPageQuery(db: Database, filter: PostFilter, slice: PostSlice) {
  const direction = directionOf(slice);
  const page = db
    .select({ id: posts.id })
    .from(posts)
    .where(where(filter))
    .orderBy(direction(posts.createdAt), direction(posts.id))
    .limit(slice.limit)
    .offset(slice.offset!)
    .as('page');
  return pageRows(db, page, slice);
}

/** The posts matching `filter`, counted up to `cap` (a count stops reading there). */
export function cappedIdsQuery(db: Database, filter: PostFilter, cap: number) {
  return db.select({ id: posts.id }).from(posts).where(where(filter)).limit(cap).as('matching');
}

/** The posts whose ids `page` selects, with their authors' names, in order. */
function pageRows(db: Database, page: PageIds, slice: PostSlice) {
  const direction = directionOf(slice);
  return db
    .select(postColumns)
    .from(page)
    .innerJoin(posts, eq(posts.id, page.id))
    .innerJoin(users, eq(users.id, posts.authorId))
    .orderBy(direction(posts.createdAt), direction(posts.id));
}

function where(filter: PostFilter, bind = byValue): SQL {
  const conditions: SQL[] = [sql`${posts.deletedAt} IS NULL`];
  if (filter.publishedOnly) conditions.push(sql`${posts.published}`);
  if (filter.authorId) conditions.push(eq(posts.authorId, bind('authorId', filter.authorId)));
  if (filter.search) conditions.push(matches(posts.searchVector, bind('search', filter.search)));
  return and(...conditions)!;
}

/** Keyset paging: the rows after the cursor, in the slice's order. */
function after(slice: PostSlice, bind = byValue): SQL | undefined {
  if (!slice.after) return undefined;
  const comparison = slice.order === 'desc' ? sql`<` : sql`>`;
  const at = bind('afterAt', slice.after.createdAt.toISOString());
  return sql`(${posts.createdAt}, ${posts.id}) ${comparison} (${at}::timestamptz, ${bind('afterId', slice.after.id)}::uuid)`;
}

/** Page mode's offset; none (Drizzle leaves out a 0) on keyset pages. */
function pageOffset(slice: PostSlice, bind: Bind): number | Placeholder {
  return slice.offset ? bind('offset', slice.offset) : 0;
}

function matches(vector: SQLWrapper, search: string | Placeholder): SQL {
  return sql`${vector} @@ websearch_to_tsquery('english', ${search})`;
}
