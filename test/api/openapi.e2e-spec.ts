import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestApp, type TestApp } from '../support/test-app';

type Operation = {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  parameters?: { name: string; in: string }[];
  summary?: string;
};
type Document = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, any>; securitySchemes: Record<string, any> };
};

// Every route of the HTTP contract (../shared/API.md), as method + OpenAPI path, with the
// operation id a generated client names its method after.
const OPERATIONS: [string, string, string][] = [
  ['post', '/api/auth/sign-up/email', 'signUpEmail'],
  ['post', '/api/auth/sign-in/email', 'signInEmail'],
  ['post', '/api/auth/sign-out', 'signOut'],
  ['get', '/api/auth/get-session', 'getSession'],
  ['post', '/api/auth/update-user', 'updateUser'],
  ['get', '/api/users/me', 'getMe'],
  ['get', '/api/users/{id}', 'getUser'],
  ['get', '/api/users/me/posts', 'listMyPosts'],
  ['post', '/api/posts', 'createPost'],
  ['get', '/api/posts', 'listPosts'],
  ['get', '/api/posts/{id}', 'getPost'],
  ['patch', '/api/posts/{id}', 'updatePost'],
  ['put', '/api/posts/{id}', 'replacePost'],
  ['delete', '/api/posts/{id}', 'deletePost'],
  ['get', '/api/posts/{id}/history', 'getPostHistory'],
  ['get', '/health/live', 'checkLiveness'],
  ['get', '/health/ready', 'checkReadiness'],
];
const CONTRACT = OPERATIONS.map(([method, path]): [string, string] => [method, path]);
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

  it.each(PROTECTED)('asks for the bearer token or the session cookie on %s %s and documents its 401', (method, path) => {
    const operation = document.paths[path]![method]!;
    expect(operation.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    expect(operation.responses['401']?.content).toHaveProperty(['application/problem+json']);
  });

  it('names only defined security schemes, so Authorize applies everywhere', () => {
    const used = Object.values(document.paths)
      .flatMap((item) => Object.values(item))
      .flatMap((operation) => operation.security ?? [])
      .flatMap((requirement) => Object.keys(requirement));
    expect(new Set(used)).toEqual(new Set(['bearer', 'cookie']));
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['bearer', 'cookie']);
  });

  it("documents only the contract's Better Auth operations and the schemas they use", () => {
    expect(Object.keys(document.paths['/api/auth/get-session']!)).toEqual(['get']);
    expect(document.components.schemas).not.toHaveProperty('Account');
    expect(document.components.schemas).not.toHaveProperty('Verification');
  });

  it('offers a bearer scheme for the Authorize button, and the session cookie Better Auth sets', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.cookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'better-auth.session_token' });
  });

  it('documents error responses as problem+json: a 400 as ValidationProblem, with errors[], the rest as Problem', () => {
    const response = document.paths['/api/posts']!.post!.responses['400']!;
    expect(response.content!['application/problem+json']).toMatchObject({
      schema: { $ref: '#/components/schemas/ValidationProblem' },
      example: { status: 400, errors: [expect.objectContaining({ path: 'title' })] },
    });
    const notFound = document.paths['/api/posts/{id}']!.get!.responses['404']!;
    expect(notFound.content!['application/problem+json']).toMatchObject({
      schema: { $ref: '#/components/schemas/Problem' },
      example: { status: 404, title: 'Not Found' },
    });
    const { Problem, ValidationProblem } = document.components.schemas;
    const fields = ['type', 'title', 'status', 'detail', 'instance', 'requestId'];
    expect([Problem.required, ValidationProblem.required]).toEqual([fields, fields]);
    expect([Object.keys(Problem.properties), Object.keys(ValidationProblem.properties)]).toEqual([fields, [...fields, 'errors']]);
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

  it("documents /health/live with the body parser's problems only (it cannot fail otherwise) and /health/ready with its 503", () => {
    expect(Object.keys(document.paths['/health/live']!.get!.responses).sort()).toEqual(['200', '400', '413', '415']);
    expect(Object.keys(document.paths['/health/ready']!.get!.responses).sort()).toEqual(['200', '400', '413', '415', '503']);
  });

  it('derives body schemas from the zod DTOs, bounds included', async () => {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as Document;
    const schema = dereferenced.paths['/api/posts']!.post!.requestBody!.content['application/json']!.schema as any;
    expect(schema.required).toEqual(['title', 'content']);
    expect(schema.additionalProperties).toBe(false);
    // The title is trimmed before its bounds apply: its pattern holds them, not minLength/maxLength.
    const title = new RegExp(schema.properties.title.pattern, 'u');
    expect(['Hello', `  ${'x'.repeat(255)}  `].map((text) => title.test(text))).toEqual([true, true]);
    expect(['', '   ', 'x'.repeat(256), '\u200B', 'a\u0000'].map((text) => title.test(text))).toEqual([false, false, false, false, false]);
    expect(schema.properties.content).toMatchObject({ type: 'string', minLength: 10, maxLength: 100000, pattern: expect.any(String) });
    expect(schema.properties.published).toMatchObject({ type: 'boolean', default: false });
  });

  it('documents paging parameters of the list', () => {
    const names = document.paths['/api/posts']!.get!.parameters!.map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['limit', 'cursor', 'page', 'authorId', 'q', 'order', 'withTotal']));
  });

  it.each(OPERATIONS)('names %s %s %s, as a person would', (method, path, operationId) => {
    expect(document.paths[path]![method]!.operationId).toBe(operationId);
  });

  it.each([
    ['get', '/api/posts/{id}'],
    ['get', '/api/auth/get-session'],
    ['post', '/api/auth/sign-out'],
  ])('lets %s %s be called with or without a session', (method, path) => {
    const security = document.paths[path]![method]!.security!;
    expect(security).toHaveLength(3);
    expect(security).toEqual(expect.arrayContaining([{}, { bearer: [] }, { cookie: [] }]));
  });

  it('names a server, so generated clients have a base URL', () => {
    expect(document.servers).toEqual([{ url: '/' }]);
  });

  it('uses no OpenAPI 3.0 keyword in its 3.1 document', () => {
    expect(JSON.stringify(document)).not.toContain('"nullable"');
  });

  it('documents nextCursor as a string or null', async () => {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as Document;
    for (const path of ['/api/posts', '/api/users/me/posts']) {
      const schema = (dereferenced.paths[path]!.get!.responses['200']!.content!['application/json'] as { schema: any }).schema;
      expect(schema.properties.nextCursor.type).toEqual(['string', 'null']);
    }
  });

  it('documents the rules the service enforces on bodies and headers', async () => {
    const dereferenced = (await SwaggerParser.dereference(structuredClone(document) as never)) as unknown as Document;
    const patch = dereferenced.paths['/api/posts/{id}']!.patch!.requestBody!.content['application/json']!.schema as any;
    expect(patch.minProperties).toBe(1);

    const idempotencyKey = (dereferenced.paths['/api/posts']!.post!.parameters as any[]).find((p) => p.name === 'Idempotency-Key');
    expect(idempotencyKey.schema).toMatchObject({ type: 'string', minLength: 1 });
    expect(new RegExp(idempotencyKey.schema.pattern).test('retry-1')).toBe(true);
    expect(new RegExp(idempotencyKey.schema.pattern).test('caf\u00e9')).toBe(false);

    const signUp = dereferenced.paths['/api/auth/sign-up/email']!.post!.requestBody as any;
    expect(signUp.required).toBe(true);
    expect(signUp.content['application/json'].schema).toMatchObject({
      required: ['name', 'email', 'password'],
      properties: { email: { type: 'string' }, password: { minLength: 10, maxLength: 128 } },
    });
    // Better Auth's own rule (zod's z.email()): JSON Schema's `format: email` takes "0@example", and
    // refuses a local part over 64 characters, which Better Auth takes: the pattern alone says it.
    const emailSchema = signUp.content['application/json'].schema.properties.email;
    expect(emailSchema.format).toBeUndefined();
    const email = new RegExp(emailSchema.pattern);
    expect(['ada@example.com', 'a.b+c@mail.example.org'].map((value) => email.test(value))).toEqual([true, true]);
    expect(['0@example', 'a..b@example.com', '.a@example.com'].map((value) => email.test(value))).toEqual([false, false, false]);
    // Nor anywhere else, answers included: sign-up's 200 and GET /api/users/me echo what was taken.
    expect(JSON.stringify(document)).not.toContain('"format":"email"');
  });

  it("documents Better Auth's optional user and session fields as nullable, as it answers them", () => {
    expect(document.components.schemas.AuthUser.properties.image.type).toEqual(['string', 'null']);
    expect(document.components.schemas.AuthSession.properties.ipAddress.type).toEqual(['string', 'null']);
  });

  it('names each schema once, as a hand-written client would', () => {
    expect(Object.keys(document.components.schemas).sort()).toEqual(
      [
        'AuthSession',
        'AuthUser',
        'CreatePostBody',
        'Health',
        'HistoryEntry',
        'Post',
        'PostAuthor',
        'PostChanges',
        'PostPage',
        'Problem',
        'ValidationProblem',
        'PublicUser',
        'ReplacePostBody',
        'UpdatePostBody',
        'User',
      ].sort(),
    );
  });

  it.each(CONTRACT.filter(([, path]) => path.startsWith('/api/') && !path.startsWith('/api/auth/')))(
    'documents the problems any request to %s %s can meet: 429 with Retry-After, 500, 503',
    (method, path) => {
      const responses = document.paths[path]![method]!.responses as Record<string, { headers?: Record<string, unknown>; content?: object }>;
      expect(responses['429']?.headers).toHaveProperty('Retry-After');
      for (const status of ['429', '500', '503']) expect(responses[status]?.content).toHaveProperty(['application/problem+json']);
    },
  );

  it('documents X-Request-Id on every response of every operation', () => {
    const missing = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries(operation.responses as Record<string, { headers?: Record<string, unknown> }>)
          .filter(([, response]) => !response.headers?.['X-Request-Id'])
          .map(([status]) => `${method} ${path} ${status}`),
      ),
    );
    expect(missing).toEqual([]);
  });

  it('types the headers a client reads: ETag, Location, Idempotent-Replayed', () => {
    const created = document.paths['/api/posts']!.post!.responses['201'] as { headers: Record<string, { schema: any }> };
    expect(created.headers.ETag!.schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(new RegExp(created.headers.ETag!.schema.pattern).test('"12"')).toBe(true);
    expect(created.headers.Location!.schema).toMatchObject({ type: 'string', format: 'uri-reference' });
    expect(created.headers['Idempotent-Replayed']!.schema).toMatchObject({ enum: ['true'] });
  });

  it('documents X-Consistency-Token on every read and every write of ours, and nowhere else', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as any })),
    );
    const ours = ({ path }: { path: string }) => path.startsWith('/api/') && !path.startsWith('/api/auth');
    const takesToken = operations.filter(({ operation }) =>
      (operation.parameters ?? []).some((parameter: any) => parameter.$ref === '#/components/parameters/ConsistencyToken'),
    );
    expect(takesToken.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      operations
        .filter((operation) => ours(operation) && operation.method === 'get')
        .map(({ method, path }) => `${method} ${path}`)
        .sort(),
    );
    const answersToken = operations.filter(({ operation }) =>
      Object.values(operation.responses as Record<string, any>).some((response) => response.headers?.['X-Consistency-Token']),
    );
    expect(answersToken.map(({ method, path }) => `${method} ${path}`).sort()).toEqual(
      ['post /api/posts', 'patch /api/posts/{id}', 'put /api/posts/{id}', 'delete /api/posts/{id}'].sort(),
    );
    const parameter = (document.components as any).parameters.ConsistencyToken;
    expect(parameter).toMatchObject({ name: 'X-Consistency-Token', in: 'header', required: false });
    // Any string: the service takes one that does not parse, and reads from the primary.
    expect(parameter.schema).toEqual({ type: 'string' });
    expect(parameter.description).toContain('one that does not parse is not an error');
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await t.http().get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });
});
