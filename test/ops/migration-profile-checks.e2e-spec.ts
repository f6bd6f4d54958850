import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { rmSync } from 'node:fs';
import { migrationsFolderOf, migrationTags } from '../support/migrations-folder';

// Migration 0004 adds CHECK constraints on users: on a database of the release before it,
// holding rows that break the new rules, it must bring them within the rules, not fail.
// On PGlite (the SQL is PostgreSQL's own; the migrator's folder is what changes here).
const BEFORE = '0004_add_users_profile_checks';

describe(`migration ${BEFORE} on existing rows`, () => {
  let client: PGlite;
  let folder: string;

  beforeAll(async () => {
    client = new PGlite();
    folder = migrationsFolderOf(migrationTags().indexOf(BEFORE));
    await migrate(drizzle({ client }), { migrationsFolder: folder });
  });
  afterAll(async () => {
    await client.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('brings names and images written before it within the rules, and keeps the rest', async () => {
    const rows: [string, string, string | null][] = [
      ['fine@example.com', 'Ada Lovelace', 'https://example.com/ada.png'],
      ['long@example.com', 'n'.repeat(150), null],
      ['forged@example.com', 'Eve\n{"level":50}', null],
      ['controls@example.com', '\u0001\u0002', null],
      ['empty@example.com', '', null],
      ['script@example.com', 'Mallory', 'javascript:alert(1)'],
      ['huge@example.com', 'Trudy', `https://example.com/${'a'.repeat(3000)}`],
    ];
    for (const [email, name, image] of rows) {
      await client.query('INSERT INTO users (email, name, image) VALUES ($1, $2, $3)', [email, name, image]);
    }

    const withIt = migrationsFolderOf(migrationTags().indexOf(BEFORE) + 1);
    await migrate(drizzle({ client }), { migrationsFolder: withIt });
    rmSync(withIt, { recursive: true, force: true });

    const after = await client.query<{ email: string; name: string; image: string | null }>(
      'SELECT email, name, image FROM users ORDER BY email',
    );
    expect(Object.fromEntries(after.rows.map((row) => [row.email, [row.name, row.image]]))).toEqual({
      'controls@example.com': ['user', null],
      'empty@example.com': ['user', null],
      'fine@example.com': ['Ada Lovelace', 'https://example.com/ada.png'],
      'forged@example.com': ['Eve {"level":50}', null],
      'huge@example.com': ['Trudy', null],
      'long@example.com': ['n'.repeat(100), null],
      'script@example.com': ['Mallory', null],
    });
    // And the rules now hold in the database.
    await expect(client.query("UPDATE users SET name = 'a\nb' WHERE email = 'fine@example.com'")).rejects.toMatchObject({ code: '23514' });
  });
});
