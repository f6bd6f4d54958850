// One jest project per kind of test, so each can run alone (`npm run test:<kind>`).
const ON_POSTGRES = (process.env.DATABASE_URL ?? '').startsWith('postgres');

// Shared by every project: swc compiles TypeScript and the ESM-only dependencies.
const base = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j|mj|cj)s$': ['@swc/jest'] },
  transformIgnorePatterns: [
    '/node_modules/(?!(better-auth|@better-auth|@thallesp|better-call|jose|nanostores|@noble|rou3|@electric-sql|@fastify/static|content-disposition)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironmentOptions: { globalsCleanup: 'off' },
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/host-app/'],
};

// The e2e projects build dist/ and prepare the database once; specs under postgres/ folders
// need a PostgreSQL server, so the PGlite pass leaves them out.
const e2e = (name) => ({
  ...base,
  displayName: name,
  testMatch: [`<rootDir>/test/${name}/**/*.e2e-spec.ts`],
  testPathIgnorePatterns: [...base.testPathIgnorePatterns, ...(ON_POSTGRES ? [] : ['<rootDir>/test/[^/]+/postgres/'])],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
});

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/sql/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'],
    },
    e2e('api'),
    e2e('ops'),
    e2e('package'),
    e2e('perf'),
  ],
  testTimeout: 60000,
  // Two cores: jest's default (cores - 1) runs every file in one process, whose heap grows past
  // 4 GB of PGlite and Nest modules and slows everything after; two workers, each replaced once
  // it holds more than 1.5 GB between files.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1.5GB',
  reporters: ['default', '<rootDir>/test/support/timing-reporter.js'],
};
