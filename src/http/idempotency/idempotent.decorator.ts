import { Inject, Req, Res } from '@nestjs/common';
import { HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import type { ReplyHeaders } from '../../common/node-http';
import { IdempotencyService, type IdempotentRequest } from './idempotency.service';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN } from './idempotency-key';

const SERVICE = Symbol('idempotency');

/**
 * Makes a signed-in write safe to retry with an Idempotency-Key header (IdempotencyService).
 * `operation` names it in the key's fingerprint (e.g. `POST /posts`): keep it stable, stored
 * keys depend on it. The controller's module imports IdempotencyModule. It wraps the handler,
 * taking the request and the response as two more arguments: an interceptor would cost every call
 * (README, "Performance").
 */
export function Idempotent(operation: string): MethodDecorator {
  return (target, key, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    const requestIndex = nextArgumentIndex(target, key);
    Req()(target, key, requestIndex);
    // passthrough: the handler's return value is still the body Nest sends.
    Res({ passthrough: true })(target, key, requestIndex + 1);
    Inject(IdempotencyService)(target, SERVICE);
    // Read on the first call: @HttpCode may be applied after this decorator.
    let status: number | undefined;
    const wrapped = function (this: Record<symbol, IdempotencyService>, ...args: unknown[]) {
      const [request, response] = args.splice(requestIndex, 2) as [IdempotentRequest, ReplyHeaders];
      status ??= (Reflect.getMetadata(HTTP_CODE_METADATA, wrapped) as number | undefined) ?? (request.method === 'POST' ? 201 : 200);
      return this[SERVICE]!.run(operation, status, request, response, () => handler.apply(this, args));
    };
    // The route's metadata (path, method, docs) set by decorators applied before this one.
    for (const name of Reflect.getMetadataKeys(handler)) Reflect.defineMetadata(name, Reflect.getMetadata(name, handler), wrapped);
    Object.defineProperty(wrapped, 'name', { value: handler.name });
    descriptor.value = wrapped;
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source, minLength: 1, maxLength: 257 },
      description:
        'Makes retries safe: the same key and body within 24 h replay the first 201 and create nothing; the same key with another body is 422',
    })(target, key, descriptor);
  };
}

/** One past the highest argument index Nest already fills for this handler. */
function nextArgumentIndex(target: object, key: string | symbol): number {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, target.constructor, key) ?? {}) as Record<string, { index: number }>;
  return Math.max(-1, ...Object.values(args).map((arg) => arg.index)) + 1;
}
