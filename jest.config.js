const os = require('os');

/** @type {import('jest').Config} */
module.exports = {
  // test files share modules within a worker process (see the file); TypeScript loads through
  // test/jest/ts-hook.js (tsc's build/ output for lib/, esbuild for the tests)
  runner: '<rootDir>/test/jest/runner.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {},
  // Jest's default (cores - 1) runs a 2-core machine's suite in one process; two workers
  // use both cores.
  maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
  testTimeout: 60000,
};
