import { createOpenApiDocument } from '../../src/http/openapi/swagger';
import { checkedHttp } from '../support/checked-http';
import { OpenApiContract } from '../support/openapi-contract';
import { createTestApp, type TestApp } from '../support/test-app';

// Every spec's t.http() checks responses against the document; this one shows the check bites.
describe('responses checked against the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('fails the request that awaited a response the document does not describe, after its own expectations', async () => {
    const document = await createOpenApiDocument(t.app);
    delete document.paths['/health/live']!.get!.responses['200'];
    const http = checkedHttp(t.app.getHttpServer(), async () => new OpenApiContract(document));
    await expect(http().get('/health/live').expect(404)).rejects.toThrow('expected 404 "Not Found", got 200 "OK"');
    await expect(http().get('/health/live').expect(200)).rejects.toThrow(
      'GET /health/live answered 200, which the OpenAPI document does not describe:\n  - status 200 is not documented',
    );
  });

  it('passes the same request on the document as served', async () => {
    await t.http().get('/health/live').expect(200);
  });
});
