import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Response } from 'supertest';
import { users } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { expectProblem } from '../support/problem';

/** The `name=value` pairs of a response's Set-Cookie headers, as a Cookie request header. */
function cookieHeader(res: Response): string {
  const setCookie = res.headers['set-cookie'] as unknown as string[] | undefined;
  expect(setCookie?.length).toBeGreaterThan(0);
  return setCookie!.map((cookie) => cookie.split(';', 1)[0]).join('; ');
}

async function signIn(t: TestApp, user: SignedUpUser): Promise<string> {
  const res = await t.http().post('/api/auth/sign-in/email').send({ email: user.email, password: user.password });
  expect(res.status).toBe(200);
  return cookieHeader(res);
}

async function storedUser(t: TestApp, id: string) {
  const [row] = await t.db.select().from(users).where(eq(users.id, id));
  return row!;
}

/** The exact body GET /api/users/me must answer for `user`, its createdAt as stored. */
async function profileOf(t: TestApp, user: SignedUpUser) {
  const row = await storedUser(t, user.id);
  return { id: user.id, name: user.name, email: user.email, emailVerified: false, createdAt: row.createdAt.toISOString() };
}

describe('users', () => {
  let t: TestApp;
  let alice: SignedUpUser;

  beforeAll(async () => {
    t = await createTestApp();
    alice = await t.signUp({ name: 'Alice' });
  });
  afterAll(() => t.close());

  describe('GET /api/users/me', () => {
    it('is a 401 problem without a session', async () => {
      expectProblem(await t.http().get('/api/users/me'), 401, '/api/users/me');
    });

    it.each(['Bearer garbage', 'Bearer ', 'Bearer 6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6f', 'Basic dXNlcjpwYXNz'])(
      'is a 401 problem with Authorization: %s',
      async (authorization) => {
        expectProblem(await t.http().get('/api/users/me').set('Authorization', authorization), 401, '/api/users/me');
      },
    );

    it('echoes the X-Request-Id of the request in the problem', async () => {
      const res = await t.http().get('/api/users/me').set('X-Request-Id', 'users-me-401');
      expectProblem(res, 401, '/api/users/me');
      expect(res.body.requestId).toBe('users-me-401');
    });

    it('returns exactly id, name, email, emailVerified, createdAt with a bearer token', async () => {
      const res = await t.http().get('/api/users/me').set(alice.auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toStrictEqual(await profileOf(t, alice));
    });

    it('is never stored by a cache: /users/me, /users/me/posts and get-session say no-store', async () => {
      for (const path of ['/api/users/me', '/api/users/me/posts', '/api/auth/get-session']) {
        const res = await t.http().get(path).set(alice.auth);
        expect([path, res.status, res.headers['cache-control']]).toEqual([path, 200, 'no-store']);
      }
    });

    it('works with the session cookie from sign-in', async () => {
      const cookie = await signIn(t, alice);
      const res = await t.http().get('/api/users/me').set('Cookie', cookie);
      expect(res.status).toBe(200);
      expect(res.body).toStrictEqual(await profileOf(t, alice));
    });

    it('answers for the caller, not for the first user', async () => {
      const bob = await t.signUp({ name: 'Bob' });
      const res = await t.http().get('/api/users/me').set(bob.auth);
      expect(res.body).toMatchObject({ id: bob.id, name: 'Bob', email: bob.email });
    });
  });

  describe('GET /api/users/:id', () => {
    it('returns exactly id, name, createdAt without auth, never the email', async () => {
      const res = await t.http().get(`/api/users/${alice.id}`);
      expect(res.status).toBe(200);
      const row = await storedUser(t, alice.id);
      expect(res.body).toStrictEqual({ id: alice.id, name: 'Alice', createdAt: row.createdAt.toISOString() });
      expect(res.text).not.toContain(alice.email);
    });

    it('returns the same public profile to another signed-in user', async () => {
      const viewer = await t.signUp({ name: 'Viewer' });
      const res = await t.http().get(`/api/users/${alice.id}`).set(viewer.auth);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['createdAt', 'id', 'name']);
      expect(res.body.id).toBe(alice.id);
    });

    it('is a 404 problem for an unknown UUID', async () => {
      const id = randomUUID();
      expectProblem(await t.http().get(`/api/users/${id}`), 404, `/api/users/${id}`);
    });

    it.each(['not-a-uuid', '12345', '6f1c2a4e-3b5d-4c7e-9f80-1a2b3c4d5e6fx', '6f1c2a4e3b5d4c7e9f801a2b3c4d5e6'])(
      'is a 400 problem for the id %s',
      async (id) => {
        expectProblem(await t.http().get(`/api/users/${id}`), 400, `/api/users/${id}`, 'id');
      },
    );
  });

  describe('POST /api/auth/sign-out', () => {
    it('ends the session: the old bearer token is then a 401', async () => {
      const user = await t.signUp({ name: 'Leaving' });
      expect((await t.http().get('/api/users/me').set(user.auth)).status).toBe(200);
      const out = await t.http().post('/api/auth/sign-out').set(user.auth);
      expect(out.status).toBe(200);
      expectProblem(await t.http().get('/api/users/me').set(user.auth), 401, '/api/users/me');
    });

    it('ends a cookie session: the old cookie is then a 401', async () => {
      const user = await t.signUp({ name: 'Cookie Leaving' });
      const cookie = await signIn(t, user);
      expect((await t.http().get('/api/users/me').set('Cookie', cookie)).status).toBe(200);
      const out = await t.http().post('/api/auth/sign-out').set('Cookie', cookie);
      expect(out.status).toBe(200);
      expectProblem(await t.http().get('/api/users/me').set('Cookie', cookie), 401, '/api/users/me');
      // Signing out one session leaves the others alone.
      expect((await t.http().get('/api/users/me').set(user.auth)).status).toBe(200);
    });
  });

  describe('GET /api/auth/get-session', () => {
    it.each(['true', 'false'])('takes disableCookieCache and disableRefresh=%s', async (flag) => {
      const user = await t.signUp({ name: 'Flags' });
      const answer = await t.http().get(`/api/auth/get-session?disableCookieCache=${flag}&disableRefresh=${flag}`).set(user.auth);
      expect(answer.status).toBe(200);
      expect(answer.body.user.id).toBe(user.id);
    });

    // Better Auth reads them with z.coerce.boolean, which takes any text, "false" too, as true.
    it.each(['^ k', '', '1', 'TRUE'])("refuses a flag of %p with a 400 in Better Auth's shape", async (value) => {
      const user = await t.signUp({ name: 'Flags' });
      const answer = await t.http().get('/api/auth/get-session').query({ disableRefresh: value }).set(user.auth);
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({ code: 'INVALID_QUERY', message: 'disableRefresh must be true or false' });
    });
  });
});
