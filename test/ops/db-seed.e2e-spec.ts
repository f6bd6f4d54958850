import { verifyPassword } from 'better-auth/crypto';
import { runDatabaseCli } from '../support/database-cli';
import { emptyDatabase, type EmptyDatabase } from '../support/empty-database';

describe(`npm run db:seed (${emptyDatabase.driver})`, () => {
  let database: EmptyDatabase;
  beforeEach(async () => {
    database = await emptyDatabase();
  });
  afterEach(() => database.drop());

  const seed = (env: Record<string, string> = {}) => runDatabaseCli(database, 'seed', [], env);
  const count = async (table: string) => Number((await database.query(`select count(*)::int as n from ${table}`))[0].n);

  it('migrates a fresh database and fills it with users who can sign in and posts with their history; a second run adds nothing', async () => {
    const first = seed({ SEED_POSTS: '50' });
    expect(first.output).toContain('Added 5 users and 50 posts (SEED_POSTS=50,');
    expect(first.output).toMatch(
      /Every seeded user signs in with the password "correct horse battery staple", e\.g\. [a-z]+\.[a-z]+\.1@example\.com\./,
    );
    expect(first.code).toBe(0);
    const rows = await database.query(
      `select (select count(*)::int from users) as users, (select count(*)::int from posts) as posts,
              (select count(*)::int from post_history where action = 'create') as history,
              (select count(*)::int from posts where published) as published, (select md5(string_agg(title || content, '' order by id)) from posts) as digest`,
    );
    expect(rows[0]).toMatchObject({ users: 5, posts: 50, history: 50 });
    expect(Number(rows[0].published)).toBeGreaterThan(25);
    const [account] = await database.query(
      `select password from accounts join users on users.id = accounts.user_id order by users.email limit 1`,
    );
    await expect(verifyPassword({ hash: String(account.password), password: 'correct horse battery staple' })).resolves.toBe(true);

    const second = seed({ SEED_POSTS: '50' });
    expect(second.output).toContain('Nothing to add: the seed data is already there');
    expect(second.code).toBe(0);
    expect((await database.query(`select md5(string_agg(title || content, '' order by id)) as digest from posts`))[0].digest).toBe(
      rows[0].digest,
    );
    expect(await count('post_history')).toBe(50);

    expect(seed({ SEED_POSTS: '80' }).output).toContain('Added 3 users and 30 posts');
    expect(await count('posts')).toBe(80);
  });

  it.each([
    [{ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'k7Qy2mPz8Lw4Rt6Nv1Xc3Bh5Jd9Fg0Sa' }, 'db:seed refuses to run with NODE_ENV=production'],
    [{ SEED_POSTS: 'many' }, 'SEED_POSTS must be a whole number from 1 to 1000000, got "many"'],
  ])('refuses %j and writes nothing', async (env, message) => {
    const { code, output } = seed(env);
    expect(output).toContain(message);
    expect(code).toBe(1);
    expect(await database.query(`select to_regclass('public.users') is null as untouched`)).toEqual([{ untouched: true }]);
  });
});
