import { Logger } from '@nestjs/common';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Client, Pool, type PoolClient } from 'pg';
import type { Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';
import type { DatabaseModuleOptions } from './database.options';
import type { BeforeMigrating, MigrationReport } from './migrations';
import { pgDump } from './backup/postgres-backup';
import type { RollbackReport, RollbackTarget } from './migration-rollback';
import { migratePostgres, type MigrationTimeouts, rollbackPostgres } from './postgres-migrate';
import * as schema from './schema';

export const DEFAULT_QUERY_TIMEOUT_MS = 2_000;
/** Readiness probes give up quickly: a slow database is as good as a missing one. */
export const PING_TIMEOUT_MS = 1_000;

const logger = new Logger('Database');

/** A node-postgres pool, a one-connection pool for readiness probes, and write transactions. */
export class PostgresConnection implements DatabaseConnection {
  readonly driver = 'postgres';
  readonly db: Database;
  readonly maxConnections: number;
  private readonly pool: Pool;
  // The readiness probe's own connection: a pool busy with requests is not a dead database.
  private readonly probe: Pool;
  // One Drizzle client per pooled connection: building one walks the whole schema.
  private readonly clients = new WeakMap<PoolClient, NodePgDatabase<typeof schema>>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly options: DatabaseModuleOptions,
  ) {
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
    this.pool = watched(
      new Pool({
        connectionString: url,
        max: options.poolSize ?? 10,
        // Fail fast while the database is unreachable instead of letting requests hang.
        connectionTimeoutMillis: this.connectTimeoutMs,
        // The server cancels a statement that runs too long; the client waits a little longer, for that answer.
        statement_timeout: queryTimeoutMs,
        query_timeout: queryTimeoutMs + 1_000,
        idleTimeoutMillis: 30_000,
      }),
    );
    this.probe = watched(
      new Pool({
        connectionString: url,
        max: 1,
        connectionTimeoutMillis: PING_TIMEOUT_MS,
        statement_timeout: PING_TIMEOUT_MS,
        query_timeout: PING_TIMEOUT_MS,
      }),
    );
    this.db = drizzle({ client: this.pool, schema }) as unknown as Database;
    this.maxConnections = this.pool.options.max;
  }

  private get connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? 5_000;
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    if (this.options.directTransactions === false) return this.db.transaction((tx) => work(tx as unknown as Database));
    return this.directTransaction(work);
  }

  // BEGIN and COMMIT on a checked-out connection: no transaction object built per write, and
  // the connection is given back even when BEGIN fails (Drizzle's transaction() keeps it).
  private async directTransaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // Set when the connection itself failed: it is then destroyed, not pooled. A refused
    // write only rolls back, and its connection, prepared statements and all, is kept.
    let broken: Error | undefined;
    const send = async (command: 'begin' | 'commit' | 'rollback') => {
      try {
        await client.query(command);
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      }
    };
    try {
      await send('begin');
      let result: T;
      try {
        result = await work(this.drizzleOn(client));
      } catch (error) {
        // The write's own error is the one to report; a failed ROLLBACK only marks the connection.
        await send('rollback').catch(() => undefined);
        throw error;
      }
      await send('commit');
      return result;
    } finally {
      client.release(broken);
    }
  }

  private drizzleOn(client: PoolClient): Database {
    let db = this.clients.get(client);
    if (!db) this.clients.set(client, (db = drizzle({ client, schema })));
    return db as unknown as Database;
  }

  // On a connection of its own, without the requests' timeouts: a migration may run long.
  migrate(table?: string, beforeMigrating?: BeforeMigrating): Promise<MigrationReport> {
    return migratePostgres(this.migrationClient, table, this.migrationTimeouts, beforeMigrating);
  }

  backup(path: string): Promise<void> {
    return pgDump(this.url, path);
  }

  rollback(target: RollbackTarget, table?: string): Promise<RollbackReport> {
    return rollbackPostgres(this.migrationClient, table, target, this.migrationTimeouts);
  }

  private readonly migrationClient = () => new Client({ connectionString: this.url, connectionTimeoutMillis: this.connectTimeoutMs });

  private get migrationTimeouts(): MigrationTimeouts {
    return {
      lockTimeoutMs: this.options.migrationLockTimeoutMs ?? 5_000,
      statementTimeoutMs: this.options.migrationStatementTimeoutMs ?? 600_000,
      retries: this.options.migrationRetries ?? 3,
    };
  }

  async ping(): Promise<void> {
    await this.probe.query('select 1');
  }

  poolStats() {
    return { total: this.pool.totalCount, idle: this.pool.idleCount, waiting: this.pool.waitingCount };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.pool.end(), this.probe.end()]);
  }
}

// A connection that drops emits 'error': on the pool while idle, on the client while
// checked out (pg-pool removes its listener then). Unhandled, either kills the process.
function watched(pool: Pool): Pool {
  pool.on('error', (error) => logger.warn(`Idle PostgreSQL connection failed: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn(`PostgreSQL connection failed: ${error.message}`)));
  return pool;
}
