import { Logger } from '@nestjs/common';
import { openDatabase } from '../../src/infra/database/open-database';
import { runDatabaseCli } from '../support/database-cli';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';

const TABLE = 'drizzle.__posts_api_migrations';

describe(`npm run db:status (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  beforeEach(async () => {
    database = await emptyDatabase();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await database.drop();
  });

  function status(): { code: number | null; lines: string[] } {
    const { code, output } = runDatabaseCli(database, 'migration-status');
    return { code, lines: output.trim().split('\n') };
  }
  const migrate = async () => (await openDatabase({ ...database.options })).close();

  it('lists every migration as pending on an empty database, and exits 1', async () => {
    const { code, lines } = status();
    expect(lines.slice(1, 7)).toEqual([
      expect.stringMatching(/^0000_init +\d{4}-\d\d-\d\d \d\d:\d\d {2}pending$/),
      expect.stringMatching(/^0001_rate_limits .* pending$/),
      expect.stringMatching(/^0002_idempotency_keys .* pending$/),
      expect.stringMatching(/^0003_gin_fastupdate_off .* pending$/),
      expect.stringMatching(/^0004_add_users_profile_checks .* pending$/),
      expect.stringMatching(/^0005_add_idempotency_keys_expires_at .* pending$/),
    ]);
    expect(lines.at(-1)).toBe('Pending: 6 to apply (npm run db:migrate).');
    expect(code).toBe(1);
  });

  it('says up to date, and exits 0, once migrated', async () => {
    await migrate();
    const { code, lines } = status();
    expect(lines.filter((line) => line.endsWith('  applied'))).toHaveLength(6);
    expect(lines.at(-1)).toBe(`Up to date: every migration recorded in ${TABLE}.`);
    expect(code).toBe(0);
  });

  it('flags a migration a newer release applied (exit 2), while a start warns and serves', async () => {
    await migrate();
    await database.query(`insert into ${TABLE} (hash, created_at) values ('f00dfeedbeef0123', 4102444800000)`);

    const { code, lines } = status();
    expect(lines).toContainEqual(expect.stringMatching(/^\(unknown f00dfeedbeef\) +2100-01-01 00:00 {2}applied by a newer release$/));
    expect(code).toBe(2);

    const warned: string[] = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warned.push(String(message)));
    await migrate();
    expect(warned).toContain(
      'The database has 1 migrations this release does not ship (a newer release applied them): serving on the schema as it is',
    );
  });

  it('flags a migration edited after it was applied (exit 2)', async () => {
    await migrate();
    await database.query(`update ${TABLE} set hash = 'edited' where id = 4`);
    const { code, lines } = status();
    expect(lines).toContainEqual(expect.stringMatching(/^0003_gin_fastupdate_off .* CHANGED since it was applied/));
    expect(lines.at(-1)).toBe('Inconsistent: the database and migrations/ disagree (see above).');
    expect(code).toBe(2);
  });
});
