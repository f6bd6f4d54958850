import { and, eq, inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { accounts, postHistory, posts, users, type PostRow } from '../../src/infra/database/schema';
import { expectProblem } from '../support/problem';
import { createPost, postRow } from '../support/factories';
import type { HistoryEntry } from '../support/post-shape';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import type { Post as ApiPost } from '../../src/posts/dto/post-response.dto';

type Order = 'asc' | 'desc';

interface Page {
  data: ApiPost[];
  nextCursor: string | null;
}

const PARALLEL = 20;
const ORIGINAL_TITLE = 'Original title';

let t: TestApp;

async function history(author: SignedUpUser, id: string): Promise<HistoryEntry[]> {
  const res = await t.http().get(`/api/posts/${id}/history`).set(author.auth);
  expect(res.status).toBe(200);
  return res.body as HistoryEntry[];
}

/** `n` requests started together, settled together: none waits for another to finish first. */
function inParallel(n: number, send: (i: number) => PromiseLike<Response>): Promise<Response[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => send(i)));
}

/** Every response that is not `expected`, as "status detail", so a failure says what went wrong. */
function unexpected(responses: Response[], expected: number): string[] {
  return responses
    .filter((res) => res.status !== expected)
    .map((res) => `${res.status} ${res.body?.detail ?? res.body?.message ?? res.text}`);
}

/** Which status came back how often. */
function tally(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const res of responses) counts[res.status] = (counts[res.status] ?? 0) + 1;
  return counts;
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('concurrent PATCH with the same If-Match', () => {
  it('lets exactly one writer win; the others get 412 and leave no trace', async () => {
    const author = await t.signUp();
    const { post, etag } = await createPost(t, author, { title: ORIGINAL_TITLE });
    const path = `/api/posts/${post.id}`;
    const titles = Array.from({ length: PARALLEL }, (_, i) => `Contender ${i}`);

    const responses = await inParallel(PARALLEL, (i) =>
      t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: titles[i] }),
    );

    expect(tally(responses)).toEqual({ 200: 1, 412: PARALLEL - 1 });
    const winner = responses.find((res) => res.status === 200)!;
    for (const res of responses.filter((r) => r.status !== 200)) expectProblem(res, 412, path);

    const winnerTitle = titles[responses.indexOf(winner)];
    expect(winner.body.title).toBe(winnerTitle);
    expect(winner.headers.etag).toEqual(expect.any(String));
    expect(winner.headers.etag).not.toBe(etag);
    expect((await postRow(t, post.id))?.title).toBe(winnerTitle);

    const read = await t.http().get(path);
    expect(read.body.title).toBe(winnerTitle);
    expect(read.headers.etag).toBe(winner.headers.etag);

    const entries = await history(author, post.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'update']);
    expect(entries[1]!.changes).toEqual({ title: [ORIGINAL_TITLE, winnerTitle] });
  });
});

describe('concurrent PATCH without If-Match', () => {
  it('applies every write, one after another, with a consistent history chain', async () => {
    const author = await t.signUp();
    const { post, etag } = await createPost(t, author, { title: ORIGINAL_TITLE });
    const path = `/api/posts/${post.id}`;
    const titles = Array.from({ length: PARALLEL }, (_, i) => `Writer ${i}`);

    const responses = await inParallel(PARALLEL, (i) => t.http().patch(path).set(author.auth).send({ title: titles[i] }));

    expect(unexpected(responses, 200)).toEqual([]);
    responses.forEach((res, i) => expect(res.body.title).toBe(titles[i]));
    const etags = responses.map((res) => res.headers.etag as string);
    expect(new Set([etag, ...etags]).size).toBe(PARALLEL + 1);

    const entries = await history(author, post.id);
    expect(entries.map((e) => e.action)).toEqual(['create', ...titles.map(() => 'update')]);
    const updates = entries.slice(1);
    for (const update of updates) expect(Object.keys(update.changes)).toEqual(['title']);
    // Each write saw the one before it: its old title is the previous entry's new title.
    let previous: unknown = ORIGINAL_TITLE;
    for (const update of updates) {
      const [oldTitle, newTitle] = update.changes.title!;
      expect(oldTitle).toBe(previous);
      previous = newTitle;
    }
    expect(updates.map((u) => u.changes.title![1]).sort()).toEqual([...titles].sort());

    const row = await postRow(t, post.id);
    expect(row?.title).toBe(previous);
    const read = await t.http().get(path);
    expect(read.body.title).toBe(previous);
    // The last write applied is the one whose ETag is current.
    const last = responses.find((res) => res.body.title === previous)!;
    expect(read.headers.etag).toBe(last.headers.etag);
  });
});

