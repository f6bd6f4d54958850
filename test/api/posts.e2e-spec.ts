import { count, eq } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response } from 'supertest';
import { postHistory, posts } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';
import type { Post as PostBody } from '../../src/posts/dto/post-response.dto';

interface Created {
  post: PostBody;
  etag: string;
  path: string;
}

const POST_KEYS = ['author', 'authorId', 'content', 'createdAt', 'id', 'published', 'title', 'updatedAt'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNKNOWN_ID = '3f2b8c1e-6d4a-4f5b-9c7e-1a2b3c4d5e6f';
const EMOJI = '😀';

let t: TestApp;

const sample = (overrides: Record<string, unknown> = {}) => ({
  title: 'A post about Drizzle',
  content: 'Some content that is long enough',
  published: true,
  ...overrides,
});

async function createPost(author: SignedUpUser, overrides: Record<string, unknown> = {}): Promise<Created> {
  const res = await t.http().post('/api/posts').set(author.auth).send(sample(overrides));
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  const post = res.body as PostBody;
  return { post, etag: res.headers.etag as string, path: `/api/posts/${post.id}` };
}

async function countPosts(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(posts);
  return row!.n;
}

async function postRow(id: string) {
  const [row] = await t.db.select().from(posts).where(eq(posts.id, id));
  return row;
}

async function historyCount(id: string): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(postHistory).where(eq(postHistory.postId, id));
  return row!.n;
}

/** A 400 problem listing an error for `path` (and `code`, when given); every error is {path, code, message}. */
function expectFieldError(res: Response, instance: string, path: string, code?: string): void {
  expectProblem(res, 400, instance);
  const errors = res.body.errors as unknown[];
  expect(Array.isArray(errors)).toBe(true);
  for (const error of errors) {
    expect(error).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
  }
  expect(errors).toContainEqual(expect.objectContaining(code ? { path, code } : { path }));
}

