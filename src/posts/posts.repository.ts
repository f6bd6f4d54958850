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

  /** The post, deleted or not, with its author's name. */
  async findById(id: string) {
    const [row] = await this.db
      .select(columns)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.authorId))
      .where(eq(posts.id, id))
      .limit(1);
    return row;
  }

  list(filter: PostFilter, slice: PostSlice) {
    const direction = slice.order === 'desc' ? desc : asc;
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
      .limit(slice.limit)
      .offset(slice.offset ?? 0);
  }

  async count(filter: PostFilter): Promise<number> {
    const [row] = await this.db.select({ total: count() }).from(posts).where(this.where(filter));
    return row?.total ?? 0;
  }

  /** Inserts the post and its `create` history entry in one transaction. */
  create(authorId: string, post: Required<PostWrite>, changes: PostChangeSet) {
    return this.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(posts)
        .values({ ...post, authorId })
        .returning({ id: posts.id, createdAt: posts.createdAt, updatedAt: posts.updatedAt, version: posts.version });
      await tx.insert(postHistory).values({ postId: created!.id, actorId: authorId, action: 'create', changes });
      return created!;
    });
  }

  /**
   * Applies `write` only if the post is live and still at `version` (a
   * conditional update, so concurrent writers cannot both win), and records
   * `changes` in its history in the same transaction. `undefined` when the
   * condition no longer holds.
   */
  updateIfVersion(id: string, version: number, actorId: string, write: PostWrite, changes: PostChangeSet) {
    return this.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(posts)
        .set({ ...write, version: sql`${posts.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(posts.id, id), eq(posts.version, version), sql`${posts.deletedAt} IS NULL`))
        .returning({ updatedAt: posts.updatedAt, version: posts.version });
      if (!updated) return undefined;
      await tx.insert(postHistory).values({ postId: id, actorId, action: 'update', changes });
      return updated;
    });
  }

  /** Soft-deletes the post if it is live and still at `version`; `false` when it no longer is. */
  softDeleteIfVersion(id: string, version: number, actorId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const deleted = await tx
        .update(posts)
        .set({ deletedAt: sql`now()`, version: sql`${posts.version} + 1` })
        .where(and(eq(posts.id, id), eq(posts.version, version), sql`${posts.deletedAt} IS NULL`))
        .returning({ id: posts.id });
      if (deleted.length === 0) return false;
      await tx.insert(postHistory).values({ postId: id, actorId, action: 'delete', changes: {} });
      return true;
    });
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
