import { createZodDto } from 'nestjs-zod';
import type { z } from 'zod';

type ClassValidator = { Allow: () => PropertyDecorator };

// Optional: present only in hosts that use class-validator, the ones whose pipes strip fields.
function loadClassValidator(): ClassValidator | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('class-validator') as ClassValidator;
  } catch {
    return undefined;
  }
}

/**
 * createZodDto for what a request sends (body, query, path), kept whole by a host's global
 * `ValidationPipe`. Nest runs global pipes before our zod pipe, and class-validator strips
 * (`whitelist`) or refuses (`forbidUnknownValues`) every field it has no decorator for: each
 * field gets class-validator's own `@Allow()`, so it passes them on untouched, and the zod
 * schema stays the one that validates them. Without class-validator there is nothing to do.
 */
export function requestDto<TSchema extends z.ZodObject>(schema: TSchema): ReturnType<typeof createZodDto<TSchema>> {
  const dto = createZodDto(schema);
  const classValidator = loadClassValidator();
  if (classValidator) for (const field of Object.keys(schema.shape)) classValidator.Allow()(dto.prototype, field);
  return dto;
}
