import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import type { DatabaseModuleOptions } from '../../src/infra/database/database.options';
import { openDatabase } from '../../src/infra/database/open-database';
import { rmSync } from 'node:fs';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';
import { migrationsFolderOf, migrationTags } from '../support/migrations-folder';

// The host app's own drizzle-kit migrations (a notes table), recorded where drizzle-kit records them.
const HOST_MIGRATIONS = join(__dirname, '..', 'package', 'host-app', 'migrations');
const OURS = migrationTags();
// Release 0.1 recorded these five with Drizzle's own migrator, in Drizzle's table.
const RELEASE_0_1 = OURS.slice(0, 5);

describe(`our migrations' own record, beside a host's drizzle-kit migrations (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  let logged: string[];

  beforeEach(async () => {
    database = await emptyDatabase();
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await database.drop();
  });

  async function start(options: Partial<DatabaseModuleOptions> = {}) {
    const connection = await openDatabase({ ...database.options, ...options });
    await connection.close();
  }
  // The journal `when` of each record, in the order they were written.
  const recorded = async (table: string) =>
    (await database.query(`select created_at from drizzle.${table} order by id`)).map((row) => Number(row.created_at));

  it('applies every one of its migrations when the host migrated its own schema first', async () => {
    await database.drizzleMigrate(HOST_MIGRATIONS);

    await start();

    expect(logged).toContainEqual(
      expect.stringMatching(new RegExp(`^Applied ${OURS.length} of ${OURS.length} migrations on \\w+ in \\d+ ms: ${OURS.join(', ')}$`)),
    );
    expect(await database.query(`select to_regclass('public.users') as users`)).toEqual([{ users: 'users' }]);
    expect(await recorded('__posts_api_migrations')).toHaveLength(OURS.length);
    // The host's record stays where its drizzle-kit looks, and nothing of ours joins it.
    expect(await recorded('__drizzle_migrations')).toEqual([1798000000000]);
  });

  it("leaves the host's later migrations to the host when ours ran first", async () => {
    await start();
    await database.drizzleMigrate(HOST_MIGRATIONS);

    expect(await database.query(`select to_regclass('public.notes') as notes`)).toEqual([{ notes: 'notes' }]);
    expect(await recorded('__drizzle_migrations')).toEqual([1798000000000]);
  });

  it('moves the records of a database migrated by release 0.1 to its own table, once, and applies only the newer ones', async () => {
    // Release 0.1 ran Drizzle's migrator with its defaults; the host then ran its own.
    const release = migrationsFolderOf(RELEASE_0_1.length);
    await database.drizzleMigrate(release);
    rmSync(release, { recursive: true, force: true });
    await database.drizzleMigrate(HOST_MIGRATIONS);
    const before = await recorded('__drizzle_migrations');

    await start();

    expect(logged).toEqual([
      `Moved ${RELEASE_0_1.length} migration records from drizzle.__drizzle_migrations to drizzle.__posts_api_migrations`,
      expect.stringMatching(
        new RegExp(
          `^Applied ${OURS.length - RELEASE_0_1.length} of ${OURS.length} migrations on \\w+ in \\d+ ms: ${OURS.slice(RELEASE_0_1.length).join(', ')}$`,
        ),
      ),
    ]);
    expect((await recorded('__posts_api_migrations')).slice(0, RELEASE_0_1.length)).toEqual(before.slice(0, RELEASE_0_1.length));
    expect(await recorded('__drizzle_migrations')).toEqual([1798000000000]);

    logged.length = 0;
    await start();
    expect(logged).toEqual([expect.stringMatching(/^Schema up to date/)]);
  });

  it('never reports migrations as applied when Drizzle skipped them, and refuses to start', async () => {
    // A record newer than every file: Drizzle's migrator then skips them all without a word.
    await database.query(
      'create schema drizzle; create table drizzle.__posts_api_migrations (id serial primary key, hash text not null, created_at bigint);' +
        "insert into drizzle.__posts_api_migrations (hash, created_at) values ('from-elsewhere', 9999999999999)",
    );

    await expect(start()).rejects.toThrow(
      `Migrations not applied: ${OURS.map((tag) => `${tag} (skipped by Drizzle: its journal "when" is not newer than the last applied migration's)`).join(', ')}.`,
    );
    expect(logged.filter((line) => /Applied|up to date/.test(line))).toEqual([]);
  });

  it('refuses to start when a migration changed after it was applied', async () => {
    await start();
    // As if 0002's file had been edited since: its recorded hash no longer matches.
    await database.query("update drizzle.__posts_api_migrations set hash = 'before-the-edit' where id = 3");

    await expect(start()).rejects.toThrow(
      'Migrations not applied: 0002_idempotency_keys (changed since it was applied: its hash is not the recorded one).',
    );
  });

  it('records its migrations in the table it is given', async () => {
    await start({ migrationsTable: 'blog_migrations' });

    expect(await recorded('blog_migrations')).toHaveLength(OURS.length);
    expect(await database.query(`select to_regclass('drizzle.__posts_api_migrations') as t`)).toEqual([{ t: null }]);
    await expect(start({ migrationsTable: 'blog; drop table users' })).rejects.toThrow('migrationsTable must be a plain SQL identifier');
  });
});
