import { etagFor, ifMatchAllows } from './etag';

describe('etag', () => {
  it('is a strong, quoted tag of the version', () => {
    expect(etagFor(3)).toBe('"3"');
  });

  it.each([
    [undefined, true],
    ['"3"', true],
    ['*', true],
    ['"1", "3"', true],
    ['"2"', false],
    ['W/"3"', false],
    ['3', false],
    ['', false],
  ])('If-Match %p against "3" allows: %p', (ifMatch, allowed) => {
    expect(ifMatchAllows(ifMatch, '"3"')).toBe(allowed);
  });
});
