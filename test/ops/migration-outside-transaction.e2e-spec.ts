import { Logger } from '@nestjs/common';
import { rmSync } from 'node:fs';
import { DEFAULT_MIGRATIONS_TABLE } from '../../src/infra/database/migration-records';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';
import { addMigration, migrationsFolderOf, migrationTags } from '../support/migrations-folder';

const TABLE = `drizzle.${DEFAULT_MIGRATIONS_TABLE}`;
const EXPIRES_AT = '0005_add_idempotency_keys_expires_at';

// Migrations marked `-- migrate: outside-transaction` (CREATE INDEX CONCURRENTLY), on both drivers:
// PGlite builds concurrent indexes too, with nothing to wait for.
describe(`a migration run outside a transaction (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  let folder: string;
  let warned: string[];

  beforeEach(async () => {
    database = await emptyDatabase();
    folder = migrationsFolderOf(migrationTags().indexOf(EXPIRES_AT));
    await database.migrate(folder, DEFAULT_MIGRATIONS_TABLE);
    await database.query(`insert into users (email, name) values ('ada@example.com', 'Ada')`);
    warned = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warned.push(String(message)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    rmSync(folder, { recursive: true, force: true });
    await database.drop();
  });

  const recorded = async () => Number((await database.query(`select count(*)::int as n from ${TABLE}`))[0]!.n);

  it(`${EXPIRES_AT}: backfills every key in committed batches, then NOT NULL and the index without a scan under lock`, async () => {
    // About 450 pages: the backfill takes three batches of 200.
    await database.query(`insert into idempotency_keys (user_id, key, fingerprint, status, headers, body, created_at)
      select id, 'key-' || n, 'f', 201, '{}', json_build_object('pad', repeat('x', 200)), now() - n * interval '1 minute'
      from users, generate_series(1, 12000) n`);
    expect(await database.query(`select pg_relation_size('idempotency_keys') / 8192 > 400 as more_than_two_batches`)).toEqual([
      { more_than_two_batches: true },
    ]);
    const whole = migrationsFolderOf(migrationTags().length);

    await database.migrate(whole, DEFAULT_MIGRATIONS_TABLE);
    rmSync(whole, { recursive: true, force: true });

    expect(
      await database.query(
        `select count(*)::int as n from idempotency_keys where expires_at is distinct from created_at + interval '24 hours'`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(
      await database.query(
        `select is_nullable from information_schema.columns where table_name = 'idempotency_keys' and column_name = 'expires_at'`,
      ),
    ).toEqual([{ is_nullable: 'NO' }]);
    // The check that spared SET NOT NULL its scan is gone; the index is valid.
    expect(await database.query(`select conname from pg_constraint where conname = 'idempotency_keys_expires_at_check'`)).toEqual([]);
    expect(await database.query(`select indisvalid from pg_index where indexrelid = 'idempotency_keys_expires_at_idx'::regclass`)).toEqual([
      { indisvalid: true },
    ]);
    expect(await recorded()).toBe(migrationTags().length);
  });

  it('stops at the failing statement, keeps what ran before it, reports the INVALID index, and a retry drops and rebuilds it', async () => {
    addMigration(
      folder,
      '0005_index_posts_titles',
      '-- migrate: outside-transaction\n' +
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS "posts_title_idx" ON "posts" ("title");--> statement-breakpoint\n' +
        'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "posts_title_key" ON "posts" ("title");',
    );
    await database.query(
      `insert into posts (title, content, author_id) select 'Twice', 'The same title', id from users, generate_series(1, 2)`,
    );
    const before = await recorded();

    await expect(database.migrate(folder, DEFAULT_MIGRATIONS_TABLE)).rejects.toThrow(
      '0005_index_posts_titles failed at statement 2 of 2, outside a transaction: the 1 before it stay applied; ' +
        'index posts_title_key is left INVALID, and the next try drops it first: ',
    );
    const indexes = `select indexrelid::regclass::text as name, indisvalid as valid from pg_index where indexrelid::regclass::text like 'posts_title%' order by 1`;
    expect(await database.query(indexes)).toEqual([
      { name: 'posts_title_idx', valid: true },
      { name: 'posts_title_key', valid: false },
    ]);
    expect(await recorded()).toBe(before);

    await database.query(`update posts set title = 'Once' where ctid = (select min(ctid) from posts)`);
    await database.migrate(folder, DEFAULT_MIGRATIONS_TABLE);

    expect(warned).toEqual([
      '0005_index_posts_titles: dropping index posts_title_key, left INVALID by a try that failed, to build it again',
    ]);
    expect(await database.query(indexes)).toEqual([
      { name: 'posts_title_idx', valid: true },
      { name: 'posts_title_key', valid: true },
    ]);
    expect(await recorded()).toBe(before + 1);
  });
});
