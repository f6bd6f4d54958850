import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { openDatabase } from '../infra/database/open-database';
import { formatMigrationStatus, migrationStatus } from '../infra/database/migration-status';
import { ourMigrations } from '../infra/database/migrations';
import { DEFAULT_MIGRATIONS_TABLE, MIGRATIONS_SCHEMA, readMigrationRecords, type AnyPgDatabase } from '../infra/database/migration-records';

// `npm run db:status`: every migration as applied or pending, and what disagrees; exit 0, 1 or 2.
async function main(): Promise<number> {
  const env = parseEnv();
  const connection = await openDatabase({ ...databaseOptionsFromEnv(env), poolSize: 1, migrate: false });
  try {
    const records = await readMigrationRecords(connection.db as unknown as AnyPgDatabase, DEFAULT_MIGRATIONS_TABLE);
    const status = migrationStatus(ourMigrations(), records);
    for (const line of formatMigrationStatus(status, `${MIGRATIONS_SCHEMA}.${DEFAULT_MIGRATIONS_TABLE}`)) console.log(line);
    return status.exitCode;
  } finally {
    await connection.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(2);
  },
);
