import { count, sql } from 'drizzle-orm';
import { posts } from '../../src/infra/database/schema';
import { expectProblem } from '../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

const validPost = { title: 'A title', content: 'Enough content here' };

describe('errors as problem+json', () => {
  let t: TestApp;
  let user: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signUp();
  });
  afterAll(() => t.close());

  const postCount = async () => (await t.db.select({ n: count() }).from(posts))[0]!.n;

  it('answers an unknown route with a 404 problem', async () => {
    expectProblem(await t.http().get('/api/nope?x=1'), 404, '/api/nope');
  });

  it('answers a wrong method on a known path with a 404 problem', async () => {
    expectProblem(await t.http().delete('/api/users/me'), 404, '/api/users/me');
  });

  it('rejects malformed JSON with a 400 problem and creates nothing', async () => {
    const before = await postCount();
    const response = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'application/json').send('{"title": ');
    expectProblem(response, 400, '/api/posts');
    expect(await postCount()).toBe(before);
  });

  it('lets a route that takes no body ignore one that does not parse', async () => {
    const created = await t.http().post('/api/posts').set(user.auth).send(validPost);
    const path = `/api/posts/${created.body.id}`;
    const broken = '{"title": ';
    const read = await t.http().get(path).set(user.auth).set('Content-Type', 'application/json').send(broken);
    expect(read.status).toBe(200);
    const deleted = await t.http().delete(path).set(user.auth).set('Content-Type', 'application/json').send(broken);
    expect(deleted.status).toBe(204);
  });

  it('rejects a body over 1 MiB with a 413 problem', async () => {
    const response = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send({ ...validPost, content: 'x'.repeat(1024 * 1024 + 1) });
    expectProblem(response, 413, '/api/posts');
  });

  it('rejects a body that is not JSON with a 415 problem', async () => {
    const response = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'text/plain').send('title=x');
    expectProblem(response, 415, '/api/posts');
    const form = await t.http().post('/api/posts').set(user.auth).type('form').send({ title: 'x', content: 'yyyyyyyyyyyy' });
    expectProblem(form, 415, '/api/posts');
  });

  it('accepts any application/*+json type as JSON', async () => {
    const created = await t.http().post('/api/posts').set(user.auth).send(validPost);
    const response = await t
      .http()
      .patch(`/api/posts/${created.body.id}`)
      .set(user.auth)
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ title: 'Merged' }));
    expect(response.status).toBe(200);
    expect(response.body.title).toBe('Merged');
  });

  it('echoes a sent X-Request-Id and uses it in the problem', async () => {
    const response = await t.http().get('/api/posts/not-a-uuid').set('X-Request-Id', 'trace-42');
    expectProblem(response, 400, '/api/posts/not-a-uuid');
    expect(response.headers['x-request-id']).toBe('trace-42');
  });

  it('generates a request id when none, or an unsafe one, is sent', async () => {
    const plain = await t.http().get('/api/posts');
    expect(plain.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await t.http().get('/api/posts').set('X-Request-Id', 'a b<script>');
    expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports each invalid field once, by its path in the body', async () => {
    const response = await t.http().post('/api/posts').set(user.auth).send({ title: '   ', content: 'short', id: 'x' });
    expectProblem(response, 400);
    expect(response.body.detail).toBe('Request body is invalid');
    expect(response.body.errors).toEqual([
      { path: 'title', code: 'too_small', message: 'Title is required' },
      { path: 'content', code: 'too_small', message: 'Content must be at least 10 characters' },
      { path: 'id', code: 'unrecognized_keys', message: 'Unknown field "id"' },
    ]);
  });

  it('answers an unexpected failure with a bare 500 and rolls the write back', async () => {
    const before = await postCount();
    await t.db.execute(sql`ALTER TABLE post_history RENAME TO post_history_away`);
    try {
      const response = await t.http().post('/api/posts').set(user.auth).send(validPost);
      expectProblem(response, 500, '/api/posts');
      expect(response.body.detail).toBe('An unexpected error occurred');
      expect(response.text).not.toMatch(/post_history|relation|select|insert|at \w+ \(/i);
    } finally {
      await t.db.execute(sql`ALTER TABLE post_history_away RENAME TO post_history`);
    }
    // The post and its audit row are one transaction: no post without history.
    expect(await postCount()).toBe(before);
  });
});

describe('database outage', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await t.connection.close();
  });
  afterAll(() => t.close());

  it('answers requests that need the database with a 503 problem', async () => {
    expectProblem(await t.http().get('/api/posts'), 503, '/api/posts');
  });

  it('reports not ready, as a 503 problem, while liveness stays up', async () => {
    expectProblem(await t.http().get('/health/ready'), 503, '/health/ready');
    expect((await t.http().get('/health/live')).status).toBe(200);
  });
});
