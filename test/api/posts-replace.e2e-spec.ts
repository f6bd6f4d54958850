import { setTimeout as sleep } from 'node:timers/promises';
import { samplePost, createPost, postRow } from '../support/factories';
import { UNKNOWN_ID, expectPostShape, expectFieldError } from '../support/post-shape';
import { expectProblem } from '../support/problem';
import { createTestApp, type TestApp } from '../support/test-app';

// PUT /api/posts/:id: full replacement, with the same ownership and If-Match rules as PATCH.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('PUT /api/posts/:id', () => {
  it('replaces title, content and published: 200 with a new ETag', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author, { published: false });
    await sleep(20);
    const res = await t.http().put(path).set(author.auth).send({ title: ' Replaced ', content: 'Replaced content!', published: true });

    expect(res.status).toBe(200);
    expectPostShape(res.body);
    expect(res.body).toEqual({
      ...post,
      title: 'Replaced',
      content: 'Replaced content!',
      published: true,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(post.updatedAt));
    expect(res.headers.etag).toEqual(expect.any(String));
    expect(res.headers.etag).not.toBe(etag);
    const read = await t.http().get(path);
    expect(read.body).toEqual(res.body);
    expect(read.headers.etag).toBe(res.headers.etag);
  });

  it.each(['title', 'content', 'published'])('requires %s: 400 naming it, and changes nothing', async (missing) => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author);
    const before = await postRow(t, post.id);
    const body: Record<string, unknown> = { title: 'Replaced', content: 'Replaced content!', published: false };
    delete body[missing];
    const res = await t.http().put(path).set(author.auth).send(body);

    expectFieldError(res, path, missing);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it('rejects an unknown field with 400', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    const res = await t
      .http()
      .put(path)
      .set(author.auth)
      .send({ ...samplePost(), authorId: author.id });
    expectFieldError(res, path, 'authorId');
  });

  it('answers 403 to a non-author on a published post and changes nothing', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(t, author);
    const before = await postRow(t, post.id);
    const res = await t
      .http()
      .put(path)
      .set(other.auth)
      .set('If-Match', '"stale"')
      .send(samplePost({ title: 'Hijacked' }));

    expectProblem(res, 403, path);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(t, author, { published: false });
    expectProblem(await t.http().put(path).set(other.auth).send(samplePost()), 404, path);
  });

  it('answers 404 for an unknown UUID', async () => {
    const user = await t.signUp();
    expectProblem(await t.http().put(`/api/posts/${UNKNOWN_ID}`).set(user.auth).send(samplePost()), 404, `/api/posts/${UNKNOWN_ID}`);
  });

  it('accepts the current If-Match, and answers 412 for a stale one without changing anything', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author);
    const ok = await t
      .http()
      .put(path)
      .set(author.auth)
      .set('If-Match', etag)
      .send(samplePost({ title: 'Replaced once' }));
    expect(ok.status).toBe(200);
    const before = await postRow(t, post.id);

    const res = await t
      .http()
      .put(path)
      .set(author.auth)
      .set('If-Match', etag)
      .send(samplePost({ title: 'Replaced twice' }));

    expectProblem(res, 412, path);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it('answers 401 without a session, even with an invalid body', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    expectProblem(await t.http().put(path).send({ title: '' }), 401, path);
  });
});
