import { type INestApplication, ValidationPipe, type ValidationPipeOptions } from '@nestjs/common';
import { configureApp } from '../../src/http/pipeline';
import { createPost, countPosts, samplePost } from '../support/factories';
import { expectProblem } from '../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

// Hosts as Nest's guides set them up: a global class-validator pipe, and often Nest's own body
// parsers left on. Our routes must behave exactly as in the standalone service.
const hosts: [string, ValidationPipeOptions][] = [
  ['ValidationPipe({ whitelist: true })', { whitelist: true }],
  [
    'ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true })',
    { whitelist: true, forbidNonWhitelisted: true, transform: true },
  ],
  ['ValidationPipe() with its defaults', {}],
];

describe.each(hosts)('a host with a global %s and Nest body parsers left on', (_name, pipeOptions) => {
  let t: TestApp;
  let author: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp(
      {},
      {
        appOptions: { bodyParser: true },
        configure: async (app: INestApplication) => {
          app.useGlobalPipes(new ValidationPipe(pipeOptions));
          await configureApp(app);
        },
      },
    );
    author = await t.signUp();
  });
  afterAll(() => t?.close());

  it('creates posts with every field it was sent', async () => {
    const created = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send(samplePost({ title: 'Kept', published: true }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Kept', content: samplePost().content, published: true });
  });

  it('reads list parameters and path parameters', async () => {
    await createPost(t, author);
    await createPost(t, author);
    const page = await t.http().get('/api/posts').query({ limit: 1, order: 'asc' });
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(1);
    const { post, path } = await createPost(t, author, { title: 'By id' });
    expect((await t.http().get(path)).body).toMatchObject({ id: post.id, title: 'By id' });
    expect((await t.http().get(`/api/users/${author.id}`)).body).toMatchObject({ id: author.id });
  });

  it('applies a PATCH of one field, and still answers bad input with our problems', async () => {
    const { path, etag } = await createPost(t, author);
    const patched = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ published: false });
    expect(patched.status).toBe(200);
    expect(patched.body.published).toBe(false);

    expectProblem(await t.http().patch(path).set(author.auth).send({}), 400, path);
    expectProblem(await t.http().get('/api/posts').query({ limit: 'many' }), 400, '/api/posts', 'limit');
    expectProblem(await t.http().get('/api/posts/not-a-uuid'), 400, '/api/posts/not-a-uuid', 'id');
  });

  it('accepts bodies up to configureApp’s 1 MiB, not Nest’s 100 kB, and refuses larger ones', async () => {
    const before = await countPosts(t);
    // 100,000 three-byte characters: about 300 kB, a valid post.
    const large = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send(samplePost({ content: '€'.repeat(100_000) }));
    expect(large.status).toBe(201);
    const tooLarge = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send(samplePost({ content: 'x'.repeat(1_100_000) }));
    expectProblem(tooLarge, 413, '/api/posts');
    expect(await countPosts(t)).toBe(before + 1);
  });

  it('answers a body that is not JSON with our 400, after authentication, and creates nothing', async () => {
    const before = await countPosts(t);
    const broken = () => t.http().post('/api/posts').set('Content-Type', 'application/json');
    expectProblem(await broken().send('{"title": '), 401, '/api/posts');
    const refused = await broken().set(author.auth).send('{"title": ');
    expectProblem(refused, 400, '/api/posts');
    expect(refused.body.detail).toMatch(/JSON/);
    expect(await countPosts(t)).toBe(before);
  });

  it('still refuses form bodies on our routes, and lets Better Auth read its own', async () => {
    const form = await t.http().post('/api/posts').set(author.auth).type('form').send('title=x&content=yyyyyyyyyyyy');
    expectProblem(form, 415, '/api/posts');
    expect((await t.signUp()).token).toEqual(expect.any(String));
  });

  it("leaves Better Auth's routes their own 1 MiB limit, not Nest's 100 kB", async () => {
    const body = {
      name: 'Padded',
      email: `padded-${Date.now()}@example.com`,
      password: 'a long enough password',
      note: 'x'.repeat(200_000),
    };
    const signUp = await t.http().post('/api/auth/sign-up/email').send(body);
    expect(signUp.status).toBe(200);
  });
});
