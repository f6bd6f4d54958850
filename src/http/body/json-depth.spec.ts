import { exceedsJsonDepth } from './json-depth';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe(exceedsJsonDepth.name, () => {
  it('accepts nesting up to the limit and refuses one level more', () => {
    expect(exceedsJsonDepth(bytes(nested(64)), 64)).toBe(false);
    expect(exceedsJsonDepth(bytes(nested(65)), 64)).toBe(true);
    expect(exceedsJsonDepth(bytes(`{"a":${nested(63)}}`), 64)).toBe(false);
    expect(exceedsJsonDepth(bytes(`{"a":${nested(64)}}`), 64)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: '['.repeat(500) })), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ text: '\\"[[[[' })), 2)).toBe(false);
    expect(exceedsJsonDepth(bytes(JSON.stringify({ 'é"[{': ['ü', { deep: '{{{{' }] })), 3)).toBe(false);
  });

  it('counts siblings as one level, not a sum', () => {
    expect(exceedsJsonDepth(bytes(JSON.stringify(Array.from({ length: 1000 }, () => [[1]]))), 3)).toBe(false);
  });

  it('agrees with JSON.parse on the depth of generated values', () => {
    const depthOf = (value: unknown): number =>
      value !== null && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    const samples = [{}, [], { a: [{ b: '}]"' }, 2] }, [[[], [[{}]]]], 'x', 3, { 'k"': { '\\': [] } }];
    for (const sample of samples) {
      const depth = depthOf(sample);
      expect(exceedsJsonDepth(bytes(JSON.stringify(sample)), depth)).toBe(false);
      if (depth > 0) expect(exceedsJsonDepth(bytes(JSON.stringify(sample)), depth - 1)).toBe(true);
    }
  });
});
