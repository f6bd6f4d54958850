import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, type Placeholder, type SQL, sql, type SQLWrapper } from 'drizzle-orm';
import type { Cursor } from '../common/cursor';
import type { SubqueryWithSelection } from 'drizzle-orm/pg-core';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { postHistory, posts, users } from '../infra/database/schema';

/** A post as the service works with it: the row's public fields, the author's name, the version. */
export type PostRecord = Awaited<ReturnType<PostsRepository['findById']>> & {};

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

export interface PostWrite {
  title?: string;
  content?: string;
  published?: boolean;
}

export type PostAction = (typeof postHistory.action.enumValues)[number];

/** Field → [old, new], as a history entry records it. */
export type PostChangeSet = Record<string, [unknown, unknown]>;

/** The fields a write may set, in the table's column order. */
export const EDITABLE = ['title', 'content', 'published'] as const;

/** Posts read in order before a search falls back to the GIN index (see page()). */
export const SEARCH_WINDOW = 1000;

/** A subquery selecting the ids of one page. */
type PageIds = SubqueryWithSelection<{ id: typeof posts.id }, 'page'>;

const columns = {
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

@Injectable()
export class PostsRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  /** This repository on `db`, typically a transaction from UnitOfWork. */
  bind(db: Database): PostsRepository {
    return new PostsRepository(db);
  }

  /** The post, deleted or not, with its author's name; `lock` holds its row until the transaction ends. */
  async findById(id: string, { lock = false } = {}) {
    const statement = this.prepared(lock ? 'posts_find_by_id_locked' : 'posts_find_by_id', () => {
      const query = this.db
        .select(columns)
        .from(posts)
        .innerJoin(users, eq(users.id, posts.authorId))
        .where(eq(posts.id, sql.placeholder('id')))
        .limit(1);
      return lock ? query.for('update', { of: posts }) : query;
    });
    const [row] = await statement.execute({ id });
    return row;
  }

  /**
   * A page of posts matching `filter`, in `slice` order. Searches go through the
   * recent window first and the GIN index only when that window did not fill the page.
   */
  async page(filter: PostFilter, slice: PostSlice): Promise<PostRecord[]> {
    if (!filter.search) return slice.offset ? this.list(filter, slice) : this.run('list', filter, slice);
    // PostgreSQL cannot tell a rare term from a common one here: a word missing from its
    // statistics is assumed to be in 0.5 % of posts, so it walks the feed index in order
    // for both, and a rare or unknown word then reads the whole feed (seconds at 1M posts).
    // A common term fills the page within the first few hundred posts; a rare one does not,
    // and its few matches are then found through the GIN index and sorted. Page mode the
    // same: the window answers when it holds the whole page, else the sorted matches do.
    const recent = await this.run('searchRecent', filter, slice);
    if (recent.length === slice.limit) return recent;
    return this.run('searchMatches', filter, slice);
  }

  private run(query: ListQuery, filter: PostFilter, slice: PostSlice): Promise<PostRecord[]> {
    // One statement per query and shape of filter and slice: a few dozen at most.
    const shape = `posts_${query}_${slice.order}_${filter.publishedOnly}_${!!filter.authorId}_${!!filter.search}_${!!slice.after}_${!!slice.offset}`;
    return this.prepared(shape, () => this[query](filter, slice, byPlaceholder)).execute({
      authorId: filter.authorId,
      search: filter.search,
      afterAt: slice.after?.createdAt.toISOString(),
      afterId: slice.after?.id,
      limit: slice.limit,
      offset: slice.offset,
      window: SEARCH_WINDOW,
    });
  }

  /**
   * The statement `name`, built by `build` once per database session and prepared, so no
   * query is built per request. Reads run on the pool's session; on PostgreSQL a write
   * transaction runs on its pooled connection's session, so the next transaction on that
   * connection reuses what an earlier one prepared (PGlite gives each transaction a session
   * of its own). `name` is also the statement's name on the server: one name, one SQL text.
   */
  private prepared<R>(name: string, build: () => { prepare(name: string): Prepared<R> }): Prepared<R> {
    const session = this.db._.session;
    let statements = statementsBySession.get(session);
    if (!statements) statementsBySession.set(session, (statements = new Map()));
    let statement = statements.get(name) as Prepared<R> | undefined;
    if (!statement) statements.set(name, (statement = build().prepare(name)));
    return statement;
  }

  /** Posts matching `filter` (search or not), walking the feed or author index in order. */
  list(filter: PostFilter, slice: PostSlice, bind = byValue) {
    const direction = slice.order === 'desc' ? desc : asc;
    if (slice.offset) return this.listAtOffset(filter, slice, direction);
    return this.db
      .select(columns)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(and(this.where(filter, bind), this.after(slice, bind)))
      .orderBy(direction(posts.createdAt), direction(posts.id))
      .limit(bind('limit', slice.limit));
  }

  /** The first matches of `filter.search` (past `slice.offset` of them) among the next SEARCH_WINDOW posts in order. */
  searchRecent(filter: PostFilter, slice: PostSlice, bind = byValue) {
    const direction = slice.order === 'desc' ? desc : asc;
    const recent = this.db
      .select({ id: posts.id, createdAt: posts.createdAt, searchVector: posts.searchVector })
      .from(posts)
      .where(and(this.where({ ...filter, search: undefined }, bind), this.after(slice, bind)))
      .orderBy(direction(posts.createdAt), direction(posts.id))
      .limit(bind('window', SEARCH_WINDOW))
      .as('recent');
    const page = this.db
      .select({ id: recent.id })
      .from(recent)
      .where(matches(recent.searchVector, bind('search', filter.search!)))
      .orderBy(direction(recent.createdAt), direction(recent.id))
      .limit(bind('limit', slice.limit))
      .offset(pageOffset(slice, bind))
      .as('page');
    return this.pageRows(page, direction);
  }

  /** Every match of `filter.search` through the GIN index, sorted, then the page of them. */
  searchMatches(filter: PostFilter, slice: PostSlice, bind = byValue) {
    const direction = slice.order === 'desc' ? desc : asc;
    // OFFSET 0 keeps PostgreSQL from folding this into the ORDER BY around it: planned
    // on its own, the matches come from the GIN index instead of a walk of the feed.
    // (Drizzle drops a numeric 0 and types offset() as a number, hence the SQL cast.)
    const found = this.db
      .select({ id: posts.id, createdAt: posts.createdAt })
      .from(posts)
      .where(and(this.where(filter, bind), this.after(slice, bind)))
      .offset(sql`0` as unknown as number)
      .as('found');
    const page = this.db
      .select({ id: found.id })
      .from(found)
      .orderBy(direction(found.createdAt), direction(found.id))
      .limit(bind('limit', slice.limit))
      .offset(pageOffset(slice, bind))
      .as('page');
    return this.pageRows(page, direction);
  }

  // A deferred join: skipping `offset` rows reads ids from the feed index alone (an
  // index-only scan), and only the page's rows are then fetched and joined.
  private listAtOffset(filter: PostFilter, slice: PostSlice, direction: typeof asc) {
    const page = this.db
      .select({ id: posts.id })
      .from(posts)
      .where(this.where(filter))
      .orderBy(direction(posts.createdAt), direction(posts.id))
      .limit(slice.limit)
      .offset(slice.offset!)
      .as('page');
    return this.pageRows(page, direction);
  }

  /** The posts whose ids `page` selects, with their authors' names, in order. */
  private pageRows(page: PageIds, direction: typeof asc) {
    return this.db
      .select(columns)
      .from(page)
      .innerJoin(posts, eq(posts.id, page.id))
      .innerJoin(users, eq(users.id, posts.authorId))
      .orderBy(direction(posts.createdAt), direction(posts.id));
  }

  /** The posts matching `filter`, counted up to `cap` (a count stops reading there). */
  async count(filter: PostFilter, cap: number): Promise<number> {
    const matching = this.db.select({ id: posts.id }).from(posts).where(this.where(filter)).limit(cap).as('matching');
    const [row] = await this.db.select({ total: count() }).from(matching);
    return row?.total ?? 0;
  }

  async insert(authorId: string, post: Required<PostWrite>) {
    const statement = this.prepared('posts_insert', () =>
      this.db
        .insert(posts)
        .values({
          title: sql.placeholder('title'),
          content: sql.placeholder('content'),
          published: sql.placeholder('published'),
          authorId: sql.placeholder('authorId'),
        })
        .returning({ id: posts.id, createdAt: posts.createdAt, updatedAt: posts.updatedAt, version: posts.version }),
    );
    const [created] = await statement.execute({ ...post, authorId });
    return created!;
  }

  /** Applies `write` if the post is live and still at `version`; `undefined` when it is not. */
  async updateIfVersion(id: string, version: number, write: PostWrite) {
    const fields = EDITABLE.filter((field) => write[field] !== undefined);
    const statement = this.prepared(`posts_update_${fields.join('_')}`, () =>
      this.db
        .update(posts)
        .set({
          ...Object.fromEntries(fields.map((field) => [field, sql.placeholder(field)])),
          version: sql`${posts.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(and(eq(posts.id, sql.placeholder('id')), eq(posts.version, sql.placeholder('version')), sql`${posts.deletedAt} IS NULL`))
        .returning({ updatedAt: posts.updatedAt, version: posts.version }),
    );
    const [updated] = await statement.execute({ ...write, id, version });
    return updated;
  }

  /** Soft-deletes the post if it is live and still at `version`. */
  async softDeleteIfVersion(id: string, version: number): Promise<boolean> {
    const statement = this.prepared('posts_soft_delete', () =>
      this.db
        .update(posts)
        .set({ deletedAt: sql`now()`, version: sql`${posts.version} + 1` })
        .where(and(eq(posts.id, sql.placeholder('id')), eq(posts.version, sql.placeholder('version')), sql`${posts.deletedAt} IS NULL`))
        .returning({ id: posts.id }),
    );
    return (await statement.execute({ id, version })).length > 0;
  }

  async addHistory(postId: string, actorId: string, action: PostAction, changes: PostChangeSet): Promise<void> {
    const statement = this.prepared('posts_add_history', () =>
      this.db.insert(postHistory).values({
        postId: sql.placeholder('postId'),
        actorId: sql.placeholder('actorId'),
        action: sql.placeholder('action'),
        changes: sql.placeholder('changes'),
      }),
    );
    await statement.execute({ postId, actorId, action, changes });
  }

  history(postId: string) {
    return this.db
      .select({ action: postHistory.action, actorId: postHistory.actorId, at: postHistory.at, changes: postHistory.changes })
      .from(postHistory)
      .where(eq(postHistory.postId, postId))
      .orderBy(asc(postHistory.id));
  }

  private where(filter: PostFilter, bind = byValue): SQL {
    const conditions: SQL[] = [sql`${posts.deletedAt} IS NULL`];
    if (filter.publishedOnly) conditions.push(sql`${posts.published}`);
    if (filter.authorId) conditions.push(eq(posts.authorId, bind('authorId', filter.authorId)));
    if (filter.search) conditions.push(matches(posts.searchVector, bind('search', filter.search)));
    return and(...conditions)!;
  }

  /** Keyset paging: the rows after the cursor, in the slice's order. */
  private after(slice: PostSlice, bind = byValue): SQL | undefined {
    if (!slice.after) return undefined;
    const comparison = slice.order === 'desc' ? sql`<` : sql`>`;
    const at = bind('afterAt', slice.after.createdAt.toISOString());
    return sql`(${posts.createdAt}, ${posts.id}) ${comparison} (${at}::timestamptz, ${bind('afterId', slice.after.id)}::uuid)`;
  }
}

/**
 * How a query takes its values: inline (a one-off query, or to read its SQL) or as
 * named placeholders (a prepared statement, given the values on each execution).
 */
type Bind = <T>(name: string, value: T) => T | Placeholder;
const byValue: Bind = (_name, value) => value;
const byPlaceholder: Bind = (name) => sql.placeholder(name);

/** Page mode's offset; none (Drizzle leaves out a 0) on keyset pages. */
function pageOffset(slice: PostSlice, bind: Bind): number | Placeholder {
  return slice.offset ? bind('offset', slice.offset) : 0;
}

type ListQuery = 'list' | 'searchRecent' | 'searchMatches';
type Prepared<R> = { execute(values: Record<string, unknown>): Promise<R> };
const statementsBySession = new WeakMap<object, Map<string, Prepared<unknown>>>();

function matches(vector: SQLWrapper, search: string | Placeholder): SQL {
  return sql`${vector} @@ websearch_to_tsquery('english', ${search})`;
}
