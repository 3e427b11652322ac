'use strict';
/*
 * Loads TypeScript with Node's own require (the shared-modules runner, test/jest/runner.js):
 * - a file of lib/, imports/, bench/ or main.ts whose tsc output under build/ is at least as
 *   new as the source runs that output (`npm test` builds first with `tsc -b`), under the
 *   source's own file name, so its relative imports resolve to the sources again and stack
 *   traces name lib/... lines through the source map;
 * - lib/schema/precompiled.ts runs as build/lib/schema/precompiled.js itself while the build
 *   of lib/schema/ and the validators it precompiled (build/schemas/) are current: run from
 *   build/, it uses those validators instead of compiling the CRD schemas again
 *   (MESHGEN_TEST_NO_PRECOMPILED=1: compile at run time, as an edited lib/schema/ does);
 * - everything else (the tests, or a source edited since the last build) is transpiled by
 *   esbuild (types are not checked here: that is `npm run typecheck`).
 */
const fs = require('fs');
const path = require('path');
const Module = require('module');

const ROOT = path.resolve(__dirname, '..', '..');
const BUILT = /^(lib|imports|bench)\/.*\.ts$|^main\.ts$/;
const PRECOMPILED = path.join(ROOT, 'lib', 'schema', 'precompiled.ts');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** build/<rel>.js when it is at least as new as the source, else undefined. */
function builtOutput(sourcePath) {
  const rel = path.relative(ROOT, sourcePath).split(path.sep).join('/');
  if (!BUILT.test(rel) || rel.endsWith('.d.ts')) return undefined;
  const js = path.join(ROOT, 'build', rel.replace(/\.ts$/, '.js'));
  const built = mtime(js);
  return built !== undefined && built >= mtime(sourcePath) ? js : undefined;
}

/** Whether build/ holds the compiled lib/schema/ and the validators it precompiled, all newer than the sources. */
function precompiledIsCurrent() {
  const dir = path.join(ROOT, 'lib', 'schema');
  const index = mtime(path.join(ROOT, 'build', 'schemas', 'index.json'));
  if (index === undefined) return false;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.ts')) continue;
    const src = mtime(path.join(dir, f));
    const js = mtime(path.join(ROOT, 'build', 'lib', 'schema', f.replace(/\.ts$/, '.js')));
    if (js === undefined || js < src || index < src) return false;
  }
  return true;
}

/** The compiler options esbuild needs to emit what tsc would (class fields, interop). */
const TSCONFIG_RAW = (() => {
  const { compilerOptions = {} } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  return { compilerOptions: { target: compilerOptions.target, useDefineForClassFields: compilerOptions.useDefineForClassFields, esModuleInterop: compilerOptions.esModuleInterop } };
})();

let esbuild;
function transpile(source, filename) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, {
    loader: 'ts',
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: filename,
    tsconfigRaw: TSCONFIG_RAW,
  }).code;
}

function loadTs(module, filename) {
  if (filename === PRECOMPILED && process.env.MESHGEN_TEST_NO_PRECOMPILED !== '1' && precompiledIsCurrent()) {
    module.exports = require(path.join(ROOT, 'build', 'lib', 'schema', 'precompiled.js'));
    return;
  }
  const js = builtOutput(filename);
  if (js) {
    // tsc's map names the source relative to build/; point it at the source's own path
    const code = fs.readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
    let map;
    try {
      map = JSON.parse(fs.readFileSync(`${js}.map`, 'utf8'));
      map = { ...map, file: path.basename(filename), sourceRoot: '', sources: [filename] };
    } catch {
      map = undefined;
    }
    const tail = map ? `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n` : '';
    module._compile(code + tail, filename);
    return;
  }
  module._compile(transpile(fs.readFileSync(filename, 'utf8'), filename), filename);
}

let registered = false;
function register() {
  if (registered) return;
  registered = true;
  Module._extensions['.ts'] = loadTs;
}

module.exports = { register, ROOT };
