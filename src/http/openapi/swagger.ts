import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { findProvider } from '../app-providers';
import { MOUNTED_ROUTES, type MountedRoutes, type OpenApiAddition } from '../mounted-routes';
import { addCommonResponses } from './common-responses';
import { addConsistencyToken } from './consistency-token.openapi';
import { addSessionCookie } from './session-cookie.openapi';
import { correctSchemas, renameSchemas } from './document-corrections';
import { problemSchema, validationProblemSchema } from './problem.schema';
import { openApiSchema } from './zod-json-schema';

/** The document's `info`; each field defaults to this service's own. */
export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
  license?: { name: string; url?: string };
}

/** How the app answers errors, as configureApp was told. */
export interface OpenApiErrors {
  /** configureApp's `problemDetailsExcept`: routes under these answer Nest's own error shape, documented as their controllers say. */
  problemDetailsExcept?: string[];
}

export async function createOpenApiDocument(
  app: INestApplication,
  info: OpenApiInfo = {},
  errors: OpenApiErrors = {},
): Promise<OpenAPIObject> {
  return buildDocument(app, await mountedRoutesDocs(app), info, errors);
}

/** The operations of routes served outside Nest's router (Better Auth's builds its own asynchronously). */
async function mountedRoutesDocs(app: INestApplication): Promise<OpenApiAddition | undefined> {
  return findProvider<MountedRoutes>(app, MOUNTED_ROUTES)?.openApi();
}

function buildDocument(
  app: INestApplication,
  mounted: OpenApiAddition | undefined,
  info: OpenApiInfo,
  errors: OpenApiErrors,
): OpenAPIObject {
  const mountedBasePath = findProvider<MountedRoutes>(app, MOUNTED_ROUTES)?.basePath;
  const authBasePath = mountedBasePath ?? '/api/auth';
  const config = new DocumentBuilder()
    .setTitle(info.title ?? 'Posts API')
    .setDescription(
      info.description ??
        `Posts and users on NestJS + Drizzle. Sign up with POST ${authBasePath}/sign-up/email, paste the \`token\` ` +
          'from its response into "Authorize", then call the protected routes. Errors are RFC 9457 problem+json.',
    )
    .setVersion(info.version ?? '1.0')
    .setOpenAPIVersion('3.1.0')
    // Relative: the document's own host, whatever it is deployed behind.
    .addServer('/')
    .addTag('posts', 'Posts: write, read, list and search, and their audit trail')
    .addTag('users', 'The signed-in user, public profiles and your own posts')
    .addTag('health', 'Liveness and readiness probes')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'session token',
      description: 'The `token` returned by sign-up or sign-in',
    })
    .build();
  // Ours is MIT; a host that names its own document names its own licence, or none.
  const license = info.license ?? (info.title ? undefined : { name: 'MIT', url: 'https://opensource.org/license/mit' });
  if (license) config.info.license = license;
  const document = cleanupOpenApiDoc(SwaggerModule.createDocument(app, config));
  // Public operations say so (`security: []`), rather than leaving readers to guess.
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) if (typeof operation === 'object' && 'responses' in operation) operation.security ??= [];
  }
  document.components ??= {};
  correctSchemas((document.components.schemas ??= {}));
  document.components.schemas = {
    ...document.components.schemas,
    Problem: openApiSchema(problemSchema) as never,
    ValidationProblem: openApiSchema(validationProblemSchema) as never,
    ...mounted?.schemas,
  };
  if (mounted) {
    Object.assign(document.paths, mounted.paths);
    document.tags = [...(document.tags ?? []), ...mounted.tags];
  }
  const ownShapes = [...(mountedBasePath ? [mountedBasePath] : []), ...(errors.problemDetailsExcept ?? [])];
  addCommonResponses(document, ownShapes);
  addConsistencyToken(document, ownShapes);
  if (mounted?.sessionCookie) addSessionCookie(document, mounted.sessionCookie);
  return renameSchemas(document);
}

/**
 * Swagger UI at `path`, the document at `<path>-json`. The document is built on its
 * first request: building it scans every route and DTO, too slow for start-up.
 */
export async function setupSwagger(
  app: INestApplication,
  path = 'docs',
  info: OpenApiInfo = {},
  errors: OpenApiErrors = {},
): Promise<void> {
  const mounted = await mountedRoutesDocs(app);
  SwaggerModule.setup(path, app, () => buildDocument(app, mounted, info, errors), {
    jsonDocumentUrl: `${path}-json`,
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
