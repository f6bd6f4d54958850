// The suite's databases come from the testing kit, as any user's would.
export { isolatedDatabase, postgresUrlFromEnv as postgresUrl, type IsolatedDatabase } from '../../src/testing';
