import { setTimeout as sleep } from 'node:timers/promises';
import { createPost, postRow, historyCount } from '../support/factories';
import { UNKNOWN_ID, expectPostShape, expectFieldError } from '../support/post-shape';
import { expectProblem } from '../support/problem';
import { createTestApp, type TestApp } from '../support/test-app';

// PATCH /api/posts/:id: partial updates, ownership, and If-Match against lost updates.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('PATCH /api/posts/:id', () => {
  it('updates only the sent fields: 200, a new ETag, updatedAt moves forward', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author, { published: false });
    // Timestamps have millisecond precision; make sure the clock has moved.
    await sleep(20);

    const res = await t.http().patch(path).set(author.auth).send({ title: '  New title  ' });

    expect(res.status).toBe(200);
    expectPostShape(res.body);
    expect(res.body).toEqual({ ...post, title: 'New title', updatedAt: expect.any(String) });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThan(Date.parse(post.updatedAt));
    expect(res.headers.etag).toEqual(expect.any(String));
    expect(res.headers.etag).not.toBe(etag);

    const read = await t.http().get(path).set(author.auth);
    expect(read.body).toEqual(res.body);
    expect(read.headers.etag).toBe(res.headers.etag);
    const row = await postRow(t, post.id);
    expect(row).toEqual(expect.objectContaining({ title: 'New title', content: post.content, published: false }));
  });

  it('can publish a draft', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author, { published: false });
    const res = await t.http().patch(path).set(author.auth).send({ published: true });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...post, published: true, updatedAt: expect.any(String) });
    expect((await t.http().get(path)).status).toBe(200);
  });

  it('rejects an empty body with 400', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author);
    const before = await postRow(t, post.id);
    const res = await t.http().patch(path).set(author.auth).send({});

    expectProblem(res, 400, path);
    expect(res.body.errors).toEqual(expect.any(Array));
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it.each([
    ['an empty title', { title: '  ' }, 'title'],
    ['short content', { content: 'too short' }, 'content'],
    ['published not a boolean', { published: 'yes' }, 'published'],
    ['an unknown field', { authorId: UNKNOWN_ID }, 'authorId'],
  ])('rejects %s with 400 and changes nothing', async (_name, body, path) => {
    const author = await t.signUp();
    const created = await createPost(t, author);
    const before = await postRow(t, created.post.id);
    const res = await t.http().patch(created.path).set(author.auth).send(body);

    expectFieldError(res, created.path, path);
    expect(await postRow(t, created.post.id)).toEqual(before);
  });

  it('answers 403 to a non-author on a published post and changes nothing', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(t, author);
    const before = await postRow(t, post.id);
    const res = await t.http().patch(path).set(other.auth).send({ title: 'Hijacked' });

    expectProblem(res, 403, path);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(t, author, { published: false });
    const before = await postRow(t, post.id);
    const res = await t.http().patch(path).set(other.auth).send({ title: 'Hijacked' });

    expectProblem(res, 404, path);
    expect(await postRow(t, post.id)).toEqual(before);
  });

  it('answers 404 for an unknown UUID and 400 for a non-UUID id', async () => {
    const user = await t.signUp();
    expectProblem(await t.http().patch(`/api/posts/${UNKNOWN_ID}`).set(user.auth).send({ title: 'x' }), 404, `/api/posts/${UNKNOWN_ID}`);
    expectProblem(await t.http().patch('/api/posts/123').set(user.auth).send({ title: 'x' }), 400, '/api/posts/123');
  });

  it('accepts If-Match with the current ETag', async () => {
    const author = await t.signUp();
    const { etag, path } = await createPost(t, author);
    const res = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ content: 'Rewritten content here' });

    expect(res.status).toBe(200);
    expect(res.body.content).toBe('Rewritten content here');
    expect(res.headers.etag).not.toBe(etag);
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author);
    const first = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'First edit' });
    expect(first.status).toBe(200);
    const before = await postRow(t, post.id);
    const entries = await historyCount(t, post.id);

    const res = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'Second edit' });

    expectProblem(res, 412, path);
    expect(await postRow(t, post.id)).toEqual(before);
    expect(await historyCount(t, post.id)).toBe(entries);
    expect((await t.http().get(path)).body.title).toBe('First edit');
  });

  it('checks ownership before If-Match: a non-author with a bad If-Match gets 403', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(t, author);
    const res = await t.http().patch(path).set(other.auth).set('If-Match', '"not-the-etag"').send({ title: 'Hijacked' });

    expectProblem(res, 403, path);
  });

  it('checks input before If-Match: an invalid body with a stale If-Match gets 400', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    const res = await t.http().patch(path).set(author.auth).set('If-Match', '"not-the-etag"').send({ title: '' });

    expectFieldError(res, path, 'title');
  });

  it('checks input before existence: an invalid body for an unknown id gets 400', async () => {
    const user = await t.signUp();
    const path = `/api/posts/${UNKNOWN_ID}`;
    expectFieldError(await t.http().patch(path).set(user.auth).send({ content: 'short' }), path, 'content');
  });

  it('checks authentication before input: no session and an invalid body gets 401', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);

    expectProblem(await t.http().patch(path).send({ title: '', bogus: true }), 401, path);
    expectProblem(await t.http().patch('/api/posts/not-a-uuid').send({}), 401, '/api/posts/not-a-uuid');
  });

  it('lets exactly one of 5 concurrent PATCHes with the same If-Match win; the rest get 412', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author);
    const titles = [1, 2, 3, 4, 5].map((n) => `Concurrent edit ${n}`);

    const responses = await Promise.all(titles.map((title) => t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title })));

    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    for (const res of responses.filter((r) => r.status === 412)) expectProblem(res, 412, path);
    const winner = responses.find((res) => res.status === 200)!;
    expect((await postRow(t, post.id))?.title).toBe(winner.body.title);
    // One create entry and exactly one update entry.
    expect(await historyCount(t, post.id)).toBe(2);
  });
});
