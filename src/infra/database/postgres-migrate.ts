import { Logger } from '@nestjs/common';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Client } from 'pg';
import { rollbackMigrations, type RollbackReport, type RollbackTarget } from './migration-rollback';
import { applyMigrations, type BeforeMigrating, type MigrationReport } from './migrations';
import { type AnyPgDatabase, DEFAULT_MIGRATIONS_TABLE } from './migration-records';

const logger = new Logger('Database');

// Arbitrary, fixed key: instances starting together take turns migrating.
const MIGRATION_LOCK_KEY = 7_160_110_335;

export interface MigrationTimeouts {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  /** Tries after the first when one timed out waiting for a lock. */
  retries: number;
}

/**
 * Applies the pending migrations on connections of their own (`connect` makes one per try),
 * under lock and statement timeouts: a migration never queues traffic behind its lock for
 * longer than `lockTimeoutMs`. Drizzle runs them in one transaction, so a timed-out try left
 * nothing behind and is retried, up to `retries` times, a log line each.
 */
export function migratePostgres(
  connect: () => Client,
  table = DEFAULT_MIGRATIONS_TABLE,
  timeouts: MigrationTimeouts,
  beforeMigrating?: BeforeMigrating,
): Promise<MigrationReport> {
  return underMigrationLock(connect, timeouts, 'Migrations', (db) =>
    applyMigrations(db as unknown as AnyPgDatabase, table, beforeMigrating),
  );
}

/** db:rollback, under the same lock and timeouts; a retry plans again from the records, so it resumes where a try stopped. */
export function rollbackPostgres(
  connect: () => Client,
  table = DEFAULT_MIGRATIONS_TABLE,
  target: RollbackTarget,
  timeouts: MigrationTimeouts,
): Promise<RollbackReport> {
  return underMigrationLock(connect, timeouts, 'Rollback', (db) => rollbackMigrations(db as unknown as AnyPgDatabase, table, target));
}

async function underMigrationLock<T>(
  connect: () => Client,
  timeouts: MigrationTimeouts,
  what: string,
  work: (db: NodePgDatabase) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await onceUnderLock(connect(), timeouts, work);
    } catch (error) {
      if (!waitedForLock(error)) throw error;
      const tries = `try ${attempt} of ${timeouts.retries + 1}`;
      if (attempt > timeouts.retries) {
        throw new Error(
          `${what} gave up waiting for a table lock (${tries}, ${timeouts.lockTimeoutMs} ms each): a long transaction holds it`,
        );
      }
      const delay = Math.min(1000 * 2 ** (attempt - 1), 10_000);
      logger.warn(`${what} waited ${timeouts.lockTimeoutMs} ms for a table lock without getting it (${tries}); retrying in ${delay} ms`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function onceUnderLock<T>(
  client: Client,
  { lockTimeoutMs, statementTimeoutMs }: MigrationTimeouts,
  work: (db: NodePgDatabase) => Promise<T>,
): Promise<T> {
  client.on('error', () => undefined); // a dropped connection fails the query below instead
  await client.connect();
  try {
    // The lock is the connection's: it goes with the connection, however this ends.
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Session settings, on this connection of its own (never a pooled one).
    await client.query(`set lock_timeout = ${Math.trunc(lockTimeoutMs)}; set statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
    return await work(drizzlePg({ client }));
  } finally {
    await client.end();
  }
}

// lock_not_available: lock_timeout ran out, somewhere down the error's causes (Drizzle wraps it).
function waitedForLock(error: unknown): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === '55P03') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
