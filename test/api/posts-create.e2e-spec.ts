import { samplePost, createPost, postRow, countPosts } from '../support/factories';
import { UNKNOWN_ID, expectPostShape, expectFieldError } from '../support/post-shape';
import { expectProblem } from '../support/problem';
import { createTestApp, type TestApp } from '../support/test-app';

const EMOJI = '😀';

// POST /api/posts: what a new post looks like, and every body that is refused without writing.
let t: TestApp;

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
    const { post } = await createPost(t, user, { title: '   Padded title \t ', content: '  padded content  ' });

    expect(post.title).toBe('Padded title');
    expect(post.content).toBe('  padded content  ');
    const row = await postRow(t, post.id);
    expect(row?.title).toBe('Padded title');
    expect(row?.content).toBe('  padded content  ');
  });

  it('defaults published to false, so the post is a draft', async () => {
    const user = await t.signUp();
    const res = await t.http().post('/api/posts').set(user.auth).send({ title: 'Draft', content: 'Not ready for readers' });

    expect(res.status).toBe(201);
    expect(res.body.published).toBe(false);
    expect((await postRow(t, res.body.id))?.published).toBe(false);
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
      const row = await postRow(t, res.body.id);
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
      .send(samplePost({ title: `   ${title}   ` }));

    expect(res.status).toBe(201);
    expect(res.body.title).toBe(title);
  });

  it.each([
    ['authorId', { authorId: UNKNOWN_ID }],
    ['id', { id: UNKNOWN_ID }],
    ['createdAt', { createdAt: '2020-01-01T00:00:00.000Z' }],
  ])('rejects an unknown field %s with 400 naming it, and creates no post', async (field, extra) => {
    const user = await t.signUp();
    const before = await countPosts(t);
    const res = await t.http().post('/api/posts').set(user.auth).send(samplePost(extra));

    expectFieldError(res, '/api/posts', field);
    expect(await countPosts(t)).toBe(before);
  });

  it('never takes the author from the body, even when it names the caller', async () => {
    const user = await t.signUp();
    const before = await countPosts(t);
    const res = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send(samplePost({ authorId: user.id }));

    expectFieldError(res, '/api/posts', 'authorId');
    expect(await countPosts(t)).toBe(before);
  });

  it('answers 401 problem without a session, and creates no post', async () => {
    const before = await countPosts(t);
    const res = await t.http().post('/api/posts').send(samplePost());

    expectProblem(res, 401, '/api/posts');
    expect(await countPosts(t)).toBe(before);
  });

  it('answers 401 with an invalid bearer token', async () => {
    const res = await t.http().post('/api/posts').set({ Authorization: 'Bearer not-a-real-token' }).send(samplePost());
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
    const before = await countPosts(t);
    const res = await t.http().post('/api/posts').set(user.auth).send(samplePost(overrides));

    expectFieldError(res, '/api/posts', path, code);
    expect(await countPosts(t)).toBe(before);
  });

  it('rejects a body that is an array, not an object, with field errors', async () => {
    const user = await t.signUp();
    const before = await countPosts(t);
    const res = await t.http().post('/api/posts').set(user.auth).send([samplePost()]);

    expectFieldError(res, '/api/posts', '', 'invalid_type');
    expect(await countPosts(t)).toBe(before);
  });

  it('rejects a JSON string body with a 400 problem', async () => {
    const user = await t.signUp();
    const before = await countPosts(t);
    const res = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'application/json').send('"just a string"');

    expectProblem(res, 400, '/api/posts');
    expect(await countPosts(t)).toBe(before);
  });

  it('rejects malformed JSON with a 400 problem', async () => {
    const user = await t.signUp();
    const res = await t.http().post('/api/posts').set(user.auth).set('Content-Type', 'application/json').send('{"title": ');
    expectProblem(res, 400, '/api/posts');
  });
});
