#!/usr/bin/env node
'use strict';
/*
 * Test helper (test/cli/bundled-cli.test.ts): runs many meshgen commands in ONE node process,
 * instead of one process per command, through either
 *   bundle   build/lib/cli/bundle.js, the file bin/meshgen runs (loaded as bin/meshgen loads
 *            it: a vm.Script in a module of its own, node_modules resolved from build/lib/cli/)
 *   modules  the compiled modules, build/lib/cli/index.js (what build/lib/cli/main.js runs).
 *
 *   node test/cli/run-cli-batch.js bundle|modules JOBS.json RESULTS.json
 *
 * JOBS.json: [{ "args": [...], "cwd": "..." }]; RESULTS.json gets [{ "code", "out", "err" }],
 * one per job, in order; each job runs with runCli(args, io) and its own stdout, stderr and cwd.
 * The bundle's last statement, main.js's `runCli(process.argv.slice(2))`, is replaced by an
 * export of runCli; every other byte of the bundle runs as it is. The real entry (bin/meshgen,
 * process streams, exit codes) is what the test's own `bin/meshgen` runs check.
 */
const fs = require('fs');
const path = require('path');

const CLI = path.join(__dirname, '..', '..', 'build', 'lib', 'cli');

/** main.js's call, as esbuild writes it at the end of the bundle. */
const MAIN_CALL = /\n\(0, index_1\.runCli\)\(process\.argv\.slice\(2\)\)\.then\(\(code\) => \{\n\s*process\.exitCode = code;\n\}\);\n/g;

function bundledRunCli() {
  const Module = require('module');
  const vm = require('vm');
  const bundle = path.join(CLI, 'bundle.js');
  const text = fs.readFileSync(bundle, 'utf8');
  const calls = text.match(MAIN_CALL) ?? [];
  if (calls.length !== 1) throw new Error(`${bundle}: expected main.js's "runCli(process.argv.slice(2))" call once, found it ${calls.length} times; update MAIN_CALL in ${__filename}`);
  const script = new vm.Script(Module.wrap(text.replace(MAIN_CALL, '\nmodule.exports.runCli = index_1.runCli;\n')), { filename: bundle });
  const m = new Module(bundle, module);
  m.filename = bundle;
  m.paths = Module._nodeModulePaths(CLI);
  script.runInThisContext()(m.exports, Module.createRequire(bundle), m, bundle, CLI);
  return m.exports.runCli;
}

async function main() {
  const [mode, jobsFile, resultsFile] = process.argv.slice(2);
  if (!['bundle', 'modules'].includes(mode) || !jobsFile || !resultsFile) {
    process.stderr.write('usage: run-cli-batch.js bundle|modules JOBS.json RESULTS.json\n');
    process.exit(2);
  }
  const runCli = mode === 'bundle' ? bundledRunCli() : require(path.join(CLI, 'index.js')).runCli;
  const results = [];
  for (const job of JSON.parse(fs.readFileSync(jobsFile, 'utf8'))) {
    let out = '';
    let err = '';
    const code = await runCli(job.args, { out: (t) => { out += t; }, err: (t) => { err += t; }, cwd: job.cwd });
    results.push({ code, out, err });
  }
  fs.writeFileSync(resultsFile, JSON.stringify(results));
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
