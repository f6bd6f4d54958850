import { createTestApp, type TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates and reads a post', async () => {
    const user = await t.signUp();
    const created = await t.http().post('/api/posts').set(user.auth).send({ title: 'Hello', content: 'Hello world, again', published: true });
    expect(created.status).toBe(201);
    const read = await t.http().get(`/api/posts/${created.body.id}`);
    expect(read.body.title).toBe('Hello');
  });
});
