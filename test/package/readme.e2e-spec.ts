import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HOST = join(ROOT, 'test', 'package', 'host-app');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

// The README's examples are the host app that test/package/host-app.e2e-spec.ts builds and runs.
describe('README examples', () => {
  it.each([
    ['ts', 'src/app.module.ts'],
    ['ts', 'src/greeting.controller.ts'],
    ['ts', 'src/main.ts'],
    ['ts', 'src/setup.ts'],
    ['ts', 'test/blog.e2e-spec.ts'],
    ['js', 'jest.config.js'],
  ])('shows a %s block of test/package/host-app/%s exactly', (language, file) => {
    const source = readFileSync(join(HOST, file), 'utf8');
    expect(readme).toContain('```' + language + '\n// ' + file + '\n' + source + '```');
  });

  it('installs every package the host app installs for its tests', () => {
    const host = JSON.parse(readFileSync(join(HOST, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const line = readme.split('\n').find((text) => text.startsWith('npm install --save-dev '));
    const named = line!.split(' ').slice(3);
    // TypeScript itself and Node's types come with any Nest starter.
    const needed = Object.keys(host.devDependencies).filter((name) => !['typescript', '@types/node'].includes(name));
    expect(named.sort()).toEqual(needed.sort());
  });
});
