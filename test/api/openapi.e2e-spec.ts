import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestApp, type TestApp } from '../support/test-app';

type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: { name: string; in: string }[];
  summary?: string;
};
type Document = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
};

// Every route of the HTTP contract (../shared/API.md), as method + OpenAPI path.
const CONTRACT: [string, string][] = [
  ['post', '/api/auth/sign-up/email'],
  ['post', '/api/auth/sign-in/email'],
  ['post', '/api/auth/sign-out'],
  ['get', '/api/auth/get-session'],
  ['get', '/api/users/me'],
  ['get', '/api/users/{id}'],
  ['get', '/api/users/me/posts'],
  ['post', '/api/posts'],
  ['get', '/api/posts'],
  ['get', '/api/posts/{id}'],
  ['patch', '/api/posts/{id}'],
  ['put', '/api/posts/{id}'],
  ['delete', '/api/posts/{id}'],
  ['get', '/api/posts/{id}/history'],
  ['get', '/health/live'],
  ['get', '/health/ready'],
];
const PROTECTED = CONTRACT.filter(
  ([, path]) => path === '/api/users/me' || path === '/api/users/me/posts' || path === '/api/posts/{id}/history',
).concat([
  ['post', '/api/posts'],
  ['patch', '/api/posts/{id}'],
  ['put', '/api/posts/{id}'],
  ['delete', '/api/posts/{id}'],
]);

describe('OpenAPI document', () => {
  let t: TestApp;
  let document: Document;

  beforeAll(async () => {
    t = await createTestApp();
    const response = await t.http().get('/docs-json');
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it.each(CONTRACT)('documents %s %s with a summary', (method, path) => {
    const operation = document.paths[path]?.[method];
    expect(operation).toBeDefined();
    expect(operation!.summary ?? (operation as { description?: string }).description).toBeTruthy();
  });

  it.each(PROTECTED)('asks for the bearer token on %s %s and documents its 401', (method, path) => {
    const operation = document.paths[path]![method]!;
    expect(operation.security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    expect(operation.responses['401']?.content).toHaveProperty(['application/problem+json']);
  });

  it('names only defined security schemes, so Authorize applies everywhere', () => {
    const used = Object.values(document.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((operation) => operation.security ?? [])
      .flatMap((requirement) => Object.keys(requirement));
    expect(new Set(used)).toEqual(new Set(['bearer']));
  });

  it("documents only the contract's Better Auth operations and the schemas they use", () => {
    expect(Object.keys(document.paths['/api/auth/get-session']!)).toEqual(['get']);
    expect(document.components.schemas).not.toHaveProperty('Account');
    expect(document.components.schemas).not.toHaveProperty('Verification');
  });

  it('offers a bearer scheme for the Authorize button', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('documents error responses as problem+json with the Problem schema', () => {
    const response = document.paths['/api/posts']!.post!.responses['400']!;
    expect(response.content!['application/problem+json']).toMatchObject({
      schema: { $ref: '#/components/schemas/Problem' },
      example: { status: 400, errors: [expect.objectContaining({ path: 'title' })] },
    });
    const notFound = document.paths['/api/posts/{id}']!.get!.responses['404']!;
    expect(notFound.content!['application/problem+json']).toMatchObject({ example: { status: 404, title: 'Not Found' } });
    expect(document.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId']),
    );
  });

  it('documents every 4xx and 5xx outside /api/auth as problem+json, and nothing else', () => {
    const errors = Object.entries(document.paths)
      .filter(([path]) => !path.startsWith('/api/auth/'))
      .flatMap(([path, item]) =>
        Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
      )
      .flatMap(({ route, operation }) =>
        Object.entries(operation.responses)
          .filter(([status]) => /^[45]/.test(status))
          .map(([status, response]) => [`${route} ${status}`, Object.keys(response.content ?? {})]),
      );
    expect(errors.length).toBeGreaterThan(20);
    for (const [where, types] of errors) expect([where, types]).toEqual([where, ['application/problem+json']]);
  });

  it('documents /health/live with no error (it cannot fail) and /health/ready with its 503 problem', () => {
    expect(Object.keys(document.paths['/health/live']!.get!.responses)).toEqual(['200']);
    expect(Object.keys(document.paths['/health/ready']!.get!.responses).sort()).toEqual(['200', '503']);
  });

  it('derives body schemas from the zod DTOs, bounds included', async () => {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as Document;
    const schema = dereferenced.paths['/api/posts']!.post!.requestBody!.content['application/json']!.schema as any;
    expect(schema.required).toEqual(['title', 'content']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.title).toMatchObject({ type: 'string', minLength: 1, maxLength: 255 });
    expect(schema.properties.content).toMatchObject({ type: 'string', minLength: 10, maxLength: 100000 });
    expect(schema.properties.published).toMatchObject({ type: 'boolean', default: false });
  });

  it('documents paging parameters of the list', () => {
    const names = document.paths['/api/posts']!.get!.parameters!.map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['limit', 'cursor', 'page', 'authorId', 'q', 'order', 'withTotal']));
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await t.http().get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });
});
