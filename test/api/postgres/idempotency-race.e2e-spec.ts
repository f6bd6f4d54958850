import { count, eq, sql } from 'drizzle-orm';
import { idempotencyKeys, posts } from '../../../src/infra/database/schema';
import { expectProblem } from '../../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../../support/test-app';
import { requirePostgresServer } from '../../support/test-database';

// PostgreSQL only: the lost race is forced by holding a row lock from a second pooled
// connection, and PGlite has one connection.
describe('Idempotency-Key: the request that loses the race', () => {
  let t: TestApp;
  let user: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp({}, { postgresUrl: requirePostgresServer() });
    user = await t.signUp();
  });
  afterAll(() => t?.close());

  const postsBy = async () => (await t.db.select({ n: count() }).from(posts).where(eq(posts.authorId, user.id)))[0]!.n;

  /** Resolves once a session waits on a lock to write the key's record. */
  async function keyInsertBlocked(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      const [row] = await t.db
        .execute<{ n: number }>(
          sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into "idempotency_keys"%'`,
        )
        .then((result) => result.rows);
      if (row!.n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the request never reached the write of its key');
  }

  it('answers 409 without the Location or ETag of the post it rolled back, and creates nothing', async () => {
    const before = await postsBy();
    // Another request with the key: it has written its record but not committed when ours starts.
    const answer = await t.db.transaction(async (tx) => {
      await tx.insert(idempotencyKeys).values({ userId: user.id, key: 'held', fingerprint: 'other', status: 201, headers: {}, body: {} });
      const pending = t
        .http()
        .post('/api/posts')
        .set(user.auth)
        .set('Idempotency-Key', 'held')
        .send({ title: 'Lost race', content: 'Rolled back' })
        .then((response) => response);
      await keyInsertBlocked();
      return { pending };
    });
    const response = await answer.pending;
    expectProblem(response, 409, '/api/posts');
    expect(response.headers.location).toBeUndefined();
    expect(response.headers.etag).toBeUndefined();
    expect(await postsBy()).toBe(before);
  });
});
