import { hashPassword } from 'better-auth/crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { seedDevelopmentData } from '../../src/infra/database/development-data';
import { DEFAULT_MIGRATIONS_TABLE, type AnyPgDatabase } from '../../src/infra/database/migration-records';
import { openDatabase } from '../../src/infra/database/open-database';
import { runDatabaseCli } from '../support/database-cli';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';
import { migrationsFolderOf, migrationTags } from '../support/migrations-folder';
import { allRows } from '../support/schema-catalog';

const TAGS = migrationTags();
const EXTENSION = emptyDatabase.driver === 'PostgreSQL' ? '.dump' : '.tar.gz';
const number = (tag: string) => tag.slice(0, 4);

describe(`db:backup, db:restore and the backup before migrating (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  let backups: string;
  const extra: EmptyDatabase[] = [];
  beforeEach(async () => {
    database = await emptyDatabase();
    backups = mkdtempSync(join(tmpdir(), 'backups-'));
  });
  afterEach(async () => {
    for (const db of [database, ...extra.splice(0)]) {
      await db.drop();
      // PGlite's restore moves the folder it replaces aside.
      const folder = db.options.dataDir;
      if (folder)
        for (const aside of readdirSync(dirname(folder)).filter((name) => name.startsWith(`${basename(folder)}.before-restore-`))) {
          rmSync(join(dirname(folder), aside), { recursive: true, force: true });
        }
    }
    rmSync(backups, { recursive: true, force: true });
  });

  const cli = (name: string, args: string[] = [], env: Record<string, string> = {}, on = database) =>
    runDatabaseCli(on, name, args, { BACKUP_DIR: backups, ...env });
  const written = () => readdirSync(backups).sort();

  /** The release before the newest migration, with development data. */
  async function seededBeforeNewest(): Promise<void> {
    const folder = migrationsFolderOf(TAGS.length - 1);
    await database.drizzleMigrate(folder, DEFAULT_MIGRATIONS_TABLE);
    rmSync(folder, { recursive: true, force: true });
    const connection = await openDatabase({ ...database.options, migrate: false });
    await seedDevelopmentData(connection.db as unknown as AnyPgDatabase, 60, await hashPassword('correct horse battery staple'));
    await connection.close();
  }

  it('backs up before migrating a database with rows, and a damaged database restored from it holds every row it held', async () => {
    await seededBeforeNewest();
    const before = await allRows(database);

    const migrate = cli('migrate');
    expect(migrate.code).toBe(0);
    const name = `${number(TAGS.at(-2)!)}-to-${number(TAGS.at(-1)!)}${EXTENSION}`;
    expect(written()).toEqual([
      expect.stringMatching(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ_${name.replace('.', '\\.')}$`)),
    ]);
    const file = join(backups, written()[0]);
    expect(migrate.output).toMatch(new RegExp(`Backed up the database before migrating: ${file} \\(\\d+(\\.\\d)? [kM]?B in \\d+ ms\\)`));
    expect(migrate.output).toContain(`Applied 1 of ${TAGS.length} migrations`);

    await database.query(`delete from post_history where true; delete from posts where true; update users set name = 'damaged' where true`);
    const refused = cli('restore', [file]);
    expect(refused.output).toMatch(/is not empty.*add --force to replace it/);
    expect(refused.code).toBe(1);
    expect(await database.query(`select count(*)::int as n from posts`)).toEqual([{ n: 0 }]);

    const restored = cli('restore', [file, '--force']);
    expect(restored.output).toContain(`Restored ${file} into the`);
    expect(restored.code).toBe(0);
    expect(await allRows(database)).toEqual(before);
    expect(cli('migration-status').output).toContain('Pending: 1 to apply');
  });

  it('writes no backup when DATABASE_BACKUP_BEFORE_MIGRATE=false, nor for a database without rows', async () => {
    await seededBeforeNewest();
    expect(cli('migrate', [], { DATABASE_BACKUP_BEFORE_MIGRATE: 'false' }).code).toBe(0);
    expect(existsSync(backups) ? written() : []).toEqual([]);

    const fresh = await emptyDatabase();
    extra.push(fresh);
    const migrate = cli('migrate', [], {}, fresh);
    expect(migrate.code).toBe(0);
    expect(migrate.output).not.toContain('Backed up');
    expect(written()).toEqual([]);
  });

  it('db:backup writes the whole database, named with the newest migration, and db:restore loads it into an empty one', async () => {
    await seededBeforeNewest();
    const backup = cli('backup');
    expect(backup.code).toBe(0);
    const file = join(backups, written()[0]);
    expect(file.endsWith(`_at-${number(TAGS.at(-2)!)}${EXTENSION}`)).toBe(true);
    expect(backup.output).toMatch(/^Backed up (postgres|pglite) to .* \(\d+(\.\d)? [kM]?B in \d+ ms\)\.$/m);

    const target = await emptyDatabase();
    extra.push(target);
    const restored = cli('restore', [file], {}, target);
    expect(restored.output).toContain('Restored');
    expect(restored.code).toBe(0);
    expect(await allRows(target)).toEqual(await allRows(database));
  });

  it.each([
    [[], 'usage: npm run db:restore -- FILE [--force]'],
    [['nowhere.dump'], 'No backup at'],
  ])('db:restore %j refuses', async (args, message) => {
    const { code, output } = cli('restore', args);
    expect(output).toContain(message);
    expect(code).toBe(1);
  });

  it('db:restore refuses a backup of the other driver', async () => {
    const other = join(backups, `x${EXTENSION === '.dump' ? '.tar.gz' : '.dump'}`);
    writeFileSync(other, 'x');
    const { code, output } = cli('restore', [other]);
    expect(output).toMatch(/is not a (postgres|pglite) backup/);
    expect(code).toBe(1);
  });
});
