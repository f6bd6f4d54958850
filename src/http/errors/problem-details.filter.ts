import { type ArgumentsHost, Catch, type ExceptionFilter, type HttpServer, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { nodeRequest, nodeResponse, routePattern } from '../../common/node-http';
import { requestPath, requestTarget } from '../../common/request-path';
import { isUnder, type MountedRoutes } from '../mounted-routes';
import { JSON_CONTENT_TYPE, sendReply } from '../send-json';
import { mapError } from './error-mapping';
import { logServerError } from './server-error-log';
import { PROBLEM_CONTENT_TYPE_HEADER, problemDetails } from './problem-details';

export interface ProblemDetailsFilterOptions {
  /** Path prefixes left to Nest's own error shape (needs `httpAdapter`). */
  except?: string[];
  /** Routes that answer errors in their own shape (Better Auth's): a 429 there is theirs too. */
  mounted?: MountedRoutes;
}

/**
 * Turns every exception into RFC 9457 problem+json; a 5xx is logged, never explained. Works on
 * Express and Fastify alike: it reads Node's request and answers through the platform's reply.
 */
@Catch()
export class ProblemDetailsFilter extends BaseExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    private readonly options: ProblemDetailsFilterOptions = {},
    httpAdapter?: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = nodeRequest(http.getRequest<object>());
    const reply = http.getResponse<object>();
    const path = requestPath(request);
    if (this.options.except?.some((prefix) => isUnder(path, prefix))) return super.catch(exception, host);
    const response = nodeResponse(reply);
    const mapped = mapError(exception);
    const requestId = request.id ?? String(response.getHeader('X-Request-Id') ?? '');

    if (mapped.status >= 500) {
      logServerError(this.logger, exception, mapped.status, requestTarget(request), {
        requestId,
        method: request.method ?? '',
        route: routePattern(request) ?? path,
        userId: request.user?.id,
      });
    }
    if (response.headersSent) return;

    const mounted = this.options.mounted;
    if (mounted && isUnder(path, mounted.basePath)) {
      return sendReply(reply, mapped.status, mapped.headers, JSON_CONTENT_TYPE, JSON.stringify(mounted.errorBody(mapped)));
    }
    const problem = problemDetails(mapped.status, mapped.detail, path, requestId, mapped.errors);
    sendReply(reply, mapped.status, mapped.headers, PROBLEM_CONTENT_TYPE_HEADER, JSON.stringify(problem));
  }
}
