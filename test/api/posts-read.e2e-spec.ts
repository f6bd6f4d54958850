import type { Response } from 'supertest';
import { samplePost, createPost } from '../support/factories';
import { UNKNOWN_ID, expectPostShape } from '../support/post-shape';
import { expectProblem } from '../support/problem';
import { createTestApp, type TestApp } from '../support/test-app';

// GET /api/posts/:id: who sees which post, and the problem shape every error shares.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/posts/:id', () => {
  it('shows a published post to anonymous callers, with its ETag', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author);
    const res = await t.http().get(path);

    expect(res.status).toBe(200);
    expectPostShape(res.body);
    expect(res.body).toEqual(post);
    expect(res.headers.etag).toBe(etag);
  });

  it('takes an X-Consistency-Token from an earlier write, and any other value without an error', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author);
    // Without read replicas every read sees every write: a well-formed token changes nothing.
    const read = await t.http().get(path).set('X-Consistency-Token', '0/16B3748');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(post);
    // It is a hint: one that does not parse sends the read to the primary (test/topology/read-replicas).
    for (const token of ['nonsense', '0/', '1/2/3', '0/123456789']) {
      const mangled = await t.http().get(path).set('X-Consistency-Token', token);
      expect(mangled.status).toBe(200);
      expect(mangled.body).toEqual(post);
    }
    expect((await t.http().get('/api/posts').set('X-Consistency-Token', 'x')).status).toBe(200);
  });

  it('shows a draft to its author', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author, { published: false });
    const res = await t.http().get(path).set(author.auth);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(post);
    expect(res.headers.etag).toEqual(expect.any(String));
  });

  it('answers 404 for a draft to another user and to anonymous callers', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(t, author, { published: false });

    expectProblem(await t.http().get(path).set(other.auth), 404, path);
    expectProblem(await t.http().get(path), 404, path);
  });

  it('answers 400 problem for an id that is not a UUID', async () => {
    const res = await t.http().get('/api/posts/not-a-uuid');
    expectProblem(res, 400, '/api/posts/not-a-uuid');
  });

  it('answers 404 problem for an unknown UUID', async () => {
    const res = await t.http().get(`/api/posts/${UNKNOWN_ID}`);
    expectProblem(res, 404, `/api/posts/${UNKNOWN_ID}`);
  });

  it('answers 404 for a deleted post, even to its author', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    expect((await t.http().delete(path).set(author.auth)).status).toBe(204);

    expectProblem(await t.http().get(path), 404, path);
    expectProblem(await t.http().get(path).set(author.auth), 404, path);
  });
});

describe('error responses', () => {
  it('echo the X-Request-Id that was sent and give the path without the query as instance', async () => {
    const res = await t.http().get('/api/posts/not-a-uuid?foo=bar&baz=1').set('X-Request-Id', 'e2e-request-42');

    expectProblem(res, 400, '/api/posts/not-a-uuid');
    expect(res.headers['x-request-id']).toBe('e2e-request-42');
    expect(res.body.requestId).toBe('e2e-request-42');
  });

  it('carry a generated request id when none was sent', async () => {
    const a = await t.http().get(`/api/posts/${UNKNOWN_ID}`);
    const b = await t.http().get(`/api/posts/${UNKNOWN_ID}`);

    expectProblem(a, 404, `/api/posts/${UNKNOWN_ID}`);
    expectProblem(b, 404, `/api/posts/${UNKNOWN_ID}`);
    expect(a.body.requestId).not.toBe(b.body.requestId);
  });

  it('have the same problem shape for 400, 401, 403, 404 and 412', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(t, author);

    const cases: Array<[Response, number]> = [
      [await t.http().post('/api/posts').set(author.auth).send({ title: '' }), 400],
      [await t.http().post('/api/posts').send(samplePost()), 401],
      [await t.http().patch(path).set(other.auth).send({ title: 'x' }), 403],
      [await t.http().get(`/api/posts/${UNKNOWN_ID}`), 404],
      [await t.http().delete(path).set(author.auth).set('If-Match', '"stale"'), 412],
    ];
    for (const [res, status] of cases) {
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json\b/);
      expect(res.body).toEqual(
        expect.objectContaining({
          type: expect.any(String),
          title: expect.any(String),
          status,
          detail: expect.any(String),
          instance: expect.any(String),
          requestId: res.headers['x-request-id'],
        }),
      );
    }
  });
});
