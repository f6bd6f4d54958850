import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { BACKUP_EXTENSIONS, backupPath, formatBytes, timedBackup } from '../infra/database/backup/backup-file';
import { pgliteDataDirInUse, pgliteTableCount, restorePglite } from '../infra/database/backup/pglite-backup';
import { clearPostgres, pgDump, pgRestore, postgresTableCount } from '../infra/database/backup/postgres-backup';
import { isPostgresUrl } from '../infra/database/open-database';

const USAGE = 'usage: npm run db:restore -- FILE [--force]';

// `npm run db:restore -- FILE [--force]`: a db:backup file back into the configured database (stop the service first).
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const files = args.filter((arg) => arg !== '--force');
  if (files.length !== 1 || files[0].startsWith('--')) throw new Error(USAGE);
  const file = resolve(files[0]);
  if (!existsSync(file)) throw new Error(`No backup at ${file}`);
  const env = parseEnv();
  const { url, dataDir = './.data' } = databaseOptionsFromEnv(env);
  const driver = isPostgresUrl(url) ? 'postgres' : 'pglite';
  if (!file.endsWith(BACKUP_EXTENSIONS[driver])) {
    throw new Error(`${file} is not a ${driver} backup (${BACKUP_EXTENSIONS[driver]}): DATABASE_URL names a ${driver} database`);
  }
  if (driver === 'postgres') await restorePostgres(url!, file, force, env.BACKUP_DIR);
  else await restoreEmbedded(resolve(dataDir), file, force);
  console.log(`Restored ${file} into the ${driver} database.`);
}

async function restorePostgres(url: string, file: string, force: boolean, backupDir: string): Promise<void> {
  const tables = await postgresTableCount(url);
  if (tables > 0) {
    if (!force) throw new Error(`The database is not empty (${tables} tables): add --force to replace it (it is backed up first)`);
    const saved = await timedBackup(backupPath(backupDir, 'postgres', 'before-restore'), (path) => pgDump(url, path));
    console.log(`Backed up the database it replaces to ${saved.path} (${formatBytes(saved.bytes)}).`);
    await clearPostgres(url);
  }
  await pgRestore(url, file);
}

async function restoreEmbedded(dataDir: string, file: string, force: boolean): Promise<void> {
  if (pgliteDataDirInUse(dataDir) && !force && (await pgliteTableCount(dataDir)) > 0) {
    throw new Error(`The database in ${dataDir} is not empty: add --force to replace it (its folder is moved aside, not deleted)`);
  }
  const movedTo = await restorePglite(dataDir, file);
  if (movedTo) console.log(`Moved the database it replaces to ${movedTo}.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
