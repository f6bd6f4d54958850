/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testRegex: '\\.e2e-spec\\.ts$',
  transform: {
    // TypeScript with Nest's decorators and their metadata (what tsc's emitDecoratorMetadata gives).
    '^.+\\.(t|j|mj|cj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // These dependencies ship ECMAScript modules only: jest must compile them too.
  transformIgnorePatterns: [
    '/node_modules/(?!(nest-drizzle-posts|better-auth|@better-auth|@thallesp|better-call|jose|nanostores|@noble|rou3|@electric-sql|@fastify/static|content-disposition)/)',
  ],
  testTimeout: 30_000,
};
