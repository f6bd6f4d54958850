import type { INestApplication } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Express } from 'express';
import helmet from 'helmet';
import { DEFAULT_AUTH_BASE_PATH } from './auth/better-auth.factory';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter';
import { requestId } from './common/http/request-id.middleware';
import { requireJsonBody } from './common/http/require-json-body.middleware';
import { RequestLog } from './logging/request-log.middleware';
import { RateLimiter } from './rate-limit/rate-limiter';
import { setupSwagger } from './swagger';

export interface ConfigureAppOptions {
  /** Where Better Auth is mounted (its own body parsing and error bodies). Default `/api/auth`. */
  authBasePath?: string;
  /** Origins allowed to call with credentials. */
  trustedOrigins?: string[];
  /** Path of Swagger UI (its document at `<path>-json`), or false for none. Default `docs`. */
  swaggerPath?: string | false;
  /** Express's `trust proxy` setting, for the real client address behind a load balancer. */
  trustProxy?: boolean | number | string;
}

/**
 * The global setup every app serving our modules needs: request log lines (when
 * LoggingModule is imported), request ids, security headers (helmet), rate limits (when
 * RateLimitModule is imported, before any body is parsed), JSON-only bodies, problem+json errors, CORS, Swagger. Call it before `app.init()` /
 * `app.listen()` on an app created with `bodyParser: false`.
 */
export async function configureApp(app: INestApplication, options: ConfigureAppOptions = {}): Promise<void> {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  if (options.trustProxy !== undefined) express.set('trust proxy', options.trustProxy);
  // First of all middleware, so it also sees Better Auth's routes and bodies that fail to parse.
  const requestLog = optionalProvider(app, RequestLog);
  if (requestLog) app.use(requestLog.middleware);
  app.use(requestId());
  // No upgrade-insecure-requests: Swagger UI is often served over plain http (localhost).
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  const authBasePath = options.authBasePath ?? DEFAULT_AUTH_BASE_PATH;
  // Limits before bodies: a client over its budget is turned away before its body is parsed.
  const rateLimiter = optionalProvider(app, RateLimiter);
  if (rateLimiter) app.use(rateLimiter.middleware(authBasePath));
  app.use(requireJsonBody(authBasePath));
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (options.trustedOrigins?.length) {
    app.enableCors({ origin: options.trustedOrigins, credentials: true, exposedHeaders: ['ETag', 'Location', 'X-Request-Id'] });
  }
  if (options.swaggerPath !== false) await setupSwagger(app, options.swaggerPath ?? 'docs');
}

function optionalProvider<T>(app: INestApplication, token: abstract new (...args: never[]) => T): T | undefined {
  // Through ModuleRef: a failed app.get() is logged and aborts the process (abortOnError).
  try {
    return app.get(ModuleRef).get(token, { strict: false });
  } catch {
    return undefined; // the module providing it is not imported
  }
}
