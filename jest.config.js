/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // ts-jest, except for sources that tsc has already compiled to build/ (see the file)
    '^.+\\.ts$': ['<rootDir>/test/jest/transform.js', { tsconfig: 'tsconfig.test.json' }],
  },
  testTimeout: 60000,
};
