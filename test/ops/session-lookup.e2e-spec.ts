import { AuthService } from '@thallesp/nestjs-better-auth';
import { fromNodeHeaders } from 'better-auth/node';
import { eq, sql } from 'drizzle-orm';
import type { BetterAuthInstance } from '../../src/auth/better-auth.factory';
import { SessionLookup } from '../../src/auth/session-lookup';
import { sessions } from '../../src/infra/database/schema';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

// SessionLookup answers the common case itself and hands the rest to Better Auth:
// both must give the same answer, and nothing Better Auth does on a lookup may be lost.
describe('Session lookup', () => {
  let t: TestApp;
  let lookup: SessionLookup;
  let auth: AuthService<BetterAuthInstance>;

  beforeAll(async () => {
    t = await createTestApp();
    lookup = t.app.get(SessionLookup);
    auth = t.app.get(AuthService);
  });
  afterAll(() => t.close());

  const betterAuthSession = (headers: Record<string, string>) => auth.api.getSession({ headers: fromNodeHeaders(headers) });
  const expiresAt = async (token: string) =>
    (await t.db.select({ expiresAt: sessions.expiresAt }).from(sessions).where(eq(sessions.token, token)))[0]?.expiresAt;
  const setExpiry = (token: string, at: Date) =>
    t.db.execute(sql`UPDATE sessions SET expires_at = ${at.toISOString()}::timestamptz WHERE token = ${token}`);

  /** Signs in through HTTP: the bare token (JSON body), the signed one (set-auth-token) and the cookie. */
  async function signIn(user: SignedUpUser) {
    const response = await t.http().post('/api/auth/sign-in/email').send({ email: user.email, password: user.password }).expect(200);
    const cookie = (response.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    return { bare: response.body.token as string, signed: response.headers['set-auth-token'] as string, cookie };
  }

  it("returns what Better Auth's getSession returns, for a bare token, a signed token and the cookie", async () => {
    const user = await t.signUp();
    const { bare, signed, cookie } = await signIn(user);
    expect(signed).toMatch(new RegExp(`^${bare}\\.`));
    const ways: Record<string, string>[] = [{ authorization: `Bearer ${bare}` }, { authorization: `Bearer ${signed}` }, { cookie }];
    for (const headers of ways) {
      const expected = await betterAuthSession(headers);
      expect(expected?.user.id).toBe(user.id);
      expect(await lookup.resolve(headers)).toEqual(expected);
    }
  });

  it('refuses a signed token whose signature was tampered with, and an unknown token', async () => {
    const user = await t.signUp();
    const { bare, signed } = await signIn(user);
    const tampered = `${bare}.${'A'.repeat(43)}=`;
    expect(signed).not.toBe(tampered);
    for (const token of [tampered, 'not-a-session-token']) {
      await t.http().get('/api/users/me').set('Authorization', `Bearer ${token}`).expect(401);
      expect(await lookup.resolve({ authorization: `Bearer ${token}` })).toBeNull();
    }
  });

  it('refuses an expired session, and Better Auth deletes it', async () => {
    const user = await t.signUp();
    await setExpiry(user.token, new Date(Date.now() - 60_000));
    await t.http().get('/api/users/me').set(user.auth).expect(401);
    expect(await expiresAt(user.token)).toBeUndefined();
  });

  it("leaves a session due for Better Auth's sliding refresh to Better Auth, which extends it", async () => {
    const user = await t.signUp();
    // Sessions last 7 days and are extended once a day old: 5 days left means due.
    await setExpiry(user.token, new Date(Date.now() + 5 * DAY_MS));
    await t.http().get('/api/users/me').set(user.auth).expect(200);
    expect((await expiresAt(user.token))!.getTime()).toBeGreaterThan(Date.now() + 7 * DAY_MS - 60_000);
  });

  it('counts a sign-out at once: the next request with the token is refused', async () => {
    const user = await t.signUp();
    await t.http().get('/api/users/me').set(user.auth).expect(200);
    await t.http().post('/api/auth/sign-out').set(user.auth).expect(200);
    await t.http().get('/api/users/me').set(user.auth).expect(401);
  });
});
