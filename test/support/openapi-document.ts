import type { OpenAPIObject } from '@nestjs/swagger';

export interface Route {
  /** As the document writes it: `/api/posts/{id}`. */
  template: string;
  pattern: RegExp;
  /** JSON pointer of its path item, for error messages and validators. */
  pointer: string;
  item: Record<string, unknown>;
}

/** The document's paths as matchers, literal ones first, so `/api/users/me` wins over `/api/users/{id}`. */
export function documentRoutes(document: OpenAPIObject): Route[] {
  return Object.entries(document.paths)
    .map(([template, item]) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
      pointer: `#/paths/${escape(template)}`,
      item: item as Record<string, unknown>,
    }))
    .sort((a, b) => parameterCount(a.template) - parameterCount(b.template));
}

function parameterCount(template: string): number {
  return template.split('{').length - 1;
}

/** Follows a `$ref` into the document (responses, headers, parameters and request bodies may be references). */
export function deref(document: OpenAPIObject, object: Record<string, any>): Record<string, any> {
  if (typeof object?.$ref !== 'string') return object;
  const target = (object.$ref as string)
    .replace(/^#\//, '')
    .split('/')
    .reduce<Record<string, any>>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  return deref(document, target);
}

/** `segment` as one JSON pointer segment. */
export function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
