import { Module } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { AuthModule } from '../../src/auth/auth.module';
import { DatabaseModule } from '../../src/infra/database/database.module';
import { PostsModule } from '../../src/posts/posts.module';
import { configureApp } from '../../src/http/pipeline';
import { createTestingApp, type TestingApp } from '../../src/testing';
import { TEST_SECRET } from '../support/test-app';

// A host that mounts Better Auth elsewhere, configured once: in AuthModule's options.
@Module({
  imports: [
    DatabaseModule.forRoot({}),
    AuthModule.forRoot({ secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000', basePath: '/identity' }),
    PostsModule,
  ],
})
class IdentityHostModule {}

describe('the testing kit in a host app', () => {
  let t: TestingApp;

  beforeAll(async () => {
    t = await createTestingApp({ imports: [IdentityHostModule] });
  });
  afterAll(() => t?.close());

  it("signs up where AuthModule is mounted, read from AuthModule's own options", async () => {
    const user = await t.signUp({ name: 'Ada' });

    const created = await t.http().post('/posts').set(user.auth).send({ title: 'Hello', content: 'Signed up at /identity' });
    expect(created.status).toBe(201);
    expect((await t.http().get('/identity/get-session').set(user.auth)).body.user).toMatchObject({ id: user.id, name: 'Ada' });
    expect(
      (await t.http().post('/api/auth/sign-up/email').send({ name: 'x', email: 'x@example.com', password: 'long enough password' })).status,
    ).toBe(404);
  });

  it('says what is missing when the app has no AuthModule', async () => {
    const bare = await createTestingApp({ imports: [DatabaseModule.forRoot({})] });
    try {
      await expect(bare.signUp()).rejects.toThrow('signUp() needs AuthModule among the imports given to createTestingApp');
    } finally {
      await bare.close();
    }
  });

  it("boots the app through the host's own setup, the one its main.ts runs", async () => {
    const prefixed = await createTestingApp({
      imports: [IdentityHostModule],
      configure: async (app) => {
        app.setGlobalPrefix('v1');
        await configureApp(app, { swaggerPath: false });
      },
    });
    try {
      expect((await prefixed.http().get('/v1/posts')).status).toBe(200);
      expect((await prefixed.http().get('/posts')).status).toBe(404);
    } finally {
      await prefixed.close();
    }
  });

  it('refuses both configure and setup: one of them would be ignored', async () => {
    await expect(createTestingApp({ imports: [IdentityHostModule], setup: {}, configure: () => undefined })).rejects.toThrow(
      'createTestingApp takes `setup` or `configure`, not both',
    );
  });

  it("types the rows of raw SQL run through the package's Drizzle client", async () => {
    const { rows } = await t.db.execute<{ posts: number }>(sql`select count(*)::int as posts from posts`);
    const count: number = rows[0]!.posts;
    expect(count).toEqual(expect.any(Number));
  });
});
