import { Inject, Injectable } from '@nestjs/common';
import { DRIZZLE, type Database } from './database.constants';

/**
 * One transaction around a service's rule checks and writes. Repositories take
 * part through their `bind(tx)`; nothing else touches the transaction.
 */
@Injectable()
export class UnitOfWork {
  constructor(@Inject(DRIZZLE) private readonly db: Database) {}

  run<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    // PgTransaction is a PgDatabase without $client; repositories need only the query API.
    return this.db.transaction((tx) => work(tx as unknown as Database));
  }
}
