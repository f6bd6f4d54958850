import type { OpenAPIObject } from '@nestjs/swagger';

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

/**
 * Where the generators get our schemas wrong, set right in one place. nestjs-zod 5.5 hands
 * Swagger a nullable string as `type: ["string", "null"]`, which Swagger turns into an array of
 * strings: `nextCursor` (a string, or null on the last page) is written here as JSON Schema says it.
 */
export function correctSchemas(schemas: Schemas): void {
  const page = schemas.PostPageDto_Output as { properties?: Record<string, { description?: string }> } | undefined;
  const nextCursor = page?.properties?.nextCursor;
  if (nextCursor) page.properties!.nextCursor = { type: ['string', 'null'], description: nextCursor.description } as never;
}
