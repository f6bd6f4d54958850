import { Injectable } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { ThrottlerException } from '@nestjs/throttler';
import type { NextFunction, Request, Response } from 'express';
import { RateLimitGuard } from './rate-limit.guard';

/**
 * The throttler's guard, run as the first middleware rather than as a guard: a client over
 * its budget is answered before its body is read and parsed (a 1 MiB JSON body costs up to
 * ~0.1 s of CPU to parse), and Better Auth's routes, which no Nest guard sees, count too.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly guard: RateLimitGuard) {}

  /** Answers 429 (Retry-After): problem+json, or Better Auth's error shape under `authBasePath`. */
  middleware(authBasePath: string) {
    return (request: Request, response: Response, next: NextFunction): void => {
      // No route has been matched yet: this class and method stand in for one (they carry no throttler metadata).
      const context = new ExecutionContextHost([request, response, next], RateLimiter, this.middleware);
      this.guard.canActivate(context).then(
        () => next(),
        (error: unknown) => {
          const path = request.path;
          if (error instanceof ThrottlerException && (path === authBasePath || path.startsWith(`${authBasePath}/`))) {
            response.status(429).json({ code: 'TOO_MANY_REQUESTS', message: error.message });
          } else {
            next(error);
          }
        },
      );
    };
  }
}
