import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, type RunningApp } from '../support/built-app';
import { migrationTags } from '../support/migrations-folder';
import { directPostgresUrl, emptyPostgresDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const HOST_SOURCE = join(__dirname, 'host-app');
// On Fastify (HTTP_PLATFORM, as CI's Fastify passes set it) the host is the same app with the
// package.json and main.ts of fastify-host: no Express installed at all.
const PLATFORM = process.env.HTTP_PLATFORM === 'fastify' ? 'fastify' : 'express';
const FASTIFY_HOST = join(__dirname, 'fastify-host');
const SECRET = 'a-host-secret-of-at-least-32-characters';

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** tsc's error lines for a project that may not compile. */
function typecheckErrors(cwd: string, project: string): string[] {
  try {
    execFileSync('npx', ['tsc', '-p', project], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    return [];
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '')
      .split('\n')
      .filter((line) => line.includes('error TS'));
  }
}

// The packed tarball, installed into a separate Nest app (test/package/host-app) as a user would.
describe(`embedding the packed package in a host app on ${PLATFORM}`, () => {
  let work: string;
  let host: string;
  let app: RunningApp;
  let database: { url: string; drop(): Promise<void> } | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'posts-host-'));
    // dist/ is built by the e2e global setup; pack it as `npm publish` would (CI packs it once for its passes).
    if (!process.env.TEST_PACKED_TARBALL) run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
    const tarball =
      process.env.TEST_PACKED_TARBALL ??
      join(
        work,
        readdirSync(work).find((name) => name.endsWith('.tgz'))!,
      );

    host = join(work, 'host-app');
    cpSync(HOST_SOURCE, host, { recursive: true, filter: (source) => !/node_modules|dist/.test(source.slice(HOST_SOURCE.length)) });
    if (PLATFORM === 'fastify') cpSync(FASTIFY_HOST, host, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(host, 'package.json'), 'utf8'));
    manifest.dependencies['nest-drizzle-posts'] = `file:${tarball}`;
    writeFileSync(join(host, 'package.json'), JSON.stringify(manifest, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], host);
    run('npm', ['run', 'build'], host);
  }, 300_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  // Compiled first, before the app runs: a long pause would leave the HTTP tests a stale keep-alive socket.
  it('compiles with one copy of drizzle-orm, on the lowest peers allowed, in both module resolutions', () => {
    // `npm run build` (above) compiled src/ with nodenext; this adds node10/commonjs, and the tests.
    expect(run('npm', ['run', 'typecheck', '--silent'], host)).toBe('');
    expect(run('npm', ['ls', 'drizzle-orm', '--all', '--parseable'], host).trim().split('\n')).toEqual([
      join(host, 'node_modules', 'drizzle-orm'),
    ]);
    const installed = (name: string) => JSON.parse(readFileSync(join(host, 'node_modules', name, 'package.json'), 'utf8')).version;
    expect([installed('drizzle-orm'), installed('pg')]).toEqual(['0.45.2', '8.16.0']);
    if (PLATFORM === 'express') expect(installed('express')).toBe('5.1.0');
    else {
      expect([installed('@nestjs/platform-fastify'), installed('@fastify/static')]).toEqual(['11.2.8', '10.1.2']);
      expect(existsSync(join(host, 'node_modules', 'express'))).toBe(false);
    }
  });

  it('ships every type its .d.ts files use: none of its files fails with skipLibCheck off', () => {
    // Other libraries' own .d.ts files do fail (drizzle-orm's gel and mysql builders, PGlite's Emscripten types).
    const errors = typecheckErrors(host, 'tsconfig.libcheck.json');
    expect(errors.filter((line) => line.includes('nest-drizzle-posts'))).toEqual([]);
  });

  it("passes the README's jest example, run by the host against the package's testing kit", () => {
    // Throws, with jest's report, if the host's suite fails.
    run('npm', ['test', '--silent'], host, { ...process.env, BLOG_AUTH_SECRET: SECRET });
  }, 120_000);

  describe('running', () => {
    beforeAll(async () => {
      // An empty database: the host migrates it, then our DatabaseModule does. On the server itself:
      // this host configures one database URL, with no pooler in front.
      const server = directPostgresUrl();
      database = server ? await emptyPostgresDatabase(server, 'host') : undefined;
      // The host's release step on PostgreSQL: its own drizzle-kit migrations first, in Drizzle's default table.
      if (database) run('npm', ['run', 'migrate'], host, { ...process.env, BLOG_DATABASE_URL: database.url });
      app = await startProcess(host, ['dist/main.js'], (baseUrl) => ({
        BLOG_AUTH_SECRET: SECRET,
        BLOG_PUBLIC_URL: baseUrl,
        BLOG_DATABASE_URL: database?.url ?? 'memory://',
      }));
    }, 60_000);

    afterAll(async () => {
      app?.child.kill('SIGTERM');
      await app?.exited;
      await database?.drop();
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

    it("applies our migrations in their own table when the host's own ran first", async () => {
      const count = migrationTags().length;
      expect(app.output()).toMatch(new RegExp(`Applied ${count} of ${count} migrations on \\w+ in \\d+ ms`));
    });

    it('signs up and in through the embedded Better Auth, at the base path the host gave it', async () => {
      const signUp = await call(
        '/blog/auth/sign-up/email',
        json({ name: 'Host User', email: 'host@example.com', password: 'a long enough password' }),
      );
      expect(signUp.status).toBe(200);
      const signIn = await call('/blog/auth/sign-in/email', json({ email: 'host@example.com', password: 'a long enough password' }));
      expect(signIn.status).toBe(200);
      expect(((await signIn.json()) as { token: unknown }).token).toEqual(expect.any(String));
    });

    it("serves our posts routes under the host's prefix, and guards the host's route", async () => {
      const signUp = await call(
        '/blog/auth/sign-up/email',
        json({ name: 'Writer', email: 'writer@example.com', password: 'a long enough password' }),
      );
      const { token, user } = (await signUp.json()) as { token: string; user: { id: string } };

      const created = await call(
        '/blog/posts',
        json({ title: 'Embedded', content: 'Written inside the host app', published: true }, token),
      );
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
      expect(await whoami.json()).toEqual({ id: user.id, name: 'Writer', posts: 1 });
    });
  });
});
