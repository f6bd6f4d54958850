import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from './migrations';
import * as schema from './schema';

interface Journal {
  entries: { idx: number; tag: string }[];
}

function latestSnapshot() {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;
  const last = journal.entries.at(-1)!;
  const file = join(MIGRATIONS_FOLDER, 'meta', `${String(last.idx).padStart(4, '0')}_snapshot.json`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('schema and migrations', () => {
  // Fails when src/infra/database/schema changed without `npm run db:generate`.
  it('the committed migrations produce exactly the schema in src/infra/database/schema', async () => {
    const committed = latestSnapshot();
    const current = generateDrizzleJson(schema, committed.id);
    const pending = await generateMigration(committed, current);
    expect(pending).toEqual([]);
  });
});
