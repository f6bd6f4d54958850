import { count, eq } from 'drizzle-orm';
import { postHistory, posts, type PostRow } from '../../src/infra/database/schema';
import type { Post } from '../../src/posts/dto/post-response.dto';
import type { SignedUpUser, TestApp } from './test-app';

/** A post created through the API: its body, its ETag and its URL path. */
export interface CreatedPost {
  post: Post;
  etag: string;
  path: string;
}

/** A valid create/replace body; `overrides` replace or add fields. */
export const samplePost = (overrides: Record<string, unknown> = {}) => ({
  title: 'A post about Drizzle',
  content: 'Some content that is long enough',
  published: true,
  ...overrides,
});

/** POST /api/posts as `author` with samplePost(fields); throws unless 201, since the test is about what follows. */
export async function createPost(t: TestApp, author: SignedUpUser, fields: Record<string, unknown> = {}): Promise<CreatedPost> {
  const res = await t.http().post('/api/posts').set(author.auth).send(samplePost(fields));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  const post = res.body as Post;
  return { post, etag: res.headers.etag as string, path: `/api/posts/${post.id}` };
}

/** The stored row, deleted or not, read past the API. */
export async function postRow(t: TestApp, id: string): Promise<PostRow | undefined> {
  const [row] = await t.db.select().from(posts).where(eq(posts.id, id));
  return row;
}

/** Every stored post, deleted ones included. */
export async function countPosts(t: TestApp): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(posts);
  return row!.n;
}

/** How many history entries the post has. */
export async function historyCount(t: TestApp, id: string): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(postHistory).where(eq(postHistory.postId, id));
  return row!.n;
}
