import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

// The README's examples are the host app that test/package/host-app.e2e-spec.ts builds and runs.
describe('README examples', () => {
  it.each(['src/app.module.ts', 'src/greeting.controller.ts', 'src/main.ts', 'test/blog.e2e-spec.ts'])(
    'shows test/package/host-app/%s exactly',
    (file) => {
      const source = readFileSync(join(ROOT, 'test', 'package', 'host-app', file), 'utf8');
      expect(readme).toContain('```ts\n// ' + file + '\n' + source + '```');
    },
  );

  it('gives the jest transform settings the host app uses', () => {
    const host = JSON.parse(readFileSync(join(ROOT, 'test', 'package', 'host-app', 'package.json'), 'utf8'));
    expect(readme).toContain(JSON.stringify(host.jest.transformIgnorePatterns[0]));
  });
});
