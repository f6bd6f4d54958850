import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpServer, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { RequestContext } from '../../common/request-context';
import { isUnder } from '../mounted-routes';
import { requestPath } from '../../common/request-path';
import { mapError } from './error-mapping';
import { logServerError } from './server-error-log';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Turns every exception into RFC 9457 problem+json; a 5xx is logged, never explained. */
@Catch()
export class ProblemDetailsFilter extends BaseExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** `except`: path prefixes left to Nest's own error shape (needs `httpAdapter`). */
  constructor(
    private readonly options: { except?: string[] } = {},
    httpAdapter?: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & RequestContext>();
    if (this.options.except?.some((path) => isUnder(requestPath(request), path))) return super.catch(exception, host);
    const response = http.getResponse<Response>();
    const mapped = mapError(exception);
    const requestId = request.id ?? String(response.getHeader('X-Request-Id') ?? '');

    if (mapped.status >= 500) {
      const route = (request.route as { path?: string } | undefined)?.path ?? requestPath(request);
      logServerError(this.logger, exception, mapped.status, request.originalUrl, {
        requestId,
        method: request.method,
        route,
        userId: request.user?.id,
      });
    }
    if (response.headersSent) return;

    const problem: ProblemDetails = {
      type: 'about:blank',
      title: STATUS_CODES[mapped.status] ?? 'Error',
      status: mapped.status,
      detail: mapped.detail,
      instance: requestPath(request),
      requestId,
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    for (const [name, value] of Object.entries(mapped.headers ?? {})) response.setHeader(name, value);
    // end(), not send(): an error needs no ETag.
    const body = JSON.stringify(problem);
    response.status(mapped.status).type(PROBLEM_CONTENT_TYPE).setHeader('Content-Length', Buffer.byteLength(body));
    response.end(body);
  }
}
