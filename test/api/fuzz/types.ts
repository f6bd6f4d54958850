// What the fuzzer plans for one request (path, query, headers, body) and what it then sends.
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
}
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
export interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type Method = (typeof METHODS)[number];

export type IdRole = 'published' | 'draft' | 'othersPublished' | 'othersDraft' | 'deleted' | 'me' | 'otherUser';
export const ID_ROLES: IdRole[] = ['published', 'draft', 'othersPublished', 'othersDraft', 'deleted', 'me', 'otherUser'];
export type PathValue = { seed: IdRole } | { encoded: string } | { raw: string };
export type QueryPair = { key: string; value: string | undefined };
export type AuthChoice = 'none' | 'valid' | 'other' | { garbage: string };
export type IfMatchChoice = 'current' | 'stale' | 'star' | 'weakCurrent' | 'listWithCurrent' | { raw: string };
export type BodyChoice = { text: string; contentType: string };

export interface Plan {
  path: Record<string, PathValue>;
  query: QueryPair[];
  auth: AuthChoice;
  cookie?: string;
  ifMatch?: IfMatchChoice;
  requestId?: string;
  body?: BodyChoice;
}

export interface Concrete {
  method: Method;
  url: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyChoice;
}
