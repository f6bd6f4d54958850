import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORIES, snapshotOf } from './sql-snapshots';

const QUERIES = join(__dirname, '..', '..', 'queries');

describe('SQL snapshots in queries/', () => {
  it.each(Object.entries(REPOSITORIES))('%s.sql holds the SQL the repository sends', async (name, repository) => {
    const file = join(QUERIES, `${name}.sql`);
    const generated = await snapshotOf(repository);
    if (process.env.UPDATE_SQL === '1') writeFileSync(file, generated);
    // Fails when a repository's SQL changed without `npm run sql:generate`.
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
});
