import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { startBuiltApp, type RunningApp } from '../support/built-app';
import { parseRawAnswer, type RawAnswer } from '../support/raw-http';
import { databaseEnv, isolatedDatabase, type IsolatedDatabase } from '../support/test-database';

interface RawResponse {
  status: number;
  contentType: string;
  body: string;
}

/** One request as an attacker sends it: any method, any Host, any body, nothing added. */
function send(app: RunningApp, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers, setHost: !('host' in headers) });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Bytes no HTTP client would send, on a connection of their own; what comes back until it closes. */
function sendRaw(app: RunningApp, bytes: string): Promise<RawAnswer> {
  const url = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(parseRawAnswer(text)));
  });
}

const nested = (depth: number) => `{"email":${'['.repeat(depth)}${']'.repeat(depth)}}`;
const json = { 'content-type': 'application/json' };

// The production build as a process: a crash here ends the process, which a test in jest's
// own process could not see. Every request is one that used to kill it.
describe('hostile requests against the built app', () => {
  let app: RunningApp;
  let database: IsolatedDatabase | undefined;

  beforeAll(async () => {
    database = process.env.DATABASE_URL?.startsWith('postgres') ? await isolatedDatabase() : undefined;
    app = await startBuiltApp({
      ...(database ? databaseEnv(database.options) : { DATABASE_URL: 'memory://' }),
      TRUSTED_ORIGINS: 'https://app.example.com',
    });
  }, 120_000);

  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await database?.drop();
  });

  afterEach(async () => {
    // The process is still up and serving after each attack.
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${app.baseUrl}/health/live`)).status).toBe(200);
  });

  it.each([
    ['an auth route', '/api/auth/sign-in/email'],
    ['an auth path that does not exist', '/api/auth/nope'],
  ])('answers a body nested 6,000 deep on %s with a 400 in Better Auth shape', async (_name, path) => {
    const response = await send(app, 'POST', path, json, nested(6000));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ code: 'INVALID_JSON_BODY', message: 'JSON body is nested deeper than 64 levels' });
  });

  it('answers a body nested 6,000 deep on a posts route with a 400 problem, once the caller is signed in', async () => {
    const signUp = await send(
      app,
      'POST',
      '/api/auth/sign-up/email',
      { ...json, origin: app.baseUrl },
      JSON.stringify({ name: 'Hostile', email: `hostile-${Date.now()}@example.com`, password: 'a long enough password' }),
    );
    const auth = { authorization: `Bearer ${JSON.parse(signUp.body).token}` };
    const response = await send(app, 'POST', '/api/posts', { ...json, ...auth }, nested(6000));
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(response.body)).toMatchObject({
      status: 400,
      detail: 'JSON body is nested deeper than 64 levels',
      instance: '/api/posts',
    });
    // Authentication comes first, as the contract orders the checks.
    expect((await send(app, 'POST', '/api/posts', json, nested(6000))).status).toBe(401);
  });

  it('answers a body nested 6,000 deep on an unknown route with a 404 problem', async () => {
    const response = await send(app, 'POST', '/api/nowhere', json, nested(6000));
    expect(response.status).toBe(404);
    expect(response.contentType).toMatch(/^application\/problem\+json/);
  });

  it('still takes a body nested 64 deep, the limit', async () => {
    const response = await send(app, 'POST', '/api/auth/sign-in/email', json, nested(63));
    // Parsed and handed to Better Auth, whose validation refuses the shape.
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).code).not.toBe('INVALID_JSON_BODY');
  });

  it.each([
    ['TRACE on an auth path', 'TRACE', {}],
    ['a Host header that makes no URL', 'GET', { host: '[' }],
    ['an X-Forwarded-Proto that makes no URL', 'GET', { 'x-forwarded-proto': 'ht tp' }],
  ])('answers %s with a 400 in Better Auth shape', async (_name, method, headers: Record<string, string>) => {
    const response = await send(app, method, '/api/auth/ok', headers);
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({ code: 'BAD_REQUEST', message: expect.any(String) });
  });

  it.each([
    ['a header line with no colon', 'GET /api/posts?limit=5 HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n', 400, '/api/posts'],
    ['headers over 16 KB', `GET /api/posts HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431, '/api/posts'],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400, '/'],
  ])("answers %s, which Node's parser refuses, with a problem", async (_name, bytes, status, instance) => {
    const response = await sendRaw(app, bytes);
    expect(response.statusLine).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: expect.any(String),
      status,
      detail: expect.any(String),
      instance,
      requestId: response.headers['x-request-id'],
    });
  });

  it('keeps the auth routes working after all of it', async () => {
    const response = await send(app, 'GET', '/api/auth/ok', {});
    expect(response.status).toBe(200);
    expect(app.output()).not.toMatch(/RangeError|Maximum call stack|SERVER_ERROR/);
  });
});
