#!/usr/bin/env node
// `npm run build`: compiles the TypeScript into build/ (tsc -b, incremental), precompiles the schema validators
// of `meshgen validate --dist` (build/schemas/; again only when what they are made from changed),
// bundles the CLI (scripts/bundle.js: build/lib/cli/bundle.js, which bin/meshgen runs; ~0.1 s),
// writes the bundle's V8 code cache from a small synth (~0.3 s), then writes build/.meshgen-build-stamp.
// `ensureBuilt()` (scripts/app.js: `cdk8s synth`, `npm run synth`; `--if-stale`: `npm test`) builds only when a source
// is newer than that stamp, so a synth of an unchanged tree costs no compile.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
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
  warmCodeCache();
  // the stamp takes the time the build started: a source saved during the build stays newer
  fs.writeFileSync(STAMP, '');
  fs.utimesSync(STAMP, new Date(started), new Date(started));
}

/** A small mesh whose synth runs the CLI's start-up and the whole render path (no CA: no key is made). */
const WARM_SPEC = `apiVersion: meshgen/v1alpha1
kind: Mesh
metadata: {name: warm}
spec:
  ca: {mode: none}
  clusters:
    - {name: cluster1, network: network1, role: primary, eastWestGateway: {address: 10.0.0.1}}
    - {name: cluster2, network: network2, role: remote, primary: cluster1}
`;

/**
 * bin/meshgen writes the bundle's V8 code cache after a run when there is none, holding what
 * that run compiled: after `meshgen --help` it lacks the render path, and after a synth of
 * hundreds of clusters it lacks the start-up code V8 has flushed by then (a 2-cluster synth then
 * costs ~15% more CPU). So the build writes it from one small synth. Best effort: a failure here
 * only leaves the first real run to write it.
 */
function warmCodeCache() {
  const cli = path.join(ROOT, 'build', 'lib', 'cli');
  if (!fs.existsSync(path.join(cli, 'bundle.js'))) return;
  for (const f of fs.readdirSync(cli)) if (f.endsWith('.v8cache')) fs.rmSync(path.join(cli, f), { force: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-warm-'));
  try {
    fs.writeFileSync(path.join(dir, 'mesh.yaml'), WARM_SPEC);
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'meshgen'), 'synth', '--quiet', '--spec', 'mesh.yaml', '--out', 'dist'], { cwd: dir, stdio: 'ignore' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds when build/ is missing or older than a source. */
function ensureBuilt() {
  if (isStale()) build();
}

module.exports = { build, ensureBuilt, isStale };
if (require.main === module) {
  // `--if-stale` (npm test): build only when a source is newer than the last build, as `cdk8s synth` does
  if (process.argv.includes('--if-stale')) ensureBuilt();
  else build();
}
