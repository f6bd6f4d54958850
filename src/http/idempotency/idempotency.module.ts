import { Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';
import { IdempotencyKeysPurge } from './idempotency-keys.purge';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** What `@Idempotent()` routes need: the protocol, the table of keys and its purge. Needs DatabaseModule. */
@Module({
  providers: [IdempotencyKeysRepository, IdempotencyService, IdempotencyKeysPurge],
  exports: [IdempotencyKeysRepository, IdempotencyService],
})
export class IdempotencyModule {}
