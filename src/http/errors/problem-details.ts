import type { z } from 'zod';
import type { validationProblemSchema } from '../openapi/problem.schema';

/** RFC 9457 problem details, as every error outside /api/auth is sent: the documented schema's type. */
export type ProblemDetails = z.infer<typeof validationProblemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
