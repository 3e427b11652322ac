#!/usr/bin/env node
// `npm run build`: compiles the TypeScript into build/ (tsc -b, incremental), precompiles the schema validators
// of `meshgen validate --dist` (build/schemas/; again only when what they are made from changed),
// bundles the CLI (scripts/bundle.js: build/lib/cli/bundle.js, which bin/meshgen runs; ~0.1 s),
// then writes build/.meshgen-build-stamp.
// `ensureBuilt()` (scripts/app.js: `cdk8s synth`, `npm run synth`) builds only when a source
// is newer than that stamp, so a synth of an unchanged tree costs no compile.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'build', '.meshgen-build-stamp');
/** What the build reads: tsconfig.json's sources, the CRDs and schemas the validators come from. */
const SOURCES = ['main.ts', 'lib', 'imports', 'bench', 'crds', 'schemas', 'tsconfig.json', 'package.json', 'scripts/build.js', 'scripts/bundle.js'];

/**
 * What the precompiled validators are made from: lib/schema's build output (it imports only
 * lib/errors besides), the CRDs and schemas, the precompile script, ajv.
 */
const PRECOMPILE_INPUTS = ['build/lib/schema', 'build/lib/errors.js', 'crds', 'schemas', 'scripts/precompile-schemas.js', 'node_modules/ajv/package.json'];
const PRECOMPILED_INDEX = path.join(ROOT, 'build', 'schemas', 'index.json');

/** The newest mtime (ms) under the build's sources. */
function newestSource(sources = SOURCES) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) visit(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of sources) visit(path.join(ROOT, s));
  return newest;
}

/** Whether build/schemas/ is newer than everything it is made from (then precompiling again would write the same). */
function precompiledIsCurrent() {
  try {
    return fs.statSync(PRECOMPILED_INDEX).mtimeMs >= newestSource(PRECOMPILE_INPUTS);
  } catch {
    return false;
  }
}

function isStale() {
  try {
    return fs.statSync(STAMP).mtimeMs < newestSource();
  } catch {
    return true;
  }
}

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function build() {
  const started = Date.now();
  run([require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.json']);
  // about 7 s of CPU: only when lib/schema, the schemas or ajv changed since the last time
  if (!precompiledIsCurrent()) run([path.join(__dirname, 'precompile-schemas.js')]);
  run([path.join(__dirname, 'bundle.js')]);
  // the stamp takes the time the build started: a source saved during the build stays newer
  fs.writeFileSync(STAMP, '');
  fs.utimesSync(STAMP, new Date(started), new Date(started));
}

/** Builds when build/ is missing or older than a source. */
function ensureBuilt() {
  if (isStale()) build();
}

module.exports = { build, ensureBuilt, isStale };
if (require.main === module) build();
