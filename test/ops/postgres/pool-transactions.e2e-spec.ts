import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestApp, type SignedUpUser, type TestApp } from '../../support/test-app';
import { requirePostgresServer } from '../../support/test-database';

// PostgreSQL only (DATABASE_URL): what is checked here is how a write's transaction
// treats its pooled connection, and PGlite has no pool.
describe('write transactions on a PostgreSQL pool', () => {
  let t: TestApp;
  let author: SignedUpUser;
  let other: SignedUpUser;
  let opened = 0;

  beforeAll(async () => {
    t = await createTestApp({}, { postgresUrl: requirePostgresServer() });
    expect(t.connection.driver).toBe('postgres');
    (t.db as unknown as { $client: Pool }).$client.on('connect', () => opened++);
    [author, other] = [await t.signUp(), await t.signUp()];
  });
  afterAll(() => t?.close());

  it('keeps the connection of a refused write (404, 403, 412) in the pool, and the write changes nothing', async () => {
    const created = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send({ title: 'Mine', content: 'Some content', published: true })
      .expect(201);
    const id: string = created.body.id;
    const openedBefore = opened;

    for (let round = 0; round < 5; round++) {
      await t.http().patch(`/api/posts/${randomUUID()}`).set(author.auth).send({ title: 'Nope' }).expect(404);
      await t.http().patch(`/api/posts/${id}`).set(other.auth).send({ title: 'Not yours' }).expect(403);
      await t.http().patch(`/api/posts/${id}`).set(author.auth).set('If-Match', '"999"').send({ title: 'Stale' }).expect(412);
    }

    // Before, each refusal destroyed its connection and the next write opened a new one.
    expect(opened).toBe(openedBefore);
    const after = await t.http().get(`/api/posts/${id}`).expect(200);
    expect(after.body.title).toBe('Mine');
    expect(after.headers.etag).toBe(created.headers.etag);
    const history = await t.http().get(`/api/posts/${id}/history`).set(author.auth).expect(200);
    expect(history.body.map((entry: { action: string }) => entry.action)).toEqual(['create']);
  });

  it('commits a write that goes through, on a pooled connection', async () => {
    const created = await t.http().post('/api/posts').set(author.auth).send({ title: 'Draft', content: 'Some content' }).expect(201);
    await t
      .http()
      .patch(`/api/posts/${created.body.id}`)
      .set(author.auth)
      .set('If-Match', created.headers.etag)
      .send({ title: 'Edited' })
      .expect(200);
    const history = await t.http().get(`/api/posts/${created.body.id}/history`).set(author.auth).expect(200);
    expect(history.body.map((entry: { action: string }) => entry.action)).toEqual(['create', 'update']);
  });
});