describe('cursor paging while posts are being created', () => {
  const HOUR = 3_600_000;

  /**
   * 40 published posts spread from an hour ago to an hour ahead (some sharing a
   * createdAt), so posts created now land in the middle of the feed in both orders.
   */
  async function seedFeed(author: SignedUpUser): Promise<PostRow[]> {
    const now = Date.now();
    const values = Array.from({ length: 40 }, (_, i) => ({
      title: `Seeded ${i}`,
      content: 'Seeded content, long enough',
      published: true,
      authorId: author.id,
      // Pairs share a timestamp, so the id breaks ties.
      createdAt: new Date(now - HOUR + Math.floor(i / 2) * (HOUR / 10)),
    }));
    return t.db.insert(posts).values(values).returning();
  }

  function feedOrder(rows: PostRow[], order: Order): string[] {
    const sign = order === 'asc' ? 1 : -1;
    return [...rows]
      .sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
      .map((row) => row.id);
  }

  it.each<Order>(['desc', 'asc'])('walks every pre-existing post exactly once, in %s order', async (order) => {
    const author = await t.signUp();
    const seeded = await seedFeed(author);
    const seededIds = new Set(seeded.map((row) => row.id));
    const writer = await t.signUp();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { limit: 5, order, ...(cursor ? { cursor } : {}) };
      // Each page is fetched while three new published posts are being created.
      const [pageRes, ...writes] = await Promise.all([
        t.http().get('/api/posts').query(query),
        ...Array.from({ length: 3 }, () =>
          t
            .http()
            .post('/api/posts')
            .set(writer.auth)
            .send({ title: `Fresh ${randomUUID()}`, content: 'Fresh content, long enough', published: true }),
        ),
      ]);
      expect(pageRes.status).toBe(200);
      for (const res of writes) expect(res.status).toBe(201);
      const page = pageRes.body as Page;
      expect(page.data.length).toBeLessThanOrEqual(5);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.nextCursor;
      pages++;
      // Guards against a cursor that never ends; far more pages than the feed can hold.
      expect(pages).toBeLessThan(100);
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => seededIds.has(id))).toEqual(feedOrder(seeded, order));
  });
});

describe('concurrent sign-ups with one email', () => {
  it('creates one user; the other attempts fail with a 4xx, never a 5xx', async () => {
    const email = `race-${randomUUID()}@example.com`;
    const n = 10;

    // Better Auth logs each losing insert's unique violation; expected here, so kept out of the output.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const responses = await inParallel(n, (i) =>
      t
        .http()
        .post('/api/auth/sign-up/email')
        .send({ email, password: 'correct horse battery staple', name: `Racer ${i}` }),
    ).finally(() => logged.mockRestore());

    const rows = await t.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(rows).toHaveLength(1);
    expect(responses.filter((res) => res.status >= 500).map((res) => `${res.status} ${res.text}`)).toEqual([]);
    expect(tally(responses)[200]).toBe(1);
    for (const res of responses.filter((r) => r.status !== 200)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const winner = responses.find((res) => res.status === 200)!;
    expect(winner.body.user.id).toBe(rows[0]!.id);
    // A losing attempt must not leave a second credential behind for the winner's row.
    expect(await t.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.userId, rows[0]!.id))).toHaveLength(1);

    const me = await t
      .http()
      .get('/api/users/me')
      .set({ Authorization: `Bearer ${winner.body.token}` });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
  });
});

describe('concurrent DELETE of one post', () => {
  it('deletes once: one 204, the rest 404, one delete entry', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, { title: ORIGINAL_TITLE });
    const path = `/api/posts/${post.id}`;
    const n = 5;

    const responses = await inParallel(n, () => t.http().delete(path).set(author.auth));

    expect(tally(responses)).toEqual({ 204: 1, 404: n - 1 });
    for (const res of responses.filter((r) => r.status === 404)) expectProblem(res, 404, path);
    expect((await t.http().get(path)).status).toBe(404);
    expect((await postRow(t, post.id))?.deletedAt).toEqual(expect.any(Date));

    const entries = await history(author, post.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'delete']);
  });
});

describe('concurrent creates by one user', () => {
  it('creates every post, each with its own create entry', async () => {
    const author = await t.signUp();
    const titles = Array.from({ length: PARALLEL }, (_, i) => `Parallel ${i}`);

    const responses = await inParallel(PARALLEL, (i) =>
      t
        .http()
        .post('/api/posts')
        .set(author.auth)
        .send({ title: titles[i], content: 'Parallel content, long enough', published: i % 2 === 0 }),
    );

    expect(unexpected(responses, 201)).toEqual([]);
    responses.forEach((res, i) => expect(res.body.title).toBe(titles[i]));
    const ids = responses.map((res) => res.body.id as string);
    expect(new Set(ids).size).toBe(PARALLEL);

    const rows = await t.db.select().from(posts).where(eq(posts.authorId, author.id));
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(rows.map((row) => row.title).sort()).toEqual([...titles].sort());

    const creates = await t.db
      .select({ postId: postHistory.postId })
      .from(postHistory)
      .where(and(inArray(postHistory.postId, ids), eq(postHistory.action, 'create')));
    expect(creates.map((entry) => entry.postId).sort()).toEqual([...ids].sort());

    const own = await t.http().get('/api/users/me/posts').set(author.auth).query({ limit: 100, withTotal: true });
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(PARALLEL);
  });
});
