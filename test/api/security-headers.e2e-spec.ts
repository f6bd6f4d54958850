import { createTestApp, TEST_SECRET, type TestApp } from '../support/test-app';

describe('security headers and CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      auth: { secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000', trustedOrigins: ['http://app.example.com'] },
    });
  });
  afterAll(() => t.close());

  it('sends helmet headers and no x-powered-by', async () => {
    const response = await t.http().get('/api/posts');
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('allows a trusted origin with credentials, exposing ETag and Location', async () => {
    const preflight = await t
      .http()
      .options('/api/posts/1')
      .set('Origin', 'http://app.example.com')
      .set('Access-Control-Request-Method', 'PATCH');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://app.example.com');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-methods']).toContain('PATCH');
    const simple = await t.http().get('/api/posts').set('Origin', 'http://app.example.com');
    expect(simple.headers['access-control-expose-headers']).toContain('ETag');
  });

  it('gives an unknown origin no CORS grant', async () => {
    const response = await t.http().get('/api/posts').set('Origin', 'http://evil.example.com');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
