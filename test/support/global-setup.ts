import { pgliteSnapshot, postgresTemplate } from '../../src/testing';
import { buildApp } from './built-app';
import { directPostgresUrl } from './test-database';

// Once, before the workers start: dist/ for the tests that run the built app or
// pack it, and the migrated PGlite snapshot or PostgreSQL template.
export default async function globalSetup(): Promise<void> {
  buildApp();
  const url = directPostgresUrl();
  if (url) await postgresTemplate(url);
  else await pgliteSnapshot();
}
