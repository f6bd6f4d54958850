import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './database.constants';
import type { DatabaseConnection } from './database.connection';
import type { DatabaseModuleOptions } from './database.options';
import { rollbackMigrations, type RollbackReport, type RollbackTarget } from './migration-rollback';
import { type BeforeMigrating, migratePglite, type MigrationReport } from './migrations';
import { type AnyPgDatabase, DEFAULT_MIGRATIONS_TABLE } from './migration-records';
import { dumpPglite } from './backup/pglite-backup';
import * as schema from './schema';

/** The embedded PGlite: one connection, so transactions run one at a time (Drizzle's transaction()). */
export class PgliteConnection implements DatabaseConnection {
  readonly driver = 'pglite';
  readonly maxConnections = 1;

  private constructor(
    private readonly client: PGlite,
    private readonly drizzleDb: PgliteDatabase<typeof schema>,
  ) {}

  get db(): Database {
    return this.drizzleDb as unknown as Database;
  }

  static async open(options: DatabaseModuleOptions): Promise<PgliteConnection> {
    // Loaded on demand, an app on PostgreSQL never pays for the embedded database. require(),
    // not import(): import() would load Drizzle's ESM build beside the CommonJS one in use.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
    const { drizzle } = require('drizzle-orm/pglite') as typeof import('drizzle-orm/pglite');
    /* eslint-enable @typescript-eslint/no-require-imports */
    const inMemory = options.url === 'memory://';
    let dataDir: string | undefined;
    if (!inMemory) {
      dataDir = resolve(options.dataDir ?? './.data');
      mkdirSync(dataDir, { recursive: true });
    }
    const client = new PGlite({ dataDir, loadDataDir: inMemory ? options.pgliteSnapshot : undefined });
    await client.waitReady;
    return new PgliteConnection(client, drizzle({ client, schema }));
  }

  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    return this.drizzleDb.transaction((tx) => work(tx as unknown as Database));
  }

  migrate(table?: string, beforeMigrating?: BeforeMigrating): Promise<MigrationReport> {
    return migratePglite(this.drizzleDb, table, beforeMigrating);
  }

  backup(path: string): Promise<void> {
    return dumpPglite(this.client, path);
  }

  rollback(target: RollbackTarget, table = DEFAULT_MIGRATIONS_TABLE): Promise<RollbackReport> {
    return rollbackMigrations(this.drizzleDb as unknown as AnyPgDatabase, table, target);
  }

  async ping(): Promise<void> {
    await this.drizzleDb.execute(sql`select 1`);
  }

  async close(): Promise<void> {
    if (!this.client.closed) await this.client.close();
  }
}
