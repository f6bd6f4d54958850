import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HOST = join(ROOT, 'test', 'package', 'host-app');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

// The README's examples are the host app that test/package/host-app.e2e-spec.ts builds and runs.
describe('README examples', () => {
  it.each([
    ['ts', 'host-app', 'src/app.module.ts'],
    ['ts', 'host-app', 'src/greeting.controller.ts'],
    ['ts', 'host-app', 'src/main.ts'],
    ['ts', 'fastify-host', 'src/main.ts'],
    ['ts', 'host-app', 'src/setup.ts'],
    ['ts', 'host-app', 'test/blog.e2e-spec.ts'],
    ['js', 'host-app', 'jest.config.js'],
  ])('shows a %s block of test/package/%s/%s exactly', (language, host, file) => {
    const source = readFileSync(join(ROOT, 'test', 'package', host, file), 'utf8');
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
