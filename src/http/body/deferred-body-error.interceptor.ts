import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { NodeRequest } from '../../common/node-http';
import { deferredBodyError } from './json-body.middleware';

/**
 * Throws the 400 of a body that did not parse (held back by jsonBody), after the guards: a
 * request with no session and a broken body is a 401, as the contract orders the checks.
 */
@Injectable()
export class DeferredBodyErrorInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<NodeRequest | { raw: NodeRequest }>();
    const error = deferredBodyError('raw' in request ? request.raw : request);
    if (error) throw error;
    return next.handle();
  }
}
