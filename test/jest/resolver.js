'use strict';
/*
 * Jest resolver: the default one, except that lib/schema/precompiled.ts resolves to its
 * compiled build/lib/schema/precompiled.js while the build of lib/schema/ and its
 * build/schemas/ are current. Run from build/, that module uses the validators that
 * `npm run build` precompiled (ajv standalone, checked by the SHA-256 of each schema file),
 * so a test file that validates objects loads them instead of compiling the CRD schemas
 * again: compiling was most of the suite's CPU time. The module has no relative imports,
 * so it is the same code either way. With a source of lib/schema/ edited since the build
 * (or no build), tests compile at run time as before.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE = path.join(ROOT, 'lib', 'schema', 'precompiled.ts');
const BUILT = path.join(ROOT, 'build', 'lib', 'schema', 'precompiled.js');

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
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

const USE_BUILT = process.env.MESHGEN_TEST_NO_PRECOMPILED !== '1' && precompiledIsCurrent();

module.exports = (request, options) => {
  const resolved = options.defaultResolver(request, options);
  return USE_BUILT && resolved === SOURCE ? BUILT : resolved;
};
module.exports.precompiledIsCurrent = precompiledIsCurrent;
