const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/jest/cpu-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // lib/schema/precompiled.ts from build/ while the build is current (see the file)
  resolver: '<rootDir>/test/jest/resolver.js',
  transform: {
    // ts-jest, except for sources that tsc has already compiled to build/ (see the file)
    '^.+\\.ts$': ['<rootDir>/test/jest/transform.js', { tsconfig: 'tsconfig.test.json' }],
  },
  // Jest's default (cores - 1) runs a 2-core machine's suite in one process; two workers
  // use both cores.
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  testTimeout: 60000,
};
