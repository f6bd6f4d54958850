import { postgresUrlFromEnv } from '../../src/testing';

// The suite's databases come from the testing kit, as any user's would.
export { isolatedDatabase, postgresUrlFromEnv as postgresUrl, type IsolatedDatabase } from '../../src/testing';

/** DATABASE_URL for the specs under postgres/ folders, which jest.config.js runs only on PostgreSQL. */
export function requirePostgresUrl(): string {
  const url = postgresUrlFromEnv();
  if (!url) throw new Error('This spec needs DATABASE_URL=postgres://…; jest.config.js leaves postgres/ folders out without it');
  return url;
}
