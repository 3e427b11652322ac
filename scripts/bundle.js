#!/usr/bin/env node
// Part of `npm run build` (scripts/build.js, after tsc): bundles the compiled CLI
// (build/lib/cli/main.js and everything it requires) into one file, build/lib/cli/bundle.js,
// which bin/meshgen runs. One file starts faster than ~300 modules: no module resolution,
// one read, one compile, and a single copy of yaml (cdk8s's bundled yaml is aliased to
// meshgen's when their versions are the same).
//
// Left outside, loaded from node_modules on first use as before: node-forge and ajv (used by
// `ca` and `validate --dist` only), and the precompiled validators (build/schemas/, required by path). The bundle sits in build/lib/cli/
// so that its __dirname is the one of the module it replaces (lib/schema/precompiled.ts and
// lib/cli/init-skeleton.ts find build/ and package.json from it).
// The library (build/lib/index.js) is untouched: cdk8s users get the module layout as it is.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ENTRY = path.join(ROOT, 'build', 'lib', 'cli', 'main.js');
const OUT = path.join(ROOT, 'build', 'lib', 'cli', 'bundle.js');
const EXTERNAL = ['node-forge', 'ajv', 'ajv/*'];

function version(dir) {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

/** cdk8s's own yaml resolves to meshgen's when both are the same version: one copy loads. */
function oneYaml() {
  const ours = path.dirname(require.resolve('yaml/package.json', { paths: [ROOT] }));
  return {
    name: 'one-yaml',
    setup(build) {
      build.onResolve({ filter: /^yaml$/ }, (args) => {
        const theirs = path.dirname(require.resolve('yaml/package.json', { paths: [args.resolveDir] }));
        if (theirs === ours || version(theirs) !== version(ours)) return undefined;
        return { path: require.resolve('yaml', { paths: [ROOT] }) };
      });
    },
  };
}

async function bundle() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    // without the devDependency (a production install): bin/meshgen runs the unbundled CLI
    fs.rmSync(OUT, { force: true });
    return;
  }
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [oneYaml()],
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

module.exports = { bundle, OUT };
if (require.main === module) {
  bundle().catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
