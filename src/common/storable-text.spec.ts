import { hasControlCharacters, hasVisibleCharacter, isStorableText } from './storable-text';

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

describe(hasVisibleCharacter.name, () => {
  it.each([
    ['a letter', 'a', true],
    ['an emoji', '👋🏽', true],
    ['CJK', '漢字', true],
    ['a letter among zero-width spaces', '\u200Bx\u200B', true],
    ['spaces', '   ', false],
    ['zero-width space and joiner', '\u200B\u200D\uFEFF', false],
    ['bidi overrides', '\u202E\u202D\u2066', false],
    ['a combining mark alone', '\u0301', false],
    ['Hangul filler', '\u3164\u3164', false],
    ['braille blank', '\u2800', false],
    ['an ideographic space', '\u3000', false],
  ])('%s → %p', (_name, value, visible) => {
    expect(hasVisibleCharacter(value)).toBe(visible);
  });
});

describe(hasControlCharacters.name, () => {
  it.each([
    ['plain text', 'Ada Lovelace', false],
    ['a line break', 'Ada\n{"level":50}', true],
    ['a tab', 'Ada\tL', true],
    ['an escape', '\u001b[31mAda', true],
    ['a C1 control', 'Ada\u0085', true],
    ['DEL', 'Ada\u007f', true],
  ])('%s → %p', (_name, value, control) => {
    expect(hasControlCharacters(value)).toBe(control);
  });
});
