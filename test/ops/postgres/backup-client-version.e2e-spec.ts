import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from 'better-auth/crypto';
import { seedDevelopmentData } from '../../../src/infra/database/development-data';
import { DEFAULT_MIGRATIONS_TABLE, type AnyPgDatabase } from '../../../src/infra/database/migration-records';
import { openDatabase } from '../../../src/infra/database/open-database';
import { runDatabaseCli } from '../../support/database-cli';
import { emptyDatabase, type EmptyDatabase } from '../../support/empty-database';
import { migrationsFolderOf, migrationTags } from '../../support/migrations-folder';

// A pg_dump older than the server cannot dump it: say which client to install, and migrate nothing.
describe('the backup before migrating, with a pg_dump older than the server', () => {
  let database: EmptyDatabase;
  let bin: string;
  beforeAll(async () => {
    database = await emptyDatabase();
    const folder = migrationsFolderOf(migrationTags().length - 1);
    await database.drizzleMigrate(folder, DEFAULT_MIGRATIONS_TABLE);
    rmSync(folder, { recursive: true, force: true });
    const connection = await openDatabase({ ...database.options, migrate: false });
    await seedDevelopmentData(connection.db as unknown as AnyPgDatabase, 10, await hashPassword('correct horse battery staple'));
    await connection.close();
    bin = mkdtempSync(join(tmpdir(), 'old-pg-dump-'));
    writeFileSync(join(bin, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 9.6.24"\n');
    chmodSync(join(bin, 'pg_dump'), 0o755);
  });
  afterAll(async () => {
    await database.drop();
    rmSync(bin, { recursive: true, force: true });
  });

  it('refuses to migrate, naming the client to install, and leaves the migration pending', async () => {
    const backups = mkdtempSync(join(tmpdir(), 'backups-'));
    const { code, output } = runDatabaseCli(database, 'migrate', [], { PATH: `${bin}:${process.env.PATH}`, BACKUP_DIR: backups });
    rmSync(backups, { recursive: true, force: true });
    expect(output).toMatch(
      /pg_dump 9 is older than the PostgreSQL 1\d server: install postgresql-client-1\d \(or set DATABASE_BACKUP_BEFORE_MIGRATE=false to migrate without a backup\)/,
    );
    expect(code).toBe(1);
    expect(runDatabaseCli(database, 'migration-status').output).toContain('Pending: 1 to apply');
  });
});
