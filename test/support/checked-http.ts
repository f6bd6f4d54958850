import type { Server } from 'node:http';
import request, { type Response, type Test } from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { OpenApiContract } from './openapi-contract';

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);

/**
 * supertest on `server`, with every response checked against the OpenAPI document once
 * it arrives: a response (or an accepted or refused request body) the document does not
 * describe fails the test that awaited it, after the test's own expectations.
 */
export function checkedHttp(server: Server, contract: () => Promise<OpenApiContract>): () => TestAgent {
  return () =>
    new Proxy(request(server), {
      get(agent, property, receiver) {
        const value = Reflect.get(agent, property, receiver);
        if (typeof property !== 'string' || !METHODS.has(property)) return value;
        return (...args: unknown[]) => checked((value as (...a: unknown[]) => Test).apply(agent, args), contract);
      },
    });
}

function checked(test: Test, contract: () => Promise<OpenApiContract>): Test {
  const then = test.then.bind(test);
  // supertest runs `.expect()`s inside `then`; the check follows them, so a test's own expectation reports first.
  test.then = ((onFulfilled, onRejected) =>
    then(async (response: Response) => {
      assertDocumented(await contract(), test, response);
      return response;
    }).then(onFulfilled, onRejected)) as Test['then'];
  return test;
}

function assertDocumented(contract: OpenApiContract, test: Test, response: Response): void {
  const sent = test as unknown as { _data?: unknown; _header: Record<string, string> };
  const text = response.text ?? (Buffer.isBuffer(response.body) ? response.body.toString() : '');
  const mismatches = contract.mismatches({
    method: test.method,
    url: test.url,
    requestBody: sent._data,
    requestContentType: sent._header['content-type'],
    status: response.status,
    responseHeaders: response.headers,
    responseBody: response.body,
    responseText: text,
  });
  if (mismatches.length === 0) return;
  throw new Error(
    `${test.method} ${test.url.replace(/^[a-z]+:\/\/[^/]+/i, '')} answered ${response.status}, which the OpenAPI document does not describe:\n` +
      mismatches.map((mismatch) => `  - ${mismatch}`).join('\n'),
  );
}