function expectPostShape(body: unknown): void {
  expect(Object.keys(body as object).sort()).toEqual(POST_KEYS);
  const post = body as PostBody;
  expect(post.id).toMatch(UUID);
  expect(Object.keys(post.author).sort()).toEqual(['id', 'name']);
  expect(post.createdAt).toMatch(ISO_UTC);
  expect(post.updatedAt).toMatch(ISO_UTC);
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('POST /api/posts', () => {
  it('creates a post: 201 with exactly the post fields, Location and ETag', async () => {
    const user = await t.signUp({ name: 'Ada' });
    const res = await t.http().post('/api/posts').set(user.auth).send({ title: 'Hello', content: 'Hello world, again', published: true });

    expect(res.status).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json\b/);
    expectPostShape(res.body);
    expect(res.body).toEqual({
      id: expect.any(String),
      title: 'Hello',
      content: 'Hello world, again',
      published: true,
      authorId: user.id,
      author: { id: user.id, name: 'Ada' },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.location).toBe(`/api/posts/${res.body.id}`);
    expect(res.headers.etag).toEqual(expect.any(String));
    expect(res.headers.etag.length).toBeGreaterThan(0);

    const read = await t.http().get(res.headers.location);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(res.body);
    expect(read.headers.etag).toBe(res.headers.etag);
  });

  it('trims the title before storing it and stores content as sent', async () => {
    const user = await t.signUp();
    const { post } = await createPost(user, { title: '   Padded title \t ', content: '  padded content  ' });

    expect(post.title).toBe('Padded title');
    expect(post.content).toBe('  padded content  ');
    const row = await postRow(post.id);
    expect(row?.title).toBe('Padded title');
    expect(row?.content).toBe('  padded content  ');
  });

  it('defaults published to false, so the post is a draft', async () => {
    const user = await t.signUp();
    const res = await t.http().post('/api/posts').set(user.auth).send({ title: 'Draft', content: 'Not ready for readers' });

    expect(res.status).toBe(201);
    expect(res.body.published).toBe(false);
    expect((await postRow(res.body.id))?.published).toBe(false);
  });

  it('accepts the boundaries: 255 code points of title (even as emoji), 10 and 100,000 of content', async () => {
    const user = await t.signUp();
    const emojiTitle = EMOJI.repeat(255);
    const cases = [
      { title: 'a'.repeat(255), content: '0123456789' },
      { title: emojiTitle, content: EMOJI.repeat(10) },
      { title: 'Long one', content: 'x'.repeat(100_000) },
      { title: 'Long emoji one', content: EMOJI.repeat(100_000) },
    ];
    for (const body of cases) {
      const res = await t.http().post('/api/posts').set(user.auth).send(body);
      expect(res.status).toBe(201);
      expect(res.body.title).toBe(body.title);
      expect(res.body.content).toBe(body.content);
      const row = await postRow(res.body.id);
      expect(row?.title).toBe(body.title);
      expect(row?.content).toBe(body.content);
    }
  });

  it('checks the title length after trimming: 255 code points with padding are accepted', async () => {
    const user = await t.signUp();
    const title = 'b'.repeat(255);
    const res = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send(sample({ title: `   ${title}   ` }));

    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
  });

  it.each([
    ['authorId', { authorId: UNKNOWN_ID }],
    ['id', { id: UNKNOWN_ID }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }],
  ])('rejects an unknown field %s with 400 naming it, and creates no post', async (field, extra) => {
    const user = await t.signUp();
    const before = await countPosts();
    const res = await t.http().post('/api/posts').set(user.auth).send(sample(extra));

    expectFieldError(res, '/api/posts', field);
    expect(await countPosts()).toBe(before);
  });

  it('never takes the author from the body, even when it names the caller', async () => {
    const user = await t.signUp();
    const before = await countPosts();
    const res = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send(sample({ authorId: user.id }));

    expectFieldError(res, '/api/posts', 'authorId');
    expect(await countPosts()).toBe(before);
  });

  it('answers 401 problem without a session, and creates no post', async () => {
    const before = await countPosts();
    const res = await t.http().post('/api/posts').send(sample());

    expectProblem(res, 401, '/api/posts');
    expect(await countPosts()).toBe(before);
  });

  it('answers 401 with an invalid bearer token', async () => {
    const res = await t.http().post('/api/posts').set({ Authorization: 'Bearer not-a-real-token' }).send(sample());
    expectProblem(res, 401, '/api/posts');
  });

  it('answers 401, not 400, for an invalid body without a session', async () => {
    const res = await t.http().post('/api/posts').send({ title: '', content: 'short', authorId: 'x' });
    expectProblem(res, 401, '/api/posts');
  });

  it.each([
    ['an empty title', { title: '' }, 'title', 'too_small'],
    ['a whitespace-only title', { title: ' \t\n ' }, 'title', 'too_small'],
    ['a title of 256 code points', { title: 'a'.repeat(256) }, 'title', 'too_big'],
    ['a title of 256 emoji', { title: EMOJI.repeat(256) }, 'title', 'too_big'],
    ['a title of zero-width characters only', { title: '\u200B\u200D\uFEFF' }, 'title', 'custom'],
    ['a title of bidi overrides only', { title: '\u202E\u2066\u202D' }, 'title', 'custom'],
    ['a title that is not a string', { title: 42 }, 'title', 'invalid_type'],
    ['a missing title', { title: undefined }, 'title', 'invalid_type'],
    ['content of 9 characters', { content: '123456789' }, 'content', 'too_small'],
    ['content of 9 emoji (18 UTF-16 units)', { content: EMOJI.repeat(9) }, 'content', 'too_small'],
    ['content of 100,001 characters', { content: 'x'.repeat(100_001) }, 'content', 'too_big'],
    ['a missing content', { content: undefined }, 'content', 'invalid_type'],
    ['published as the string "true"', { published: 'true' }, 'published', 'invalid_type'],
    ['published as 1', { published: 1 }, 'published', 'invalid_type'],
    ['published as null', { published: null }, 'published', 'invalid_type'],
  ])('rejects %s with a 400 problem and creates no post', async (_name, overrides, path, code) => {
    const user = await t.signUp();
    const before = await countPosts();
    const res = await t.http().post('/api/posts').set(user.auth).send(sample(overrides));

    expectFieldError(res, '/api/posts', path, code);
    expect(await countPosts()).toBe(before);
  });

  it('rejects a body that is an array, not an object, with field errors', async () => {
    const user = await t.signUp();
    const before = await countPosts();
    const res = await t.http().post('/api/posts').set(user.auth).send([sample()]);

    expectFieldError(res, '/api/posts', '', 'invalid_type');
    expect(await countPosts()).toBe(before);
  });

  it('rejects a JSON string body with a 400 problem', async () => {
    const user = await t.signUp();
    const before = await countPosts();
    const res = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'application/json').send('"just a string"');

    expectProblem(res, 400, '/api/posts');
    expect(await countPosts()).toBe(before);
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const user = await t.signUp();
    const res = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'application/json').send('{"title": ');
    expectProblem(res, 400, '/api/posts');
  });
});

