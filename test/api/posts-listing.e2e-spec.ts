import { randomUUID } from 'node:crypto';
import { expectProblem } from '../support/problem';
import { type PostRow } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { type Order, type Query, toApi, sorted, ids, list, walk, expectPageShape } from '../support/listing';
import { seedFeed } from '../support/feed-seed';

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
