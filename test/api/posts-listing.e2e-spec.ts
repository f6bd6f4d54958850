import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { posts, type PostRow } from '../../src/infra/database/schema';
import { SEARCH_WINDOW } from '../../src/posts/posts.queries';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';
import type { Post as ApiPost } from '../../src/posts/dto/post-response.dto';

type Order = 'asc' | 'desc';
type Query = Record<string, string | number | boolean>;
type Author = Pick<SignedUpUser, 'id' | 'name'>;
type NewPost = typeof posts.$inferInsert;

interface Page {
  data: ApiPost[];
  nextCursor: string | null;
  total?: number;
}

const POST_KEYS = ['author', 'authorId', 'content', 'createdAt', 'id', 'published', 'title', 'updatedAt'];
const BASE = Date.parse('2024-03-01T12:00:00.000Z');
const at = (ms: number) => new Date(BASE + ms);

async function insertPosts(t: TestApp, values: NewPost[]): Promise<PostRow[]> {
  return t.db.insert(posts).values(values).returning();
}

/** The post as the API must render it, built from the inserted row. */
function toApi(row: PostRow, authors: Author[]): ApiPost {
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
function sorted(rows: PostRow[], order: Order = 'desc'): PostRow[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const byTime = a.createdAt.getTime() - b.createdAt.getTime();
    const byId = a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sign * (byTime || byId);
  });
}

const ids = (items: { id: string }[]) => items.map((item) => item.id);

function list(t: TestApp, path: string, query: Query = {}, user?: SignedUpUser) {
  return t
    .http()
    .get(path)
    .query(query)
    .set(user?.auth ?? {});
}

/** Follows nextCursor from the first page until it is null; every page must be a 200. */
async function walk(t: TestApp, path: string, query: Query = {}, user?: SignedUpUser): Promise<Page[]> {
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

function expectPageShape(body: Page, withTotal = false): void {
  expect(Object.keys(body).sort()).toEqual(withTotal ? ['data', 'nextCursor', 'total'] : ['data', 'nextCursor']);
  for (const post of body.data) {
    expect(Object.keys(post).sort()).toEqual(POST_KEYS);
    expect(Object.keys(post.author).sort()).toEqual(['id', 'name']);
  }
}

/**
 * 45+ published posts by two authors, groups of three sharing the exact same
 * createdAt (ties broken by id), 250 ms apart with some 1 ms offsets; plus drafts
 * and deleted posts at the newest times, where a leak would show first.
 */
async function seedFeed(t: TestApp, alice: Author, bob: Author): Promise<PostRow[]> {
  const feed: NewPost[] = Array.from({ length: 45 }, (_, i) => {
    const createdAt = at(Math.floor(i / 3) * 250 + (i % 9 === 8 ? 1 : 0));
    return {
      title: `Post ${i}`,
      content: `Body of post number ${i}`,
      published: true,
      authorId: i % 3 === 0 ? bob.id : alice.id,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + 5000),
    };
  });
  const drafts: NewPost[] = Array.from({ length: 7 }, (_, i) => ({
    title: `Draft ${i}`,
    content: `Unpublished body ${i}`,
    published: false,
    authorId: i < 5 ? alice.id : bob.id,
    createdAt: at(i === 0 ? 60_000 : i * 700 + 3),
  }));
  const deleted: NewPost[] = [
    {
      title: 'Deleted 0',
      content: 'Gone but not forgotten',
      published: true,
      authorId: alice.id,
      createdAt: at(61_000),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 1',
      content: 'Gone but not forgotten',
      published: true,
      authorId: alice.id,
      createdAt: at(2_000),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 2',
      content: 'Gone but not forgotten',
      published: true,
      authorId: bob.id,
      createdAt: at(61_500),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 3',
      content: 'A deleted draft here',
      published: false,
      authorId: alice.id,
      createdAt: at(63_000),
      deletedAt: at(64_000),
    },
  ];
  const gardening: NewPost[] = [
    { title: 'Draft about gardening', content: 'Tomatoes need sun and water', published: false, authorId: alice.id, createdAt: at(5_001) },
    {
      title: 'Gardening for beginners',
      content: 'Start with herbs on a windowsill',
      published: true,
      authorId: bob.id,
      createdAt: at(5_002),
    },
  ];
  return insertPosts(t, [...feed, ...drafts, ...deleted, ...gardening]);
}

