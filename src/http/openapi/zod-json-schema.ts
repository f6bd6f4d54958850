import { z } from 'zod';

/** A zod schema as an OpenAPI 3.1 schema object: JSON Schema 2020-12 without its `$schema` line. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return rest;
}
