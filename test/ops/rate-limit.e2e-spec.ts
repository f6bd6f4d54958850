import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { expectProblem } from '../support/problem';
import { TEST_SECRET, createTestApp, type TestApp } from '../support/test-app';

const limits = (overrides: { perMinute: number; writesPerMinute: number; redisUrl?: string; keyPrefix?: string }) => ({
  rateLimit: { enabled: true, ...overrides },
});

describe('rate limiting', () => {
  describe('in memory', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(limits({ perMinute: 5, writesPerMinute: 2 }));
    });
    afterAll(() => t.close());

    it('lets a client make perMinute requests, then answers 429 problem+json with Retry-After', async () => {
      for (let i = 0; i < 5; i++) expect((await t.http().get('/api/posts')).status).toBe(200);
      const limited = await t.http().get('/api/posts');
      expectProblem(limited, 429, '/api/posts');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // One budget per client across routes, not per route.
      expectProblem(await t.http().get(`/api/users/${randomUUID()}`), 429);
    });

    it('turns a client over its budget away before reading its body', async () => {
      // Malformed JSON would be a 400 once parsed: the 429 shows it never was.
      const response = await t.http().post('/api/posts').set('Content-Type', 'application/json').send('{"title": [[[[');
      expectProblem(response, 429, '/api/posts');
    });

    it("counts Better Auth's routes too, answering them in Better Auth's shape", async () => {
      const response = await t.http().get('/api/auth/get-session');
      expect(response.status).toBe(429);
      expect(response.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: expect.any(String) });
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('never limits the health probes', async () => {
      for (let i = 0; i < 10; i++) expect((await t.http().get('/health/live')).status).toBe(200);
    });
  });

  describe('writes', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(limits({ perMinute: 50, writesPerMinute: 3 }));
    });
    afterAll(() => t.close());

    it('are held to the stricter write limit, with a plain Retry-After', async () => {
      // The sign-up is a write too: Better Auth's routes count as every other route does.
      const user = await t.signUp();
      const post = { title: 'Limited', content: 'Some content here' };
      expect((await t.http().post('/api/posts').set(user.auth).send(post)).status).toBe(201);
      expect((await t.http().post('/api/posts').set(user.auth).send(post)).status).toBe(201);
      const limited = await t.http().post('/api/posts').set(user.auth).send(post);
      expectProblem(limited, 429, '/api/posts');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Reads still have budget left.
      expect((await t.http().get('/api/posts')).status).toBe(200);
    });
  });

  describe("Better Auth's limiter", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({
        ...limits({ perMinute: 100, writesPerMinute: 100 }),
        auth: { secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000', rateLimit: { enabled: true } },
      });
    });
    afterAll(() => t.close());

    it('guards sign-in: repeated attempts from one client get 429', async () => {
      const attempt = () => t.http().post('/api/auth/sign-in/email').send({ email: 'nobody@example.com', password: 'wrong password' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await attempt()).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
    });
  });

  describe('off', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ rateLimit: { enabled: false, perMinute: 1, writesPerMinute: 1 } });
    });
    afterAll(() => t.close());

    it('sets no limits at all when disabled', async () => {
      for (let i = 0; i < 5; i++) {
        const response = await t.http().get('/api/posts');
        expect(response.status).toBe(200);
        expect(response.headers['x-ratelimit-limit']).toBeUndefined();
      }
    });
  });

  describe('shared through Redis by two instances', () => {
    let first: TestApp;
    let second: TestApp;
    beforeAll(async () => {
      const shared = limits({ perMinute: 4, writesPerMinute: 4, redisUrl: 'redis://127.0.0.1:6379', keyPrefix: `test:${randomUUID()}:` });
      first = await createTestApp(shared);
      second = await createTestApp(shared);
    });
    afterAll(async () => {
      await first.close();
      await second.close();
    });

    it('counts a client once across instances', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await (i % 2 ? second : first).http().get('/api/posts')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    });
  });

  describe('with Redis unreachable', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(limits({ perMinute: 3, writesPerMinute: 3, redisUrl: `redis://127.0.0.1:${await closedPort()}` }));
    });
    afterAll(() => t.close());

    it('counts in memory instead, without stalling a request', async () => {
      const started = Date.now();
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await t.http().get('/api/posts')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      // Each request waits on Redis for at most the command timeout (500 ms), not for retries.
      expect(Date.now() - started).toBeLessThan(4 * 1000);
    });
  });
});

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
