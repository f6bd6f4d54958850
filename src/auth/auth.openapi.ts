import type { OpenAPIObject } from '@nestjs/swagger';
import type { OpenApiAddition } from '../http/mounted-routes';
import { correctAuthDocument } from './auth-openapi-corrections';
import type { BetterAuthInstance } from './better-auth.factory';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['post']>;
type RequestBodyObject = { content: Record<string, { example?: unknown }> };

// The Better Auth routes the HTTP contract names (the rest stay undocumented), with
// our summaries, examples and security scheme in place of the generated ones.
// `session`: 'none' (public), 'optional' (works with or without one) or 'required'.
const AUTH_ROUTES: Record<
  string,
  { method: 'get' | 'post'; operationId: string; summary: string; session: 'none' | 'optional' | 'required'; example?: object }
> = {
  '/sign-up/email': {
    method: 'post',
    operationId: 'signUpEmail',
    summary: 'Sign up with email and password',
    session: 'none',
    example: { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery staple' },
  },
  '/sign-in/email': {
    method: 'post',
    operationId: 'signInEmail',
    summary: 'Sign in with email and password',
    session: 'none',
    example: { email: 'ada@example.com', password: 'correct horse battery staple' },
  },
  // Both answer without a session too (sign-out succeeds, get-session answers null).
  '/sign-out': { method: 'post', operationId: 'signOut', summary: 'Sign out (ends the session)', session: 'optional', example: {} },
  '/get-session': { method: 'get', operationId: 'getSession', summary: 'The current session and its user', session: 'optional' },
  // Not in the contract, but served, and our profile rules apply to it: documented with them.
  '/update-user': {
    method: 'post',
    operationId: 'updateUser',
    summary: 'Change your name or image',
    session: 'required',
    example: { name: 'Ada King' },
  },
};

// Better Auth's models under names of their own: a host's `User` or `Session` schema keeps its name.
const SCHEMA_NAMES: Record<string, string> = { User: 'AuthUser', Session: 'AuthSession' };

const SECURITY: Record<'none' | 'optional' | 'required', Record<string, string[]>[]> = {
  none: [],
  optional: [{}, { bearer: [] }],
  required: [{ bearer: [] }],
};

/** The contract's Better Auth operations and the schemas they use, from Better Auth's generated document. */
export async function authOpenApi(auth: BetterAuthInstance, basePath: string): Promise<OpenApiAddition> {
  const generated = (await auth.api.generateOpenAPISchema()) as unknown as OpenAPIObject;
  const paths: OpenAPIObject['paths'] = {};
  const referenced = new Set<string>();
  for (const [route, { method, operationId, summary, session, example }] of Object.entries(AUTH_ROUTES)) {
    const operation = generated.paths[route]?.[method] as OperationObject | undefined;
    if (!operation)
      throw new Error(`Better Auth no longer generates ${method.toUpperCase()} ${route}: update AUTH_ROUTES in auth.openapi.ts`);
    operation.operationId = operationId;
    operation.summary = summary;
    operation.tags = ['auth'];
    operation.security = SECURITY[session];
    const json = (operation.requestBody as RequestBodyObject | undefined)?.content['application/json'];
    if (json && example) json.example = example;
    paths[`${basePath}${route}`] = { [method]: operation };
    for (const [, name] of JSON.stringify(operation).matchAll(/#\/components\/schemas\/(\w+)/g)) referenced.add(name!);
  }
  // Only the schemas those operations use: Better Auth's other models stay out of the document.
  const schemas = Object.fromEntries([...referenced].map((name) => [name, generated.components!.schemas![name]!]));
  correctAuthDocument(
    Object.fromEntries(Object.entries(AUTH_ROUTES).map(([route, { method }]) => [route, paths[`${basePath}${route}`]![method]!])),
    schemas as never,
  );
  return {
    ...withOwnNames({ paths, schemas }),
    sessionCookie: (await auth.$context).authCookies.sessionToken.name,
    tags: [{ name: 'auth', description: "Better Auth's routes: its own response and error bodies" }],
  };
}

function withOwnNames(addition: Pick<OpenApiAddition, 'paths' | 'schemas'>): Pick<OpenApiAddition, 'paths' | 'schemas'> {
  let text = JSON.stringify(addition);
  for (const [from, to] of Object.entries(SCHEMA_NAMES))
    text = text.replaceAll(`"#/components/schemas/${from}"`, `"#/components/schemas/${to}"`);
  const { paths, schemas } = JSON.parse(text) as typeof addition;
  return { paths, schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [SCHEMA_NAMES[name] ?? name, schema])) };
}
