import { z } from 'zod';

/** RFC 9457 problem details: the OpenAPI `Problem` schema. */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: 'Request body is invalid' }),
    instance: z.string().meta({ example: '/api/posts' }),
    requestId: z.string().meta({ description: 'Equals the X-Request-Id response header' }),
  })
  .meta({ description: 'RFC 9457 problem details' });

/** A 400's problem: the `ValidationProblem` schema, and the type the filter sends (ProblemDetails). */
export const validationProblemSchema = problemSchema
  .extend({
    errors: z
      .array(
        z.object({
          path: z.string().meta({ example: 'title', description: 'The field inside the body or query, dot-joined' }),
          code: z.string().meta({ example: 'too_small' }),
          message: z.string().meta({ example: 'Title is required' }),
        }),
      )
      .optional()
      .meta({ description: 'One entry per invalid field; absent when the body is not JSON at all or a header is invalid' }),
  })
  .meta({ description: 'RFC 9457 problem details of an invalid request' });

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';
export const VALIDATION_PROBLEM_SCHEMA_REF = '#/components/schemas/ValidationProblem';
