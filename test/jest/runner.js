'use strict';
/*
 * Jest test runner that shares modules across test files (jest.config.js `runner`).
 * Jest's default runner gives every test file a fresh module registry in a fresh vm
 * context, so every file loaded lib/, cdk8s, constructs, yaml and the imports/ classes again
 * (about 0.35 s CPU per file) and ran them with a cold JIT. This runner starts
 * `maxWorkers` child processes (jest-worker) and each runs test files one after another
 * with Node's own require (test/jest/worker.js): a module loads once per worker.
 * Tests are still collected and run by jest-circus with Jest's expect, and results are
 * Jest's TestResult, so reporters, --json, -t and file patterns work as before.
 * Not available: jest.mock and the other module-registry functions, fake timers, snapshots'
 * obsolete check, coverage. The approach follows jest-light-runner (MIT, Nicolò Ribaudo).
 */
const fs = require('fs');
const path = require('path');
const { Worker } = require('jest-worker');

/**
 * The tests' temporary directory (TMPDIR): a fresh one under /dev/shm (tmpfs) where there is
 * one, removed after the run. The tests write and delete thousands of small files (outputs,
 * PKI copies, staged trees); on this machine's ext4 (mounted with `discard`) deleting and
 * fsyncing them cost about 15 % of the suite's CPU. MESHGEN_TEST_TMPDIR=<dir> chooses another
 * parent; with no /dev/shm the system's temporary directory is used as before.
 */
function testTmpdir() {
  const parent = process.env.MESHGEN_TEST_TMPDIR || '/dev/shm';
  try {
    fs.accessSync(parent, fs.constants.W_OK);
    return fs.mkdtempSync(path.join(parent, 'meshgen-test-'));
  } catch {
    return undefined;
  }
}

class SharedModulesRunner {
  constructor(globalConfig) {
    this.globalConfig = globalConfig;
    this.isSerial = false;
  }

  async runTests(tests, watcher, onStart, onResult, onFailure) {
    const workers = Math.max(1, Math.min(this.globalConfig.maxWorkers, tests.length));
    const tmpdir = testTmpdir();
    const env = tmpdir ? { ...process.env, TMPDIR: tmpdir } : process.env;
    const worker = new Worker(path.join(__dirname, 'worker.js'), {
      numWorkers: workers,
      exposedMethods: ['run'],
      enableWorkerThreads: false,
      maxRetries: 0,
      // a larger young generation: the tests allocate much short-lived data (rendered
      // objects, YAML); fewer scavenges measured 2-3 s less CPU over the suite
      forkOptions: { stdio: 'pipe', execArgv: ['--enable-source-maps', '--max-semi-space-size=64'], env },
    });
    // the tests' own console output, as Jest's runner passes it through
    worker.getStdout().pipe(process.stdout);
    worker.getStderr().pipe(process.stderr);

    const queue = [...tests];
    const next = async () => {
      for (let test = queue.shift(); test; test = queue.shift()) {
        if (watcher.isInterrupted()) return;
        await onStart(test);
        try {
          const result = await worker.run({ testPath: test.path, config: test.context.config, globalConfig: this.globalConfig });
          await onResult(test, result);
        } catch (error) {
          await onFailure(test, { message: error.message, stack: error.stack });
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: workers }, next));
    } finally {
      const { forceExited } = await worker.end();
      if (tmpdir) fs.rmSync(tmpdir, { recursive: true, force: true });
      if (forceExited) {
        // as Jest's own runner says it: a test left a timer, socket or child process running
        process.stderr.write('A worker process has failed to exit gracefully and has been force exited. A test left a handle open (a server, socket, timer or child process): find it with `npx jest --detectOpenHandles -i <files>` under the default runner, or by halving the files.\n');
      }
    }
  }
}

module.exports = SharedModulesRunner;
