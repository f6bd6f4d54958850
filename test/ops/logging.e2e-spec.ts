import { sql } from 'drizzle-orm';
import type { Server } from 'node:http';
import { Logger as PinoLogger } from 'nestjs-pino';
import { type AddressInfo, connect } from 'node:net';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

interface LogLine {
  level: number;
  msg: string;
  req?: { id: string; method: string; url: string };
  res?: { statusCode: number };
  responseTime?: number;
  userId?: string;
}

describe('request logs', () => {
  let t: TestApp;
  let user: SignedUpUser;
  const output: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ logging: { level: 'info', destination: { write: (line: string) => output.push(line) } } });
    user = await t.signUp();
  });
  afterAll(() => t.close());

  const waitFor = async (condition: () => boolean) => {
    for (let tries = 0; tries < 100 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
  };
  const linesFor = (requestId: string) => output.map((line) => JSON.parse(line) as LogLine).filter((line) => line.req?.id === requestId);

  it('writes one JSON line per request with id, user, status and latency', async () => {
    await t.http().get('/api/users/me').set(user.auth).set('X-Request-Id', 'log-me');
    const lines = linesFor('log-me');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', url: '/api/users/me' }, res: { statusCode: 200 }, userId: user.id });
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
  });

  it("logs Better Auth's own routes too", () => {
    const signUps = output.map((line) => JSON.parse(line) as LogLine).filter((line) => line.req?.url === '/api/auth/sign-up/email');
    expect(signUps).toEqual([expect.objectContaining({ level: 30, res: { statusCode: 200 } })]);
  });

  it('logs client errors as warnings', async () => {
    await t.http().get('/api/posts/nope').set('X-Request-Id', 'log-400');
    const [line] = linesFor('log-400');
    expect(line).toMatchObject({ level: 40, res: { statusCode: 400 } });
    expect(line!.userId).toBeUndefined();
  });

  it('logs a request whose client left mid-body: the request line is mounted before body parsing', async () => {
    const server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const socket = connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /api/posts HTTP/1.1\r\nHost: x\r\nX-Request-Id: log-aborted\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title"',
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      socket.destroy();
      await waitFor(() => linesFor('log-aborted').length > 0);
      expect(linesFor('log-aborted')).toEqual([
        expect.objectContaining({ req: expect.objectContaining({ method: 'POST', url: '/api/posts' }), res: { statusCode: 400 } }),
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("writes Better Auth's failures as one redacted JSON line, never a raw dump", async () => {
    // A database failure inside Better Auth: a trigger refuses one email.
    await t.db.execute(
      sql.raw(`CREATE FUNCTION refuse_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by trigger'; END $$`),
    );
    await t.db.execute(
      sql.raw(
        `CREATE TRIGGER refuse_user BEFORE INSERT ON accounts FOR EACH ROW WHEN (NEW.account_id IS NOT NULL AND NEW.password IS NOT NULL AND NEW.provider_id = 'credential') EXECUTE FUNCTION refuse_user()`,
      ),
    );
    // As main.ts does: the Nest Logger (Better Auth's logs among them) writes JSON through pino.
    t.app.useLogger(t.app.get(PinoLogger));
    const consoleError = jest.spyOn(console, 'error');
    const consoleLog = jest.spyOn(console, 'log');
    try {
      const response = await t.http().post('/api/auth/sign-up/email').set('X-Request-Id', 'log-auth-failure').send({
        name: 'Refused',
        email: 'refused@example.com',
        password: 'correct horse battery staple',
      });
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ code: 'INTERNAL_SERVER_ERROR', message: 'An unexpected error occurred' });
      expect(consoleError).not.toHaveBeenCalled();
      expect(consoleLog).not.toHaveBeenCalled();
    } finally {
      consoleError.mockRestore();
      consoleLog.mockRestore();
      t.app.useLogger(['error', 'warn']);
    }
    const failures = output.filter((line) => line.includes('refused by trigger'));
    expect(failures.length).toBeGreaterThanOrEqual(1);
    for (const line of failures) {
      expect(line.trimEnd()).not.toContain('\n'); // one line each
      expect(JSON.parse(line)).toMatchObject({ level: 50 });
      expect(line).not.toContain('refused@example.com');
    }
  });

  it('never writes credentials', async () => {
    await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .set('Cookie', 'better-auth.session_token=cookie-secret')
      .send({ title: 'T', content: 'Some content' });
    const all = output.join('\n');
    expect(all).not.toContain(user.token);
    expect(all).not.toContain('cookie-secret');
  });
});
