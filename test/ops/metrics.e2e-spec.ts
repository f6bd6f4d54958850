import { createTestApp, type TestApp } from '../support/test-app';
import { postgresUrl } from '../support/test-database';

function sample(metrics: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = metrics
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('Prometheus metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const response = await t.http().get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.text;
  };

  it('counts requests by route pattern and status', async () => {
    const before = sample(await scrape(), 'http_requests_total', { method: 'GET', route: '/api/posts/:id', status: '404' }) ?? 0;
    await t.http().get('/api/posts/00000000-0000-4000-8000-000000000000');
    await t.http().get('/api/posts/00000000-0000-4000-8000-000000000001');
    const metrics = await scrape();
    expect(sample(metrics, 'http_requests_total', { method: 'GET', route: '/api/posts/:id', status: '404' })).toBe(before + 2);
    expect(metrics).not.toContain('00000000-0000-4000-8000-000000000000');
  });

  it('times requests in a histogram', async () => {
    await t.http().get('/api/posts');
    const count = sample(await scrape(), 'http_request_duration_seconds_count', { method: 'GET', route: '/api/posts', status: '200' });
    expect(count).toBeGreaterThanOrEqual(1);
  });

  it('groups unknown routes under one label', async () => {
    await t.http().get('/no/such/route/123');
    expect(sample(await scrape(), 'http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
  });

  it("counts Better Auth's routes under one label, and requests refused before any route", async () => {
    const count = (metrics: string, labels: Record<string, string>) => sample(metrics, 'http_requests_total', labels) ?? 0;
    const auth = { method: 'POST', route: '/api/auth/*', status: '401' };
    const unsupported = { method: 'POST', route: 'unmatched', status: '415' };
    const before = await scrape();
    await t.http().post('/api/auth/sign-in/email').send({ email: 'nobody@example.com', password: 'not the password' });
    await t.http().post('/api/posts').set('Content-Type', 'text/plain').send('not json');
    const after = await scrape();
    expect(count(after, auth)).toBe(count(before, auth) + 1);
    expect(count(after, unsupported)).toBe(count(before, unsupported) + 1);
  });

  it('exports process metrics', async () => {
    expect(await scrape()).toContain('process_resident_memory_bytes');
  });

  it('reports pool usage on PostgreSQL', async () => {
    const metrics = await scrape();
    if (postgresUrl()) expect(sample(metrics, 'db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
    else expect(sample(metrics, 'db_pool_connections', { state: 'total' })).toBeUndefined();
  });

  it('is not part of the API document', async () => {
    const document = (await t.http().get('/docs-json')).body as { paths: Record<string, unknown> };
    expect(document.paths['/metrics']).toBeUndefined();
  });
});
