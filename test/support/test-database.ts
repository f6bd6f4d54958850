import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import type { DatabaseModuleOptions } from '../../src/database/database.options';

// Set by global-setup.ts: a migrated PGlite data dir, or a migrated template database.
export const SNAPSHOT_ENV = 'TEST_PGLITE_SNAPSHOT';
export const TEMPLATE_ENV = 'TEST_PG_TEMPLATE';

export interface IsolatedDatabase {
  options: DatabaseModuleOptions;
  drop(): Promise<void>;
}

export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * A database of its own for one test file: in-memory PGlite loaded from the
 * migrated snapshot, or on PostgreSQL a database cloned from the migrated template.
 */
export async function isolatedDatabase(): Promise<IsolatedDatabase> {
  const url = postgresUrl();
  if (!url) {
    const snapshot = process.env[SNAPSHOT_ENV];
    if (!snapshot) throw new Error(`${SNAPSHOT_ENV} is not set: run the e2e tests through jest (global-setup.ts)`);
    return {
      options: { url: 'memory://', pgliteSnapshot: new Blob([readFileSync(snapshot)]), migrate: false },
      drop: async () => undefined,
    };
  }
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run the e2e tests through jest (global-setup.ts)`);
  const name = `posts_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return {
    options: { url: withDatabase(url, name), poolSize: 5, migrate: false },
    drop: () => adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
