import type { Database } from './database.constants';
import type { RollbackReport, RollbackTarget } from './migration-rollback';
import type { BeforeMigrating, MigrationReport } from './migrations';
import type { ReplicaSet } from './replicas/replica-set';

export type DatabaseDriver = 'pglite' | 'postgres';

/** An open database: the Drizzle client plus what the app needs around it. */
export interface DatabaseConnection {
  readonly driver: DatabaseDriver;
  readonly db: Database;
  /** Connections requests can use at once: the pool's size (PGlite: one). */
  readonly maxConnections: number;
  /** Applies pending migrations, recording them in `drizzle.<table>`; `beforeMigrating` runs first when some are pending. */
  migrate(table?: string, beforeMigrating?: BeforeMigrating): Promise<MigrationReport>;
  /** Writes a backup of the whole database to `path` (PostgreSQL: `pg_dump -Fc`; PGlite: its gzipped data dir). */
  backup(path: string): Promise<void>;
  /** Undoes applied migrations with their down scripts (db:rollback), newest first. */
  rollback(target: RollbackTarget, table?: string): Promise<RollbackReport>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Pool usage, where there is a pool (PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** The read replicas, when there are (PostgreSQL with `replicaUrls`). */
  readonly replicas?: ReplicaSet;
  /** The primary's WAL position now (`pg_current_wal_lsn()`): what a replica must replay to show every write so far. */
  walPosition?(): Promise<string>;
  /** Runs `work` in one transaction on one connection, which is always given back. */
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
}
