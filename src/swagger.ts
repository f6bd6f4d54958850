import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AuthService } from '@thallesp/nestjs-better-auth';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import type { BetterAuthInstance } from './auth/better-auth.factory';
import { problemSchema } from './common/openapi/problem.schema';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['post']>;
type RequestBodyObject = { content: Record<string, { example?: unknown }> };

// The Better Auth routes the HTTP contract names (the rest stay undocumented), with
// our summaries, examples and security scheme in place of the generated ones.
const AUTH_ROUTES: Record<string, { method: 'get' | 'post'; summary: string; signedIn: boolean; example?: object }> = {
  '/sign-up/email': {
    method: 'post',
    summary: 'Sign up with email and password',
    signedIn: false,
    example: { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery staple' },
  },
  '/sign-in/email': {
    method: 'post',
    summary: 'Sign in with email and password',
    signedIn: false,
    example: { email: 'ada@example.com', password: 'correct horse battery staple' },
  },
  '/sign-out': { method: 'post', summary: 'Sign out (ends the session)', signedIn: true, example: {} },
  '/get-session': { method: 'get', summary: 'The current session and its user', signedIn: true },
};

export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  return buildDocument(app, await betterAuthSchema(app));
}

/** Better Auth's generated OpenAPI document (its plugin builds it asynchronously). */
async function betterAuthSchema(app: INestApplication): Promise<OpenAPIObject> {
  const auth = app.get(AuthService<BetterAuthInstance>, { strict: false }).instance;
  return (await auth.api.generateOpenAPISchema()) as unknown as OpenAPIObject;
}

function buildDocument(app: INestApplication, generated: OpenAPIObject): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Posts API')
    .setDescription(
      'Posts and users on NestJS + Drizzle. Sign up with POST /api/auth/sign-up/email, paste the `token` ' +
        'from its response into "Authorize", then call the protected routes. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'session token', description: 'The `token` returned by sign-up or sign-in' })
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  document.components ??= {};
  const { $schema: _dialect, ...problem } = z.toJSONSchema(problemSchema, { target: 'draft-2020-12' });
  document.components.schemas = { ...document.components.schemas, Problem: problem as never };
  addAuthRoutes(app, document, generated);
  return document;
}

function addAuthRoutes(app: INestApplication, document: OpenAPIObject, generated: OpenAPIObject): void {
  const auth = app.get(AuthService<BetterAuthInstance>, { strict: false }).instance;
  const basePath = auth.options.basePath ?? '/api/auth';
  const referenced = new Set<string>();
  for (const [route, { method, summary, signedIn, example }] of Object.entries(AUTH_ROUTES)) {
    const operation = generated.paths[route]?.[method] as OperationObject | undefined;
    if (!operation) throw new Error(`Better Auth no longer generates ${method.toUpperCase()} ${route}: update AUTH_ROUTES in swagger.ts`);
    operation.summary = summary;
    operation.tags = ['auth'];
    operation.security = signedIn ? [{ bearer: [] }] : [];
    const json = (operation.requestBody as RequestBodyObject | undefined)?.content['application/json'];
    if (json && example) json.example = example;
    document.paths[`${basePath}${route}`] = { [method]: operation };
    for (const [, name] of JSON.stringify(operation).matchAll(/#\/components\/schemas\/(\w+)/g)) referenced.add(name!);
  }
  // Only the schemas those operations use: Better Auth's other models stay out of the document.
  for (const name of referenced) document.components!.schemas![name] = generated.components!.schemas![name]!;
  document.tags = [...(document.tags ?? []), { name: 'auth', description: "Better Auth's routes: its own response and error bodies" }];
}

/**
 * Swagger UI at `path`, the document at `<path>-json`. The document is built on its
 * first request: building it (scanning every route and DTO) is ~0.4 s of start-up.
 */
export async function setupSwagger(app: INestApplication, path = 'docs'): Promise<void> {
  const generated = await betterAuthSchema(app);
  SwaggerModule.setup(path, app, () => buildDocument(app, generated), {
    jsonDocumentUrl: `${path}-json`,
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
