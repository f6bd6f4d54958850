import type { Post as ApiPost } from '../../src/posts/dto/post-response.dto';
import { type PostRow } from '../../src/infra/database/schema';
import { createTestApp, type TestApp } from '../support/test-app';
import { type Order, type Page, sorted, ids, list } from '../support/listing';
import { at, insertPosts } from '../support/feed-seed';

describe('keyset paging while posts are inserted', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each<Order>(['desc', 'asc'])('neither repeats nor skips the posts that were there (order=%s)', async (order) => {
    // An author of its own per run, so the two orders do not see each other's rows.
    const { id: authorId } = await t.signUp({ name: `Carol ${order}` });
    const start = 0;
    const existing = await insertPosts(
      t,
      Array.from({ length: 20 }, (_, i) => ({
        title: `Existing ${order} ${i}`,
        content: `Already here before paging`,
        published: true,
        authorId,
        createdAt: at(start + Math.floor(i / 4) * 100 + (i % 2)),
      })),
    );
    const seen: ApiPost[] = [];
    const inserted: PostRow[] = [];
    let cursor: string | null = null;
    let step = 0;
    do {
      const res = await list(t, '/api/posts', { authorId, order, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      seen.push(...(res.body as Page).data);
      cursor = (res.body as Page).nextCursor;
      const last = seen.at(-1)!;
      step++;
      // New posts before the start (newest in desc, oldest in asc) and one tied with the page's last row.
      inserted.push(
        ...(await insertPosts(t, [
          {
            title: `New ${step}a`,
            content: 'Inserted while paging',
            published: true,
            authorId,
            createdAt: at(start + (order === 'desc' ? 500_000 : -500_000) + step),
          },
          { title: `New ${step}b`, content: 'Inserted while paging', published: true, authorId, createdAt: new Date(last.createdAt) },
        ])),
      );
    } while (cursor !== null && step < 20);

    const existingIds = new Set(ids(existing));
    const seenExisting = seen.filter((post) => existingIds.has(post.id));
    expect(ids(seenExisting)).toEqual(ids(sorted(existing, order)));
    expect(new Set(ids(seen)).size).toBe(seen.length);
    // Posts inserted before the start of the walk never show up.
    const beforeStart = new Set(ids(inserted.filter((row) => row.title.endsWith('a'))));
    expect(seen.filter((post) => beforeStart.has(post.id))).toEqual([]);
    // The walk stays in order even with the newcomers it did see.
    const sign = order === 'asc' ? 1 : -1;
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1]!, seen[i]!];
      const cmp = Date.parse(b.createdAt) - Date.parse(a.createdAt) || (b.id > a.id ? 1 : -1);
      expect(sign * cmp).toBeGreaterThan(0);
    }
  });
});
