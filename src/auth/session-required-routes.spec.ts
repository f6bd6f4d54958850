import { betterAuth } from 'better-auth/minimal';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { bearer } from 'better-auth/plugins/bearer';
import { sessionRequiredRoutes } from './session-required-routes';

// Read from Better Auth's own endpoints: an upgrade that changes how they declare a session shows here.
describe('sessionRequiredRoutes', () => {
  const auth = betterAuth({
    baseURL: 'http://localhost:3000',
    secret: 'a-secret-for-this-test-only-0123456789abcdef',
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    plugins: [bearer()],
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  const routes = sessionRequiredRoutes(auth.api as unknown as Record<string, unknown>);

  it('names the routes that act on the signed-in user', () => {
    expect([...routes]).toEqual(
      expect.arrayContaining([
        'POST /update-user',
        'POST /change-password',
        'POST /change-email',
        'POST /delete-user',
        'GET /list-sessions',
      ]),
    );
  });

  it('leaves out the routes that work without a session', () => {
    for (const open of ['POST /sign-up/email', 'POST /sign-in/email', 'POST /sign-out', 'GET /get-session', 'POST /reset-password'])
      expect(routes.has(open)).toBe(false);
  });
});
