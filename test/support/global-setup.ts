import { pgliteSnapshot, postgresTemplate } from '../../src/testing';
import { postgresUrl } from './test-database';

// Prepares the migrated PGlite snapshot or PostgreSQL template once, before the
// workers start, so no test file pays for it.
export default async function globalSetup(): Promise<void> {
  const url = postgresUrl();
  if (url) await postgresTemplate(url);
  else await pgliteSnapshot();
}
