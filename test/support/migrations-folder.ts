import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '../../src/infra/database/migrations';

/** Our migrations' tags, in journal order. */
export function migrationTags(): string[] {
  return journal().entries.map((entry) => entry.tag);
}

/**
 * migrations/ as a release that ended at `count` migrations shipped it: the first `count`
 * files and journal entries (same contents, so Drizzle records the same hashes).
 */
export function migrationsFolderOf(count: number): string {
  const folder = mkdtempSync(join(tmpdir(), 'migrations-'));
  mkdirSync(join(folder, 'meta'));
  const shipped = journal();
  shipped.entries = shipped.entries.slice(0, count);
  writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(shipped));
  for (const { tag } of shipped.entries) copyFileSync(join(MIGRATIONS_FOLDER, `${tag}.sql`), join(folder, `${tag}.sql`));
  return folder;
}

function journal(): { entries: { tag: string }[] } {
  return JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
}

/** Adds migration `tag` holding `sql` to `folder` (one from migrationsFolderOf), after its last one. */
export function addMigration(folder: string, tag: string, sql: string): void {
  const path = join(folder, 'meta', '_journal.json');
  const shipped = JSON.parse(readFileSync(path, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };
  const last = shipped.entries.at(-1)!;
  shipped.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
  writeFileSync(path, JSON.stringify(shipped));
  writeFileSync(join(folder, `${tag}.sql`), sql);
}