describe('GET /api/posts', () => {
  let t: TestApp;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let rows: PostRow[];
  let feed: PostRow[];
  const expected = (subset: PostRow[], order: Order = 'desc') => sorted(subset, order).map((row) => toApi(row, [alice, bob]));

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.signUp({ name: 'Alice' });
    bob = await t.signUp({ name: 'Bob' });
    rows = await seedFeed(t, alice, bob);
    feed = rows.filter((row) => row.published && !row.deletedAt);
  });
  afterAll(() => t.close());

  it('lists published, live posts newest first, 20 by default, in the exact shape', async () => {
    const res = await list(t, '/api/posts');
    expect(res.status).toBe(200);
    expectPageShape(res.body);
    expect(res.body.data).toEqual(expected(feed).slice(0, 20));
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('never lists drafts or deleted posts, not even to their author', async () => {
    const pages = await walk(t, '/api/posts', { limit: 100 }, alice);
    const listed = pages.flatMap((page) => page.data);
    expect(listed).toEqual(expected(feed));
    const hidden = rows.filter((row) => !row.published || row.deletedAt);
    expect(hidden.length).toBeGreaterThan(0);
    expect(ids(listed).filter((id) => ids(hidden).includes(id))).toEqual([]);
  });

  it('order=asc lists oldest first', async () => {
    const res = await list(t, '/api/posts', { order: 'asc', limit: 100 });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expected(feed, 'asc'));
    expect(res.body.nextCursor).toBeNull();
  });

  it('rejects an unknown order', async () => {
    expectProblem(await list(t, '/api/posts', { order: 'sideways' }), 400, '/api/posts', 'order');
  });

  it.each([1, 7, 100])('accepts limit=%i', async (limit) => {
    const res = await list(t, '/api/posts', { limit });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expected(feed).slice(0, limit));
  });

  it.each(['0', '101', 'abc', '1.5', '-1'])('rejects limit=%s with a 400 on limit', async (limit) => {
    expectProblem(await list(t, '/api/posts', { limit }), 400, '/api/posts', 'limit');
  });

  it.each<Order>(['desc', 'asc'])('walks nextCursor through every post exactly once (order=%s)', async (order) => {
    const pages = await walk(t, '/api/posts', { order, limit: 7 });
    const want = expected(feed, order);
    expect(pages).toHaveLength(Math.ceil(want.length / 7));
    expect(pages.flatMap((page) => page.data)).toEqual(want);
    pages.slice(0, -1).forEach((page) => {
      expect(page.data).toHaveLength(7);
      expect(page.nextCursor).toEqual(expect.any(String));
    });
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('gives no cursor when the last page is exactly full', async () => {
    const res = await list(t, '/api/posts', { limit: feed.length });
    expect(res.body.data).toHaveLength(feed.length);
    expect(res.body.nextCursor).toBeNull();
  });

  it('rejects garbage and tampered cursors with a 400 on cursor', async () => {
    const first = await list(t, '/api/posts', { limit: 3 });
    const real: string = first.body.nextCursor;
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const bad = [
      'garbage!!',
      'not-a-cursor',
      real.slice(0, -5),
      `${real}$`,
      encode(['2024-03-01T12:00:00.000Z', 'not-a-uuid']),
      encode(['yesterday', randomUUID()]),
      encode({ createdAt: '2024-03-01T12:00:00.000Z', id: randomUUID() }),
      'x'.repeat(5000),
    ];
    for (const cursor of bad) {
      expectProblem(await list(t, '/api/posts', { cursor }), 400, '/api/posts', 'cursor');
    }
  });

  describe('page mode', () => {
    it.each<Order>(['desc', 'asc'])('page=2&limit=5 is rows 6-10 with no cursor (order=%s)', async (order) => {
      const res = await list(t, '/api/posts', { page: 2, limit: 5, order });
      expect(res.status).toBe(200);
      expectPageShape(res.body);
      expect(res.body.data).toEqual(expected(feed, order).slice(5, 10));
      expect(res.body.nextCursor).toBeNull();
    });

    it('a page past the end is an empty 200', async () => {
      const res = await list(t, '/api/posts', { page: 50, limit: 5 });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: [], nextCursor: null });
    });

    it.each(['0', '-1', 'abc', '1.5'])('rejects page=%s', async (page) => {
      expectProblem(await list(t, '/api/posts', { page }), 400, '/api/posts', 'page');
    });

    it('rejects cursor and page together', async () => {
      const { body } = await list(t, '/api/posts', { limit: 3 });
      const res = await list(t, '/api/posts', { cursor: body.nextCursor, page: 2 });
      expectProblem(res, 400, '/api/posts');
      expect(res.body.errors.length).toBeGreaterThan(0);
    });
  });

  describe('authorId', () => {
    it("lists only that author's published posts", async () => {
      const pages = await walk(t, '/api/posts', { authorId: bob.id, limit: 4 });
      expect(pages.flatMap((page) => page.data)).toEqual(expected(feed.filter((row) => row.authorId === bob.id)));
    });

    it('is empty for an unknown author', async () => {
      const res = await list(t, '/api/posts', { authorId: randomUUID() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: [], nextCursor: null });
    });

    it('rejects an authorId that is not a UUID', async () => {
      expectProblem(await list(t, '/api/posts', { authorId: 'bob' }), 400, '/api/posts', 'authorId');
    });
  });

  describe('withTotal', () => {
    it('adds the count of all matching posts, whatever the limit or cursor', async () => {
      const first = await list(t, '/api/posts', { withTotal: 'true', limit: 5 });
      expect(first.status).toBe(200);
      expectPageShape(first.body, true);
      expect(first.body.total).toBe(feed.length);
      const second = await list(t, '/api/posts', { withTotal: 'true', limit: 5, cursor: first.body.nextCursor });
      expect(second.body.total).toBe(feed.length);
      expect(second.body.data).toEqual(expected(feed).slice(5, 10));
    });

    it('counts with the filters and in page mode', async () => {
      const res = await list(t, '/api/posts', { withTotal: 'true', authorId: bob.id, page: 2, limit: 3 });
      expect(res.body.total).toBe(feed.filter((row) => row.authorId === bob.id).length);
      const past = await list(t, '/api/posts', { withTotal: 'true', page: 99 });
      expect(past.body).toEqual({ data: [], nextCursor: null, total: feed.length });
    });

    it.each<Query>([{ withTotal: 'false' }, {}])('has no total key for %j', async (query) => {
      const res = await list(t, '/api/posts', { ...query, limit: 2 });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('total');
      expectPageShape(res.body);
    });

    it('rejects withTotal=yes', async () => {
      expectProblem(await list(t, '/api/posts', { withTotal: 'yes' }), 400, '/api/posts', 'withTotal');
    });
  });

  it('ignores unknown query parameters', async () => {
    const res = await list(t, '/api/posts', { limit: 3, colour: 'blue', sort: 'title' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(expected(feed).slice(0, 3));
  });
});

