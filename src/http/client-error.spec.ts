import { requestLinePath } from './client-error';

describe('requestLinePath', () => {
  it.each([
    ['GET /api/posts?limit=5 HTTP/1.1\r\nHost: x\r\n', '/api/posts'],
    ['POST /api/auth/sign-in/email HTTP/1.0\r\n', '/api/auth/sign-in/email'],
    // An absolute-form target: its path, as requestPath gives the problem filter.
    ['GET http://example.com/api/posts?x HTTP/1.1\r\n', '/api/posts'],
    // Not a request line the parser could have read: no path to name.
    ['HELLO\r\n', '/'],
    ['', '/'],
  ])('%j → %s', (raw, expected) => {
    expect(requestLinePath(Buffer.from(raw, 'latin1'))).toBe(expected);
  });

  it('is / when the parser kept no bytes', () => {
    expect(requestLinePath(undefined)).toBe('/');
  });
});