describe('GET /api/posts/:id', () => {
  it('shows a published post to anonymous callers, with its ETag', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author);
    const res = await t.http().get(path);

    expect(res.status).toBe(200);
    expectPostShape(res.body);
    expect(res.body).toEqual(post);
    expect(res.headers.etag).toBe(etag);
  });

  it('shows a draft to its author', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(author, { published: false });
    const res = await t.http().get(path).set(author.auth);

    expect(res.status).toBe(200);
    expect(res.body).toEqual(post);
    expect(res.headers.etag).toEqual(expect.any(String));
  });

  it('answers 404 for a draft to another user and to anonymous callers', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(author, { published: false });

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
    const { path } = await createPost(author);
    expect((await t.http().delete(path).set(author.auth)).status).toBe(204);

    expectProblem(await t.http().get(path), 404, path);
    expectProblem(await t.http().get(path).set(author.auth), 404, path);
  });
});

describe('PATCH /api/posts/:id', () => {
  it('updates only the sent fields: 200, a new ETag, updatedAt moves forward', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author, { published: false });
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
    const row = await postRow(post.id);
    expect(row).toEqual(expect.objectContaining({ title: 'New title', content: post.content, published: false }));
  });

  it('can publish a draft', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(author, { published: false });
    const res = await t.http().patch(path).set(author.auth).send({ published: true });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...post, published: true, updatedAt: expect.any(String) });
    expect((await t.http().get(path)).status).toBe(200);
  });

  it('rejects an empty body with 400', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(author);
    const before = await postRow(post.id);
    const res = await t.http().patch(path).set(author.auth).send({});

    expectProblem(res, 400, path);
    expect(res.body.errors).toEqual(expect.any(Array));
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(await postRow(post.id)).toEqual(before);
  });

  it.each([
    ['an empty title', { title: '  ' }, 'title'],
    ['short content', { content: 'too short' }, 'content'],
    ['published not a boolean', { published: 'yes' }, 'published'],
    ['an unknown field', { authorId: UNKNOWN_ID }, 'authorId'],
  ])('rejects %s with 400 and changes nothing', async (_name, body, path) => {
    const author = await t.signUp();
    const created = await createPost(author);
    const before = await postRow(created.post.id);
    const res = await t.http().patch(created.path).set(author.auth).send(body);

    expectFieldError(res, created.path, path);
    expect(await postRow(created.post.id)).toEqual(before);
  });

  it('answers 403 to a non-author on a published post and changes nothing', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(author);
    const before = await postRow(post.id);
    const res = await t.http().patch(path).set(other.auth).send({ title: 'Hijacked' });

    expectProblem(res, 403, path);
    expect(await postRow(post.id)).toEqual(before);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(author, { published: false });
    const before = await postRow(post.id);
    const res = await t.http().patch(path).set(other.auth).send({ title: 'Hijacked' });

    expectProblem(res, 404, path);
    expect(await postRow(post.id)).toEqual(before);
  });

  it('answers 404 for an unknown UUID and 400 for a non-UUID id', async () => {
    const user = await t.signUp();
    expectProblem(await t.http().patch(`/api/posts/${UNKNOWN_ID}`).set(user.auth).send({ title: 'x' }), 404, `/api/posts/${UNKNOWN_ID}`);
    expectProblem(await t.http().patch('/api/posts/123').set(user.auth).send({ title: 'x' }), 400, '/api/posts/123');
  });

  it('accepts If-Match with the current ETag', async () => {
    const author = await t.signUp();
    const { etag, path } = await createPost(author);
    const res = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ content: 'Rewritten content here' });

    expect(res.status).toBe(200);
    expect(res.body.content).toBe('Rewritten content here');
    expect(res.headers.etag).not.toBe(etag);
  });

  it('answers 412 for a stale If-Match and changes nothing', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author);
    const first = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'First edit' });
    expect(first.status).toBe(200);
    const before = await postRow(post.id);
    const entries = await historyCount(post.id);

    const res = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'Second edit' });

    expectProblem(res, 412, path);
    expect(await postRow(post.id)).toEqual(before);
    expect(await historyCount(post.id)).toBe(entries);
    expect((await t.http().get(path)).body.title).toBe('First edit');
  });

  it('checks ownership before If-Match: a non-author with a bad If-Match gets 403', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(author);
    const res = await t.http().patch(path).set(other.auth).set('If-Match', '"not-the-etag"').send({ title: 'Hijacked' });

    expectProblem(res, 403, path);
  });

  it('checks input before If-Match: an invalid body with a stale If-Match gets 400', async () => {
    const author = await t.signUp();
    const { path } = await createPost(author);
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
    const { path } = await createPost(author);

    expectProblem(await t.http().patch(path).send({ title: '', bogus: true }), 401, path);
    expectProblem(await t.http().patch('/api/posts/not-a-uuid').send({}), 401, '/api/posts/not-a-uuid');
  });

  it('lets exactly one of 5 concurrent PATCHes with the same If-Match win; the rest get 412', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author);
    const titles = [1, 2, 3, 4, 5].map((n) => `Concurrent edit ${n}`);

    const responses = await Promise.all(titles.map((title) => t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title })));

    const statuses = responses.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412]);
    for (const res of responses.filter((r) => r.status === 412)) expectProblem(res, 412, path);
    const winner = responses.find((res) => res.status === 200)!;
    expect((await postRow(post.id))?.title).toBe(winner.body.title);
    // One create entry and exactly one update entry.
    expect(await historyCount(post.id)).toBe(2);
  });
});

