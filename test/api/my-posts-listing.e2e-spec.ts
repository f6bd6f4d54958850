import type { Post as ApiPost } from '../../src/posts/dto/post-response.dto';
import { expectProblem } from '../support/problem';
import { type PostRow } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { type Order, toApi, sorted, ids, list, walk, expectPageShape } from '../support/listing';
import { seedFeed } from '../support/feed-seed';

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
