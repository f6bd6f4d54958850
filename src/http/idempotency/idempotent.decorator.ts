import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { IdempotencyInterceptor, IDEMPOTENT_OPERATION } from './idempotency.interceptor';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';

/**
 * Makes a signed-in write safe to retry with an Idempotency-Key header. `operation` names it
 * in the key's fingerprint (e.g. `POST /posts`): keep it stable, stored keys depend on it.
 * The module of the controller imports IdempotencyModule.
 */
export function Idempotent(operation: string): MethodDecorator {
  return applyDecorators(
    SetMetadata(IDEMPOTENT_OPERATION, operation),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes retries safe: the same key and body within 24 h replay the first 201 and create nothing; the same key with another body is 422',
    }),
  );
}
