import { spawnSync } from 'node:child_process';

const FIXTURES = 'test/ops/fixtures';

function dbLint(dir?: string): { status: number | null; output: string } {
  const run = spawnSync('npm', ['run', '--silent', 'db:lint', ...(dir ? ['--', '--dir', dir] : [])], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm run db:lint', () => {
  it('passes our migrations, each finding on an applied one excused for one statement in lint-exceptions.json', () => {
    const { status, output } = dbLint();
    expect(output).toMatch(/^6 migrations and 6 down scripts linted in migrations: no problems \(15 excused in lint-exceptions\.json\)$/m);
    expect(status).toBe(0);
  });

  it.each([
    ['index_without_concurrently', 'require-concurrent-index-creation', 'During normal index creation, table updates are blocked'],
    ['add_required_column', 'adding-required-field', 'Adding a new column that is `NOT NULL` and has no default value'],
    ['set_not_null', 'adding-not-nullable-field', 'Setting a column `NOT NULL` blocks reads while the table is scanned'],
    ['rename_column', 'renaming-column', 'Renaming a column may break existing clients'],
    ['drop_column', 'ban-drop-column', 'Dropping a column may break existing clients'],
    ['change_column_type', 'changing-column-type', 'Changing a column type requires an `ACCESS EXCLUSIVE` lock'],
    ['missing_lock_timeout', 'require-lock-timeout', 'Missing `set lock_timeout` before potentially slow'],
  ])("fails on %s with squawk's %s", (file, rule, message) => {
    const { status, output } = dbLint(`${FIXTURES}/unsafe-migrations`);
    expect(status).toBe(1);
    const line = output.split('\n').find((text) => text.includes(`/${file}.sql:`));
    expect(line).toContain(`${rule}: ${message}`);
  });

  it('excuses one rule on the one statement an exception or a squawk-ignore comment names, not its neighbour', () => {
    const { status, output } = dbLint(`${FIXTURES}/excused-migration`);
    expect(output).not.toContain('0006_index_names.sql');
    expect(output).toContain('0005_index_titles.sql:4:1: require-concurrent-index-creation');
    expect(output).not.toContain('0005_index_titles.sql:3:');
    expect(output).toContain('1 problems (1 excused in lint-exceptions.json)');
    expect(status).toBe(1);
  });

  it('fails on a journal Drizzle would misread: a "when" not after the previous one, a vague name, a file missing or left out, a down script missing', () => {
    const { status, output } = dbLint(`${FIXTURES}/bad-journal`);
    expect(status).toBe(1);
    expect(output).toContain(
      '0001_later: its journal "when" (1795637832103) is not after 0000_init\'s (1795637832103): Drizzle\'s migrator would skip it',
    );
    expect(output).toContain('0004_stuff: name it NNNN_verb_object, e.g. 0005_add_posts_slug');
    expect(output).toContain('0005_add_posts_slug: in the journal, but 0005_add_posts_slug.sql is missing');
    expect(output).toContain('9999_orphan.sql: not in meta/_journal.json, so never applied');
    expect(output).toContain('0001_later: no down script 0001_later.down.sql (db:rollback needs one)');
    expect(output).not.toContain('0000_init: no down script');
  });
});
