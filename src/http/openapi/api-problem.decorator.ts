import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE } from '../errors/problem-details';
import { PROBLEM_SCHEMA_REF, VALIDATION_PROBLEM_SCHEMA_REF } from './problem.schema';

const WHEN: Record<number, string> = {
  400: 'Invalid body, query or path parameter',
  401: 'No or invalid session',
  403: 'Signed in, but not the author',
  404: 'No such post, or not visible to the caller',
  409: 'Conflicts with an existing resource, or a concurrent request with the same Idempotency-Key',
  412: 'If-Match does not match the current ETag',
  422: 'Idempotency-Key reused with a different body',
  413: 'Body over the size limit',
  415: 'Body is not JSON',
  429: 'Over the rate limit: retry after the seconds in Retry-After',
  500: 'Unexpected server error: the problem carries the request id to report',
  503: 'Database unavailable or too slow, or too many searches running (then with Retry-After): try again shortly',
};

const FIELD_ERRORS = {
  detail: 'Request body is invalid',
  errors: [{ path: 'title', code: 'too_small', message: 'Title is required' }],
};

/** The response object of a problem of `status`: application/problem+json, its schema (ValidationProblem for a 400, else Problem), an example. */
export function problemResponse(status: number, headers?: Record<string, unknown>) {
  const example = {
    type: 'about:blank',
    title: STATUS_CODES[status],
    status,
    detail: WHEN[status] ?? STATUS_CODES[status],
    instance: '/api/posts',
    requestId: '5f0c7e52-8a4b-4d36-9a0e-3f1f6e2b9c11',
    ...(status === 400 ? FIELD_ERRORS : {}),
  };
  return {
    description: WHEN[status] ?? STATUS_CODES[status]!,
    ...(headers ? { headers } : {}),
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: status === 400 ? VALIDATION_PROBLEM_SCHEMA_REF : PROBLEM_SCHEMA_REF }, example } },
  };
}

/** Documents error responses as application/problem+json with the Problem schema and an example of that status. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) => {
      const { description, content } = problemResponse(status);
      return ApiResponse({ status, description, content });
    }),
  );
}
