import type { Post as ApiPost } from '../../src/posts/dto/post-response.dto';
import { type PostRow } from '../../src/infra/database/schema';
import { type SignedUpUser, type TestApp } from './test-app';
import { POST_KEYS } from './post-shape';

// Reading the post lists as a client does, and the order and shape they must have.
export type Order = 'asc' | 'desc';
export type Query = Record<string, string | number | boolean>;
export type Author = Pick<SignedUpUser, 'id' | 'name'>;

export interface Page {
  data: ApiPost[];
  nextCursor: string | null;
  total?: number;
}

/** The post as the API must render it, built from the inserted row. */
export function toApi(row: PostRow, authors: Author[]): ApiPost {
  const author = authors.find((a) => a.id === row.authorId)!;
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    published: row.published,
    authorId: row.authorId,
    author: { id: author.id, name: author.name },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Rows in the feed's order: createdAt, then id (PostgreSQL compares uuids like lowercase hex). */
export function sorted(rows: PostRow[], order: Order = 'desc'): PostRow[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const byTime = a.createdAt.getTime() - b.createdAt.getTime();
    const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sign * (byTime || byId);
  });
}

export const ids = (items: { id: string }[]) => items.map((item) => item.id);

export function list(t: TestApp, path: string, query: Query = {}, user?: SignedUpUser) {
  return t
    .http()
    .get(path)
    .query(query)
    .set(user?.auth ?? {});
}

/** Follows nextCursor from the first page until it is null; every page must be a 200. */
export async function walk(t: TestApp, path: string, query: Query = {}, user?: SignedUpUser): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(t, path, cursor ? { ...query, cursor } : query, user);
    expect(res.status).toBe(200);
    pages.push(res.body as Page);
    cursor = (res.body as Page).nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

export function expectPageShape(body: Page, withTotal = false): void {
  expect(Object.keys(body).sort()).toEqual(withTotal ? ['data', 'nextCursor', 'total'] : ['data', 'nextCursor']);
  for (const post of body.data) {
    expect(Object.keys(post).sort()).toEqual(POST_KEYS);
    expect(Object.keys(post.author).sort()).toEqual(['id', 'name']);
  }
}
