import { Inject, Injectable } from '@nestjs/common';
import { asc, eq, sql } from 'drizzle-orm';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { Example, GenerateSql } from '../infra/database/generate-sql';
import { prepared } from '../infra/database/prepared-statements';
import { postHistory } from '../infra/database/schema';
import type { PostChangeSet } from './dto/post-response.dto';

export type PostAction = (typeof postHistory.action.enumValues)[number];

export type { PostChangeSet } from './dto/post-response.dto';

/** The audit trail of posts: one entry per create, update and delete. */
@Injectable()
export class PostHistoryRepository {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  /** This repository on `db`, typically a transaction from UnitOfWork. */
  bind(db: Database): PostHistoryRepository {
    return new PostHistoryRepository(db);
  }

  @GenerateSql({ params: [Example.postId, Example.userId, 'update', { title: ['Old', 'New'] }] })
  async add(postId: string, actorId: string, action: PostAction, changes: PostChangeSet): Promise<void> {
    const statement = prepared(this.db, 'posts_add_history', () =>
      this.db.insert(postHistory).values({
        postId: sql.placeholder('postId'),
        actorId: sql.placeholder('actorId'),
        action: sql.placeholder('action'),
        changes: sql.placeholder('changes'),
      }),
    );
    await statement.execute({ postId, actorId, action, changes });
  }

  /** A post's entries, oldest first. */
  @GenerateSql({ params: [Example.postId] })
  list(postId: string) {
    return this.db
      .select({ action: postHistory.action, actorId: postHistory.actorId, at: postHistory.at, changes: postHistory.changes })
      .from(postHistory)
      .where(eq(postHistory.postId, postId))
      .orderBy(asc(postHistory.id));
  }
}
