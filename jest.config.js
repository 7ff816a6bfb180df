import process from 'node:process';

/** Jest in ESM mode: several runtime dependencies ship ESM only. @swc/jest strips types fast;
 * `make typecheck` is the type gate. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript' },
          target: 'es2023',
          experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false },
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Generous: test files start real databases, and CI machines are shared.
  testTimeout: 60_000,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  // Browser tests need Chromium (`make test-browser` installs it and sets BROWSER_TESTS); the
  // fault suite runs real servers through outages (`make test-faults` sets FAULT_TESTS).
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.BROWSER_TESTS ? [] : ['/tests/browser/']),
    ...(process.env.FAULT_TESTS ? [] : ['/tests/faults/']),
  ],
  // The totals reporter writes only when TEST_TOTALS_FILE is set (CI's closing line).
  reporters: ['default', '<rootDir>/tests/support/totals-reporter.js'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
};
