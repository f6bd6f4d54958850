import type { OpenAPIObject } from '@nestjs/swagger';
import type { MappedError } from './errors/error-mapping';

/** What mounted routes add to the OpenAPI document. */
export interface OpenApiAddition {
  paths: OpenAPIObject['paths'];
  schemas: NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>;
  tags: NonNullable<OpenAPIObject['tags']>;
  /** The cookie their sign-in sets, taken wherever a bearer session is: documented as a second scheme. */
  sessionCookie?: string;
}

/**
 * Routes a feature serves outside Nest's router (Better Auth's, provided by AuthModule):
 * they read their own bodies and answer errors in their own shape, so the pipeline
 * leaves their bodies alone and answers its own errors (429) in that shape.
 */
export interface MountedRoutes {
  /** Where they are mounted, e.g. `/api/auth`. */
  readonly basePath: string;
  /** The body, in their shape, of an error the pipeline raised before the routes ran (a 429). */
  errorBody(error: MappedError): object;
  /** Their operations, for the OpenAPI document. */
  openApi(): Promise<OpenApiAddition>;
}

export const MOUNTED_ROUTES = Symbol('MOUNTED_ROUTES');

export function isUnder(path: string, basePath: string): boolean {
  return path === basePath || path.startsWith(`${basePath}/`) || path.startsWith(`${basePath}?`);
}
