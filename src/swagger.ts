import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AuthService } from '@thallesp/nestjs-better-auth';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { z } from 'zod';
import type { BetterAuthInstance } from './auth/better-auth.factory';
import { problemSchema } from './common/openapi/problem.schema';

// The Better Auth routes the HTTP contract names; the rest of Better Auth stays undocumented.
const AUTH_ROUTES = ['/sign-up/email', '/sign-in/email', '/sign-out', '/get-session'];

export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  const config = new DocumentBuilder()
    .setTitle('Posts API')
    .setDescription(
      'Posts and users on NestJS + Drizzle. Sign up with POST /api/auth/sign-up/email, paste the `token` ' +
        'from its response into "Authorize", then call the protected routes. Errors are RFC 9457 problem+json.',
    )
    .setVersion('1.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The `token` returned by sign-up or sign-in' })
    .build();
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  document.components ??= {};
  const { $schema: _dialect, ...problem } = z.toJSONSchema(problemSchema, { target: 'draft-2020-12' });
  document.components.schemas = { ...document.components.schemas, Problem: problem as never };
  await addAuthRoutes(app, document);
  return document;
}

async function addAuthRoutes(app: INestApplication, document: OpenAPIObject): Promise<void> {
  const auth = app.get(AuthService<BetterAuthInstance>, { strict: false }).instance;
  const generated = (await auth.api.generateOpenAPISchema()) as unknown as OpenAPIObject;
  const basePath = auth.options.basePath ?? '/api/auth';
  for (const route of AUTH_ROUTES) {
    const operations = generated.paths[route];
    if (operations) document.paths[`${basePath}${route}`] = operations;
  }
  document.components!.schemas = { ...generated.components?.schemas, ...document.components!.schemas };
  document.tags = [...(document.tags ?? []), { name: 'Default', description: 'Better Auth (email + password, bearer)' }];
}

export async function setupSwagger(app: INestApplication, path = 'docs'): Promise<OpenAPIObject> {
  const document = await createOpenApiDocument(app);
  SwaggerModule.setup(path, app, document, {
    jsonDocumentUrl: `${path}-json`,
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
  return document;
}
