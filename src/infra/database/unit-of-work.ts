import { Inject, Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DATABASE_CONNECTION, type Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';
import { readContext } from './replicas/read-context';

/**
 * One transaction around a request's rule checks and writes. Repositories take part through
 * their `bind(tx)`. A `run` inside another joins it: the Idempotency-Key protocol's
 * transaction holds the service's write and the key's record together.
 */
@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<Database>();
  private readonly logger = new Logger('Database');

  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  async run<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const open = this.current.getStore();
    if (open) return work(open);
    readContext.wrote();
    const result = await this.connection.transaction((tx) => this.current.run(tx, () => work(tx)));
    await this.noteWalPosition();
    return result;
  }

  // With replicas, the request answers with the WAL position its write reached (X-Consistency-Token),
  // so that the client's next reads wait for a replica that has it.
  private async noteWalPosition(): Promise<void> {
    const context = readContext.current();
    if (!context || !this.connection.replicas || !this.connection.walPosition) return;
    try {
      context.wrote(await this.connection.walPosition());
    } catch (error) {
      // The write is committed: answer it. Without a token the client's next read may come from a replica that lacks it.
      this.logger.warn(`Could not read the WAL position after a write: ${(error as Error).message}`);
    }
  }
}
