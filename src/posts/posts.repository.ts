import { Inject, Injectable } from '@nestjs/common';
import { and, asc, count, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Cursor } from '../common/paging/cursor';
import { DRIZZLE, type Database } from '../database/database.constants';
import { postHistory, posts, users } from '../database/schema';

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

  // The hottest read, prepared once per client: no query building per request.
  private byId?: ReturnType<PostsRepository['prepareFindById']>;

  private prepareFindById() {
    return this.db
      .select(columns)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(eq(posts.id, sql.placeholder('id')))
      .limit(1)
      .prepare('posts_find_by_id');
  }

  /** The post, deleted or not, with its author's name; `lock` holds its row until the transaction ends. */
  async findById(id: string, { lock = false } = {}) {
    if (!lock) {
      this.byId ??= this.prepareFindById();
      const [row] = await this.byId.execute({ id });
      return row;
    }
    const [row] = await this.db
      .select(columns)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(eq(posts.id, id))
      .limit(1)
      .for('update', { of: posts });
    return row;
  }

  list(filter: PostFilter, slice: PostSlice) {
    const direction = slice.order === 'desc' ? desc : asc;
    if (slice.offset) return this.listAtOffset(filter, slice, direction);
    const conditions = [this.where(filter)];
    if (slice.after) {
      const comparison = slice.order === 'desc' ? sql`<` : sql`>`;
      conditions.push(
        sql`(${posts.createdAt}, ${posts.id}) ${comparison} (${slice.after.createdAt.toISOString()}::timestamptz, ${slice.after.id}::uuid)`,
      );
    }
    return this.db
      .select(columns)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(and(...conditions))
      .orderBy(direction(posts.createdAt), direction(posts.id))
      .limit(slice.limit);
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
    return this.db
      .select(columns)
      .from(page)
      .innerJoin(posts, eq(posts.id, page.id))
      .innerJoin(users, eq(users.id, posts.authorId))
      .orderBy(direction(posts.createdAt), direction(posts.id));
  }

  async count(filter: PostFilter): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(posts).where(this.where(filter));
    return row?.total ?? 0;
  }

  async insert(authorId: string, post: Required<PostWrite>) {
    const [created] = await this.db
      .insert(posts)
      .values({ ...post, authorId })
      .returning({ id: posts.id, createdAt: posts.createdAt, updatedAt: posts.updatedAt, version: posts.version });
    return created!;
  }

  /** Applies `write` if the post is live and still at `version`; `undefined` when it is not. */
  async updateIfVersion(id: string, version: number, write: PostWrite) {
    const [updated] = await this.db
      .update(posts)
      .set({ ...write, version: sql`${posts.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(posts.id, id), eq(posts.version, version), sql`${posts.deletedAt} IS NULL`))
      .returning({ updatedAt: posts.updatedAt, version: posts.version });
    return updated;
  }

  /** Soft-deletes the post if it is live and still at `version`. */
  async softDeleteIfVersion(id: string, version: number): Promise<boolean> {
    const deleted = await this.db
      .update(posts)
      .set({ deletedAt: sql`now()`, version: sql`${posts.version} + 1` })
      .where(and(eq(posts.id, id), eq(posts.version, version), sql`${posts.deletedAt} IS NULL`))
      .returning({ id: posts.id });
    return deleted.length > 0;
  }

  async addHistory(postId: string, actorId: string, action: PostAction, changes: PostChangeSet): Promise<void> {
    await this.db.insert(postHistory).values({ postId, actorId, action, changes });
  }

  history(postId: string) {
    return this.db
      .select({ action: postHistory.action, actorId: postHistory.actorId, at: postHistory.at, changes: postHistory.changes })
      .from(postHistory)
      .where(eq(postHistory.postId, postId))
      .orderBy(asc(postHistory.id));
  }

  private where(filter: PostFilter): SQL {
    const conditions: SQL[] = [sql`${posts.deletedAt} IS NULL`];
    if (filter.publishedOnly) conditions.push(sql`${posts.published}`);
    if (filter.authorId) conditions.push(eq(posts.authorId, filter.authorId));
    if (filter.search) {
      conditions.push(sql`${posts.searchVector} @@ websearch_to_tsquery('english', ${filter.search})`);
    }
    return and(...conditions)!;
  }
}
