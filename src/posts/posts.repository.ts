import { Inject, Injectable } from '@nestjs/common';
import { and, count, eq, sql } from 'drizzle-orm';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { Example, GenerateSql } from '../infra/database/generate-sql';
import { byPlaceholder, prepared } from '../infra/database/prepared-statements';
import { posts, users } from '../infra/database/schema';
import {
  cappedIdsQuery,
  listQuery,
  offsetPageQuery,
  type PostFilter,
  type PostSlice,
  postColumns,
  SEARCH_WINDOW,
  searchMatchesQuery,
  searchRecentQuery,
} from './posts.queries';

export type { PostFilter, PostSlice } from './posts.queries';

/** A post as the service works with it: the row's public fields, the author's name, the version. */
export type PostRecord = Awaited<ReturnType<PostsRepository['findById']>> & {};

export interface PostWrite {
  title?: string;
  content?: string;
  published?: boolean;
}

/** The fields a write may set, in the table's column order. */
export const EDITABLE = ['title', 'content', 'published'] as const;

const builders = { list: listQuery, searchRecent: searchRecentQuery, searchMatches: searchMatchesQuery };
const FEED = { publishedOnly: true };
const PAGE = { order: 'desc', limit: 21 } as const;
// The post named by the `id` placeholder, if it is live and still at the `version` placeholder.
const liveAtVersion = () =>
  and(eq(posts.id, sql.placeholder('id')), eq(posts.version, sql.placeholder('version')), sql`${posts.deletedAt} IS NULL`);

@Injectable()
export class PostsRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  /** This repository on `db`, typically a transaction from UnitOfWork. */
  bind(db: Database): PostsRepository {
    return new PostsRepository(db);
  }

  /** The post, deleted or not, with its author's name; `lock` holds its row until the transaction ends. */
  @GenerateSql({ params: [Example.postId] }, { name: 'locked', params: [Example.postId, { lock: true }] })
  async findById(id: string, { lock = false } = {}) {
    const statement = prepared(this.db, lock ? 'posts_find_by_id_locked' : 'posts_find_by_id', () => {
      const query = this.db
        .select(postColumns)
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
   * A page of posts matching `filter`, in `slice` order. A search reads the recent window
   * first: PostgreSQL cannot tell a rare word from a common one and would walk the whole
   * feed for a rare one, so when the window does not fill the page the GIN index's
   * matches are sorted instead.
   */
  @GenerateSql(
    { name: 'the feed', params: [FEED, PAGE] },
    { name: 'a keyset page', params: [FEED, { ...PAGE, after: Example.cursor }] },
    { name: 'by offset', params: [FEED, { ...PAGE, offset: Example.offset }] },
    { name: "an author's posts", params: [{ publishedOnly: false, authorId: Example.userId }, PAGE] },
    { name: "an author's published posts", params: [{ ...FEED, authorId: Example.userId }, PAGE] },
    { name: 'a search', params: [{ ...FEED, search: Example.search }, PAGE] },
    {
      name: 'a search by offset',
      params: [
        { ...FEED, search: Example.search },
        { ...PAGE, offset: Example.offset },
      ],
    },
  )
  async page(filter: PostFilter, slice: PostSlice): Promise<PostRecord[]> {
    if (!filter.search) return slice.offset ? offsetPageQuery(this.db, filter, slice) : this.run('list', filter, slice);
    const recent = await this.run('searchRecent', filter, slice);
    if (recent.length === slice.limit) return recent;
    return this.run('searchMatches', filter, slice);
  }

  /** The posts matching `filter`, counted up to `cap` (a count stops reading there). */
  @GenerateSql({ params: [FEED, 10_001] })
  async count(filter: PostFilter, cap: number): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(cappedIdsQuery(this.db, filter, cap));
    return row?.total ?? 0;
  }

  @GenerateSql({ params: [Example.userId, { title: 'Title', content: 'Some content', published: false }] })
  async insert(authorId: string, post: Required<PostWrite>) {
    const statement = prepared(this.db, 'posts_insert', () =>
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
  @GenerateSql({ name: 'the title', params: [Example.postId, 1, { title: 'Title' }] })
  async updateIfVersion(id: string, version: number, write: PostWrite) {
    const fields = EDITABLE.filter((field) => write[field] !== undefined);
    const statement = prepared(this.db, `posts_update_${fields.join('_')}`, () =>
      this.db
        .update(posts)
        .set({
          ...Object.fromEntries(fields.map((field) => [field, sql.placeholder(field)])),
          version: sql`${posts.version} + 1`,
          updatedAt: sql`now()`,
        })
        .where(liveAtVersion())
        .returning({ updatedAt: posts.updatedAt, version: posts.version }),
    );
    const [updated] = await statement.execute({ ...write, id, version });
    return updated;
  }

  /** Soft-deletes the post if it is live and still at `version`. */
  @GenerateSql({ params: [Example.postId, 1] })
  async softDeleteIfVersion(id: string, version: number): Promise<boolean> {
    const statement = prepared(this.db, 'posts_soft_delete', () =>
      this.db
        .update(posts)
        .set({ deletedAt: sql`now()`, version: sql`${posts.version} + 1` })
        .where(liveAtVersion())
        .returning({ id: posts.id }),
    );
    return (await statement.execute({ id, version })).length > 0;
  }

  private run(query: keyof typeof builders, filter: PostFilter, slice: PostSlice): Promise<PostRecord[]> {
    // One statement per query and shape of filter and slice: a few dozen at most.
    const shape = `posts_${query}_${slice.order}_${filter.publishedOnly}_${!!filter.authorId}_${!!filter.search}_${!!slice.after}_${!!slice.offset}`;
    return prepared(this.db, shape, () => builders[query](this.db, filter, slice, byPlaceholder)).execute({
      authorId: filter.authorId,
      search: filter.search,
      afterAt: slice.after?.createdAt.toISOString(),
      afterId: slice.after?.id,
      limit: slice.limit,
      offset: slice.offset,
      window: SEARCH_WINDOW,
    });
  }
}
