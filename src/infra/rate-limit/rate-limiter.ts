import { Inject, Injectable } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import type { Next, NodeRequest, NodeResponse } from '../../common/node-http';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT_OPTIONS, type RateLimitOptions } from './rate-limit.options';

/**
 * The throttler's guard, run as middleware rather than as a guard: a client over its budget
 * is answered before its body is read and parsed, and routes no Nest guard sees (Better
 * Auth's) count too. Over budget, it passes a ThrottlerException (429, Retry-After) on.
 */
@Injectable()
export class RateLimiter {
  /** false when RateLimitModule was given `enabled: false`: configureApp then leaves it out. */
  readonly enabled: boolean;

  constructor(
    private readonly guard: RateLimitGuard,
    @Inject(RATE_LIMIT_OPTIONS) options: RateLimitOptions,
  ) {
    this.enabled = options.enabled;
  }

  readonly middleware = (request: NodeRequest, response: NodeResponse, next: Next): void => {
    // No route has been matched yet: this class and method stand in for one (they carry no throttler metadata).
    const context = new ExecutionContextHost([request, response, next], RateLimiter, this.middleware);
    this.guard.canActivate(context).then(() => next(), next);
  };
}
