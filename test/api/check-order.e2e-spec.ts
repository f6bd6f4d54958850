import type { Test } from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app';

// The contract's order: "authentication (401), then input (400)". A request with no credentials
// is a 401 on every route that needs a session, whatever else is wrong with it.
type Parameter = { name: string; in: string };
type Operation = { security?: Record<string, string[]>[]; parameters?: (Parameter | { $ref: string })[]; requestBody?: unknown };

const ID = '8b5f2f4e-6a8e-4a55-9d37-3c1f1c1c2d3e';

/** Each kind of bad input the operation can be sent, as a change to a request that lacks only credentials. */
function badInputs(path: string, operation: Operation): [string, (request: Test) => Test, string?][] {
  const named = (name: string) => (operation.parameters ?? []).some((parameter) => 'name' in parameter && parameter.name === name);
  const inputs: [string, (request: Test) => Test, string?][] = [
    ['nothing else wrong', (request) => request],
    ['a mangled X-Consistency-Token', (request) => request.set('X-Consistency-Token', 'not/a/token')],
  ];
  if (path.includes('{id}')) inputs.push(['an id that is not a UUID', (request) => request, path.replace('{id}', 'not-a-uuid')]);
  if (named('limit')) inputs.push(['limit=0', (request) => request.query({ limit: 0 })]);
  if (named('cursor')) inputs.push(['a forged cursor', (request) => request.query({ cursor: 'forged' })]);
  if (named('q')) inputs.push(['a q of 10,000 characters', (request) => request.query({ q: 'x'.repeat(10_000) })]);
  if (named('Idempotency-Key')) inputs.push(['a malformed Idempotency-Key', (request) => request.set('Idempotency-Key', 'é'.repeat(300))]);
  if (named('If-Match')) inputs.push(['a malformed If-Match', (request) => request.set('If-Match', 'not an etag')]);
  if (operation.requestBody) {
    const json = (body: string) => (request: Test) => request.set('Content-Type', 'application/json').send(body);
    inputs.push(
      ['malformed JSON', json('{"title": ')],
      ['fields of the wrong type', json('{"title": 5, "content": false, "name": 7}')],
      ['an unknown field', json('{"unknown": true}')],
      ['an empty body', json('')],
    );
  }
  return inputs;
}

describe('a request with no credentials and bad input: 401 first, on every route that needs a session', () => {
  let t: TestApp;
  let cases: [string, string, string, (request: Test) => Test][];

  beforeAll(async () => {
    t = await createTestApp();
    const document = (await t.http().get('/docs-json')).body as { paths: Record<string, Record<string, Operation>> };
    cases = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        // A session is needed where no requirement is empty (`{}` means "or none").
        .filter(
          ([, operation]) => operation.security?.length && !operation.security.some((requirement) => Object.keys(requirement).length === 0),
        )
        .flatMap(([method, operation]) =>
          badInputs(path, operation).map(([what, change, sentPath]): [string, string, string, (request: Test) => Test] => [
            method,
            sentPath ?? path.replace('{id}', ID),
            what,
            change,
          ]),
        ),
    );
  });
  afterAll(() => t.close());

  it('covers every route of the contract that needs a session', () => {
    const routes = new Set(cases.map(([method, path]) => `${method} ${path.replace(ID, '{id}').replace('not-a-uuid', '{id}')}`));
    expect([...routes].sort()).toEqual(
      [
        'delete /api/posts/{id}',
        'get /api/posts/{id}/history',
        'get /api/users/me',
        'get /api/users/me/posts',
        'patch /api/posts/{id}',
        'post /api/auth/update-user',
        'post /api/posts',
        'put /api/posts/{id}',
      ].sort(),
    );
  });

  it("answers 401 first on Better Auth's session routes the document leaves out too", async () => {
    for (const path of ['/api/auth/change-password', '/api/auth/revoke-sessions']) {
      const response = await t.http().post(path).set('Content-Type', 'application/json').send('{"currentPassword": 5');
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 401,
        body: { code: 'UNAUTHORIZED', message: 'Unauthorized' },
      });
    }
  });

  it('answers 401 to each', async () => {
    const answers: string[] = [];
    for (const [method, path, what, change] of cases) {
      const response = await change(t.http()[method as 'get'](path));
      answers.push(`${method.toUpperCase()} ${path} with ${what}: ${response.status}`);
    }
    expect(answers.filter((answer) => !answer.endsWith(': 401'))).toEqual([]);
    expect(answers.length).toBeGreaterThan(30);
  });
});
