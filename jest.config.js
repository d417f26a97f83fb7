module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['@swc/jest'],
  },
  // Synthesizes the example stages once (or reads them from the cache) before any worker starts.
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  // Jest's default (cores - 1) is a single worker on the 2-core machines we run on.
  maxWorkers: 2,
};
