import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Client, type Pool, type PoolClient } from 'pg';
import type { Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';
import type { DatabaseModuleOptions } from './database.options';
import type { BeforeMigrating, MigrationReport } from './migrations';
import { pgDump } from './backup/postgres-backup';
import type { RollbackReport, RollbackTarget } from './migration-rollback';
import { migratePostgres, type MigrationTimeouts, rollbackPostgres } from './postgres-migrate';
import {
  behindTransactionPooler,
  connectTimeoutMs,
  probePool,
  queryTimeoutMs,
  requestPool,
  warnAboutServerTimeout,
} from './postgres-pools';
import { withoutStatementNames } from './prepared-statements';
import { ReplicaSet } from './replicas/replica-set';
import { routeReads } from './replicas/route-reads';
import * as schema from './schema';

const logger = new Logger('Database');

/** A node-postgres pool, a one-connection pool for readiness probes, and write transactions. */
export class PostgresConnection implements DatabaseConnection {
  readonly driver = 'postgres';
  readonly db: Database;
  readonly maxConnections: number;
  readonly replicas?: ReplicaSet;
  private readonly pool: Pool;
  private readonly probe: Pool;
  // The pool's own query(), which reads routed to replicas never replace: for the WAL position.
  private readonly onPrimary: (text: string) => Promise<{ rows: { lsn: string }[] }>;
  // One Drizzle client per pooled connection: building one walks the whole schema.
  private readonly clients = new WeakMap<PoolClient, NodePgDatabase<typeof schema>>();
  private readonly pooled: boolean;
  // Migrations, rollbacks and backups need a session of their own: the server, not the pooler.
  private readonly directUrl: string;
  private closed = false;

  constructor(
    url: string,
    private readonly options: DatabaseModuleOptions,
  ) {
    this.pooled = behindTransactionPooler(options);
    if (this.pooled && !options.directUrl) {
      throw new Error(
        "pooler: 'transaction' needs directUrl (DATABASE_DIRECT_URL), the server itself: migrations hold a session-level advisory lock, which a transaction pooler does not keep",
      );
    }
    this.directUrl = options.directUrl ?? url;
    this.pool = requestPool(url, options);
    this.onPrimary = this.pool.query.bind(this.pool) as typeof this.onPrimary;
    if (options.replicaUrls?.length) this.replicas = new ReplicaSet(options.replicaUrls, options);
    if (this.replicas) routeReads(this.pool, this.replicas);
    this.probe = probePool(url, options);
    this.db = this.named(drizzle({ client: this.pool, schema }) as unknown as Database);
    this.maxConnections = this.pool.options.max;
    if (this.pooled) {
      warnAboutServerTimeout(this.pool, options).catch((error: Error) =>
        logger.warn(`Could not read the server's statement_timeout through the pooler: ${error.message}`),
      );
    }
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    if (this.options.directTransactions === false) return this.drizzleTransaction(work);
    return this.directTransaction(work);
  }

  private drizzleTransaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    if (!this.pooled) return this.db.transaction((tx) => work(tx as unknown as Database));
    return this.db.transaction(async (tx) => {
      await tx.execute(sql.raw(this.setLocalTimeout));
      return work(this.named(tx as unknown as Database));
    });
  }

  // Behind a pooler the pool cannot send statement_timeout; each transaction sets its own.
  private get setLocalTimeout(): string {
    return `set local statement_timeout = ${Math.trunc(queryTimeoutMs(this.options))}`;
  }

  // BEGIN and COMMIT on a checked-out connection: no transaction object built per write, and
  // the connection is given back even when BEGIN fails (Drizzle's transaction() keeps it).
  private async directTransaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // Set when the connection itself failed: it is then destroyed, not pooled. A refused
    // write only rolls back, and its connection, prepared statements and all, is kept.
    let broken: Error | undefined;
    const send = async (command: string) => {
      try {
        await client.query(command);
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      }
    };
    try {
      // One round trip behind a pooler too: both statements in one simple query.
      await send(this.pooled ? `begin; ${this.setLocalTimeout}` : 'begin');
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
    return this.named(db as unknown as Database);
  }

  // Behind a transaction pooler, statements go unnamed: the next transaction may get another server connection.
  private named(db: Database): Database {
    return this.pooled ? withoutStatementNames(db) : db;
  }

  // On a connection of its own, without the requests' timeouts: a migration may run long.
  migrate(table?: string, beforeMigrating?: BeforeMigrating): Promise<MigrationReport> {
    return migratePostgres(this.migrationClient, table, this.migrationTimeouts, beforeMigrating);
  }

  backup(path: string): Promise<void> {
    return pgDump(this.directUrl, path);
  }

  rollback(target: RollbackTarget, table?: string): Promise<RollbackReport> {
    return rollbackPostgres(this.migrationClient, table, target, this.migrationTimeouts);
  }

  private readonly migrationClient = () =>
    new Client({ connectionString: this.directUrl, connectionTimeoutMillis: connectTimeoutMs(this.options) });

  private get migrationTimeouts(): MigrationTimeouts {
    return {
      lockTimeoutMs: this.options.migrationLockTimeoutMs ?? 5_000,
      statementTimeoutMs: this.options.migrationStatementTimeoutMs ?? 600_000,
      retries: this.options.migrationRetries ?? 3,
    };
  }

  async walPosition(): Promise<string> {
    const { rows } = await this.onPrimary('select pg_current_wal_lsn()::text as lsn');
    return rows[0].lsn;
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
    await Promise.all([this.pool.end(), this.probe.end(), this.replicas?.close()]);
  }
}
