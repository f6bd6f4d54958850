import * as Sentry from '@sentry/nestjs';
import { sql } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { initSentry } from '../../src/infra/observability/sentry';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

interface SentryEvent {
  exception?: { values: { type: string; value: string }[] };
  tags?: Record<string, string>;
  user?: { id?: string };
  request?: { headers?: Record<string, string>; data?: unknown; cookies?: unknown };
}

/** A stand-in for Sentry's ingest endpoint: collects the events of every envelope posted to it. */
function startIngest(): Promise<{ server: Server; dsn: string; events: SentryEvent[]; raw: string[] }> {
  const events: SentryEvent[] = [];
  const raw: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      raw.push(text);
      const lines = text.split('\n').filter(Boolean);
      // envelope: header line, then (item header, item payload) pairs
      for (let i = 1; i + 1 < lines.length; i += 2) {
        if ((JSON.parse(lines[i]!) as { type: string }).type === 'event') events.push(JSON.parse(lines[i + 1]!));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, dsn: `http://publickey@127.0.0.1:${port}/1`, events, raw });
    }),
  );
}

describe('Sentry reporting', () => {
  let t: TestApp;
  let user: SignedUpUser;
  let ingest: Awaited<ReturnType<typeof startIngest>>;

  beforeAll(async () => {
    ingest = await startIngest();
    expect(initSentry({ dsn: ingest.dsn, environment: 'test' })).toBe(true);
    t = await createTestApp();
    user = await t.signUp({ name: 'Reporter' });
  });
  afterAll(async () => {
    await Sentry.close(2000);
    await t.close();
    await new Promise((resolve) => ingest.server.close(resolve));
  });

  it('sends a 500 with request id, route and user id, and without secrets', async () => {
    await t.db.execute(sql`ALTER TABLE post_history RENAME TO post_history_away`);
    try {
      const response = await t
        .http()
        .post('/api/posts')
        .set(user.auth)
        .set('Cookie', 'better-auth.session_token=cookie-secret')
        .set('X-Request-Id', 'sentry-500')
        .send({ title: 'Boom', content: 'secret-body-content' });
      expect(response.status).toBe(500);
    } finally {
      await t.db.execute(sql`ALTER TABLE post_history_away RENAME TO post_history`);
    }
    await Sentry.flush(5000);

    const event = ingest.events.find((candidate) => candidate.tags?.request_id === 'sentry-500');
    expect(event).toBeDefined();
    expect(event!.tags).toMatchObject({ route: 'POST /api/posts' });
    expect(event!.user).toEqual({ id: user.id });
    expect(event!.exception?.values.length).toBeGreaterThan(0);
    const everything = ingest.raw.join('\n');
    expect(everything).not.toContain(user.token);
    expect(everything).not.toContain('cookie-secret');
    expect(everything).not.toContain('secret-body-content');
  });

  it('sends nothing for 4xx answers', async () => {
    const before = ingest.raw.length;
    expect((await t.http().get('/api/nope')).status).toBe(404);
    expect((await t.http().get('/api/posts/not-a-uuid')).status).toBe(400);
    expect((await t.http().post('/api/posts').send({})).status).toBe(401);
    await Sentry.flush(2000);
    expect(ingest.raw.length).toBe(before);
  });
});
