import { type MigrationConfig, type MigrationMeta, readMigrationFiles } from 'drizzle-orm/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  adoptLegacyRecords,
  type AnyPgDatabase,
  appliedHashes,
  assertMigrationsTableName,
  DEFAULT_MIGRATIONS_TABLE,
  LEGACY_MIGRATIONS_TABLE,
  type MigrationFile,
  MIGRATIONS_SCHEMA,
  readMigrationRecords,
  recordMigration,
} from './migration-records';
import { applyOutsideTransaction, runsOutsideTransaction } from './outside-transaction';

// Resolved from this file, not process.cwd(): src/infra/database and dist/infra/database both
// sit three levels below the package root, also when installed inside a host app.
export const MIGRATIONS_FOLDER = join(__dirname, '..', '..', '..', 'migrations');

export interface MigrationReport {
  /** Tags (e.g. `0004_add_users_profile_checks`) of the migrations this run applied. */
  applied: string[];
  /** Migrations in `migrations/`, all applied now. */
  total: number;
  /** Records moved from `drizzle.__drizzle_migrations`, where releases up to 0.1 kept them. */
  adopted: number;
  /** The table (in schema `drizzle`) that records them. */
  table: string;
  /** Recorded migrations this release does not ship: a newer release applied them (a rolling deploy). */
  newer: number;
}

/** Runs before pending migrations are applied (e.g. a backup), with the tags of the newest applied and of the pending ones. */
export type BeforeMigrating = (context: { db: AnyPgDatabase; current?: string; pending: string[] }) => Promise<void>;

export async function migratePglite(
  db: PgliteDatabase<Record<string, unknown>>,
  table = DEFAULT_MIGRATIONS_TABLE,
  beforeMigrating?: BeforeMigrating,
): Promise<MigrationReport> {
  return applyMigrations(db as unknown as AnyPgDatabase, table, beforeMigrating);
}

/**
 * Drizzle's migrator, in our own table, with what it lacks around it: records left in the
 * shared table by earlier releases are moved first, a migration marked to run outside a
 * transaction runs on its own between Drizzle's runs, and a migration Drizzle skipped (it
 * skips any whose journal `when` is not newer than the last applied one) fails the start.
 */
export async function applyMigrations(
  db: AnyPgDatabase,
  table: string,
  beforeMigrating?: BeforeMigrating,
  folder = MIGRATIONS_FOLDER,
): Promise<MigrationReport> {
  assertMigrationsTableName(table);
  // Read (and hashed) once: the steps below run these same files.
  const files = shippedMigrations(folder);
  const adopted = table === LEGACY_MIGRATIONS_TABLE ? 0 : await adoptLegacyRecords(db, table, files);
  const before = await appliedHashes(db, table);
  const pending = files.filter((file) => !before.has(file.hash)).map((file) => file.tag);
  if (beforeMigrating && pending.length > 0) {
    await beforeMigrating({ db, current: files.filter((file) => before.has(file.hash)).at(-1)?.tag, pending });
  }
  await migrateInSteps(db, table, before, files);
  const after = await appliedHashes(db, table);

  const recorded = new Set(after.values());
  const missing = files.filter((file) => !after.has(file.hash));
  if (missing.length > 0) {
    const reasons = missing.map((file) =>
      recorded.has(file.when)
        ? `${file.tag} (changed since it was applied: its hash is not the recorded one)`
        : `${file.tag} (skipped by Drizzle: its journal "when" is not newer than the last applied migration's)`,
    );
    throw new Error(`Migrations not applied: ${reasons.join(', ')}. The schema is not the one this release needs.`);
  }
  const shipped = new Set(files.flatMap((file) => [file.hash, file.when]));
  const newer = [...after].filter(([hash, when]) => !shipped.has(hash) && !shipped.has(when)).length;
  return { applied: pending, total: files.length, adopted, table, newer };
}

/** The migrations this release ships (or `folder` holds: tests), in journal order. */
export function ourMigrations(folder = MIGRATIONS_FOLDER): MigrationFile[] {
  return shippedMigrations(folder).map(({ tag, hash, when }) => ({ tag, hash, when }));
}

interface ShippedMigration extends MigrationFile {
  /** What Drizzle's migrator reads: the statements, hash and `when`. */
  meta: MigrationMeta;
}

function shippedMigrations(folder: string): ShippedMigration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  // Drizzle reads the files in journal order; its hash is the one it records.
  return readMigrationFiles({ migrationsFolder: folder }).map((meta, index) => ({
    tag: journal.entries[index].tag,
    hash: meta.hash,
    when: meta.folderMillis,
    meta,
  }));
}

// Drizzle's migrator applies every pending file in one transaction, where CREATE INDEX
// CONCURRENTLY cannot run: it is given the files up to each such migration, which then runs on its own.
async function migrateInSteps(db: AnyPgDatabase, table: string, applied: Map<string, number>, shipped: ShippedMigration[]): Promise<void> {
  for (const [index, migration] of shipped.entries()) {
    if (applied.has(migration.hash) || !runsOutsideTransaction(migration.meta.sql)) continue;
    await drizzleMigrate(db, table, shipped.slice(0, index));
    // As Drizzle would: a migration older than the newest record is left (and reported as skipped).
    const newest = Math.max(0, ...(await readMigrationRecords(db, table)).map((record) => record.when));
    if (migration.when <= newest) continue;
    await applyOutsideTransaction(db, migration.tag, migration.meta.sql, () => recordMigration(db, table, migration));
  }
  await drizzleMigrate(db, table, shipped);
}

// What drizzle-orm/<driver>/migrator's migrate() does (the same one line for every driver), on the given files.
async function drizzleMigrate(db: AnyPgDatabase, table: string, migrations: ShippedMigration[]): Promise<void> {
  const { dialect, session } = db as unknown as DrizzleInternals;
  const config: MigrationConfig = { migrationsFolder: MIGRATIONS_FOLDER, migrationsTable: table, migrationsSchema: MIGRATIONS_SCHEMA };
  await dialect.migrate(
    migrations.map((migration) => migration.meta),
    session,
    config,
  );
}

interface DrizzleInternals {
  dialect: { migrate(migrations: MigrationMeta[], session: unknown, config: MigrationConfig): Promise<void> };
  session: unknown;
}
