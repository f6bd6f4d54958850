import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, listenForClients, type TestApp } from '../../support/test-app';

const ROOT = join(__dirname, '..', '..', '..');
const run = promisify(execFile);

// A TypeScript client generated with @hey-api/openapi-ts from the served document, used by
// test/api/client/usage.ts as a person would: it must compile (strict, no casts) and work.
describe('a client generated from the OpenAPI document', () => {
  let t: TestApp;
  let work: string;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    baseUrl = await listenForClients(t);
    work = mkdtempSync(join(tmpdir(), 'posts-client-'));
    writeFileSync(join(work, 'openapi.json'), JSON.stringify((await t.http().get('/docs-json')).body));
    await run('npx', ['openapi-ts', '-i', join(work, 'openapi.json'), '-o', join(work, 'client')], { cwd: ROOT });
    copyFileSync(join(__dirname, 'usage.ts'), join(work, 'usage.ts'));
    writeFileSync(
      join(work, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          module: 'commonjs',
          moduleResolution: 'node',
          lib: ['es2022', 'dom', 'dom.iterable'],
          types: [],
          outDir: 'js',
        },
        files: ['usage.ts'],
      }),
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('names its operations and types as a person would', () => {
    const stdout = readFileSync(join(work, 'client', 'index.ts'), 'utf8');
    for (const name of [
      'listPosts',
      'getPost',
      'createPost',
      'updatePost',
      'replacePost',
      'deletePost',
      'getPostHistory',
      'getMe',
      'getUser',
      'listMyPosts',
      'signUpEmail',
      'signInEmail',
      'signOut',
      'getSession',
    ]) {
      expect(stdout).toMatch(new RegExp(`\\b${name}\\b`));
    }
    for (const type of ['Post', 'PostPage', 'User', 'PublicUser', 'HistoryEntry', 'Problem', 'ValidationProblem'])
      expect(stdout).toMatch(new RegExp(`\\b${type}\\b`));
    expect(stdout).not.toMatch(/Dto|_Output|Controller/);
  });

  it('compiles the usage script with strict type checks, then runs it against the service', async () => {
    await run(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', work]).catch((error: { stdout?: string }) => {
      throw new Error(`the usage script does not compile against the generated client:\n${error.stdout}`);
    });
    const { stdout } = await run('node', [
      '-e',
      `require(${JSON.stringify(join(work, 'js', 'usage.js'))}).main(process.argv[1]).then((seen) => console.log(JSON.stringify(seen)))`,
      baseUrl,
    ]);
    expect(JSON.parse(stdout)).toEqual([
      'created From a generated client',
      expect.stringMatching(/^paged [1-3]$/),
      'stale 412 Precondition Failed',
      'titles null → From a generated client, From a generated client → Edited',
      'invalid 400 title',
      'anonymous 401',
      'missing 404',
      'retry after no wait',
    ]);
  }, 120_000);
});
