import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { docs, ROOT, tempDir } from '../helpers';

/*
 * meshgen as a package, the way a cdk8s user gets it: `npm pack`, the tarball installed into
 * a copy of examples/library-app, type-checked strictly (skipLibCheck false, only @types/node)
 * and synthesized, on the oldest and the newest cdk8s/constructs the peerDependencies allow.
 * Offline: the tarball is unpacked as node_modules/meshgen (what `npm install <tgz>` puts
 * there); cdk8s and constructs are copied from the devDependencies (cdk8s-oldest and
 * constructs-oldest are npm aliases), so that each resolves the one copy of constructs beside
 * it (cdk8s-plus-27 too, which the app uses for its own objects), and meshgen's own dependencies are linked from this repository's node_modules.
 */

const NODE_MODULES = path.join(ROOT, 'node_modules');
const APP = path.join(ROOT, 'examples', 'library-app');
const TSC = require.resolve('typescript/bin/tsc');

let tarball: string;
/** The newest variant's installed app, reused by the failure case (compiled already). */
let newestApp: string | undefined;
/** Temporary directories to remove afterwards (each app holds ~15 MB of copied packages). */
const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});
let packed: { dependencies: Record<string, string>; peerDependencies: Record<string, string> };

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does) before packing');
  const dir = tempDir('meshgen-pack-');
  made.push(dir);
  // build/ is current: `npm test` builds first, so prepare's build is skipped
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  tarball = path.join(dir, JSON.parse(out)[0].filename);
  execFileSync('tar', ['-xzf', tarball, '-C', dir]);
  packed = JSON.parse(fs.readFileSync(path.join(dir, 'package', 'package.json'), 'utf8'));
}, 120000);

/** A copy of the example app with meshgen installed from the tarball, and the given cdk8s and constructs. */
function installApp(cdk8s: string, constructs: string): string {
  const dir = tempDir('meshgen-library-app-');
  made.push(dir);
  for (const f of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'main.ts']) fs.copyFileSync(path.join(APP, f), path.join(dir, f));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', modules]);
  fs.renameSync(path.join(modules, 'package'), path.join(modules, 'meshgen'));
  fs.cpSync(path.join(NODE_MODULES, cdk8s), path.join(modules, 'cdk8s'), { recursive: true, dereference: true });
  fs.cpSync(path.join(NODE_MODULES, constructs), path.join(modules, 'constructs'), { recursive: true, dereference: true });
  // the app's own objects use cdk8s-plus-27 (copied too: it resolves cdk8s and constructs beside it)
  fs.cpSync(path.join(NODE_MODULES, 'cdk8s-plus-27'), path.join(modules, 'cdk8s-plus-27'), { recursive: true, dereference: true });
  for (const dep of Object.keys(packed.dependencies)) fs.symlinkSync(path.join(NODE_MODULES, dep), path.join(modules, dep), 'dir');
  fs.symlinkSync(path.join(NODE_MODULES, '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  return dir;
}

function run(cmd: string, args: string[], cwd: string): string {
  const env = { ...process.env };
  delete env.CDK8S_OUTDIR; // the app writes its own dist/
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

describe('GIVEN the packed meshgen', () => {
  test('THEN cdk8s and constructs are peers (not dependencies), and cdk8s-plus-27 is not installed with it', () => {
    expect(packed.peerDependencies).toEqual({ cdk8s: '^2.68.11', constructs: '^10.3.0' });
    expect(Object.keys(packed.dependencies)).not.toEqual(expect.arrayContaining(['cdk8s']));
    expect(Object.keys(packed.dependencies).filter((d) => ['cdk8s', 'constructs', 'cdk8s-plus-27'].includes(d))).toEqual([]);
  });

  test.each([
    ['oldest', 'cdk8s-oldest', 'constructs-oldest', '2.68.12', '10.3.0'],
    ['newest', 'cdk8s', 'constructs', undefined, undefined],
  ])('WHEN examples/library-app installs it with the %s cdk8s and constructs THEN it type-checks strictly and synthesizes', (_name, cdk8s, constructs, cdk8sVersion, constructsVersion) => {
    const dir = installApp(cdk8s, constructs);
    const versions = JSON.parse(run(process.execPath, ['-e', 'console.log(JSON.stringify([require("cdk8s/package.json").version, require("constructs/package.json").version]))'], dir));
    if (cdk8sVersion) expect(versions).toEqual([cdk8sVersion, constructsVersion]);
    else expect(versions).toEqual([require('cdk8s/package.json').version, require('constructs/package.json').version]);

    run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
    run(process.execPath, ['build/main.js'], dir);

    const objects = docs(fs.readFileSync(path.join(dir, 'dist', 'cluster1.k8s.yaml'), 'utf8'));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/istio-system', 'IstioOperator/eastwest', 'Gateway/cross-network-gateway', 'ConfigMap/platform-settings', 'PropagationPolicy/platform-settings',
    ]);
    expect(objects[0].metadata.labels['topology.istio.io/network']).toBe('network1');
    expect(objects[4].spec.placement.clusterAffinity.clusterNames).toEqual(['member1', 'member2']);
    if (_name === 'newest') newestApp = dir;
  }, 180000);

  test('THEN the exports map serves the root, meshgen/cli and the spec JSON Schema; the root has no CLI builder, and deep paths are closed', () => {
    const dir = newestApp ?? installApp('cdk8s', 'constructs');
    const probe = [
      'const m = require("meshgen");',
      'let deep = "open"; try { require("meshgen/build/lib/index.js"); } catch (e) { deep = e.code; }',
      'console.log(JSON.stringify({ cli: typeof require("meshgen/cli").buildCli, rootCli: typeof m.buildCli,',
      '  constructs: ["MemberPropagation", "MemberOverride", "NamespaceNetworkOverride", "EastWestGateway", "BundleChart"].map((k) => typeof m[k]),',
      '  tools: [m.validateObject, m.planMesh, m.diffTrees, m.meshGraph, m.synthBundles, m.synthMesh].map((f) => typeof f), deep,',
      '  schema: require("meshgen/schemas/mesh.schema.json").type }));',
    ].join('\n');
    expect(JSON.parse(run(process.execPath, ['-e', probe], dir))).toEqual({
      cli: 'function', rootCli: 'undefined', constructs: Array(5).fill('function'), tools: Array(6).fill('function'), deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED', schema: 'object',
    });
  }, 180000);

  test('fails to synthesize, naming the construct and the fix, when the app gives a network that is not a label value', () => {
    const dir = newestApp ?? installApp('cdk8s', 'constructs');
    if (!newestApp) run(process.execPath, [TSC, '-p', 'tsconfig.json'], dir);
    fs.rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    const main = path.join(dir, 'build', 'main.js');
    fs.writeFileSync(main, fs.readFileSync(main, 'utf8').replace("network: 'network1'", "network: 'Not A Valid Label!!'"));
    expect(() => run(process.execPath, ['build/main.js'], dir)).toThrow(/\[cluster1\/EastWestGateway\] network: "Not A Valid Label!!" is not a valid network name/);
    expect(fs.existsSync(path.join(dir, 'dist', 'cluster1.k8s.yaml'))).toBe(false);
  }, 180000);
});