describe('PUT /api/posts/:id', () => {
  it('replaces title, content and published: 200 with a new ETag', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author, { published: false });
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
    const { post, path } = await createPost(author);
    const before = await postRow(post.id);
    const body: Record<string, unknown> = { title: 'Replaced', content: 'Replaced content!', published: false };
    delete body[missing];
    const res = await t.http().put(path).set(author.auth).send(body);

    expectFieldError(res, path, missing);
    expect(await postRow(post.id)).toEqual(before);
  });

  it('rejects an unknown field with 400', async () => {
    const author = await t.signUp();
    const { path } = await createPost(author);
    const res = await t
      .http()
      .put(path)
      .set(author.auth)
      .send({ ...sample(), authorId: author.id });
    expectFieldError(res, path, 'authorId');
  });

  it('answers 403 to a non-author on a published post and changes nothing', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(author);
    const before = await postRow(post.id);
    const res = await t
      .http()
      .put(path)
      .set(other.auth)
      .set('If-Match', '"stale"')
      .send(sample({ title: 'Hijacked' }));

    expectProblem(res, 403, path);
    expect(await postRow(post.id)).toEqual(before);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { path } = await createPost(author, { published: false });
    expectProblem(await t.http().put(path).set(other.auth).send(sample()), 404, path);
  });

  it('answers 404 for an unknown UUID', async () => {
    const user = await t.signUp();
    expectProblem(await t.http().put(`/api/posts/${UNKNOWN_ID}`).set(user.auth).send(sample()), 404, `/api/posts/${UNKNOWN_ID}`);
  });

  it('accepts the current If-Match, and answers 412 for a stale one without changing anything', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author);
    const ok = await t
      .http()
      .put(path)
      .set(author.auth)
      .set('If-Match', etag)
      .send(sample({ title: 'Replaced once' }));
    expect(ok.status).toBe(200);
    const before = await postRow(post.id);

    const res = await t
      .http()
      .put(path)
      .set(author.auth)
      .set('If-Match', etag)
      .send(sample({ title: 'Replaced twice' }));

    expectProblem(res, 412, path);
    expect(await postRow(post.id)).toEqual(before);
  });

  it('answers 401 without a session, even with an invalid body', async () => {
    const author = await t.signUp();
    const { path } = await createPost(author);
    expectProblem(await t.http().put(path).send({ title: '' }), 401, path);
  });
});

