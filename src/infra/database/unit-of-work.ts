import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DATABASE_CONNECTION, type Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';

/**
 * One transaction around a request's rule checks and writes. Repositories take part through
 * their `bind(tx)`. A `run` inside another joins it: the Idempotency-Key protocol's
 * transaction holds the service's write and the key's record together.
 */
@Injectable()
export class UnitOfWork {
  private readonly current = new AsyncLocalStorage<Database>();

  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  run<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const open = this.current.getStore();
    if (open) return work(open);
    return this.connection.transaction((tx) => this.current.run(tx, () => work(tx)));
  }
}
