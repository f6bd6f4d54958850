import { requestPath } from './request-path';

describe('requestPath', () => {
  it.each([
    [{ originalUrl: '/api/posts?limit=5' }, '/api/posts'],
    [{ originalUrl: '/api/posts/' }, '/api/posts/'],
    // Node's own request (what Fastify hands middleware) has no originalUrl.
    [{ url: '/health/ready?x=1' }, '/health/ready'],
    [{ originalUrl: '?only=query' }, '/'],
    [{}, '/'],
    // Absolute-form targets, as a client may send them: the path, as Express's req.path gives it.
    [{ originalUrl: 'http://example.com/api/auth/sign-in?x' }, '/api/auth/sign-in'],
    [{ originalUrl: 'not a url' }, 'not a url'],
  ])('%j → %s', (request, expected) => {
    expect(requestPath(request)).toBe(expected);
  });
});
