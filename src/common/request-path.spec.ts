import { requestPath, requestTarget } from './request-path';

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

describe('requestTarget', () => {
  it.each([
    // Express's originalUrl survives a mount point's rewrite of url; the query string stays.
    [{ originalUrl: '/api/auth/get-session?x=1', url: '/get-session?x=1' }, '/api/auth/get-session?x=1'],
    [{ url: '/health/ready?x=1' }, '/health/ready?x=1'],
    [{}, '/'],
  ])('%j → %s', (request, expected) => {
    expect(requestTarget(request)).toBe(expected);
  });
});
