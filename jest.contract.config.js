// The contract suite (`npm run test:contract`): schemathesis, a property-based tester, against
// the built app through its served OpenAPI document. It needs the team's schemathesis folder
// (test/contract/ensure-schemathesis.sh finds it), so it runs on its own, once per CI run.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- Jest reads CommonJS
const { projects, reporters } = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...projects[1],
      displayName: 'contract',
      testMatch: ['<rootDir>/test/contract/**/*.e2e-spec.ts'],
    },
  ],
  maxWorkers: 1,
  testTimeout: 30 * 60_000,
  reporters,
};
