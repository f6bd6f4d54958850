import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { DatabaseModuleOptions } from './database.options';

export const DEFAULT_QUERY_TIMEOUT_MS = 2_000;
/** Readiness probes give up quickly: a slow database is as good as a missing one. */
export const PING_TIMEOUT_MS = 1_000;

const logger = new Logger('Database');

export function queryTimeoutMs(options: DatabaseModuleOptions): number {
  return options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS;
}

export function connectTimeoutMs(options: DatabaseModuleOptions): number {
  return options.connectTimeoutMs ?? 5_000;
}

export function behindTransactionPooler(options: DatabaseModuleOptions): boolean {
  return options.pooler === 'transaction';
}

/** The requests' pool on `url`. */
export function requestPool(url: string, options: DatabaseModuleOptions): Pool {
  const timeoutMs = queryTimeoutMs(options);
  return watched(
    new Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      // Fail fast while the database is unreachable instead of letting requests hang.
      connectionTimeoutMillis: connectTimeoutMs(options),
      // The server cancels a statement that runs too long; the client waits a little longer, for that answer.
      // PgBouncer refuses a connection that sends statement_timeout: behind it, SET LOCAL in each transaction.
      ...(behindTransactionPooler(options) ? {} : { statement_timeout: timeoutMs }),
      query_timeout: timeoutMs + 1_000,
      idleTimeoutMillis: 30_000,
    }),
  );
}

/** The readiness probe's own connection: a pool busy with requests is not a dead database. */
export function probePool(url: string, options: DatabaseModuleOptions): Pool {
  return watched(
    new Pool({
      connectionString: url,
      max: 1,
      connectionTimeoutMillis: PING_TIMEOUT_MS,
      ...(behindTransactionPooler(options) ? {} : { statement_timeout: PING_TIMEOUT_MS }),
      query_timeout: PING_TIMEOUT_MS,
    }),
  );
}

/**
 * Behind a transaction pooler a read outside a transaction gets the server's own
 * `statement_timeout`: say so when there is none, or when it is longer than ours.
 */
export async function warnAboutServerTimeout(pool: Pool, options: DatabaseModuleOptions): Promise<void> {
  const { rows } = await pool.query<{ ms: number }>(
    // pg_settings gives statement_timeout in milliseconds.
    "select setting::int as ms from pg_settings where name = 'statement_timeout'",
  );
  const serverMs = rows[0]?.ms ?? 0;
  const ours = queryTimeoutMs(options);
  if (serverMs === 0 || serverMs > ours) {
    logger.warn(
      `Behind a transaction pooler, reads outside a transaction run under the server's statement_timeout (${serverMs === 0 ? 'none' : `${serverMs} ms`}), not DATABASE_QUERY_TIMEOUT_MS (${ours} ms): give the role the same timeout on the server (ALTER ROLE … SET statement_timeout = '${ours}ms')`,
    );
  }
}

// A connection that drops emits 'error': on the pool while idle, on the client while
// checked out (pg-pool removes its listener then). Unhandled, either kills the process.
function watched(pool: Pool): Pool {
  pool.on('error', (error) => logger.warn(`Idle PostgreSQL connection failed: ${error.message}`));
  pool.on('connect', (client) => client.on('error', (error) => logger.warn(`PostgreSQL connection failed: ${error.message}`)));
  return pool;
}
