import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** What `@Idempotent()` routes need: the protocol and the table of keys. Needs DatabaseModule. */
@Module({
  providers: [IdempotencyKeysRepository, IdempotencyService],
  exports: [IdempotencyKeysRepository, IdempotencyService],
})
export class IdempotencyModule {}
