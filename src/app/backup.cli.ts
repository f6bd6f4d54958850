import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { backupPath, formatBytes, migrationRange, timedBackup } from '../infra/database/backup/backup-file';
import { migrationStatus } from '../infra/database/migration-status';
import { ourMigrations } from '../infra/database/migrations';
import { type AnyPgDatabase, DEFAULT_MIGRATIONS_TABLE, readMigrationRecords } from '../infra/database/migration-records';
import { openDatabase } from '../infra/database/open-database';

// `npm run db:backup`: the whole database to BACKUP_DIR, named with the time and the newest migration applied.
async function main(): Promise<void> {
  const env = parseEnv();
  const connection = await openDatabase({ ...databaseOptionsFromEnv(env), poolSize: 1, migrate: false });
  try {
    const records = await readMigrationRecords(connection.db as unknown as AnyPgDatabase, DEFAULT_MIGRATIONS_TABLE);
    const current = migrationStatus(ourMigrations(), records)
      .migrations.filter((m) => m.state === 'applied')
      .at(-1)?.tag;
    const path = backupPath(env.BACKUP_DIR, connection.driver, migrationRange(current));
    const report = await timedBackup(path, (file) => connection.backup(file));
    console.log(`Backed up ${connection.driver} to ${report.path} (${formatBytes(report.bytes)} in ${report.ms} ms).`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
