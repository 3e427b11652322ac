'use strict';
/*
 * One worker process of the shared-modules runner (test/jest/runner.js). It runs test files
 * one after another with Node's own require, so lib/, cdk8s, constructs, yaml and the
 * imports/ classes load once per worker instead of once per test file (Jest's own runner
 * gives every file a fresh module registry; loading them was about 0.35 s CPU per file).
 * Tests are still defined and run by jest-circus, with Jest's expect, so describe/test/each,
 * hooks, test timeouts, expect.assertions and the JSON results are Jest's own.
 * What the files share: modules and globals. A test file must not depend on module-level
 * state another file changes; process.env is restored and spies are restored after each file.
 * With MESHGEN_TEST_CPU=<file> set it appends one line per test file to <file>: user+sys CPU
 * milliseconds (total, this process's own, its waited-for child processes') spent loading
 * and running the file, then the file (docs/development.md, "Test suite speed").
 */
const fs = require('fs');
const path = require('path');

const CIRCUS = path.dirname(require.resolve('jest-circus'));
const circus = require('jest-circus');
const circusState = require(path.join(CIRCUS, 'state.js'));
const { getTestID } = require(path.join(CIRCUS, 'utils.js'));
const { runAndTransformResultsToJestFormat } = require(path.join(CIRCUS, 'legacy-code-todo-rewrite', 'jestAdapterInit.js'));
const { jestExpect } = require('@jest/expect');
const { ModuleMocker } = require('jest-mock');
const { register } = require('./ts-hook');

const CPU_OUT = process.env.MESHGEN_TEST_CPU;

/** CPU ms of this process and of its waited-for children (spawnSync'd tools, the CLI). */
function cpuMs() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat: fields 16 and 17 (cutime, cstime) in clock ticks (100/s on Linux)
    const f = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    children = (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    // not Linux: own CPU only
  }
  return { own: (own.user + own.system) / 1000, children };
}

let mocker;
let setUp = false;

/** Globals as Jest's circus adapter sets them, once per worker. */
function setUpWorker(config) {
  if (setUp) return;
  setUp = true;
  register();
  mocker = new ModuleMocker(globalThis);
  const jestObject = {
    fn: mocker.fn.bind(mocker),
    spyOn: mocker.spyOn.bind(mocker),
    clearAllMocks() { mocker.clearAllMocks(); return jestObject; },
    resetAllMocks() { mocker.resetAllMocks(); return jestObject; },
    restoreAllMocks() { mocker.restoreAllMocks(); return jestObject; },
    isMockFunction: mocker.isMockFunction.bind(mocker),
    setTimeout(ms) { circusState.getState().testTimeout = ms; return jestObject; },
  };
  for (const name of ['mock', 'doMock', 'unmock', 'requireActual', 'resetModules', 'isolateModules', 'useFakeTimers']) {
    jestObject[name] = () => {
      throw new Error(`jest.${name} is not available: test files share their modules (test/jest/runner.js); pass what the test needs instead`);
    };
  }
  Object.assign(globalThis, {
    ...circus,
    fdescribe: circus.describe.only,
    fit: circus.it.only,
    xdescribe: circus.describe.skip,
    xit: circus.it.skip,
    xtest: circus.it.skip,
    expect: jestExpect,
    jest: jestObject,
  });
  delete globalThis.default;
  // jest-circus keeps its event handlers across resetState(): ours is added once
  circusState.addEventHandler(eventHandler);
  for (const file of config.setupFiles) require(file);
  for (const file of config.setupFilesAfterEnv) require(file);
}

/** What Jest's circus adapter does on each test's start and end (expect's per-test state). */
async function eventHandler(event) {
  if (event.name === 'test_start') {
    jestExpect.setState({ currentTestName: getTestID(event.test) });
  } else if (event.name === 'test_done') {
    event.test.numPassingAsserts = jestExpect.getState().numPassingAsserts;
    const { suppressedErrors } = jestExpect.getState();
    jestExpect.setState({ suppressedErrors: [] });
    if (suppressedErrors.length) event.test.errors = event.test.errors.concat(suppressedErrors);
    const failures = jestExpect.extractExpectedAssertionsErrors();
    event.test.errors = event.test.errors.concat(failures.map((f) => f.error));
  }
}

/** Runs one test file; returns Jest's TestResult for it. */
async function run({ testPath, config, globalConfig }) {
  setUpWorker(config);
  const cpuStart = CPU_OUT ? cpuMs() : undefined;
  const env = { ...process.env };
  const cwd = process.cwd();

  circus.resetState();
  const state = circusState.getState();
  if (globalConfig.testTimeout) state.testTimeout = globalConfig.testTimeout;
  state.maxConcurrency = globalConfig.maxConcurrency;
  state.randomize = globalConfig.randomize;
  state.seed = globalConfig.seed;
  jestExpect.setState({ expand: globalConfig.expand, testPath, snapshotState: undefined, assertionCalls: 0, expectedAssertionsNumber: null, isExpectingAssertions: false, suppressedErrors: [] });
  await circusState.dispatch({ name: 'setup', parentProcess: process, runtimeGlobals: {}, testNamePattern: globalConfig.testNamePattern });

  let result;
  const start = Date.now();
  try {
    delete require.cache[testPath];
    require(testPath);
    result = await runAndTransformResultsToJestFormat({ config, globalConfig, testPath });
  } catch (error) {
    await circusState.dispatch({ name: 'teardown' }).catch(() => undefined);
    throw error;
  } finally {
    mocker.restoreAllMocks();
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    Object.assign(process.env, env);
    if (process.cwd() !== cwd) process.chdir(cwd);
    if (CPU_OUT) {
      const end = cpuMs();
      const own = Math.round(end.own - cpuStart.own);
      const children = Math.round(end.children - cpuStart.children);
      fs.appendFileSync(CPU_OUT, `${own + children}\t${own}\t${children}\t${testPath}\n`);
    }
  }
  const end = Date.now();
  const runtime = end - start;
  return { ...result, perfStats: { ...result.perfStats, start, end, runtime, slow: runtime / 1000 > config.slowTestThreshold } };
}

module.exports = { run };
