'use strict';
/*
 * test/package/library-app.test.ts runs this once, with node, for the installed copies of
 * examples/library-app (compiled already): `node library-app-run.js <newest app dir> [<other app dir>...]`.
 * In one process instead of one per step (each loads cdk8s, cdk8s-plus-27 and meshgen anew;
 * every app has its own copies, so nothing loaded for one serves another). For each app,
 * as `node build/main.js` (cdk8s.yaml's app) run in it: the cdk8s and constructs versions
 * it resolves, then the synth; the manifest it wrote or the error it threw. Then, in the
 * first app: what the exports map serves (as `node -e` there), and a synth of main.js with a
 * network that is not a label value (into an emptied dist/).
 * Prints one JSON object; the test asserts on it.
 */
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

/** Runs the compiled app file in dir as `node <file>` there would: cwd dir, dist/ relative to it. */
function synth(dir, file) {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    require(path.join(dir, file));
    return { ok: true };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  } finally {
    process.chdir(cwd);
  }
}

/** f's value, or the message of what it threw (so that one failing step fails its own test only). */
function attempt(f) {
  try {
    return f();
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function readDist(dir) {
  const f = path.join(dir, 'dist', 'cluster1.k8s.yaml');
  return fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : null;
}

const dirs = process.argv.slice(2).map((d) => path.resolve(d));
const apps = dirs.map((dir) => {
  const req = createRequire(path.join(dir, '[eval]'));
  const versions = attempt(() => [req('cdk8s/package.json').version, req('constructs/package.json').version]);
  return { dir, versions, synth: synth(dir, 'build/main.js'), manifest: readDist(dir) };
});

// the exports map, from the first app (as `node -e` in it: require resolves from its cwd)
const first = dirs[0];
const req = createRequire(path.join(first, '[eval]'));
const probe = attempt(() => {
  const m = req('meshgen');
  let deep = 'open';
  try {
    req('meshgen/build/lib/index.js');
  } catch (e) {
    deep = e.code;
  }
  return {
    cli: typeof req('meshgen/cli').buildCli,
    rootCli: typeof m.buildCli,
    constructs: ['MemberPropagation', 'MemberOverride', 'NamespaceNetworkOverride', 'EastWestGateway', 'BundleChart'].map((k) => typeof m[k]),
    tools: [m.validateObject, m.planMesh, m.diffTrees, m.meshGraph, m.synthBundles, m.synthMesh].map((f) => typeof f),
    deep,
    schema: req('meshgen/schemas/mesh.schema.json').type,
  };
});

// an invalid network: main.js with one value changed, into an emptied dist/
const invalid = attempt(() => {
  fs.rmSync(path.join(first, 'dist'), { recursive: true, force: true });
  const main = fs.readFileSync(path.join(first, 'build', 'main.js'), 'utf8');
  const invalidMain = main.replace("network: 'network1'", "network: 'Not A Valid Label!!'");
  fs.writeFileSync(path.join(first, 'build', 'invalid.js'), invalidMain);
  return { changed: invalidMain !== main, synth: synth(first, 'build/invalid.js'), manifest: readDist(first) };
});

process.stdout.write(`${JSON.stringify({ apps, probe, invalid })}\n`);
