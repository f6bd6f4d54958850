import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import type { AuthenticatedRequest } from '../../auth/auth.types';
import type { RequestWithId } from '../http/request-id.middleware';
import { requestPath } from '../http/request-path';
import { mapError } from './error-mapping';
import { logServerError } from './server-error-log';
import { PROBLEM_CONTENT_TYPE, type ProblemDetails } from './problem-details';

/** Turns every exception into RFC 9457 problem+json; a 5xx is logged, never explained. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & RequestWithId & AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const mapped = mapError(exception);
    const requestId = request.id ?? String(response.getHeader('X-Request-Id') ?? '');

    if (mapped.status >= 500) {
      const route = (request.route as { path?: string } | undefined)?.path ?? request.path;
      logServerError(this.logger, exception, mapped.status, request.originalUrl, { requestId, method: request.method, route, userId: request.user?.id });
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
