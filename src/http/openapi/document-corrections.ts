import type { OpenAPIObject } from '@nestjs/swagger';

type Schemas = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;

// One name per shape, as a person would name them in a client: the generators' names carry
// class names and suffixes (PostDto_Output beside an identical Post_Output). Applied in order.
const SCHEMA_NAMES: [string, string][] = [
  ['PostDto_Output', 'Post'],
  ['Post_Output', 'Post'],
  ['PostAuthor_Output', 'PostAuthor'],
  ['PostChanges_Output', 'PostChanges'],
  ['PostPageDto_Output', 'PostPage'],
  ['PostHistoryEntryDto_Output', 'HistoryEntry'],
  ['MeDto_Output', 'User'],
  ['PublicProfileDto_Output', 'PublicUser'],
  ['CreatePostDto', 'CreatePostBody'],
  ['UpdatePostDto', 'UpdatePostBody'],
  ['ReplacePostDto', 'ReplacePostBody'],
  ['HealthDto_Output', 'Health'],
];

/** Renames the document's schemas (SCHEMA_NAMES) and every reference to them, where the name is free or holds the same shape. */
export function renameSchemas(document: OpenAPIObject): OpenAPIObject {
  let text = JSON.stringify(document);
  for (const [from, to] of SCHEMA_NAMES) {
    const parsed = JSON.parse(text) as OpenAPIObject;
    const schemas = parsed.components!.schemas!;
    if (!(from in schemas)) continue;
    // A host's own schema of that name keeps it; ours keeps the generator's name beside it.
    if (to in schemas && JSON.stringify(schemas[to]) !== JSON.stringify(schemas[from])) continue;
    schemas[to] = schemas[from]!;
    delete schemas[from];
    text = JSON.stringify(parsed).replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  }
  return JSON.parse(text) as OpenAPIObject;
}

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
