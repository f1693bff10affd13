/** Unit tests (pure modules) and integration tests (real Temporal + PostgreSQL) share one run. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  // jose is ESM-only; Jest on Node 20 needs it transformed like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(jose|oauth4webapi)/)'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
