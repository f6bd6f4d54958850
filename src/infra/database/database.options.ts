export interface DatabaseModuleOptions {
  /**
   * Chooses the driver: unset → embedded PGlite persisted in `dataDir`;
   * `memory://` → in-memory PGlite; `postgres://…` → node-postgres pool.
   */
  url?: string;
  /** Folder of the embedded database when `url` is unset. Default `./.data`. */
  dataDir?: string;
  /**
   * PostgreSQL: `transaction` when `url` is a pooler in transaction mode (PgBouncer's
   * `pool_mode = transaction`): no named prepared statements and no session state; the
   * statement timeout is set per transaction (`SET LOCAL`), and reads outside one rely on the
   * server's own `statement_timeout`. Needs `directUrl`. Default `none`.
   */
  pooler?: 'none' | 'transaction';
  /**
   * PostgreSQL: the server itself, not a pooler, for what needs a session of its own:
   * migrations (an advisory lock), rollbacks, backups. Default `url`.
   */
  directUrl?: string;
  /**
   * PostgreSQL: streaming replicas of `url`'s server. The plain reads of GET requests go to one
   * that has replayed the client's last write (see `X-Consistency-Token`), else to the primary;
   * writes, transactions and Better Auth always go to the primary. Each gets a pool of `poolSize`.
   */
  replicaUrls?: string[];
  /** A replica further behind than this is left out until it catches up. Default 1000. */
  replicaMaxLagMs?: number;
  /** Pool size on PostgreSQL. Default 10. */
  poolSize?: number;
  /** PostgreSQL: give up connecting after this long (then 503). Default 5000. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: the server cancels a request's statement after this long (then 503), so no
   * request holds a pooled connection for long. Migrations run without it. Default 2000.
   */
  queryTimeoutMs?: number;
  /** Apply the migrations in `migrations/` while starting. Default true. */
  migrate?: boolean;
  /**
   * Table (in schema `drizzle`) recording which of our migrations ran. Default
   * `__posts_api_migrations`: Drizzle's default table is left to the host's own migrations.
   */
  migrationsTable?: string;
  /**
   * PostgreSQL: a migration waits at most this long for a table lock (so it never queues the
   * traffic behind it for long), then gives up and is retried. Default 5000.
   */
  migrationLockTimeoutMs?: number;
  /** PostgreSQL: a migration statement running longer than this is cancelled. Default 600000 (10 min). */
  migrationStatementTimeoutMs?: number;
  /**
   * Before pending migrations run on a database holding rows, write a backup to this folder
   * (PostgreSQL: `pg_dump -Fc`, which must be installed and not older than the server; PGlite:
   * its data dir). Unset (the default): no backup.
   */
  backupDir?: string;
  /** PostgreSQL: tries after the first when a migration timed out waiting for a lock. Default 3. */
  migrationRetries?: number;
  /**
   * PostgreSQL: run write transactions with BEGIN/COMMIT on a checked-out connection (the
   * default, faster, and it never leaks a connection whose BEGIN failed) or, when false,
   * through Drizzle's own `transaction()`.
   */
  directTransactions?: boolean;
  /** In-memory PGlite only: start from this dumped data dir (tests use a migrated one). */
  pgliteSnapshot?: Blob;
}
