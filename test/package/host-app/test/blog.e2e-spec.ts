import { createTestingApp, type TestingApp } from 'nest-drizzle-posts/testing';
import { AppModule } from '../src/app.module';
import { setUpApp } from '../src/setup';

process.env.BLOG_AUTH_SECRET ??= 'a-test-secret-of-at-least-32-characters';

describe('the blog inside my app', () => {
  let t: TestingApp;

  beforeAll(async () => {
    // My whole app, set up as main.ts does, on an in-memory database of its own
    // (PostgreSQL when DATABASE_URL is set).
    t = await createTestingApp({ imports: [AppModule], configure: setUpApp });
  });
  afterAll(() => t.close());

  it('lets a signed-up user publish a post', async () => {
    const user = await t.signUp({ name: 'Ada' });
    const created = await t.http().post('/blog/posts').set(user.auth).send({ title: 'Hello', content: 'My first post', published: true });
    expect(created.status).toBe(201);

    const feed = await t.http().get('/blog/posts');
    expect(feed.body.data.map((post: { title: string }) => post.title)).toContain('Hello');
  });

  it('protects my own route with the blog guard', async () => {
    expect((await t.http().get('/whoami')).status).toBe(401);
    const user = await t.signUp({ name: 'Grace' });
    expect((await t.http().get('/whoami').set(user.auth)).body).toEqual({ id: user.id, name: 'Grace', posts: 0 });
  });

  it('documents the blog under my own title', async () => {
    expect((await t.http().get('/docs-json')).body.info).toMatchObject({ title: 'Notes', version: '2.0.0' });
  });
});
