import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { nodeResponse } from '../../common/node-http';

/**
 * ThrottlerGuard names its header after the throttler that tripped
 * (`Retry-After-writes`); clients read plain `Retry-After`, so set that too.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    nodeResponse(context.switchToHttp().getResponse<object>()).setHeader('Retry-After', String(detail.timeToBlockExpire));
    return super.throwThrottlingException(context, detail);
  }
}
