import type { ErrorEvent } from '@sentry/nestjs';
import { redactQueryParams } from './redact-query-params';

export interface SentryOptions {
  dsn?: string;
  environment?: string;
  release?: string;
}

const SECRET_HEADER = /^(authorization|cookie|set-cookie|set-auth-token|proxy-authorization|x-api-key)$/i;
type SentrySdk = typeof import('@sentry/nestjs');
// Loaded only when a DSN starts it: the SDK and its OpenTelemetry slow the start-up.
let sentry: SentrySdk | undefined;

/** Starts the SDK when a DSN is given; without one Sentry is not even loaded. */
export function initSentry(options: SentryOptions): boolean {
  if (!options.dsn) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- synchronous on purpose: before express loads
  sentry ??= require('@sentry/nestjs') as SentrySdk;
  sentry.init({
    dsn: options.dsn,
    environment: options.environment,
    release: options.release,
    sendDefaultPii: false,
    // Errors only: no tracing, and no client reports about the spans it would drop.
    sendClientReports: false,
    beforeSend: scrubEvent,
  });
  return true;
}

/** Drops what must never leave the process: credentials, cookies, request bodies and query parameters. */
export function scrubEvent(event: ErrorEvent): ErrorEvent {
  for (const exception of event.exception?.values ?? []) {
    if (exception.value) exception.value = redactQueryParams(exception.value);
  }
  const request = event.request;
  if (request) {
    delete request.cookies;
    delete request.data;
    if (request.headers) {
      request.headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !SECRET_HEADER.test(name)));
    }
  }
  return event;
}

export interface ServerErrorContext {
  requestId: string;
  method: string;
  route: string;
  userId?: string;
}

/** Reports a 5xx with what identifies the request, never its body or credentials. */
export function captureServerError(exception: unknown, context: ServerErrorContext): void {
  if (!sentry) return;
  const sdk = sentry;
  sdk.withScope((scope) => {
    scope.setTag('request_id', context.requestId);
    scope.setTag('route', `${context.method} ${context.route}`);
    if (context.userId) scope.setUser({ id: context.userId });
    sdk.captureException(exception);
  });
}
