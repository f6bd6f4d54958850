import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateWithPg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { join } from 'node:path';
import type { Client } from 'pg';

// Resolved from this file, not process.cwd(): src/infra/database and dist/infra/database both
// sit three levels below the package root, also when installed inside a host app.
export const MIGRATIONS_FOLDER = join(__dirname, '..', '..', '..', 'migrations');

// Arbitrary, fixed key: instances starting together take turns migrating.
const MIGRATION_LOCK_KEY = 7_160_110_335;

/** Applies the pending migrations on `client`, a connection of their own, then closes it. */
export async function migratePostgres(client: Client): Promise<void> {
  client.on('error', () => undefined); // a dropped connection fails the query below instead
  await client.connect();
  try {
    // The lock is the connection's: it goes with the connection, however this ends.
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrateWithPg(drizzlePg({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}

export async function migratePglite(db: PgliteDatabase<Record<string, unknown>>): Promise<void> {
  // Loaded on demand (see openPglite), with require() to stay on Drizzle's CommonJS build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { migrate: migrateWithPglite } = require('drizzle-orm/pglite/migrator') as typeof import('drizzle-orm/pglite/migrator');
  await migrateWithPglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
