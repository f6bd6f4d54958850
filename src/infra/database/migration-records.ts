import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import type { RowsResultHKT } from './database.constants';

// The table recording which of our migrations ran: Drizzle's shape (id, hash, created_at = the journal's `when`).

/** Our own record of applied migrations: a host's drizzle-kit keeps `drizzle.__drizzle_migrations`. */
export const DEFAULT_MIGRATIONS_TABLE = '__posts_api_migrations';
export const MIGRATIONS_SCHEMA = 'drizzle';
// Where releases up to 0.1 recorded ours, shared with the host's own migrations.
export const LEGACY_MIGRATIONS_TABLE = '__drizzle_migrations';

export type AnyPgDatabase = PgDatabase<RowsResultHKT, Record<string, unknown>>;

export function assertMigrationsTableName(table: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table)) {
    throw new Error(`migrationsTable must be a plain SQL identifier (letters, digits, _), got ${JSON.stringify(table)}`);
  }
}

export interface MigrationFile {
  tag: string;
  hash: string;
  /** The journal's `when`, which Drizzle records as `created_at`. */
  when: number;
}

/** Records a migration as Drizzle's migrator does: its hash and its journal `when`. */
export async function recordMigration(db: AnyPgDatabase, table: string, migration: MigrationFile): Promise<void> {
  await db.execute(sql`insert into ${qualified(table)} (hash, created_at) values (${migration.hash}, ${migration.when})`);
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
export async function appliedHashes(db: AnyPgDatabase, table: string): Promise<Map<string, number>> {
  return new Map((await readMigrationRecords(db, table)).map((record) => [record.hash, record.when]));
}

// Moves our records (matched by hash) out of the table the host's drizzle-kit uses, in one transaction.
export async function adoptLegacyRecords(db: AnyPgDatabase, table: string, files: MigrationFile[]): Promise<number> {
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
