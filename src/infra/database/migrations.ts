import { sql, type SQL } from 'drizzle-orm';
import { readMigrationFiles, type MigrationConfig } from 'drizzle-orm/migrator';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RowsResultHKT } from './database.constants';

// Resolved from this file, not process.cwd(): src/infra/database and dist/infra/database both
// sit three levels below the package root, also when installed inside a host app.
export const MIGRATIONS_FOLDER = join(__dirname, '..', '..', '..', 'migrations');

/** Our own record of applied migrations: a host's drizzle-kit keeps `drizzle.__drizzle_migrations`. */
export const DEFAULT_MIGRATIONS_TABLE = '__posts_api_migrations';
export const MIGRATIONS_SCHEMA = 'drizzle';
// Where releases up to 0.1 recorded ours, shared with the host's own migrations.
export const LEGACY_MIGRATIONS_TABLE = '__drizzle_migrations';

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

export type AnyPgDatabase = PgDatabase<RowsResultHKT, Record<string, unknown>>;

/** Runs before pending migrations are applied (e.g. a backup), with the tags of the newest applied and of the pending ones. */
export type BeforeMigrating = (context: { db: AnyPgDatabase; current?: string; pending: string[] }) => Promise<void>;
export type Migrate = (config: MigrationConfig) => Promise<void>;

export function assertMigrationsTableName(table: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new Error(`migrationsTable must be a plain SQL identifier (letters, digits, _), got ${JSON.stringify(table)}`);
  }
}

export async function migratePglite(
  db: PgliteDatabase<Record<string, unknown>>,
  table = DEFAULT_MIGRATIONS_TABLE,
  beforeMigrating?: BeforeMigrating,
): Promise<MigrationReport> {
  // Loaded on demand (see openPglite), with require() to stay on Drizzle's CommonJS build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migrate: migrateWithPglite } = require('drizzle-orm/pglite/migrator') as typeof import('drizzle-orm/pglite/migrator');
  return applyMigrations(db as unknown as AnyPgDatabase, (config) => migrateWithPglite(db, config), table, beforeMigrating);
}

/**
 * Drizzle's migrator, in our own table, with what it lacks around it: records left in the
 * shared table by earlier releases are moved first, and a migration it skipped (it skips
 * any whose journal `when` is not newer than the last applied one) fails the start.
 */
export async function applyMigrations(
  db: AnyPgDatabase,
  migrate: Migrate,
  table: string,
  beforeMigrating?: BeforeMigrating,
): Promise<MigrationReport> {
  assertMigrationsTableName(table);
  const files = ourMigrations();
  const adopted = table === LEGACY_MIGRATIONS_TABLE ? 0 : await adoptLegacyRecords(db, table, files);
  const before = await appliedHashes(db, table);
  const pending = files.filter((file) => !before.has(file.hash)).map((file) => file.tag);
  if (beforeMigrating && pending.length > 0) {
    await beforeMigrating({ db, current: files.filter((file) => before.has(file.hash)).at(-1)?.tag, pending });
  }
  await migrate({ migrationsFolder: MIGRATIONS_FOLDER, migrationsTable: table, migrationsSchema: MIGRATIONS_SCHEMA });
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
  return { applied: files.filter((file) => !before.has(file.hash)).map((file) => file.tag), total: files.length, adopted, table, newer };
}

export interface MigrationFile {
  tag: string;
  hash: string;
  /** The journal's `when`, which Drizzle records as `created_at`. */
  when: number;
}

/** The migrations this release ships, in journal order. */
export function ourMigrations(): MigrationFile[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  // Drizzle reads the files in journal order; its hash is the one it records.
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).map((file, index) => ({
    tag: journal.entries[index].tag,
    hash: file.hash,
    when: file.folderMillis,
  }));
}

/** A recorded migration: Drizzle keeps its hash and its journal `when` (as `created_at`), not when it ran. */
export interface MigrationRecord {
  hash: string;
  when: number;
}

/** The records in `drizzle.<table>`, none when it does not exist yet. */
export async function readMigrationRecords(db: AnyPgDatabase, table: string): Promise<MigrationRecord[]> {
  assertMigrationsTableName(table);
  if (!(await tableExists(db, table))) return [];
  const { rows } = await db.execute<{ hash: string; created_at: string }>(
    sql`select hash, created_at from ${qualified(table)} order by id`,
  );
  return rows.map((row) => ({ hash: row.hash, when: Number(row.created_at) }));
}

/** Removes a migration's record, in the caller's transaction: db:rollback undid it. */
export async function forgetMigration(db: AnyPgDatabase, table: string, hash: string): Promise<void> {
  assertMigrationsTableName(table);
  await db.execute(sql`delete from ${qualified(table)} where hash = ${hash}`);
}

/** Recorded hashes, each with its `when`. */
async function appliedHashes(db: AnyPgDatabase, table: string): Promise<Map<string, number>> {
  return new Map((await readMigrationRecords(db, table)).map((record) => [record.hash, record.when]));
}

// Moves our records (matched by hash) out of the table the host's drizzle-kit uses, in one transaction.
async function adoptLegacyRecords(db: AnyPgDatabase, table: string, files: MigrationFile[]): Promise<number> {
  if (!(await tableExists(db, LEGACY_MIGRATIONS_TABLE))) return 0;
  const ours = sql.join(
    files.map((file) => sql`${file.hash}`),
    sql`, `,
  );
  return db.transaction(async (tx) => {
    const { rows } = await tx.execute<{ n: number }>(
      sql`select count(*)::int as n from ${qualified(LEGACY_MIGRATIONS_TABLE)} where hash in (${ours})`,
    );
    const count = rows[0]?.n ?? 0;
    if (count === 0) return 0;
    await tx.execute(sql`create table if not exists ${qualified(table)} (id serial primary key, hash text not null, created_at bigint)`);
    await tx.execute(
      sql`insert into ${qualified(table)} (hash, created_at)
          select l.hash, l.created_at from ${qualified(LEGACY_MIGRATIONS_TABLE)} l
          where l.hash in (${ours}) and not exists (select 1 from ${qualified(table)} o where o.hash = l.hash)
          order by l.id`,
    );
    await tx.execute(sql`delete from ${qualified(LEGACY_MIGRATIONS_TABLE)} where hash in (${ours})`);
    return count;
  });
}

async function tableExists(db: AnyPgDatabase, table: string): Promise<boolean> {
  const { rows } = await db.execute<{ exists: boolean }>(
    sql`select to_regclass(${`${MIGRATIONS_SCHEMA}.${table}`}) is not null as "exists"`,
  );
  return rows[0]?.exists === true;
}

function qualified(table: string): SQL {
  return sql`${sql.identifier(MIGRATIONS_SCHEMA)}.${sql.identifier(table)}`;
}
