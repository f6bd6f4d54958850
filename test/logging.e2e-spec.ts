import { createTestApp, type SignedUpUser, type TestApp } from './support/test-app';

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

  const linesFor = (requestId: string) =>
    output.map((line) => JSON.parse(line) as LogLine).filter((line) => line.req?.id === requestId);

  it('writes one JSON line per request with id, user, status and latency', async () => {
    await t.http().get('/api/users/me').set(user.auth).set('X-Request-Id', 'log-me');
    const lines = linesFor('log-me');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', url: '/api/users/me' }, res: { statusCode: 200 }, userId: user.id });
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
  });

  it('logs client errors as warnings', async () => {
    await t.http().get('/api/posts/nope').set('X-Request-Id', 'log-400');
    const [line] = linesFor('log-400');
    expect(line).toMatchObject({ level: 40, res: { statusCode: 400 } });
    expect(line!.userId).toBeUndefined();
  });

  it('never writes credentials', async () => {
    await t.http().post('/api/posts').set(user.auth).set('Cookie', 'better-auth.session_token=cookie-secret').send({ title: 'T', content: 'Some content' });
    const all = output.join('\n');
    expect(all).not.toContain(user.token);
    expect(all).not.toContain('cookie-secret');
  });
});
