import { hashPassword } from 'better-auth/crypto';
import { rmSync } from 'node:fs';
import { seedDevelopmentData } from '../../src/infra/database/development-data';
import { DEFAULT_MIGRATIONS_TABLE, type AnyPgDatabase } from '../../src/infra/database/migration-records';
import { openDatabase } from '../../src/infra/database/open-database';
import type { RollbackTarget } from '../../src/infra/database/migration-rollback';
import { runDatabaseCli } from '../support/database-cli';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';
import { migrationsFolderOf, migrationTags } from '../support/migrations-folder';
import { allRows, schemaCatalog, schemaDump } from '../support/schema-catalog';

const TAGS = migrationTags();
const TABLE = `drizzle.${DEFAULT_MIGRATIONS_TABLE}`;

// Rows written once a migration's tables exist, so every later migration goes up and down over them.
const ROWS_AFTER: Record<string, string[]> = {
  '0000_init': [
    `insert into sessions (token, expires_at, user_id) select 'token-' || email, now() + interval '1 day', id from users`,
    `insert into verifications (identifier, value, expires_at) values ('reset:ada', 'secret', timestamptz '2030-01-01')`,
  ],
  '0001_rate_limits': [`insert into rate_limits (key, count, last_request) values ('ip:127.0.0.1', 3, 1764000000000)`],
  '0002_idempotency_keys': [
    `insert into idempotency_keys (user_id, key, fingerprint, status, headers, body)
     select id, 'key-1', 'f', 201, '{}', '{"ok": true}' from users order by id limit 1`,
  ],
};

describe(`db:rollback: every migration up, down and up again on a database holding data (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  beforeAll(async () => {
    database = await emptyDatabase();
  });
  afterAll(() => database.drop());

  /** Up to and including migration `count - 1`, with our records, as the release that shipped it. */
  async function upTo(count: number): Promise<void> {
    const folder = migrationsFolderOf(count);
    try {
      await database.migrate(folder, DEFAULT_MIGRATIONS_TABLE);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  async function rollback(target: RollbackTarget) {
    const connection = await openDatabase({ ...database.options, migrate: false });
    try {
      return await connection.rollback(target);
    } finally {
      await connection.close();
    }
  }
  /** The schema (the catalog, and pg_dump's view on PostgreSQL) and every row, read on one connection. */
  async function state(): Promise<{ schema: unknown; rows: Record<string, unknown[]> }> {
    const { catalog, rows } = await database.session(async (query) => ({
      catalog: await schemaCatalog({ query }),
      rows: await allRows({ query }),
    }));
    return { schema: database.options.url ? { catalog, dump: schemaDump(database.options.url) } : { catalog }, rows };
  }

  it.each(TAGS.map((tag, index) => [tag, index]))('%s', async (tag, index) => {
    const before = await state();

    await upTo(index + 1);
    const after = await state();
    expect(after.schema).not.toEqual(before.schema);
    expect(after.rows).toMatchObject(before.rows);

    const report = await rollback(index === 0 ? 'all' : { to: TAGS[index - 1] });
    expect(report).toEqual({ rolledBack: [tag], current: TAGS[index - 1] });
    const undone = await state();
    expect(undone.schema).toEqual(before.schema);
    expect(undone.rows).toEqual(before.rows);

    await upTo(index + 1);
    const again = await state();
    expect(again.schema).toEqual(after.schema);
    expect(again.rows).toMatchObject(before.rows);

    // Data for the next migrations to carry: development data once the first one made its tables.
    if (index === 0) {
      const connection = await openDatabase({ ...database.options, migrate: false });
      await seedDevelopmentData(connection.db as unknown as AnyPgDatabase, 40, await hashPassword('correct horse battery staple'));
      await connection.close();
    }
    for (const statement of ROWS_AFTER[tag] ?? []) await database.query(statement);
  });

  it('ends with every migration applied again and every table holding rows', async () => {
    const records = await database.query(`select count(*)::int as n from ${TABLE}`);
    expect(records).toEqual([{ n: TAGS.length }]);
    expect(Object.values(await allRows(database)).every((table) => table.length > 0)).toBe(true);
  });
});

describe(`npm run db:rollback (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  beforeEach(async () => {
    database = await emptyDatabase();
    await (await openDatabase({ ...database.options })).close();
  });
  afterEach(() => database.drop());

  const rollback = (...args: string[]) => runDatabaseCli(database, 'migration-rollback', args);
  const applied = async () => Number((await database.query(`select count(*)::int as n from ${TABLE}`))[0].n);

  it('undoes the newest migration, then every one after --to, and says what the schema is at now', async () => {
    const last = rollback();
    expect(last.output).toMatch(new RegExp(`^Rolled back ${TAGS.at(-1)} on \\w+ in \\d+ ms\\.$`, 'm'));
    expect(last.output).toContain(`The schema is now at ${TAGS.at(-2)}. Start a release that does not ship ${TAGS.at(-1)}`);
    expect(last.code).toBe(0);
    expect(await applied()).toBe(TAGS.length - 1);

    const to = rollback('--to', '0001');
    expect(to.output).toContain(`Rolled back ${TAGS.slice(2, -1).reverse().join(', ')} on`);
    expect(await applied()).toBe(2);
    expect(await database.query(`select to_regclass('public.idempotency_keys') is null as gone`)).toEqual([{ gone: true }]);

    expect(rollback('--to', '0001').output).toContain('Nothing to roll back: 0001_rate_limits is the newest migration applied.');
  });

  it.each([
    [['--to', '0042'], 'No migration 0042 in migrations/ (give a tag or its number, e.g. 0002)'],
    [['--steps', '2'], 'usage: npm run db:rollback [-- --to NNNN | -- --all]'],
  ])('refuses %j, changing nothing', async (args, message) => {
    const { code, output } = rollback(...args);
    expect(output).toContain(message);
    expect(code).toBe(1);
    expect(await applied()).toBe(TAGS.length);
  });

  it('refuses while the database holds a migration this release does not ship, changing nothing', async () => {
    await database.query(`insert into ${TABLE} (hash, created_at) values ('f00dfeedbeef0123', 4102444800000)`);
    const { code, output } = rollback();
    expect(output).toContain(
      'The database has 1 migrations this release does not ship: roll them back with the release that applied them first',
    );
    expect(code).toBe(1);
    expect(await applied()).toBe(TAGS.length + 1);
  });
});
