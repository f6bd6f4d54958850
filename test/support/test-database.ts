import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { postgresUrlFromEnv, withDatabaseName } from '../../src/testing/isolated-database';

// The suite's databases come from the testing kit, as any user's would.
export { isolatedDatabase, postgresUrlFromEnv as postgresUrl, type IsolatedDatabase } from '../../src/testing';

/** DATABASE_URL for the specs under postgres/ folders, which jest.config.js runs only on PostgreSQL. */
export function requirePostgresUrl(): string {
  const url = postgresUrlFromEnv();
  if (!url) throw new Error('This spec needs DATABASE_URL=postgres://…; jest.config.js leaves postgres/ folders out without it');
  return url;
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
