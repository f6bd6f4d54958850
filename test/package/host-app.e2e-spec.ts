import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningApp } from '../support/built-app';
import { isolatedDatabase, postgresUrl, type IsolatedDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const HOST_SOURCE = join(__dirname, 'host-app');
const SECRET = 'a-host-secret-of-at-least-32-characters';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

// The packed tarball, installed into a separate Nest app (test/package/host-app) as a user would.
describe('embedding the packed package in a host app', () => {
  let work: string;
  let host: string;
  let app: RunningApp;
  let database: IsolatedDatabase | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'posts-host-'));
    // dist/ is built by the e2e global setup; pack it as `npm publish` would.
    run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    const tarball = join(
      work,
      readdirSync(work).find((name) => name.endsWith('.tgz'))!,
    );

    host = join(work, 'host-app');
    cpSync(HOST_SOURCE, host, { recursive: true, filter: (source) => !/node_modules|dist/.test(source.slice(HOST_SOURCE.length)) });
    const manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'));
    manifest.dependencies['nest-drizzle-posts'] = `file:${tarball}`;
    writeFileSync(join(host, 'package.json'), JSON.stringify(manifest, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], host);
    run('npm', ['run', 'build'], host);

    database = postgresUrl() ? await isolatedDatabase() : undefined;
    app = await startProcess(host, ['dist/main.js'], (baseUrl) => ({
      BLOG_AUTH_SECRET: SECRET,
      BLOG_PUBLIC_URL: baseUrl,
      BLOG_DATABASE_URL: database?.options.url ?? 'memory://',
    }));
  }, 300_000);

  afterAll(async () => {
    app?.child.kill('SIGTERM');
    await app?.exited;
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit = {}) => fetch(`${app.baseUrl}${path}`, init);
  // Node's fetch sends Sec-Fetch-Mode but no Origin; Better Auth's CSRF check wants the Origin.
  const json = (body: object, token?: string): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: app.baseUrl, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  it("serves the host's own route", async () => {
    const response = await call('/hello');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  it('signs up and in through the embedded Better Auth, on migrated tables', async () => {
    const signUp = await call(
      '/api/auth/sign-up/email',
      json({ name: 'Host User', email: 'host@example.com', password: 'a long enough password' }),
    );
    expect(signUp.status).toBe(200);
    const signIn = await call('/api/auth/sign-in/email', json({ email: 'host@example.com', password: 'a long enough password' }));
    expect(signIn.status).toBe(200);
    expect(((await signIn.json()) as { token: unknown }).token).toEqual(expect.any(String));
  });

  it("serves our posts routes under the host's prefix, and guards the host's route", async () => {
    const signUp = await call(
      '/api/auth/sign-up/email',
      json({ name: 'Writer', email: 'writer@example.com', password: 'a long enough password' }),
    );
    const { token, user } = (await signUp.json()) as { token: string; user: { id: string } };

    const created = await call('/blog/posts', json({ title: 'Embedded', content: 'Written inside the host app', published: true }, token));
    expect(created.status).toBe(201);
    const post = (await created.json()) as { id: string };
    expect(created.headers.get('location')).toBe(`/blog/posts/${post.id}`);
    const feed = (await (await call('/blog/posts')).json()) as { data: { id: string }[] };
    expect(feed.data.map((item) => item.id)).toContain(post.id);
    expect((await call('/api/posts')).status).toBe(404);

    const anonymous = await call('/whoami');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const whoami = await call('/whoami', { headers: { authorization: `Bearer ${token}` } });
    expect(await whoami.json()).toEqual({ id: user.id, name: 'Writer' });
  });

  it("passes the README's jest example, run by the host against the package's testing kit", () => {
    const output = run('npm', ['test', '--silent'], host, { ...process.env, BLOG_AUTH_SECRET: SECRET });
    expect(output).toBeDefined();
  }, 120_000);
});
