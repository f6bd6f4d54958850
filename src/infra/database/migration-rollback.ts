import { sql } from 'drizzle-orm';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationStatus } from './migration-status';
import { MIGRATIONS_FOLDER, ourMigrations } from './migrations';
import { type AnyPgDatabase, forgetMigration, type MigrationFile, type MigrationRecord, readMigrationRecords } from './migration-records';

/** Which migrations to undo: the newest applied one, all of them, or every one after `to` (a tag or its number). */
export type RollbackTarget = 'last' | 'all' | { to: string };

export interface RollbackStep {
  tag: string;
  hash: string;
  /** The down script, split where drizzle-kit splits up scripts (`--> statement-breakpoint`). */
  statements: string[];
}

export interface RollbackReport {
  /** Tags undone, newest first. */
  rolledBack: string[];
  /** The newest migration still applied, if any. */
  current?: string;
}

/** Refused before anything changed. */
export class RollbackRefused extends Error {}

/** The down script next to `tag`.sql, undefined when there is none. */
export function readDownScript(tag: string, folder = MIGRATIONS_FOLDER): string | undefined {
  const path = join(folder, `${tag}.down.sql`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The steps to take, newest first, or RollbackRefused when the database or a down script is not what it needs. */
export function planRollback(
  files: MigrationFile[],
  records: MigrationRecord[],
  target: RollbackTarget,
  readDown: (tag: string) => string | undefined = readDownScript,
): RollbackStep[] {
  const status = migrationStatus(files, records);
  if (status.unknown.length > 0) {
    throw new RollbackRefused(
      `The database has ${status.unknown.length} migrations this release does not ship: roll them back with the release that applied them first`,
    );
  }
  const odd = status.migrations.filter((m) => m.state === 'changed' || m.state === 'skipped').map((m) => m.tag);
  if (odd.length > 0) {
    throw new RollbackRefused(
      `The database and migrations/ disagree on ${odd.join(', ')} (npm run db:status shows how): nothing rolled back`,
    );
  }
  const applied = files.filter((_, index) => status.migrations[index].state === 'applied');
  const keep = keptCount(files, applied, target);
  const undo = applied.slice(keep).reverse();
  const missing = undo.filter((file) => readDown(file.tag) === undefined).map((file) => `${file.tag}.down.sql`);
  if (missing.length > 0) throw new RollbackRefused(`No down script ${missing.join(', ')} in migrations/: nothing rolled back`);
  return undo.map((file) => ({ tag: file.tag, hash: file.hash, statements: statementsOf(readDown(file.tag)!) }));
}

// How many of the applied migrations (oldest first) stay applied.
function keptCount(files: MigrationFile[], applied: MigrationFile[], target: RollbackTarget): number {
  if (target === 'all') return 0;
  if (target === 'last') return Math.max(0, applied.length - 1);
  const index = files.findIndex((file) => file.tag === target.to || file.tag.startsWith(`${target.to}_`));
  if (index === -1) throw new RollbackRefused(`No migration ${target.to} in migrations/ (give a tag or its number, e.g. 0002)`);
  return applied.filter((file) => files.indexOf(file) <= index).length;
}

function statementsOf(script: string): string[] {
  return script
    .split('--> statement-breakpoint')
    .map((statement) => statement.trim())
    .filter((statement) => statement.replace(/^--.*$/gm, '').trim() !== '');
}

/** Applies the down scripts newest first, each in one transaction with the removal of its record. */
export async function rollbackMigrations(db: AnyPgDatabase, table: string, target: RollbackTarget): Promise<RollbackReport> {
  const files = ourMigrations();
  const steps = planRollback(files, await readMigrationRecords(db, table), target);
  const done: string[] = [];
  for (const step of steps) {
    try {
      await db.transaction(async (tx) => {
        for (const statement of step.statements) await tx.execute(sql.raw(statement));
        await forgetMigration(tx as unknown as AnyPgDatabase, table, step.hash);
      });
    } catch (error) {
      const before = done.length > 0 ? `rolled back ${done.join(', ')}; ` : '';
      throw new Error(`Rollback stopped: ${before}${step.tag} failed and is still applied`, { cause: error });
    }
    done.push(step.tag);
  }
  const remaining = new Set((await readMigrationRecords(db, table)).map((record) => record.hash));
  return { rolledBack: done, current: files.filter((file) => remaining.has(file.hash)).at(-1)?.tag };
}
