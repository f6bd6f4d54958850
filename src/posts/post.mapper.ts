import type { PostHistoryRow } from '../infra/database/schema';
import type { Post, PostHistoryEntry } from './dto/post-response.dto';
import type { PostRecord } from './posts.repository';

type PostFields = Omit<PostRecord, 'deletedAt' | 'version'>;

export function toPost(record: PostFields): Post {
  return {
    id: record.id,
    title: record.title,
    content: record.content,
    published: record.published,
    authorId: record.authorId,
    author: { id: record.authorId, name: record.authorName },
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}

export function toHistoryEntry(row: Pick<PostHistoryRow, 'action' | 'actorId' | 'at' | 'changes'>): PostHistoryEntry {
  return { action: row.action, actorId: row.actorId, at: row.at.toISOString(), changes: row.changes };
}
