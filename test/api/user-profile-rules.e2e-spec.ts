import { eq, sql } from 'drizzle-orm';
import { users } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

const password = 'correct horse battery staple';

describe('names, images and passwords', () => {
  let t: TestApp;
  let user: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    user = await t.signUp({ name: 'Ada' });
  });
  afterAll(() => t.close());

  const signUp = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/auth/sign-up/email')
      .send({ email: `rules-${Math.random()}@example.com`, password, name: 'Someone', ...body });
  const updateUser = (body: Record<string, unknown>) => t.http().post('/api/auth/update-user').set(user.auth).send(body);
  const userCount = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(users))[0]!.n;
  const storedUser = async () => (await t.db.select().from(users).where(eq(users.id, user.id)))[0]!;

  it.each([
    ['a million characters', 'x'.repeat(1_000_000), 'Name must be at most 100 characters'],
    ['101 code points', '👋'.repeat(101), 'Name must be at most 100 characters'],
    ['an empty string', '', 'Name is required'],
    ['only zero-width and bidi characters', '\u200B\u202E\u200D', 'Name must contain at least one visible character'],
    ['a NUL character', 'Ada\u0000', 'Must not contain NUL characters or unpaired UTF-16 surrogates'],
    ['a forged log line', 'Ada\n{"level":50,"msg":"forged"}\n', 'Name must not contain control characters (line breaks, tabs, escapes)'],
    ['a number', 42, 'Name must be a string'],
  ])('refuses a sign-up name of %s with a 400 in Better Auth shape, creating nobody', async (_case, name, message) => {
    const before = await userCount();
    const response = await signUp({ name });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'INVALID_NAME', message });
    expect(await userCount()).toBe(before);
  });

  it('takes a name of exactly 100 code points (emoji count once)', async () => {
    const response = await signUp({ name: '👋'.repeat(100) });
    expect(response.status).toBe(200);
    expect(response.body.user.name).toBe('👋'.repeat(100));
  });

  it.each([
    ['a javascript: URL', 'javascript:alert(1)'],
    ['a data: URL', 'data:text/html,<script>alert(1)</script>'],
    ['an object', { url: 'https://example.com' }],
    ['a URL of 2,049 characters', `https://example.com/${'a'.repeat(2049 - 20)}`],
    ['http: without slashes', 'http:example.com'],
  ])('refuses an image of %s, on sign-up and on update-user', async (_case, image) => {
    const created = await signUp({ image });
    expect(created.status).toBe(400);
    expect(created.body.code).toBe('INVALID_IMAGE');
    const updated = await updateUser({ image });
    expect(updated.status).toBe(400);
    expect(updated.body.code).toBe('INVALID_IMAGE');
    expect((await storedUser()).image).toBeNull();
  });

  it('takes an https image of 2,048 characters and null, and a valid new name', async () => {
    const image = `https://example.com/${'a'.repeat(2048 - 20)}`;
    expect((await updateUser({ image, name: 'Ada L.' })).status).toBe(200);
    expect(await storedUser()).toMatchObject({ image, name: 'Ada L.' });
    expect((await updateUser({ image: null })).status).toBe(200);
    expect((await storedUser()).image).toBeNull();
  });

  it('refuses a new name over 100 characters on update-user and keeps the old one', async () => {
    const before = (await storedUser()).name;
    const response = await updateUser({ name: 'y'.repeat(101) });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_NAME');
    expect((await storedUser()).name).toBe(before);
  });

  it('keeps the list of posts small whatever the authors did: names are bounded', async () => {
    const longest = await t.signUp({ name: 'n'.repeat(100) });
    for (let i = 0; i < 25; i++) {
      await t
        .http()
        .post('/api/posts')
        .set(longest.auth)
        .send({ title: `Post ${i}`, content: 'Some content', published: true })
        .expect(201);
    }
    const page = await t.http().get('/api/posts?limit=25');
    expect(page.body.data).toHaveLength(25);
    // 25 posts of 12 characters with 100-character author names: well under 20 KB.
    expect(page.text.length).toBeLessThan(20_000);
  });

  it.each([
    ['shorter than 10 characters', 'password', 'PASSWORD_TOO_SHORT', 'Password must be at least 10 characters'],
    ['a common one', 'Password123', 'PASSWORD_TOO_COMMON', 'This password is one of the most common ones; choose another'],
    ['longer than 128 characters', 'p'.repeat(129), 'PASSWORD_TOO_LONG', 'Password must be at most 128 characters'],
  ])('refuses a password %s on sign-up with a clear 400', async (_case, weak, code, message) => {
    const response = await signUp({ password: weak });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code, message });
  });

  it('refuses a weak new password on change-password, and the old one still works', async () => {
    const response = await t
      .http()
      .post('/api/auth/change-password')
      .set(user.auth)
      .send({ currentPassword: password, newPassword: '1234567890' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('PASSWORD_TOO_COMMON');
    const signIn = await t.http().post('/api/auth/sign-in/email').send({ email: user.email, password });
    expect(signIn.status).toBe(200);
  });

  it.each([
    ['a name of 101 characters', { name: 'z'.repeat(101) }],
    ['a name with a line break', { name: 'a\nb' }],
    ['an empty name', { name: '' }],
    ['a javascript: image', { image: 'javascript:alert(1)' }],
    ['an image of 2,049 characters', { image: `https://e.com/${'a'.repeat(2049 - 14)}` }],
  ])('refuses %s in the database itself (CHECK constraint)', async (_case, values) => {
    const write = t.db.update(users).set(values).where(eq(users.id, user.id));
    await expect(write).rejects.toMatchObject({ cause: expect.objectContaining({ code: '23514' }) });
  });
});
