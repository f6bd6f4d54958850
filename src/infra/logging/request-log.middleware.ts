import type { Level, Logger } from 'pino';
import type { Next, NodeRequest, NodeResponse } from '../../common/node-http';

/**
 * error for 5xx, warn for 4xx, info otherwise. A client that went away before the end of
 * its response is not the service's fault: its line keeps the level of the status.
 */
export function requestLogLevel(statusCode: number): Level {
  if (statusCode >= 500) return 'error';
  return statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One JSON line per request when its response ends: id, method, url, status, latency
 * and user. Lines below the logger's level cost a comparison, nothing more. Not pino-http:
 * it builds child loggers per request before it knows whether the line is kept (README,
 * "Performance").
 */
export class RequestLog {
  constructor(private readonly logger: Logger) {}

  readonly middleware = (request: NodeRequest, response: NodeResponse, next: Next): void => {
    const logger = this.logger;
    const started = Date.now();
    const done = (): void => {
      response.off('finish', done);
      response.off('close', done);
      const completed = response.writableFinished;
      const level = requestLogLevel(response.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id: request.id, method: request.method, url: request.originalUrl, remoteAddress: request.socket?.remoteAddress },
          res: { statusCode: response.statusCode },
          responseTime: Date.now() - started,
          userId: request.user?.id,
        },
        completed ? 'request completed' : 'request aborted',
      );
    };
    // 'finish' when the response was sent, 'close' alone when the client went away first.
    response.on('finish', done);
    response.on('close', done);
    next();
  };
}
