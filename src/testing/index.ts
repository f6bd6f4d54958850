export { createTestingApp, type SignedUpUser, type TestingApp, type TestingAppOptions } from './testing-app';
export {
  dropPostgresTemplate,
  isolatedDatabase,
  pgliteSnapshot,
  postgresTemplate,
  postgresUrlFromEnv,
  type IsolatedDatabase,
} from './isolated-database';
