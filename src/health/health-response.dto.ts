import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

const indicators = z
  .record(z.string(), z.looseObject({ status: z.enum(['up', 'down']) }))
  .meta({ description: 'By indicator name (`database` on readiness)', example: { database: { status: 'up' } } });

/** What @nestjs/terminus answers when every check passes (a failing one is a 503 problem). */
export const healthSchema = z.object({
  status: z.literal('ok'),
  info: indicators,
  error: indicators,
  details: indicators,
});

export class HealthDto extends createZodDto(healthSchema) {}
