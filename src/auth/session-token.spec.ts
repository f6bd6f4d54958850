import { betterAuth } from 'better-auth/minimal';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { bearer } from 'better-auth/plugins/bearer';
import { bearerToken, cookieToken } from './session-token';

const SECRET = 'a-secret-for-this-test-only-0123456789abcdef';

/** Signs up through Better Auth itself: its raw token, its signed bearer token and its session cookie. */
async function issuedByBetterAuth() {
  const auth = betterAuth({
    baseURL: 'http://localhost:3000',
    secret: SECRET,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    plugins: [bearer()],
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  const response = await auth.handler(
    new Request('http://localhost:3000/api/auth/sign-up/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', password: 'correct horse battery staple' }),
    }),
  );
  expect(response.status).toBe(200);
  const { token } = (await response.json()) as { token: string };
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ');
  const context = await auth.$context;
  return { token, signed: response.headers.get('set-auth-token')!, cookie, cookieName: context.authCookies.sessionToken.name };
}

describe('session tokens as Better Auth issues them', () => {
  let issued: Awaited<ReturnType<typeof issuedByBetterAuth>>;

  beforeAll(async () => {
    issued = await issuedByBetterAuth();
  });

  it('reads the session token from the signed bearer token Better Auth hands out', () => {
    expect(issued.signed).toContain('.');
    expect(bearerToken(`Bearer ${issued.signed}`, SECRET)).toBe(issued.token);
    expect(bearerToken(`bearer ${encodeURIComponent(issued.signed)}`, SECRET)).toBe(issued.token);
  });

  it('takes a bare token as it is, as the bearer plugin does', () => {
    expect(bearerToken(`Bearer ${issued.token}`, SECRET)).toBe(issued.token);
  });

  it("reads the session token from Better Auth's signed session cookie", () => {
    expect(cookieToken(`theme=dark; ${issued.cookie}`, { secret: SECRET, cookieName: issued.cookieName })).toBe(issued.token);
  });

  it('refuses a signature made with another secret, or tampered with', () => {
    expect(bearerToken(`Bearer ${issued.signed}`, `${SECRET}-other`)).toBeUndefined();
    expect(bearerToken(`Bearer ${issued.signed.slice(0, -2)}xx`, SECRET)).toBeUndefined();
    expect(cookieToken(issued.cookie, { secret: `${SECRET}-other`, cookieName: issued.cookieName })).toBeUndefined();
  });

  it('ignores what is not a bearer token or not the session cookie', () => {
    expect(bearerToken(`Basic ${issued.token}`, SECRET)).toBeUndefined();
    expect(bearerToken('Bearer ', SECRET)).toBeUndefined();
    expect(cookieToken('theme=dark', { secret: SECRET, cookieName: issued.cookieName })).toBeUndefined();
  });
});
