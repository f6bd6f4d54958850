import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { DatabaseConnection } from '../database.connection';
import type { BeforeMigrating } from '../migrations';
import type { AnyPgDatabase } from '../migration-records';
import { backupPath, formatBytes, migrationRange, timedBackup } from './backup-file';

const logger = new Logger('Database');

/**
 * Before pending migrations run on a database holding rows, a backup to `dir`, logged with its
 * path, size and duration. Called under the migration lock: one instance of many writes it.
 */
export function backupBeforeMigrating(connection: Pick<DatabaseConnection, 'driver' | 'backup'>, dir: string): BeforeMigrating {
  return async ({ db, current, pending }) => {
    if (!(await holdsRows(db))) return;
    const path = backupPath(dir, connection.driver, migrationRange(current, pending.at(-1)));
    const report = await timedBackup(path, (file) => connection.backup(file));
    logger.log(`Backed up the database before migrating: ${report.path} (${formatBytes(report.bytes)} in ${report.ms} ms)`);
  };
}

// Any row in any table of schema public: a new database (or one of empty tables) needs no backup.
async function holdsRows(db: AnyPgDatabase): Promise<boolean> {
  const { rows: tables } = await db.execute<{ name: string }>(
    sql`select quote_ident(tablename) as name from pg_tables where schemaname = 'public'`,
  );
  if (tables.length === 0) return false;
  const any = sql.join(
    tables.map((table) => sql`exists (select 1 from ${sql.raw(table.name)})`),
    sql` or `,
  );
  const { rows } = await db.execute<{ holds: boolean }>(sql`select ${any} as holds`);
  return rows[0]?.holds === true;
}
