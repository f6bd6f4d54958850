import { isStorableText } from './storable-text';

describe(isStorableText.name, () => {
  it.each([
    ['plain text', 'Hello, world', true],
    ['emoji (a surrogate pair)', 'Hi 👋🏽', true],
    ['a NUL character', 'a\u0000b', false],
    ['a lone high surrogate', 'a\uD800b', false],
    ['a lone low surrogate', '\uDC00', false],
    ['a reversed pair', '\uDC00\uD800', false],
  ])('%s → %p', (_name, value, storable) => {
    expect(isStorableText(value)).toBe(storable);
  });
});
