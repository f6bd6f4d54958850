import { Module } from '@nestjs/common';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** What `@Idempotent()` routes need: the interceptor and the table of keys. Needs DatabaseModule. */
@Module({
  providers: [IdempotencyKeysRepository, IdempotencyInterceptor],
  exports: [IdempotencyKeysRepository, IdempotencyInterceptor],
})
export class IdempotencyModule {}