describe('GET /api/users/me/posts', () => {
  let t: TestApp;
  let alice: SignedUpUser;
  let bob: SignedUpUser;
  let own: PostRow[];
  const expected = (subset: PostRow[], order: Order = 'desc') => sorted(subset, order).map((row) => toApi(row, [alice, bob]));
  const path = '/api/users/me/posts';

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.signUp({ name: 'Alice' });
    bob = await t.signUp({ name: 'Bob' });
    const rows = await seedFeed(t, alice, bob);
    own = rows.filter((row) => row.authorId === alice.id && !row.deletedAt);
  });
  afterAll(() => t.close());

  it('is 401 without a session, before looking at the query', async () => {
    expectProblem(await list(t, path), 401, path);
    expectProblem(await list(t, path, { limit: 0 }), 401, path);
    expectProblem(await t.http().get(path).set('Authorization', 'Bearer not-a-token'), 401, path);
  });

  it.each<Order>(['desc', 'asc'])("walks the caller's own posts, drafts included, deleted not (order=%s)", async (order) => {
    const pages = await walk(t, path, { order, limit: 7 }, alice);
    expect(own.some((row) => !row.published)).toBe(true);
    pages.forEach((page) => expectPageShape(page));
    expect(pages.flatMap((page) => page.data)).toEqual(expected(own, order));
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it("never lists another user's posts, whatever authorId says", async () => {
    const res = await list(t, path, { authorId: bob.id, limit: 100 }, alice);
    expect(res.status).toBe(200);
    expect(res.body.data.every((post: ApiPost) => post.authorId === alice.id)).toBe(true);
  });

  it('defaults to 20 and validates limit', async () => {
    const res = await list(t, path, {}, alice);
    expect(res.body.data).toEqual(expected(own).slice(0, 20));
    expectProblem(await list(t, path, { limit: 0 }, alice), 400, path, 'limit');
    expectProblem(await list(t, path, { limit: 101 }, alice), 400, path, 'limit');
  });

  it('rejects a garbage cursor, a bad page and cursor with page', async () => {
    expectProblem(await list(t, path, { cursor: 'garbage!!' }, alice), 400, path, 'cursor');
    expectProblem(await list(t, path, { page: 0 }, alice), 400, path, 'page');
    const { body } = await list(t, path, { limit: 2 }, alice);
    expectProblem(await list(t, path, { cursor: body.nextCursor, page: 1 }, alice), 400, path);
  });

  it('supports page mode and withTotal', async () => {
    const res = await list(t, path, { page: 2, limit: 5, withTotal: 'true' }, alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: expected(own).slice(5, 10), nextCursor: null, total: own.length });
    const past = await list(t, path, { page: 100, limit: 5 }, alice);
    expect(past.body).toEqual({ data: [], nextCursor: null });
    expectProblem(await list(t, path, { withTotal: 'yes' }, alice), 400, path, 'withTotal');
  });

  it("searches the caller's own posts, drafts included", async () => {
    const res = await list(t, path, { q: 'gardening', withTotal: 'true' }, alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: expected(own.filter((row) => row.title === 'Draft about gardening')), nextCursor: null, total: 1 });
    // The public feed finds Bob's published post and not Alice's draft.
    const feed = await list(t, '/api/posts', { q: 'gardening' }, alice);
    expect(ids(feed.body.data)).toEqual([expect.any(String)]);
    expect(feed.body.data[0]).toMatchObject({ title: 'Gardening for beginners', authorId: bob.id });
  });
});

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
