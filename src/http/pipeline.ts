import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import helmet from 'helmet';
import { DATABASE_CONNECTION } from '../infra/database/database.constants';
import type { DatabaseConnection } from '../infra/database/database.connection';
import { RequestLog } from '../infra/logging/request-log.middleware';
import { ReplicaMetrics } from '../infra/metrics/replica.metrics';
import { HttpMetricsMiddleware } from '../infra/metrics/http-metrics.middleware';
import { RateLimiter } from '../infra/rate-limit/rate-limiter';
import { findProvider } from './app-providers';
import { answerClientErrorsWithProblems } from './client-error';
import { CONSISTENCY_TOKEN_HEADER } from './consistency/consistency-token';
import { readConsistency } from './consistency/read-consistency.middleware';
import { jsonBody, urlencodedParser } from './body/json-body.middleware';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { isUnder, MOUNTED_ROUTES, type MountedRoutes } from './mounted-routes';
import { setupSwagger, type OpenApiInfo } from './openapi/swagger';
import { requestId } from './request-id.middleware';
import { requestPath } from '../common/request-path';
import { platformOf, prepareExpress, prepareFastify } from './platform';

export interface ConfigureAppOptions {
  /** Origins allowed to call with credentials. */
  trustedOrigins?: string[];
  /** Path of Swagger UI (its document at `<path>-json`), or false for none. Default `docs`. */
  swaggerPath?: string | false;
  /** Title, version and description of the OpenAPI document (a host app's own). */
  openApi?: OpenApiInfo;
  /**
   * Express's `trust proxy` setting, for the real client address behind a load balancer. On
   * Fastify it is the adapter's: give it to `createHttpAdapter('fastify', { trustProxy })`.
   */
  trustProxy?: boolean | number | string;
  /** Largest JSON body accepted outside Better Auth's routes. Default `1mb`. */
  bodyLimit?: string | number;
  /** Path prefixes whose errors keep Nest's default shape instead of problem+json (a host app's own routes). */
  problemDetailsExcept?: string[];
  /**
   * Express's automatic weak ETags (and 304s) on every GET body. Default false: posts send
   * their own strong ETags, the document promises no others, and hashing every body costs time.
   * Fastify makes none.
   */
  automaticETags?: boolean;
}

/**
 * The request pipeline, in the order a request meets it. Call it before `app.init()` /
 * `app.listen()` on an app created with `bodyParser: false`. Stages whose module is not
 * imported (LoggingModule, MetricsModule, RateLimitModule, AuthModule) are left out.
 */
export async function configureApp(app: INestApplication, options: ConfigureAppOptions = {}): Promise<void> {
  if (platformOf(app) === 'fastify') prepareFastify(app, options);
  else prepareExpress(app, options);
  // 0. A request Node's parser cannot read never reaches the stages below: it gets a problem too.
  answerClientErrorsWithProblems(app.getHttpServer() as Server);
  const requestLog = findProvider<RequestLog>(app, RequestLog);
  const httpMetrics = findProvider<HttpMetricsMiddleware>(app, HttpMetricsMiddleware);
  const rateLimiter = findProvider<RateLimiter>(app, RateLimiter);
  const authRoutes = findProvider<MountedRoutes>(app, MOUNTED_ROUTES);
  const database = findProvider<DatabaseConnection>(app, DATABASE_CONNECTION);
  const replicaMetrics = findProvider<ReplicaMetrics>(app, ReplicaMetrics);

  // 1. Request id: taken from X-Request-Id when safe, else made; echoed on the response.
  app.use(requestId());
  // 2. Request log and metrics: one line and one sample when the response ends, whatever answered it.
  if (requestLog) app.use(requestLog.middleware);
  if (httpMetrics)
    app.use(
      httpMetrics.middleware((request) =>
        authRoutes && isUnder(requestPath(request), authRoutes.basePath) ? `${authRoutes.basePath}/*` : undefined,
      ),
    );
  // 3. Security headers (no upgrade-insecure-requests: Swagger UI is often served over plain http) and CORS.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  if (options.trustedOrigins?.length) {
    app.enableCors({
      origin: options.trustedOrigins,
      credentials: true,
      // The cors package's default; @fastify/cors's leaves out PUT, PATCH and DELETE.
      methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
      exposedHeaders: ['ETag', 'Location', 'X-Request-Id', CONSISTENCY_TOKEN_HEADER],
    });
  }
  // 4. Limits, before any body is read: a client over its budget costs no parsing.
  if (rateLimiter?.enabled) app.use(rateLimiter.middleware);
  // 5. Body parsing: JSON only, bounded in size and depth, a 400 for one that does not parse only
  // when a route reads it (after its guards); Better Auth reads its own. Nest adds
  // its parsers (100 kB, forms too) at init unless `bodyParser: false`, and only where none by
  // their names is mounted: these carry those names, so an app that forgot gets the same limits.
  app.use(jsonBody({ limit: options.bodyLimit ?? '1mb', skipPath: authRoutes?.basePath }));
  app.use(urlencodedParser);
  // 6. Read replicas: a GET reads from one that has the client's last write (X-Consistency-Token).
  if (database) {
    app.use(
      readConsistency({
        withReplicas: !!database.replicas,
        skip: (path) => path.startsWith('/health') || (!!authRoutes && isUnder(path, authRoutes.basePath)),
        count: replicaMetrics?.count,
      }),
    );
  }
  // 7. Routes: Nest's router, and Better Auth's handler (mounted by AuthModule on init).
  // 8. Every error: RFC 9457 problem+json; on Better Auth's routes, in Better Auth's shape.
  app.useGlobalFilters(new ProblemDetailsFilter({ except: options.problemDetailsExcept, mounted: authRoutes }, app.getHttpAdapter()));

  if (options.swaggerPath !== false) {
    await setupSwagger(app, options.swaggerPath ?? 'docs', options.openApi, { problemDetailsExcept: options.problemDetailsExcept });
  }
}
