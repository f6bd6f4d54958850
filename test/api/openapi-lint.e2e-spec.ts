import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
// Where .redocly.lint-ignore.yaml expects it: its exceptions are keyed by this path.
const DOCUMENT = join('test', 'artifacts', 'openapi.json');

function redocly(args: string[]): { code: number | null; output: string } {
  // Redocly reports on stderr, whatever the outcome.
  const run = spawnSync('npx', ['redocly', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}\n${run.stderr}` };
}

// The served document, linted by Redocly with redocly.yaml: a generated client starts from it.
describe('the OpenAPI document, linted', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    mkdirSync(join(ROOT, 'test', 'artifacts'), { recursive: true });
    writeFileSync(join(ROOT, DOCUMENT), JSON.stringify((await t.http().get('/docs-json')).body, null, 2));
  });
  afterAll(() => t?.close());

  it('passes redocly lint with no error and no warning', () => {
    const { code, output } = redocly(['lint', DOCUMENT, '--config', 'redocly.yaml', '--format', 'stylish']);
    expect([code, output]).toEqual([0, expect.stringContaining('Your API description is valid')]);
    // Stylish lines are `line:column  severity  rule` (Redocly's own notices about Node.js are not lint).
    expect(output).not.toMatch(/^\s+\d+:\d+\s+warning/m);
  }, 60_000);

  it('fails on what the rules forbid: a 3.0 keyword, an operation without an id', () => {
    const document = JSON.parse(readFileSync(join(ROOT, DOCUMENT), 'utf8'));
    document.components.schemas.Problem.properties.detail.nullable = true;
    delete document.paths['/api/posts'].get.operationId;
    const broken = join('test', 'artifacts', 'openapi-broken.json');
    writeFileSync(join(ROOT, broken), JSON.stringify(document));
    const { code, output } = redocly(['lint', broken, '--config', 'redocly.yaml', '--format', 'stylish']);
    expect(code).not.toBe(0);
    expect(output).toContain('Property `nullable` is not expected here');
    expect(output).toContain('operation-operationId');
  }, 60_000);
});
