import { z } from 'zod';

/** RFC 9457 problem details: the OpenAPI `Problem` schema, and the type the filter sends (ProblemDetails). */
export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    title: z.string().meta({ example: 'Bad Request' }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: 'Request body is invalid' }),
    instance: z.string().meta({ example: '/api/posts' }),
    requestId: z.string().meta({ description: 'Equals the X-Request-Id response header' }),
    errors: z
      .array(
        z.object({
          path: z.string().meta({ example: 'title' }),
          code: z.string().meta({ example: 'too_small' }),
          message: z.string().meta({ example: 'Title is required' }),
        }),
      )
      .optional()
      .meta({ description: 'Present on validation errors: one entry per invalid field' }),
  })
  .meta({ description: 'RFC 9457 problem details' });

export const PROBLEM_SCHEMA_REF = '#/components/schemas/Problem';
