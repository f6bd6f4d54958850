import { createAuthClient } from 'better-auth/client';
import { createTestApp, listenForClients, type TestApp } from '../support/test-app';

// The official client, unchanged, against the service listening on a real port.
describe('better-auth/client against the running service', () => {
  let t: TestApp;
  let baseURL: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseURL = await listenForClients(t);
  });
  afterAll(() => t.close());

  function client(token?: string) {
    return createAuthClient({
      baseURL,
      fetchOptions: token ? { auth: { type: 'Bearer', token } } : {},
    });
  }

  it('signs up, signs in, reads the session, calls the API and signs out', async () => {
    const email = `client-${Date.now()}@example.com`;
    const password = 'a long enough password';

    const signUp = await client().signUp.email({ email, password, name: 'Client User' });
    expect(signUp.error).toBeNull();
    expect(signUp.data?.user).toMatchObject({ email, name: 'Client User' });
    expect(signUp.data?.user.id).toMatch(/^[0-9a-f-]{36}$/);

    const signIn = await client().signIn.email({ email, password });
    expect(signIn.error).toBeNull();
    const token = signIn.data!.token;
    expect(token).toEqual(expect.any(String));

    const session = await client(token).getSession();
    expect(session.data?.user).toMatchObject({ id: signUp.data!.user.id, email });

    const me = await fetch(`${baseURL}/api/users/me`, { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ id: signUp.data!.user.id, email });

    const signOut = await client(token).signOut();
    expect(signOut.error).toBeNull();
    expect((await client(token).getSession()).data).toBeNull();
    expect((await fetch(`${baseURL}/api/users/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it("reports Better Auth's own errors to the client", async () => {
    const wrong = await client().signIn.email({ email: 'nobody@example.com', password: 'wrong password' });
    expect(wrong.data).toBeNull();
    expect(wrong.error).toMatchObject({ status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' });
  });

  it('refuses a second account with the same email', async () => {
    const email = `twice-${Date.now()}@example.com`;
    await client().signUp.email({ email, password: 'a long enough password', name: 'One' });
    const again = await client().signUp.email({ email, password: 'a long enough password', name: 'Two' });
    expect(again.error?.status).toBe(422);
  });
});
