import { Logger } from '@nestjs/common';
import { backupBeforeMigrating } from './backup/backup-before-migrate';
import type { DatabaseConnection } from './database.connection';
import type { DatabaseModuleOptions } from './database.options';
import { type MigrationReport } from './migrations';
import { LEGACY_MIGRATIONS_TABLE, MIGRATIONS_SCHEMA } from './migration-records';
import { PgliteConnection } from './pglite.connection';
import { PostgresConnection } from './postgres.connection';

const logger = new Logger('Database');

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: DatabaseModuleOptions): Promise<DatabaseConnection> {
  const connection = isPostgresUrl(options.url) ? new PostgresConnection(options.url, options) : await PgliteConnection.open(options);
  if (options.migrate ?? true) {
    const started = Date.now();
    try {
      const backup = options.backupDir ? backupBeforeMigrating(connection, options.backupDir) : undefined;
      logMigrations(connection, await connection.migrate(options.migrationsTable, backup), Date.now() - started);
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
  return connection;
}

// Says what ran, and only that: "applied" is never logged for a run that applied nothing.
function logMigrations(connection: DatabaseConnection, report: MigrationReport, ms: number): void {
  const table = `${MIGRATIONS_SCHEMA}.${report.table}`;
  if (report.adopted > 0) {
    logger.log(`Moved ${report.adopted} migration records from ${MIGRATIONS_SCHEMA}.${LEGACY_MIGRATIONS_TABLE} to ${table}`);
  }
  if (report.newer > 0) {
    logger.warn(
      `The database has ${report.newer} migrations this release does not ship (a newer release applied them): serving on the schema as it is`,
    );
  }
  if (report.applied.length === 0) {
    logger.log(`Schema up to date on ${connection.driver}: all ${report.total} migrations recorded in ${table}`);
  } else {
    logger.log(
      `Applied ${report.applied.length} of ${report.total} migrations on ${connection.driver} in ${ms} ms: ${report.applied.join(', ')}`,
    );
  }
}