describe('DELETE /api/posts/:id', () => {
  it('answers 204 with an empty body; later GET, PATCH and DELETE answer 404', async () => {
    const author = await t.signUp();
    const { path } = await createPost(author);
    const res = await t.http().delete(path).set(author.auth);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await t.http().get(path).set(author.auth), 404, path);
    expectProblem(await t.http().patch(path).set(author.auth).send({ title: 'Back again' }), 404, path);
    expectProblem(await t.http().put(path).set(author.auth).send(sample()), 404, path);
    expectProblem(await t.http().delete(path).set(author.auth), 404, path);
  });

  it('answers 404, not 412, to writes with a stale If-Match after the delete', async () => {
    const author = await t.signUp();
    const { etag, path } = await createPost(author);
    expect((await t.http().delete(path).set(author.auth).set('If-Match', etag)).status).toBe(204);

    expectProblem(await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'Back again' }), 404, path);
    expectProblem(await t.http().delete(path).set(author.auth).set('If-Match', etag), 404, path);
  });

  it('keeps the row, with deletedAt set', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(author);
    const before = new Date();
    expect((await t.http().delete(path).set(author.auth)).status).toBe(204);

    const row = await postRow(post.id);
    expect(row).toBeDefined();
    expect(row).toEqual(expect.objectContaining({ id: post.id, title: post.title, content: post.content, authorId: author.id }));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    // Allow for clock differences between the test process and the database.
    expect(row!.deletedAt!.getTime()).toBeGreaterThan(before.getTime() - 5_000);
  });

  it('answers 403 to a non-author and keeps the post', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(author);
    const res = await t.http().delete(path).set(other.auth);

    expectProblem(res, 403, path);
    expect((await postRow(post.id))?.deletedAt).toBeNull();
    expect((await t.http().get(path)).status).toBe(200);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(author, { published: false });

    expectProblem(await t.http().delete(path).set(other.auth), 404, path);
    expect((await postRow(post.id))?.deletedAt).toBeNull();
  });

  it('answers 412 for a stale If-Match and keeps the post; the current one deletes', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(author);
    const edited = await t.http().patch(path).set(author.auth).send({ title: 'Edited' });
    expect(edited.status).toBe(200);

    expectProblem(await t.http().delete(path).set(author.auth).set('If-Match', etag), 412, path);
    expect((await postRow(post.id))?.deletedAt).toBeNull();

    const res = await t
      .http()
      .delete(path)
      .set(author.auth)
      .set('If-Match', edited.headers.etag as string);
    expect(res.status).toBe(204);
  });

  it('answers 401 without a session and 400 for a non-UUID id', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(author);

    expectProblem(await t.http().delete(path), 401, path);
    expect((await postRow(post.id))?.deletedAt).toBeNull();
    expectProblem(await t.http().delete('/api/posts/nope').set(author.auth), 400, '/api/posts/nope');
  });

  it('removes the post from GET /api/posts and GET /api/users/me/posts', async () => {
    const author = await t.signUp();
    const kept = await createPost(author, { title: 'Kept' });
    const gone = await createPost(author, { title: 'Gone' });
    const listIds = async () => {
      const feed = await t.http().get('/api/posts').query({ authorId: author.id, limit: 100 });
      const mine = await t.http().get('/api/users/me/posts').set(author.auth).query({ limit: 100 });
      expect(feed.status).toBe(200);
      expect(mine.status).toBe(200);
      return {
        feed: (feed.body.data as PostBody[]).map((p) => p.id).sort(),
        mine: (mine.body.data as PostBody[]).map((p) => p.id).sort(),
      };
    };
    const both = [kept.post.id, gone.post.id].sort();
    expect(await listIds()).toEqual({ feed: both, mine: both });

    expect((await t.http().delete(gone.path).set(author.auth)).status).toBe(204);

    expect(await listIds()).toEqual({ feed: [kept.post.id], mine: [kept.post.id] });
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
    const { path } = await createPost(author);

    const cases: Array<[Response, number]> = [
      [await t.http().post('/api/posts').set(author.auth).send({ title: '' }), 400],
      [await t.http().post('/api/posts').send(sample()), 401],
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
