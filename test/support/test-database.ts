import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DatabaseModuleOptions } from '../../src/infra/database/database.options';
import { postgresServerFromEnv, withDatabaseName, type PostgresServer } from '../../src/testing/isolated-database';

// The suite's databases come from the testing kit, as any user's would.
export {
  isolatedDatabase,
  postgresServerFromEnv as postgresServer,
  postgresUrlFromEnv as postgresUrl,
  type IsolatedDatabase,
} from '../../src/testing';

/** The server for the specs under postgres/ folders (maybe behind a pooler), which jest.config.js runs only on PostgreSQL. */
export function requirePostgresServer(): PostgresServer {
  const server = postgresServerFromEnv();
  if (!server) throw new Error('This spec needs DATABASE_URL=postgres://…; jest.config.js leaves postgres/ folders out without it');
  return server;
}

/**
 * The PostgreSQL server itself, never a pooler in front of it (DATABASE_DIRECT_URL when the
 * suite runs behind one): for what needs a session, as migrations do.
 */
export function directPostgresUrl(): string | undefined {
  const server = postgresServerFromEnv();
  return server && (server.directUrl ?? server.url);
}

export function requireDirectPostgresUrl(): string {
  return requirePostgresServer() && directPostgresUrl()!;
}

/** The environment that points the built app or a db:* command at `options`' database. */
export function databaseEnv(options: DatabaseModuleOptions): Record<string, string> {
  if (!options.url) return { DATA_DIR: options.dataDir! };
  return {
    DATABASE_URL: options.url,
    ...(options.pooler === 'transaction' ? { DATABASE_POOLER: options.pooler, DATABASE_DIRECT_URL: options.directUrl! } : {}),
  };
}

/** A new database on `server`, empty (not migrated, unlike the kit's): for specs that migrate it themselves. */
export async function emptyPostgresDatabase(server: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: server });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  await admin(`CREATE DATABASE "${name}"`);
  return { url: withDatabaseName(server, name), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
