'use strict';
/*
 * Jest transform for .ts files that compiles once: a file of lib/, imports/ or main.ts
 * whose tsc output under build/ is at least as new as the source is loaded from there
 * (with its source map), so `npm test` (tsc -b, then jest) does not transpile the
 * sources a second time. Everything else (the tests, or a source edited since the last
 * build) goes through ts-jest as configured in jest.config.js (transpile only:
 * tsconfig.test.json sets isolatedModules; type-checking is `npm run typecheck`).
 */
const fs = require('fs');
const path = require('path');
const tsJest = require('ts-jest').default;

const BUILT = /^(lib|imports)\/.*\.ts$|^main\.ts$/;

function builtOutput(rootDir, sourcePath) {
  const rel = path.relative(rootDir, sourcePath).split(path.sep).join('/');
  if (!BUILT.test(rel) || rel.endsWith('.d.ts')) return undefined;
  const js = path.join(rootDir, 'build', rel.replace(/\.ts$/, '.js'));
  try {
    return fs.statSync(js).mtimeMs >= fs.statSync(sourcePath).mtimeMs ? js : undefined;
  } catch {
    return undefined;
  }
}

/** The build output, with its map pointing at the source itself (so traces name lib/... lines). */
function readBuilt(js, sourcePath) {
  const code = fs.readFileSync(js, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  let map;
  try {
    map = JSON.parse(fs.readFileSync(`${js}.map`, 'utf8'));
  } catch {
    return { code };
  }
  return { code, map: { ...map, file: path.basename(sourcePath), sourceRoot: '', sources: [sourcePath] } };
}

class BuildOutputTransformer {
  constructor(tsJestConfig) {
    this.tsJest = tsJest.createTransformer(tsJestConfig);
  }

  getCacheKey(sourceText, sourcePath, options) {
    const js = builtOutput(options.config.rootDir, sourcePath);
    return `${this.tsJest.getCacheKey(sourceText, sourcePath, options)}:${js ? 'build' : 'ts-jest'}`;
  }

  process(sourceText, sourcePath, options) {
    const js = builtOutput(options.config.rootDir, sourcePath);
    return js ? readBuilt(js, sourcePath) : this.tsJest.process(sourceText, sourcePath, options);
  }

  async getCacheKeyAsync(sourceText, sourcePath, options) {
    return this.getCacheKey(sourceText, sourcePath, options);
  }

  async processAsync(sourceText, sourcePath, options) {
    const js = builtOutput(options.config.rootDir, sourcePath);
    return js ? readBuilt(js, sourcePath) : this.tsJest.processAsync(sourceText, sourcePath, options);
  }
}

module.exports = {
  createTransformer: (tsJestConfig) => new BuildOutputTransformer(tsJestConfig),
};
