export { createTestingApp, type SignedUpUser, type TestingApp, type TestingAppOptions } from './testing-app';
export {
  dropPostgresTemplate,
  isolatedDatabase,
  pgliteSnapshot,
  postgresTemplate,
  postgresServerFromEnv,
  postgresUrlFromEnv,
  type PostgresServer,
  type IsolatedDatabase,
} from './isolated-database';
