import { PGlite } from '@electric-sql/pglite';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startBuiltApp, type RunningApp } from '../support/built-app';
import { databaseEnv, isolatedDatabase, type IsolatedDatabase } from '../support/test-database';

const SHUTDOWN_TIMEOUT_MS = 5_000;

/** Sends a request whose body arrives in two halves; the second once `between` has run. */
function slowPost(baseUrl: string, path: string, token: string, body: object, between: () => Promise<void>) {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise<{ status: number; body: { id?: string } }>((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
    });
    req.on('error', reject);
    req.write(payload.subarray(0, 10));
    // Only once the server holds the request (connected, headers sent) does `between` run.
    req.once('socket', (socket) =>
      socket.once('connect', () => {
        setTimeout(() => between().then(() => req.end(payload.subarray(10)), reject), 200);
      }),
    );
  });
}

describe('graceful shutdown of the built app', () => {
  let app: RunningApp;
  let dataDir: string | undefined;
  let database: IsolatedDatabase | undefined;

  // dist/ is built by the e2e global setup.
  beforeAll(async () => {
    database = process.env.DATABASE_URL?.startsWith('postgres') ? await isolatedDatabase() : undefined;
    dataDir = database ? undefined : mkdtempSync(join(tmpdir(), 'posts-shutdown-'));
    app = await startBuiltApp({
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
      ...(database ? { ...databaseEnv(database.options), DATABASE_MIGRATE: 'true' } : { DATA_DIR: dataDir! }),
    });
  }, 120_000);

  afterAll(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGKILL');
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes a write in flight at SIGTERM, refuses new connections, and exits 0', async () => {
    const signUp = await fetch(`${app.baseUrl}/api/auth/sign-up/email`, {
      method: 'POST',
      // In production Better Auth wants the Origin that Node's fetch leaves out.
      headers: { 'content-type': 'application/json', origin: app.baseUrl },
      body: JSON.stringify({ name: 'Shutdown', email: 'shutdown@example.com', password: 'a long enough password' }),
    });
    const { token } = (await signUp.json()) as { token: string };

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
    const started = Date.now();
    expect(await app.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // The write that got its 201 is in the database.
    const titles = database ? await titlesOnPostgres(database.options.url!) : await titlesOnPglite(dataDir!);
    expect(titles).toContain('In flight');
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
