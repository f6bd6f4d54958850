import type { Response } from 'supertest';

/** Asserts an RFC 9457 problem response of `status` for `instance`, as the contract shapes it. */
export function expectProblem(response: Response, status: number, instance?: string): void {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: 'about:blank', status, title: expect.any(String), detail: expect.any(String) });
  expect(response.body.requestId).toBe(response.headers['x-request-id']);
  if (instance !== undefined) expect(response.body.instance).toBe(instance);
}
