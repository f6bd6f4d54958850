import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';

/**
 * Asserts an RFC 9457 problem response as the contract shapes it: status, title,
 * detail, `instance` (the path without the query), `requestId` equal to the
 * X-Request-Id header, and `errors[]` entries of exactly { path, code, message },
 * one of them at `errorPath` when given.
 */
export function expectProblem(response: Response, status: number, instance?: string, errorPath?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json\b/);
  const requestId = response.headers['x-request-id'];
  expect(requestId).toEqual(expect.stringMatching(/.+/));
  expect(response.body).toMatchObject({ type: 'about:blank', title: STATUS_CODES[status], status, detail: expect.any(String), requestId });
  if (instance !== undefined) expect(response.body.instance).toBe(instance);
  const errors = (response.body.errors ?? []) as unknown[];
  for (const error of errors) expect(error).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
  if (errorPath !== undefined) expect(errors).toContainEqual(expect.objectContaining({ path: errorPath }));
}
