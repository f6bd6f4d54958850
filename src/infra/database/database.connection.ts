import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { Client, Pool, type PoolClient } from 'pg';
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
  /** Connections requests can use at once: the pool's size (PGlite: one). */
  readonly maxConnections: number;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Pool usage, where there is a pool (PostgreSQL). */
  poolStats?(): { total: number; idle: number; waiting: number };
  /** Runs `work` in one transaction on one connection, which is always given back. */
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
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

export const DEFAULT_QUERY_TIMEOUT_MS = 2_000;
/** Readiness probes give up quickly: a slow database is as good as a missing one. */
export const PING_TIMEOUT_MS = 1_000;

function openPostgres(url: string, options: DatabaseModuleOptions): DatabaseConnection {
  const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const pool = watched(
    new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Fail fast while the database is unreachable instead of letting requests hang.
      connectionTimeoutMillis: connectTimeoutMs,
      // The server cancels a statement that runs too long, so one expensive request cannot
      // hold a pooled connection for long; the client waits a little longer, for that answer.
      statement_timeout: queryTimeoutMs,
      query_timeout: queryTimeoutMs + 1_000,
      idleTimeoutMillis: 30_000,
    }),
  );
  // The readiness probe's own connection: a pool busy with requests is not a dead database.
  const probe = watched(
    new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: PING_TIMEOUT_MS,
      statement_timeout: PING_TIMEOUT_MS,
      query_timeout: PING_TIMEOUT_MS,
    }),
  );
  let closed = false;
  // One Drizzle client per pooled connection, made on its first transaction: building one
  // walks the whole schema (relations), which is too much to repeat on every write.
  const clients = new WeakMap<PoolClient, NodePgDatabase<typeof schema>>();
  const drizzleOn = (client: PoolClient) => {
    let db = clients.get(client);
    if (!db) clients.set(client, (db = drizzlePg({ client, schema })));
    return db;
  };
  return {
    driver: 'postgres',
    db: drizzlePg({ client: pool, schema }) as unknown as Database,
    maxConnections: pool.options.max,
    // BEGIN and COMMIT sent on the checked-out connection, rather than Drizzle's
    // transaction(): that one builds a transaction object (a query builder per table) and
    // two SQL objects per write (measured: 35-70 µs of CPU per write), and, over a pool,
    // never releases its client when BEGIN fails, leaking a pool slot for good.
    transaction: async (work) => {
      const client = await pool.connect();
      // Set when the connection itself failed: it is then destroyed instead of pooled. A
      // refused write (404, 412…) only rolls back, and its connection, prepared statements
      // and all, goes back to the pool.
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
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(drizzleOn(client) as unknown as Database);
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
    },
    // On a connection of their own, without the requests' timeouts: a migration may run long.
    migrate: () => migratePostgres(new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs })),
    ping: async () => void (await probe.query('select 1')),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), probe.end()]);
    },
  };
}

// A connection that drops emits 'error': on the pool while idle, on the client while
// checked out (pg-pool removes its listener then). Unhandled, either kills the process.
function watched(pool: Pool): Pool {
  pool.on('error', (error) => logger.warn(`Idle PostgreSQL connection failed: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn(`PostgreSQL connection failed: ${error.message}`)));
  return pool;
}

async function openPglite(options: DatabaseModuleOptions): Promise<DatabaseConnection> {
  // Loaded on demand, an app on PostgreSQL never pays for the embedded database. require(),
  // not import(): import() would load Drizzle's ESM build beside the CommonJS one in use.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { PGlite } = require('@electric-sql/pglite') as typeof import('@electric-sql/pglite');
  const { drizzle: drizzlePglite } = require('drizzle-orm/pglite') as typeof import('drizzle-orm/pglite');
  /* eslint-enable @typescript-eslint/no-require-imports */
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
    maxConnections: 1,
    migrate: () => migratePglite(db),
    // PGlite runs transactions one at a time on its single connection.
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Database)),
    ping: async () => void (await db.execute(sql`select 1`)),
    close: async () => {
      if (!client.closed) await client.close();
    },
  };
}
