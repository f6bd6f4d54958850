import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../infra/database/open-database';
import type { DatabaseModuleOptions } from '../infra/database/database.options';
import { MIGRATIONS_FOLDER, migratePglite } from '../infra/database/migrations';
import { DEFAULT_MIGRATIONS_TABLE } from '../infra/database/migration-records';

export interface IsolatedDatabase {
  /** Options for DatabaseModule that point at this database, already migrated. */
  options: DatabaseModuleOptions;
  drop(): Promise<void>;
}

// Snapshots and templates are keyed by the migrations, so a schema change gets fresh ones.
function migrationsHash(): string {
  const hash = createHash('sha256').update(DEFAULT_MIGRATIONS_TABLE);
  for (const file of readdirSync(MIGRATIONS_FOLDER)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

export function postgresUrlFromEnv(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** A PostgreSQL server to make test databases on, possibly behind a transaction pooler. */
export interface PostgresServer {
  /** What the app's requests connect to: the server, or a pooler in front of it. */
  url: string;
  /** The server itself, when `url` is a pooler: test databases are made and migrated there. */
  directUrl?: string;
  pooler?: 'none' | 'transaction';
}

/** DATABASE_URL, with DATABASE_DIRECT_URL and DATABASE_POOLER when the suite runs behind a pooler. */
export function postgresServerFromEnv(): PostgresServer | undefined {
  const url = postgresUrlFromEnv();
  if (!url) return undefined;
  const pooler = process.env.DATABASE_POOLER === 'transaction' ? 'transaction' : undefined;
  return pooler ? { url, directUrl: process.env.DATABASE_DIRECT_URL || undefined, pooler } : { url };
}

function asServer(server: string | PostgresServer): PostgresServer {
  return typeof server === 'string' ? { url: server } : server;
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A database of its own, migrated: in-memory PGlite loaded from a migrated
 * snapshot (made once, then cached in the temp folder), or, when a server is
 * given (a URL, or a pooler and the server behind it), a PostgreSQL database
 * cloned from a migrated template.
 */
export async function isolatedDatabase(server: string | PostgresServer | undefined = postgresServerFromEnv()): Promise<IsolatedDatabase> {
  if (!server) {
    return { options: { url: 'memory://', pgliteSnapshot: await pgliteSnapshot(), migrate: false }, drop: async () => undefined };
  }
  const { url, directUrl, pooler } = asServer(server);
  // Templates and CREATE DATABASE need a session: on the server itself.
  const admin = directUrl ?? url;
  const template = await postgresTemplate(admin);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const behindPooler = pooler === 'transaction' ? { pooler, directUrl: withDatabaseName(admin, name) } : {};
  return {
    options: { url: withDatabaseName(url, name), ...behindPooler, poolSize: 5, migrate: false },
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A migrated PGlite data dir: a new PGlite costs seconds, loading a dump a fraction of that. */
export async function pgliteSnapshot(): Promise<Blob> {
  return cachedPgliteDump(`pglite-${migrationsHash()}.tar`, (client) => migratePglite(drizzle({ client })));
}

/**
 * The data dir of a new in-memory PGlite after `prepare`, dumped once into the temp folder as
 * `name` and read from there afterwards (not exported by the package: the suite's own cache).
 */
export async function cachedPgliteDump(name: string, prepare: (client: PGlite) => Promise<unknown>): Promise<Blob> {
  const folder = join(tmpdir(), 'posts-api-testing');
  const file = join(folder, name);
  if (!existsSync(file)) {
    // Created, not constructed: a dump asked for before PGlite is ready never settles.
    const client = await PGlite.create();
    await prepare(client);
    const dump = await client.dumpDataDir('none');
    await client.close();
    mkdirSync(folder, { recursive: true });
    // Written aside, then renamed: parallel workers never read a half-written file.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
  }
  return new Blob([readFileSync(file)]);
}

/** The migrated template database for the current migrations, made once per server. */
export async function postgresTemplate(postgresUrl: string): Promise<string> {
  const template = `posts_template_${migrationsHash()}`;
  const client = new Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    // Workers starting together: one builds the template, the others wait for it.
    await client.query('select pg_advisory_lock(hashtext($1))', [template]);
    const exists = await client.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const connection = await openDatabase({ url: withDatabaseName(postgresUrl, building), poolSize: 2 });
      await connection.close();
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
    }
    return template;
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [template]).catch(() => undefined);
    await client.end();
  }
}

export async function dropPostgresTemplate(postgresUrl: string): Promise<void> {
  await adminQuery(postgresUrl, `DROP DATABASE IF EXISTS "posts_template_${migrationsHash()}" WITH (FORCE)`);
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
