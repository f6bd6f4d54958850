import type { Post as PostBody } from '../../src/posts/dto/post-response.dto';
import { createPost } from '../support/factories';
import { ISO_UTC, UNKNOWN_ID, type HistoryEntry } from '../support/post-shape';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';

let t: TestApp;

// What the entries below record as the "before" values.
const ORIGINAL = { title: 'Original title', content: 'Original content of the post' };

async function patchPost(author: SignedUpUser, id: string, body: Record<string, unknown>): Promise<PostBody> {
  const res = await t.http().patch(`/api/posts/${id}`).set(author.auth).send(body);
  if (res.status !== 200) throw new Error(`patch failed: ${res.status} ${res.text}`);
  return res.body as PostBody;
}

async function deletePost(author: SignedUpUser, id: string): Promise<void> {
  const res = await t.http().delete(`/api/posts/${id}`).set(author.auth);
  if (res.status !== 204) throw new Error(`delete failed: ${res.status} ${res.text}`);
}

async function history(user: SignedUpUser, id: string): Promise<HistoryEntry[]> {
  const res = await t.http().get(`/api/posts/${id}/history`).set(user.auth);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json\b/);
  expect(Array.isArray(res.body)).toBe(true);
  return res.body as HistoryEntry[];
}

function expectEntryShape(entry: HistoryEntry, action: HistoryEntry['action'], actorId: string): void {
  expect(Object.keys(entry).sort()).toEqual(['action', 'actorId', 'at', 'changes']);
  expect(entry.action).toBe(action);
  expect(entry.actorId).toBe(actorId);
  expect(entry.at).toMatch(ISO_UTC);
  expect(entry.changes).toEqual(expect.any(Object));
  expect(Array.isArray(entry.changes)).toBe(false);
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('GET /api/posts/:id/history', () => {
  it('starts with a create entry by the author, recording the initial values', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, { ...ORIGINAL, published: false });

    const entries = await history(author, post.id);

    expect(entries).toHaveLength(1);
    const [created] = entries;
    expectEntryShape(created!, 'create', author.id);
    // The contract does not say what "old" is for a new post; the new values must be the created ones.
    for (const [field, [, value]] of Object.entries(created!.changes)) {
      expect(['title', 'content', 'published']).toContain(field);
      expect(value).toEqual(post[field as 'title' | 'content' | 'published']);
    }
  });

  it('lists entries oldest first: create, updates, delete', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    await patchPost(author, post.id, { title: 'Second title' });
    await patchPost(author, post.id, { published: false });
    await deletePost(author, post.id);

    const entries = await history(author, post.id);

    expect(entries.map((entry) => entry.action)).toEqual(['create', 'update', 'update', 'delete']);
    expect(entries[1]!.changes).toEqual({ title: ['Original title', 'Second title'] });
    expect(entries[2]!.changes).toEqual({ published: [true, false] });
    const times = entries.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('records an update with exactly the changed fields as [old, new]', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, { ...ORIGINAL, published: false });
    await patchPost(author, post.id, { title: '  Better title ', published: true });

    const [, update] = await history(author, post.id);

    expectEntryShape(update!, 'update', author.id);
    expect(update!.changes).toEqual({ title: ['Original title', 'Better title'], published: [false, true] });
  });

  it('leaves out sent fields whose value did not change', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    await patchPost(author, post.id, { title: post.title, content: 'A completely new content' });

    const [, update] = await history(author, post.id);

    expect(update!.changes).toEqual({ content: ['Original content of the post', 'A completely new content'] });
  });

  it('compares the trimmed title, so re-sending it with spaces is not a change', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    await patchPost(author, post.id, { title: `  ${post.title}  `, published: false });

    const [, update] = await history(author, post.id);

    expect(update!.changes).toEqual({ published: [true, false] });
  });

  it('changes nothing for a PATCH or PUT of the stored values: same ETag, version and updatedAt, no entry', async () => {
    const author = await t.signUp();
    const created = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send({ title: 'Same', content: 'Same content here', published: true });
    const { id, updatedAt } = created.body as PostBody;
    const etag = created.headers.etag;

    const patched = await t
      .http()
      .patch(`/api/posts/${id}`)
      .set(author.auth)
      .set('If-Match', etag)
      .send({ title: '  Same  ', published: true });
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe(etag);
    expect(patched.body).toEqual(created.body);
    const replaced = await t
      .http()
      .put(`/api/posts/${id}`)
      .set(author.auth)
      .send({ title: 'Same', content: 'Same content here', published: true });
    expect(replaced.status).toBe(200);
    expect(replaced.headers.etag).toBe(etag);
    expect(replaced.body.updatedAt).toBe(updatedAt);

    expect((await history(author, id)).map((entry) => entry.action)).toEqual(['create']);
    // If-Match still applies: a stale tag is a 412 even when nothing would change.
    expect((await t.http().patch(`/api/posts/${id}`).set(author.auth).set('If-Match', '"999"').send({ title: 'Same' })).status).toBe(412);
  });

  it('records a PUT with only the fields it changed', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    const res = await t
      .http()
      .put(`/api/posts/${post.id}`)
      .set(author.auth)
      .send({ title: post.title, content: 'Replaced by a PUT request', published: true });
    expect(res.status).toBe(200);

    const [, update] = await history(author, post.id);

    expectEntryShape(update!, 'update', author.id);
    expect(update!.changes).toEqual({ content: ['Original content of the post', 'Replaced by a PUT request'] });
  });

  it('ends with a delete entry and stays readable by the author after the delete', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    await deletePost(author, post.id);

    const entries = await history(author, post.id);

    expect(entries.map((entry) => entry.action)).toEqual(['create', 'delete']);
    expectEntryShape(entries[1]!, 'delete', author.id);
  });

  it('records nothing for rejected writes', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    const path = `/api/posts/${post.id}`;

    expect((await t.http().patch(path).set(other.auth).send({ title: 'Hijacked' })).status).toBe(403);
    expect((await t.http().patch(path).set(author.auth).set('If-Match', '"stale"').send({ title: 'Late' })).status).toBe(412);
    expect((await t.http().patch(path).set(author.auth).send({ title: '' })).status).toBe(400);
    expect((await t.http().delete(path).set(other.auth)).status).toBe(403);

    expect((await history(author, post.id)).map((entry) => entry.action)).toEqual(['create']);
  });

  it('answers 401 to anonymous callers', async () => {
    const author = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    const path = `/api/posts/${post.id}/history`;

    expectProblem(await t.http().get(path), 401, path);
  });

  it('answers 401, not 400, to anonymous callers with a non-UUID id', async () => {
    expectProblem(await t.http().get('/api/posts/not-a-uuid/history'), 401, '/api/posts/not-a-uuid/history');
  });

  it('answers 403 to another user on a published post', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    const path = `/api/posts/${post.id}/history`;

    expectProblem(await t.http().get(path).set(other.auth), 403, path);
  });

  it('answers 404 to another user on a draft', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post } = await createPost(t, author, { ...ORIGINAL, published: false });
    const path = `/api/posts/${post.id}/history`;

    expectProblem(await t.http().get(path).set(other.auth), 404, path);
  });

  it('answers 404 to another user on a deleted post', async () => {
    const author = await t.signUp();
    const other = await t.signUp();
    const { post } = await createPost(t, author, ORIGINAL);
    await deletePost(author, post.id);
    const path = `/api/posts/${post.id}/history`;

    expectProblem(await t.http().get(path).set(other.auth), 404, path);
  });

  it('answers 404 for an unknown id', async () => {
    const user = await t.signUp();
    const path = `/api/posts/${UNKNOWN_ID}/history`;

    expectProblem(await t.http().get(path).set(user.auth), 404, path);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const user = await t.signUp();
    const path = '/api/posts/not-a-uuid/history';

    expectProblem(await t.http().get(path).set(user.auth), 400, path);
  });
});
