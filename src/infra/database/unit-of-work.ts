import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_CONNECTION, type Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';

/**
 * One transaction around a service's rule checks and writes. Repositories take
 * part through their `bind(tx)`; nothing else touches the transaction.
 */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {}

  run<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.connection.transaction(work);
  }
}
