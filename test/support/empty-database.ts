import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePgliteWith } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePgWith } from 'drizzle-orm/node-postgres/migrator';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import type { DatabaseModuleOptions } from '../../src/infra/database/database.options';
import type { AnyPgDatabase } from '../../src/infra/database/migration-records';
import { applyMigrations } from '../../src/infra/database/migrations';
import { cachedPgliteDump } from '../../src/testing/isolated-database';
import { emptyPostgresDatabase, directPostgresUrl } from './test-database';

const asAny = (db: unknown) => db as AnyPgDatabase;

export type Query = (statement: string) => Promise<Record<string, unknown>[]>;

/** An empty database, reached the way its driver allows: PGlite in a folder, or a fresh PostgreSQL database. */
export interface EmptyDatabase {
  options: DatabaseModuleOptions;
  /**
   * Runs Drizzle's migrator on `folder`: by default recording in drizzle.__drizzle_migrations, as
   * a host's drizzle-kit or our 0.1 release does; given `table`, in drizzle.<table>.
   */
  drizzleMigrate(folder: string, table?: string): Promise<void>;
  /** Runs our migrator (as a start does, without the lock) on `folder`, recording in drizzle.<table>. */
  migrate(folder: string, table: string): Promise<void>;
  query: Query;
  /** Runs `work` with one connection for all its queries (on PGlite each `query` opens the folder anew). */
  session<T>(work: (query: Query) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

const migratorConfig = (folder: string, table?: string) => ({
  migrationsFolder: folder,
  ...(table && { migrationsTable: table, migrationsSchema: 'drizzle' }),
});

/**
 * A fresh cluster's data dir, dumped once and cached in the temp folder: loading it takes a
 * fraction of the seconds PGlite's own initdb takes in every new folder.
 */
function emptyPgliteDump(): Promise<Blob> {
  // Keyed by PGlite's version (its package.json is not exported: found beside its entry point).
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return cachedPgliteDump(`pglite-empty-${version}.tar`, async () => undefined);
}

async function pgliteDatabase(): Promise<EmptyDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'posts-migrations-'));
  await (await PGlite.create({ dataDir, loadDataDir: await emptyPgliteDump() })).close();
  // One PGlite at a time on the folder: each step opens and closes its own.
  const withClient = async <T>(work: (client: PGlite) => Promise<T>): Promise<T> => {
    const client = new PGlite(dataDir);
    try {
      return await work(client);
    } finally {
      await client.close();
    }
  };
  return {
    options: { dataDir },
    drizzleMigrate: (folder, table) => withClient((client) => migratePgliteWith(drizzlePglite({ client }), migratorConfig(folder, table))),
    migrate: (folder, table) =>
      withClient(async (client) => void (await applyMigrations(asAny(drizzlePglite({ client })), table, undefined, folder))),
    query: (statement) => withClient((client) => pgliteQuery(client)(statement)),
    session: (work) => withClient((client) => work(pgliteQuery(client))),
    drop: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

const pgliteQuery =
  (client: PGlite): Query =>
  async (statement) =>
    ((await client.exec(statement)).at(-1)?.rows ?? []) as Record<string, unknown>[];
const postgresQuery =
  (client: Client): Query =>
  async (statement) =>
    (await client.query<Record<string, unknown>>(statement)).rows;

async function postgresDatabase(server: string): Promise<EmptyDatabase> {
  const { url, drop } = await emptyPostgresDatabase(server, 'migrations');
  const withClient = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    options: { url, poolSize: 2 },
    drizzleMigrate: (folder, table) => withClient((client) => migratePgWith(drizzlePg({ client }), migratorConfig(folder, table))),
    migrate: (folder, table) =>
      withClient(async (client) => void (await applyMigrations(asAny(drizzlePg({ client })), table, undefined, folder))),
    query: (statement) => withClient((client) => postgresQuery(client)(statement)),
    session: (work) => withClient((client) => work(postgresQuery(client))),
    drop,
  };
}

// Migrations need a session: on the server itself, never through a pooler.
const server = directPostgresUrl();

/** An empty database on PostgreSQL when DATABASE_URL is postgres://, else PGlite in a temporary folder. */
export const emptyDatabase = Object.assign(() => (server ? postgresDatabase(server) : pgliteDatabase()), {
  driver: server ? 'PostgreSQL' : 'PGlite',
});
