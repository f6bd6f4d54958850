import type { z } from 'zod';
import type { problemSchema } from '../openapi/problem.schema';

/** RFC 9457 problem details, as every error outside /api/auth is sent: the documented schema's type. */
export type ProblemDetails = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
