import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { openDatabase } from '../../../src/infra/database/open-database';
import { emptyPostgresDatabase, requireDirectPostgresUrl } from '../../support/test-database';

// PostgreSQL only: lock waits are between sessions. 0004 (users' profile checks) and 0005 are made
// pending again, and another session holds users as a long transaction would.
describe('a migration waiting for a table lock', () => {
  let database: { url: string; drop(): Promise<void> };
  let blocker: Client;
  let logged: string[];

  beforeEach(async () => {
    database = await emptyPostgresDatabase(requireDirectPostgresUrl(), 'locks');
    await (await openDatabase({ url: database.url, poolSize: 1 })).close();
    blocker = new Client({ connectionString: database.url });
    await blocker.connect();
    // 0004 and the migration after it made pending again (Drizzle applies only what is newer than the last record).
    await blocker.query(`alter table users drop constraint users_name_check, drop constraint users_image_check;
      alter table idempotency_keys drop column expires_at;
      delete from drizzle.__posts_api_migrations where id >= 5`);
    await blocker.query('begin; lock table users in share mode');
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void logged.push(String(message)));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void logged.push(String(message)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await blocker.end();
    await database.drop();
  });

  const pending = async () =>
    (await blocker.query(`select count(*)::int as n from pg_constraint where conname = 'users_name_check'`)).rows[0].n === 0;

  it('gives up after its lock timeout and retries, changing nothing, and says so', async () => {
    const start = openDatabase({ url: database.url, poolSize: 1, migrationLockTimeoutMs: 200, migrationRetries: 1 });

    await expect(start).rejects.toThrow(
      'Migrations gave up waiting for a table lock (try 2 of 2, 200 ms each): a long transaction holds it',
    );
    expect(logged).toContain('Migrations waited 200 ms for a table lock without getting it (try 1 of 2); retrying in 1000 ms');
    await blocker.query('rollback');
    expect(await pending()).toBe(true);
  });

  it('applies once the lock is released between tries', async () => {
    const start = openDatabase({ url: database.url, poolSize: 1, migrationLockTimeoutMs: 200, migrationRetries: 3 });
    setTimeout(() => void blocker.query('commit'), 500);

    await (await start).close();
    expect(logged).toContain('Migrations waited 200 ms for a table lock without getting it (try 1 of 4); retrying in 1000 ms');
    expect(logged).toContainEqual(
      expect.stringMatching(
        /^Applied 2 of 6 migrations on postgres in \d+ ms: 0004_add_users_profile_checks, 0005_add_idempotency_keys_expires_at$/,
      ),
    );
    expect(await pending()).toBe(false);
  });
});
