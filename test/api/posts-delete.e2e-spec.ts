import type { Post as PostBody } from '../../src/posts/dto/post-response.dto';
import { samplePost, createPost, postRow } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, type TestApp } from '../support/test-app';

// DELETE /api/posts/:id: a soft delete that hides the post everywhere the API shows posts.
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('DELETE /api/posts/:id', () => {
  it('answers 204 with an empty body; later GET, PATCH and DELETE answer 404', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    const res = await t.http().delete(path).set(author.auth);

    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expectProblem(await t.http().get(path).set(author.auth), 404, path);
    expectProblem(await t.http().patch(path).set(author.auth).send({ title: 'Back again' }), 404, path);
    expectProblem(await t.http().put(path).set(author.auth).send(samplePost()), 404, path);
    expectProblem(await t.http().delete(path).set(author.auth), 404, path);
  });

  it('answers 404, not 412, to writes with a stale If-Match after the delete', async () => {
    const author = await t.signUp();
    const { etag, path } = await createPost(t, author);
    expect((await t.http().delete(path).set(author.auth).set('If-Match', etag)).status).toBe(204);

    expectProblem(await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'Back again' }), 404, path);
    expectProblem(await t.http().delete(path).set(author.auth).set('If-Match', etag), 404, path);
  });

  it('keeps the row, with deletedAt set', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author);
    const before = new Date();
    expect((await t.http().delete(path).set(author.auth)).status).toBe(204);

    const row = await postRow(t, post.id);
    expect(row).toBeDefined();
    expect(row).toEqual(expect.objectContaining({ id: post.id, title: post.title, content: post.content, authorId: author.id }));
    expect(row?.deletedAt).toBeInstanceOf(Date);
    // Allow for clock differences between the test process and the database.
    expect(row!.deletedAt!.getTime()).toBeGreaterThan(before.getTime() - 5_000);
  });

  it('answers 403 to a non-author and keeps the post', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(t, author);
    const res = await t.http().delete(path).set(other.auth);

    expectProblem(res, 403, path);
    expect((await postRow(t, post.id))?.deletedAt).toBeNull();
    expect((await t.http().get(path)).status).toBe(200);
  });

  it("answers 404 to a non-author on someone else's draft", async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post, path } = await createPost(t, author, { published: false });

    expectProblem(await t.http().delete(path).set(other.auth), 404, path);
    expect((await postRow(t, post.id))?.deletedAt).toBeNull();
  });

  it('answers 412 for a stale If-Match and keeps the post; the current one deletes', async () => {
    const author = await t.signUp();
    const { post, etag, path } = await createPost(t, author);
    const edited = await t.http().patch(path).set(author.auth).send({ title: 'Edited' });
    expect(edited.status).toBe(200);

    expectProblem(await t.http().delete(path).set(author.auth).set('If-Match', etag), 412, path);
    expect((await postRow(t, post.id))?.deletedAt).toBeNull();

    const res = await t
      .http()
      .delete(path)
      .set(author.auth)
      .set('If-Match', edited.headers.etag as string);
    expect(res.status).toBe(204);
  });

  it('answers 401 without a session and 400 for a non-UUID id', async () => {
    const author = await t.signUp();
    const { post, path } = await createPost(t, author);

    expectProblem(await t.http().delete(path), 401, path);
    expect((await postRow(t, post.id))?.deletedAt).toBeNull();
    expectProblem(await t.http().delete('/api/posts/nope').set(author.auth), 400, '/api/posts/nope');
  });

  it('removes the post from GET /api/posts and GET /api/users/me/posts', async () => {
    const author = await t.signUp();
    const kept = await createPost(t, author, { title: 'Kept' });
    const gone = await createPost(t, author, { title: 'Gone' });
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
