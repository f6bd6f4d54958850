import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startBuiltApp, type RunningApp } from '../support/built-app';
import { once } from 'node:events';
import { idleKeepAliveSocket, openConnection, postStorm, slowPost } from '../support/shutdown-clients';
import { databaseEnv, isolatedDatabase, type IsolatedDatabase } from '../support/test-database';

const SHUTDOWN_TIMEOUT_MS = 5_000;

describe(`graceful shutdown of the built app (${process.env.HTTP_PLATFORM ?? 'express'})`, () => {
  let app: RunningApp | undefined;
  let dataDir: string | undefined;
  let database: IsolatedDatabase | undefined;

  // One database for both tests, each with an app of its own: each test stops its app. dist/ is built by the e2e global setup.
  beforeAll(async () => {
    database = process.env.DATABASE_URL?.startsWith('postgres') ? await isolatedDatabase() : undefined;
    dataDir = database ? undefined : mkdtempSync(join(tmpdir(), 'posts-shutdown-'));
  }, 60_000);
  afterEach(() => {
    if (app?.child.exitCode === null) app.child.kill('SIGKILL');
  });
  afterAll(async () => {
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(): Promise<{ app: RunningApp; token: string }> {
    app = await startBuiltApp({
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...(database ? { ...databaseEnv(database.options), DATABASE_MIGRATE: 'true' } : { DATA_DIR: dataDir! }),
    });
    const signUp = await fetch(`${app.baseUrl}/api/auth/sign-up/email`, {
      method: 'POST',
      // In production Better Auth wants the Origin that Node's fetch leaves out.
      headers: { 'content-type': 'application/json', origin: app.baseUrl },
      body: JSON.stringify({ name: 'Shutdown', email: `shutdown-${Date.now()}@example.com`, password: 'a long enough password' }),
    });
    return { app, token: ((await signUp.json()) as { token: string }).token };
  }
  /** The process exits 0, and before the shutdown timeout would have made it exit 1. */
  async function exitsZeroInTime(app: RunningApp): Promise<void> {
    const started = Date.now();
    expect(await app.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
  }
  const stored = () => (database ? titlesOnPostgres(database.options.url!) : titlesOnPglite(dataDir!));

  it('finishes a write in flight at SIGTERM, refuses new connections, and exits 0', async () => {
    const { app, token } = await start();
    let refused = false;
    const response = await slowPost(
      app.baseUrl,
      '/api/posts',
      token,
      { title: 'In flight', content: 'Written while stopping' },
      async () => {
        app.child.kill('SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 300));
        refused = await fetch(`${app.baseUrl}/health/live`).then(
          () => false,
          () => true,
        );
      },
    );

    expect(response.status).toBe(201);
    expect(refused).toBe(true);
    await exitsZeroInTime(app);
    // The write that got its 201 is in the database.
    expect(await stored()).toContain('In flight');
  }, 60_000);

  it('closes an idle keep-alive connection at once, answers a connection opened before SIGTERM whose request comes after it, and closes a silent one', async () => {
    const { app, token } = await start();
    const idle = await idleKeepAliveSocket(app.baseUrl);
    const opened = await openConnection(app.baseUrl);
    // A browser's preconnect: a connection that never sends a request must not hold the shutdown.
    const silent = await openConnection(app.baseUrl);
    let openedClosed = false;
    opened.socket.once('close', () => (openedClosed = true));

    app.child.kill('SIGTERM');
    // The idle connection goes while the other, which has had no request yet, is kept.
    await once(idle, 'close');
    expect(openedClosed).toBe(false);
    const answer = await opened.post('/api/posts', token, { title: 'Late bytes', content: 'Sent just after SIGTERM' });
    expect(answer.status).toBe(201);
    expect(answer.headers.connection).toBe('close');
    await once(silent.socket, 'close');

    await exitsZeroInTime(app);
    expect(await stored()).toContain('Late bytes');
  }, 60_000);

  // A rolling deploy: clients without keep-alive open a connection per request. SIGTERM goes as soon
  // as the 100th write is sent, so its batch of 20 is still queued, accepted or unread at the server.
  it('answers 201 to every write sent before SIGTERM in a storm of fresh connections, and exits 0', async () => {
    const { app, token } = await start();
    const { outcomes, signalledAt } = await postStorm(`${app.baseUrl}/api/posts`, token, {
      batches: 10,
      size: 20,
      signalAfter: 100,
      delayMs: 0,
      signal: () => app.child.kill('SIGTERM'),
    });
    await exitsZeroInTime(app);

    const sentBefore = outcomes.filter((outcome) => outcome.sentAt < signalledAt);
    // The storm caught writes between their last byte and their answer, or it proved nothing.
    expect(sentBefore.filter((outcome) => outcome.answeredAt > signalledAt).length).toBeGreaterThan(0);
    expect(sentBefore.filter((outcome) => outcome.status !== 201)).toEqual([]);
    // Sent after SIGTERM: answered 201, or refused; never another status.
    expect(outcomes.filter((outcome) => outcome.status !== undefined && outcome.status !== 201)).toEqual([]);
    // Every 201 is in the database: nothing acknowledged was lost.
    const titles = new Set(await stored());
    const acknowledged = outcomes.flatMap((outcome, index) => (outcome.status === 201 ? [`Storm ${index + 1}`] : []));
    expect(acknowledged.filter((title) => !titles.has(title))).toEqual([]);
  }, 60_000);
});

async function titlesOnPglite(dataDir: string): Promise<string[]> {
  const db = new PGlite({ dataDir });
  try {
    return (await db.query<{ title: string }>('select title from posts')).rows.map((row) => row.title);
  } finally {
    await db.close();
  }
}

async function titlesOnPostgres(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ title: string }>('select title from posts')).rows.map((row) => row.title);
  } finally {
    await client.end();
  }
}
