import { createTestApp, type TestApp } from '../support/test-app';

describe('health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('is live', async () => {
    const response = await t.http().get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('is ready when the database answers', async () => {
    const response = await t.http().get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });
});
