import { inArray } from 'drizzle-orm';
import { SEARCH_WINDOW } from '../../src/posts/posts.queries';
import { posts, type PostRow } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { type Order, toApi, sorted, ids, list, walk, expectPageShape } from '../support/listing';
import { at, insertPosts } from '../support/feed-seed';

describe('GET /api/posts?q=', () => {
  let t: TestApp;
  let dana: SignedUpUser;
  let eve: SignedUpUser;
  let rows: PostRow[];
  const expected = (subset: PostRow[], order: Order = 'desc') => sorted(subset, order).map((row) => toApi(row, [dana, eve]));
  const byTitle = (...titles: string[]) => rows.filter((row) => titles.includes(row.title));

  beforeAll(async () => {
    t = await createTestApp();
    dana = await t.signUp({ name: 'Dana' });
    eve = await t.signUp({ name: 'Eve' });
    rows = await insertPosts(t, [
      // The title match is the older one: a relevance ordering would put it first.
      { title: 'Running in the rain', content: 'Wet shoes and good company.', published: true, authorId: dana.id, createdAt: at(1_000) },
      {
        title: 'Weekend plans',
        content: 'We run together along the river on Sundays.',
        published: true,
        authorId: dana.id,
        createdAt: at(2_000),
      },
      {
        title: 'Cooking pasta at home',
        content: 'Boil water, add salt, then the pasta.',
        published: true,
        authorId: dana.id,
        createdAt: at(3_000),
      },
      {
        title: 'A draft about runs',
        content: 'This draft mentions that I run daily.',
        published: false,
        authorId: dana.id,
        createdAt: at(4_000),
      },
      {
        title: 'Removed run post',
        content: 'This one was deleted after we run.',
        published: true,
        authorId: dana.id,
        createdAt: at(5_000),
        deletedAt: at(6_000),
      },
      { title: 'Eve runs too', content: 'Morning runs by the harbour.', published: true, authorId: eve.id, createdAt: at(1_500) },
      ...Array.from({ length: 9 }, (_, i) => ({
        title: `Race report ${i}`,
        content: `Another long run, number ${i}, in the hills.`,
        published: true,
        authorId: i % 2 ? dana.id : eve.id,
        createdAt: at(10_000 + Math.floor(i / 3) * 10),
      })),
    ]);
  });
  afterAll(() => t.close());

  const matching = () => rows.filter((row) => row.published && !row.deletedAt && !['Cooking pasta at home'].includes(row.title));

  it('q=running finds a title match and a content match ("run"), newest first', async () => {
    const res = await list(t, '/api/posts', { q: 'running', limit: 100 });
    expect(res.status).toBe(200);
    expectPageShape(res.body);
    expect(res.body.data).toEqual(expected(matching()));
    expect(ids(res.body.data)).toEqual(expect.arrayContaining(ids(byTitle('Running in the rain', 'Weekend plans'))));
  });

  it('keeps createdAt order with order=asc', async () => {
    const res = await list(t, '/api/posts', { q: 'running', order: 'asc', limit: 100 });
    expect(res.body.data).toEqual(expected(matching(), 'asc'));
  });

  it('does not find posts without the word', async () => {
    const res = await list(t, '/api/posts', { q: 'pasta' });
    expect(res.body.data).toEqual(expected(byTitle('Cooking pasta at home')));
    const none = await list(t, '/api/posts', { q: 'submarine', withTotal: 'true' });
    expect(none.body).toEqual({ data: [], nextCursor: null, total: 0 });
  });

  // A search of negations alone is refused (it would read every post): see search-limits.e2e-spec.ts.
  it.each(['"unterminated', 'run & | ! (', 'the', ':*', "o'reilly", 'running -pasta'])(
    'treats q=%s as plain words, never an error',
    async (q) => {
      const res = await list(t, '/api/posts', { q });
      expect(res.status).toBe(200);
      expectPageShape(res.body);
    },
  );

  it.each<Order>(['desc', 'asc'])('walks search results with cursors (order=%s)', async (order) => {
    const pages = await walk(t, '/api/posts', { q: 'run', order, limit: 2 });
    expect(pages.flatMap((page) => page.data)).toEqual(expected(matching(), order));
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  // A search reads the newest SEARCH_WINDOW posts first and turns to the GIN index when
  // they do not fill the page: matches on both sides of that line come back in order.
  it.each<Order>(['desc', 'asc'])('finds matches beyond the recent window, in order, by cursor and by page (order=%s)', async (order) => {
    const filler = Array.from({ length: SEARCH_WINDOW + 50 }, (_, i) => ({
      title: `Filler ${i}`,
      content: 'Nothing to see in this one.',
      published: true,
      authorId: eve.id,
      createdAt: at(order === 'desc' ? 50_000 + i : -50_000 - i),
    }));
    const edge = order === 'desc' ? 40_000 : -40_000;
    const [near, ...far] = await insertPosts(t, [
      {
        title: `Zeppelin near ${order}`,
        content: 'Seen inside the window.',
        published: true,
        authorId: dana.id,
        createdAt: at(order === 'desc' ? 60_000 : -60_000),
      },
      { title: `Zeppelin far 1 ${order}`, content: 'Only the index finds it.', published: true, authorId: dana.id, createdAt: at(edge) },
      {
        title: `Zeppelin far 2 ${order}`,
        content: 'Only the index finds it.',
        published: true,
        authorId: dana.id,
        createdAt: at(edge + (order === 'desc' ? -1 : 1)),
      },
    ]);
    const fillers = await insertPosts(t, filler);
    try {
      const q = `zeppelin ${order}`;
      const pages = await walk(t, '/api/posts', { q, order, limit: 2 });
      expect(pages.map((page) => ids(page.data))).toEqual([ids([near!, far[0]!]), ids([far[1]!])]);
      // Page mode too: page 1 is inside the window, pages 2 and 3 only the index finds.
      for (const [page, post] of [near!, far[0]!, far[1]!].entries()) {
        const res = await list(t, '/api/posts', { q, order, limit: 1, page: page + 1, withTotal: 'true' });
        expect(res.body).toEqual({ data: [expect.objectContaining({ id: post.id })], nextCursor: null, total: 3 });
      }
    } finally {
      await t.db.delete(posts).where(
        inArray(
          posts.id,
          [near!, ...far, ...fillers].map((row) => row.id),
        ),
      );
    }
  });

  it('combines q with authorId, withTotal and page', async () => {
    const eves = matching().filter((row) => row.authorId === eve.id);
    const res = await list(t, '/api/posts', { q: 'running', authorId: eve.id, withTotal: 'true', limit: 100 });
    expect(res.body).toEqual({ data: expected(eves), nextCursor: null, total: eves.length });
    const page = await list(t, '/api/posts', { q: 'running', page: 2, limit: 3 });
    expect(page.body).toEqual({ data: expected(matching()).slice(3, 6), nextCursor: null });
  });
});
