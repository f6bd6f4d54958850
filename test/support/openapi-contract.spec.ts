import type { OpenAPIObject } from '@nestjs/swagger';
import { type Exchange, OpenApiContract } from './openapi-contract';

const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
const document = {
  openapi: '3.1.0',
  info: { title: 'notes', version: '1' },
  paths: {
    '/notes/{id}': {
      put: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', properties: { text: { type: 'string', minLength: 1 } }, required: ['text'] } },
          },
        },
        responses: {
          '200': {
            headers: { ETag: { schema: { type: 'string', pattern: '^"\\d+"$' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } },
          },
          '400': { content: problem },
        },
      },
    },
    '/notes/latest': {
      get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Note' } } } } } },
    },
  },
  components: {
    schemas: {
      Note: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'], additionalProperties: false },
      Problem: { type: 'object', properties: { status: { type: 'integer' }, errors: { type: 'array' } }, required: ['status'] },
    },
  },
} as unknown as OpenAPIObject;

const contract = new OpenApiContract(document);
const put = (overrides: Partial<Exchange>): string[] =>
  contract.mismatches({
    method: 'PUT',
    url: '/notes/7',
    requestBody: { text: 'hello' },
    status: 200,
    responseHeaders: { 'content-type': 'application/json; charset=utf-8', etag: '"1"' },
    responseBody: { text: 'hello' },
    responseText: '{"text":"hello"}',
    ...overrides,
  });
const badRequest = { status: 400, responseHeaders: { 'content-type': 'application/problem+json' }, responseText: '{}' };

describe(OpenApiContract.name, () => {
  it('passes an exchange the document describes', () => {
    expect(put({})).toEqual([]);
  });

  it.each<[string, Partial<Exchange>, string]>([
    ['an undocumented status', { status: 409 }, 'status 409 is not documented'],
    ['a body off its schema', { responseBody: { text: 1 } }, 'response body /text must be string'],
    [
      'an undocumented content type',
      { responseHeaders: { 'content-type': 'text/html', etag: '"1"' } },
      'content type text/html is not documented',
    ],
    [
      'a header off its schema',
      { responseHeaders: { 'content-type': 'application/json', etag: 'W/"x"' } },
      'header ETag /value must match pattern',
    ],
    [
      'a promised header left undocumented',
      { responseHeaders: { 'content-type': 'application/json', etag: '"1"', location: '/x' } },
      'header location is sent but not documented',
    ],
    ['a body taken that the document refuses', { requestBody: { text: '' } }, 'request body accepted, but the document refuses it'],
    [
      'a body refused as invalid that the document accepts',
      { ...badRequest, responseBody: { status: 400, errors: [{ path: 'text' }] } },
      'request body refused as invalid (400), but the document accepts it',
    ],
  ])('reports %s', (_case, overrides, mismatch) => {
    expect(put(overrides).join('\n')).toContain(mismatch);
  });

  it('does not hold a 400 about a parameter against the body', () => {
    expect(put({ ...badRequest, responseBody: { status: 400, errors: [{ path: 'id' }] } })).toEqual([]);
  });

  it('matches a literal path before a template', () => {
    const get = { method: 'GET', url: '/notes/latest', requestBody: undefined, status: 200, responseText: '{"text":"a"}' };
    expect(contract.mismatches({ ...get, responseHeaders: { 'content-type': 'application/json' }, responseBody: { text: 'a' } })).toEqual(
      [],
    );
  });

  it('holds an unknown route to the Problem schema, and its success to nothing', () => {
    const unknown = {
      method: 'GET',
      url: '/nope',
      requestBody: undefined,
      responseHeaders: { 'content-type': 'application/problem+json' },
    };
    expect(contract.mismatches({ ...unknown, status: 404, responseBody: { status: 404 }, responseText: '{}' })).toEqual([]);
    expect(contract.mismatches({ ...unknown, status: 404, responseBody: { title: 'x' }, responseText: '{}' }).join()).toContain('status');
    expect(contract.mismatches({ ...unknown, status: 200, responseBody: {}, responseText: '{}' })).toEqual([
      'no path in the document matches',
    ]);
  });
});
