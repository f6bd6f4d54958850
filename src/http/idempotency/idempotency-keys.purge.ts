import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

// Every instance sweeps; SKIP LOCKED keeps two sweeps (or a sweep and a request) from waiting on each other.
const EVERY_MS = 10 * 60_000;
const BATCH = 1000;

/** Deletes expired Idempotency-Key records in the background, so the table holds about a day of keys. */
@Injectable()
export class IdempotencyKeysPurge implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Idempotency');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly keys: IdempotencyKeysRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), EVERY_MS).unref();
  }

  // Before DatabaseModule closes the pool a sweep may be using.
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deletes every expired key, a batch at a time; how many went. A failure is logged, and the next sweep tries again. */
  sweep(): Promise<number> {
    this.running ??= this.purgeAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async purgeAll(): Promise<number> {
    let total = 0;
    try {
      for (let purged = BATCH; purged === BATCH; total += purged) purged = await this.keys.purgeExpired(BATCH);
    } catch (error) {
      this.logger.warn(`Purging expired Idempotency-Key records failed (retried in ${EVERY_MS / 60_000} min): ${String(error)}`);
    }
    return total;
  }
}
