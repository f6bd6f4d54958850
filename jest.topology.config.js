// The topology suites (`npm run test:topology`): each starts scripts/topology.mjs, real
// PostgreSQL clusters, PgBouncer, Redis, HAProxy and app instances, so they run on their own,
// one at a time, once per CI run, whatever DATABASE_URL says.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest reads CommonJS
const { projects, reporters } = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...projects[0],
      displayName: 'topology',
      testMatch: ['<rootDir>/test/topology/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/topology-setup.ts',
    },
  ],
  maxWorkers: 1,
  testTimeout: 120000,
  reporters,
};
