import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import type { validationProblemSchema } from '../openapi/problem.schema';

/** RFC 9457 problem details, as every error outside /api/auth is sent: the documented schema's type. */
export type ProblemDetails = z.infer<typeof validationProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The Content-Type header every problem is sent with. */
export const PROBLEM_CONTENT_TYPE_HEADER = `${PROBLEM_CONTENT_TYPE}; charset=utf-8`;

/** A problem of `status` about `instance` (the request's path). */
export function problemDetails(
  status: number,
  detail: string,
  instance: string,
  requestId: string,
  errors?: ProblemDetails['errors'],
): ProblemDetails {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance,
    requestId,
    ...(errors ? { errors } : {}),
  };
}
