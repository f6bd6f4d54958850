import type { OpenAPIObject } from '@nestjs/swagger';
import { isUnder } from '../mounted-routes';
import { problemResponse } from './api-problem.decorator';

type Response = { headers?: Record<string, unknown> };
type Operation = { responses: Record<string, Response> };

const REQUEST_ID = { $ref: '#/components/headers/RequestId' };
export const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } };

// The body parser answers before any route, whatever the method: malformed JSON, too large, not JSON.
const BODY_PROBLEMS = [400, 413, 415];

/**
 * What every route can answer, written once for all of them: X-Request-Id on every response
 * (the request id middleware sets it, whatever answers), the body parser's problems, and on
 * our routes the problems any request can meet: 429 from the rate limiter, 500, and 503 when
 * the database is unavailable. Health probes are never limited and have their own answers.
 * Routes under `ownShapes` answer errors in a shape of their own (Better Auth's, in
 * auth-openapi-corrections.ts; a host's routes left out of problem+json): none are added there.
 */
export function addCommonResponses(document: OpenAPIObject, ownShapes: string[]): void {
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    RequestId: { description: 'Id of this request, as sent in X-Request-Id or made up; problems carry it too', schema: { type: 'string' } },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    const problems = !ownShapes.some((prefix) => isUnder(path, prefix));
    const health = path.startsWith('/health');
    for (const operation of Object.values(item) as Operation[]) {
      if (typeof operation !== 'object' || !operation || !('responses' in operation)) continue;
      if (problems) for (const status of BODY_PROBLEMS) operation.responses[status] ??= problemResponse(status);
      if (problems && !health) {
        operation.responses['429'] ??= problemResponse(429, { 'Retry-After': RETRY_AFTER });
        operation.responses['500'] ??= problemResponse(500);
        operation.responses['503'] ??= problemResponse(503);
      }
      for (const response of Object.values(operation.responses)) response.headers = { 'X-Request-Id': REQUEST_ID, ...response.headers };
    }
  }
}
