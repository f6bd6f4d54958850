import type { Logger } from '@nestjs/common';
import { captureServerError, type ServerErrorContext } from '../../infra/observability/sentry';
import { errorForLog } from '../../infra/observability/redact-query-params';

/**
 * A 5xx, reported once: to Sentry, and to the log (a 500's stack and causes; other 5xx,
 * such as 503, in one line). `url` is the request's URL for the log; `context.route` is
 * the route pattern for Sentry, so ids stay out of issue grouping.
 */
export function logServerError(logger: Logger, exception: unknown, status: number, url: string, context: ServerErrorContext): void {
  captureServerError(exception, context);
  const where = `${context.method} ${url} (request ${context.requestId})`;
  const cause = errorForLog(exception);
  if (status === 500) logger.error(`${where} failed`, cause);
  else logger.warn(`${where} answered ${status}: ${cause.split('\n', 1)[0]}`);
}
