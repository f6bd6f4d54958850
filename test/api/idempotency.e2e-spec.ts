import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { IdempotencyKeysPurge } from '../../src/http/idempotency/idempotency-keys.purge';
import { idempotencyKeys, postHistory, posts } from '../../src/infra/database/schema';
import { expectProblem } from '../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

const body = { title: 'Once only', content: 'Posted with a retry-safe key' };

describe('Idempotency-Key on POST /api/posts', () => {
  let t: TestApp;
  let user: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signUp();
  });
  afterAll(() => t.close());

  const create = (key: string | undefined, payload: object = body, who: SignedUpUser = user) => {
    const request = t.http().post('/api/posts').set(who.auth);
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(payload);
  };
  const postsBy = async (authorId: string) => (await t.db.select({ n: count() }).from(posts).where(eq(posts.authorId, authorId)))[0]!.n;

  it('replays the first 201 for a retry with the same key and body, creating nothing new', async () => {
    const before = await postsBy(user.id);
    const first = await create('"retry-1"');
    const retry = await create('"retry-1"');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect(retry.headers.etag).toBe(first.headers.etag);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await postsBy(user.id)).toBe(before + 1);
    const history = await t.db.select({ n: count() }).from(postHistory).where(eq(postHistory.postId, first.body.id));
    expect(history[0]!.n).toBe(1);
  });

  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    await create('retry-2');
    const before = await postsBy(user.id);
    const reused = await create('retry-2', { ...body, title: 'Something else' });
    expectProblem(reused, 422, '/api/posts');
    expect(await postsBy(user.id)).toBe(before);
  });

  it('keeps keys per user', async () => {
    const other = await t.signUp();
    const mine = await create('shared-key');
    const theirs = await create('shared-key', body, other);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.authorId).toBe(other.id);
  });

  it('forgets a key after 24 hours', async () => {
    const first = await create('old-key');
    await t.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '25 hours'`, expiresAt: sql`now() - interval '1 hour'` })
      .where(eq(idempotencyKeys.key, 'old-key'));
    const later = await create('old-key');
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
    // The fresh answer is what the key replays from now on.
    expect((await create('old-key')).body.id).toBe(later.body.id);
  });

  it('keeps a key until the expiry fixed when it was stored, whatever its age', async () => {
    const first = await create('promised-key');
    const [stored] = await t.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'promised-key'));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(24 * 3600 * 1000);
    // As if it had been stored under a longer TTL by an earlier release.
    await t.db
      .update(idempotencyKeys)
      .set({ createdAt: sql`now() - interval '30 hours'`, expiresAt: sql`now() + interval '1 hour'` })
      .where(eq(idempotencyKeys.key, 'promised-key'));
    const retry = await create('promised-key');
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.id).toBe(first.body.id);
  });

  it('purges expired keys in the background and keeps live ones', async () => {
    const other = await t.signUp();
    for (const key of ['expired-1', 'expired-2', 'live-1']) await create(key, body, other);
    await t.db
      .update(idempotencyKeys)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(and(eq(idempotencyKeys.userId, other.id), inArray(idempotencyKeys.key, ['expired-1', 'expired-2'])));
    expect(await t.app.get(IdempotencyKeysPurge).sweep()).toBeGreaterThanOrEqual(2);
    const left = await t.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys).where(eq(idempotencyKeys.userId, other.id));
    expect(left.map((row) => row.key)).toEqual(['live-1']);
    expect((await create('live-1', body, other)).headers['idempotent-replayed']).toBe('true');
  });

  it('creates a post per request without a key', async () => {
    const before = await postsBy(user.id);
    await create(undefined);
    await create(undefined);
    expect(await postsBy(user.id)).toBe(before + 2);
  });

  it.each([
    ['empty', '""'],
    ['too long', 'k'.repeat(256)],
    ['not ASCII', 'clé'],
  ])('rejects a malformed key (%s) with a 400 naming the header', async (_name, key) => {
    const before = await postsBy(user.id);
    const response = await create(key);
    expectProblem(response, 400, '/api/posts');
    expect(response.body.errors).toEqual([expect.objectContaining({ path: 'Idempotency-Key', code: 'invalid_format' })]);
    expect(await postsBy(user.id)).toBe(before);
  });

  it('creates exactly one post when retries with one key race', async () => {
    const before = await postsBy(user.id);
    const responses = await Promise.all(Array.from({ length: 6 }, () => create('racing-key')));
    const statuses = responses.map((response) => response.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    const ids = new Set(responses.filter((response) => response.status === 201).map((response) => response.body.id));
    expect(ids.size).toBe(1);
    expect(await postsBy(user.id)).toBe(before + 1);
  });
});
