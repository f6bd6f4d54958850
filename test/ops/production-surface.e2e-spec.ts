import { startBuiltApp, type RunningApp } from '../support/built-app';
import { freePort } from '../support/free-port';

// What the production build shows the public, and where its internal endpoints live.
describe('the production build’s public surface', () => {
  const apps: RunningApp[] = [];
  afterAll(() => {
    for (const app of apps) if (app.child.exitCode === null) app.child.kill('SIGKILL');
  });

  const start = async (env: Record<string, string> = {}) => {
    const app = await startBuiltApp({ DATABASE_URL: 'memory://', ...env });
    apps.push(app);
    return app;
  };

  it('serves no metrics, no docs and no raw Better Auth schema by default', async () => {
    const app = await start();
    for (const path of ['/metrics', '/docs', '/docs-json', '/api/auth/open-api/generate-schema']) {
      expect([path, (await fetch(`${app.baseUrl}${path}`)).status]).toEqual([path, 404]);
    }
    expect((await fetch(`${app.baseUrl}/health/ready`)).status).toBe(200);
  }, 60_000);

  it('serves metrics on METRICS_PORT only, and docs when DOCS_ENABLED=true', async () => {
    const metricsPort = await freePort();
    const app = await start({ METRICS_PORT: String(metricsPort), DOCS_ENABLED: 'true' });
    await fetch(`${app.baseUrl}/api/posts`);
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
    const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^http_requests_total\{method="GET",route="\/api\/posts",status="200"\} 1$/m);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/posts`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/docs-json`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/api/auth/open-api/generate-schema`)).status).toBe(404);
  }, 60_000);

  it('refuses to start with TRUST_PROXY=true, saying why', async () => {
    await expect(start({ TRUST_PROXY: 'true' })).rejects.toThrow(/TRUST_PROXY: true trusts any X-Forwarded-For/);
  }, 60_000);

  it('refuses to start with a guessable secret', async () => {
    await expect(start({ BETTER_AUTH_SECRET: 'x'.repeat(40) })).rejects.toThrow(/BETTER_AUTH_SECRET: too easy to guess/);
  }, 60_000);
});
