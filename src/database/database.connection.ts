import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './database.constants';
import type { DatabaseModuleOptions } from './database.options';
import { migratePglite, migratePostgres } from './migrations';
import * as schema from './schema';

export type DatabaseDriver = 'pglite' | 'postgres';

/** An open database: the Drizzle client plus what the app needs around it. */
export interface DatabaseConnection {
  readonly driver: DatabaseDriver;
  readonly db: Database;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Pool usage, where there is a pool (PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number };
}

const logger = new Logger('Database');

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: DatabaseModuleOptions): Promise<DatabaseConnection> {
  const connection = isPostgresUrl(options.url) ? openPostgres(options.url, options) : await openPglite(options);
  if (options.migrate ?? true) {
    const started = Date.now();
    try {
      await connection.migrate();
    } catch (error) {
      await connection.close();
      throw error;
    }
    logger.log(`Migrations applied on ${connection.driver} in ${Date.now() - started} ms`);
  }
  return connection;
}

function openPostgres(url: string, options: DatabaseModuleOptions): DatabaseConnection {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    // Fail fast while the database is unreachable instead of letting requests hang.
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    query_timeout: options.queryTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, it kills the process.
  pool.on('error', (error) => logger.warn(`Idle PostgreSQL connection failed: ${error.message}`));
  let closed = false;
  return {
    driver: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Database,
    migrate: () => migratePostgres(pool),
    ping: async () => void (await pool.query('select 1')),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

async function openPglite(options: DatabaseModuleOptions): Promise<DatabaseConnection> {
  const inMemory = options.url === 'memory://';
  let dataDir: string | undefined;
  if (!inMemory) {
    dataDir = resolve(options.dataDir ?? './.data');
    mkdirSync(dataDir, { recursive: true });
  }
  const client = new PGlite({ dataDir, loadDataDir: inMemory ? options.pgliteSnapshot : undefined });
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  return {
    driver: 'pglite',
    db: db as unknown as Database,
    migrate: () => migratePglite(db),
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}
