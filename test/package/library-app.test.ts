import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { docs, ROOT, tempDir } from '../helpers';
import { AppCheck, typecheckApps } from './app-typecheck';

/*
 * meshgen as a package, the way a cdk8s user gets it: `npm pack`, the tarball installed into
 * a copy of examples/library-app, type-checked strictly (skipLibCheck false: every declaration file but
 * TypeScript's own lib.*.d.ts, which skipDefaultLibCheck leaves out; only @types/node)
 * and synthesized, on the oldest and the newest cdk8s/constructs the peerDependencies allow.
 * Offline: the tarball is unpacked as node_modules/meshgen (what `npm install <tgz>` puts
 * there); cdk8s and constructs are copied from the devDependencies (cdk8s-oldest and
 * constructs-oldest are npm aliases), so that each resolves the one copy of constructs beside
 * it (cdk8s-plus-27 too, which the app uses for its own objects), and meshgen's own dependencies are linked from this repository's node_modules.
 * The type-check is `tsc -p tsconfig.json` of each app in this process (./app-typecheck.ts: tsc's
 * program and diagnostics; what both apps share is checked once); the synths, the exports
 * probe and the failing synth run with node in one process (./library-app-run.js).
 * Everything is done once, before the tests; each test asserts on its part.
 */

const NODE_MODULES = path.join(ROOT, 'node_modules');
const APP = path.join(ROOT, 'examples', 'library-app');

/** Temporary directories to remove afterwards (each app holds ~50 MB of copied packages). */
const made: string[] = [];
afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});
let packed: { dependencies: Record<string, string>; peerDependencies: Record<string, string> };
/** The tarball's files, unpacked (its package/ directory). */
let unpacked: string;

/** A copy of the example app with meshgen installed from the tarball, and the given cdk8s and constructs. */
function installApp(cdk8s: string, constructs: string): string {
  const dir = tempDir('meshgen-library-app-');
  made.push(dir);
  for (const f of ['package.json', 'tsconfig.json', 'cdk8s.yaml', 'main.ts']) fs.copyFileSync(path.join(APP, f), path.join(dir, f));
  const modules = path.join(dir, 'node_modules');
  fs.mkdirSync(path.join(modules, '@types'), { recursive: true });
  // what `npm install <tgz>` puts there: the tarball's package/, as node_modules/meshgen
  fs.cpSync(unpacked, path.join(modules, 'meshgen'), { recursive: true });
  fs.cpSync(path.join(NODE_MODULES, cdk8s), path.join(modules, 'cdk8s'), { recursive: true, dereference: true });
  fs.cpSync(path.join(NODE_MODULES, constructs), path.join(modules, 'constructs'), { recursive: true, dereference: true });
  // the app's own objects use cdk8s-plus-27 (copied too: it resolves cdk8s and constructs beside it)
  fs.cpSync(path.join(NODE_MODULES, 'cdk8s-plus-27'), path.join(modules, 'cdk8s-plus-27'), { recursive: true, dereference: true });
  for (const dep of Object.keys(packed.dependencies)) fs.symlinkSync(path.join(NODE_MODULES, dep), path.join(modules, dep), 'dir');
  fs.symlinkSync(path.join(NODE_MODULES, '@types', 'node'), path.join(modules, '@types', 'node'), 'dir');
  return dir;
}

const VARIANTS = {
  newest: { cdk8s: 'cdk8s', constructs: 'constructs', versions: [require('cdk8s/package.json').version, require('constructs/package.json').version] },
  oldest: { cdk8s: 'cdk8s-oldest', constructs: 'constructs-oldest', versions: ['2.68.12', '10.3.0'] },
};
type Variant = keyof typeof VARIANTS;
type Synth = { ok: boolean; error?: string };
interface Runs {
  apps: { dir: string; versions: string[]; synth: Synth; manifest: string | null }[];
  probe: Record<string, unknown>;
  invalid: { changed: boolean; synth: Synth; manifest: string | null };
}
let checks: Record<Variant, AppCheck>;
let runs: Runs;

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'index.js'))) throw new Error('build/ is missing: run `npm run build` (npm test does) before packing');
  const dir = tempDir('meshgen-pack-');
  made.push(dir);
  // build/ is current: `npm test` builds first, so prepare's build is skipped
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  execFileSync('tar', ['-xzf', path.join(dir, JSON.parse(out)[0].filename), '-C', dir]);
  unpacked = path.join(dir, 'package');
  packed = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'));

  // each app as its user has it: installed, `tsc -p tsconfig.json` (in this process), `node build/main.js`
  const apps = { newest: installApp(VARIANTS.newest.cdk8s, VARIANTS.newest.constructs), oldest: installApp(VARIANTS.oldest.cdk8s, VARIANTS.oldest.constructs) };
  const [newest, oldest] = typecheckApps([apps.newest, apps.oldest]);
  checks = { newest, oldest };
  const env = { ...process.env };
  delete env.CDK8S_OUTDIR; // the app writes its own dist/
  const r = spawnSync(process.execPath, [path.join(__dirname, 'library-app-run.js'), apps.newest, apps.oldest], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`library-app-run.js exited ${r.status}:\n${r.stdout}${r.stderr}`);
  runs = JSON.parse(r.stdout.trim().split('\n').pop()!);
}, 180000);

describe('GIVEN the packed meshgen', () => {
  test('THEN cdk8s and constructs are peers (not dependencies), and cdk8s-plus-27 is not installed with it', () => {
    expect(packed.peerDependencies).toEqual({ cdk8s: '^2.68.11', constructs: '^10.3.0' });
    expect(Object.keys(packed.dependencies)).not.toEqual(expect.arrayContaining(['cdk8s']));
    expect(Object.keys(packed.dependencies).filter((d) => ['cdk8s', 'constructs', 'cdk8s-plus-27'].includes(d))).toEqual([]);
  });

  test.each(['oldest', 'newest'] as Variant[])('WHEN examples/library-app installs it with the %s cdk8s and constructs THEN it type-checks strictly and synthesizes', (name) => {
    const app = runs.apps.find((a) => a.dir === checks[name].dir)!;
    expect(app.versions).toEqual(VARIANTS[name].versions);

    expect(checks[name].diagnostics).toEqual([]);
    expect(app.synth).toEqual({ ok: true });

    const objects = docs(app.manifest!);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/istio-system', 'IstioOperator/eastwest', 'Gateway/cross-network-gateway', 'ConfigMap/platform-settings', 'PropagationPolicy/platform-settings',
    ]);
    expect(objects[0].metadata.labels['topology.istio.io/network']).toBe('network1');
    expect(objects[4].spec.placement.clusterAffinity.clusterNames).toEqual(['member1', 'member2']);
  });

  test('THEN the exports map serves the root, meshgen/cli and the spec JSON Schema; the root has no CLI builder, and deep paths are closed', () => {
    expect(runs.probe).toEqual({
      cli: 'function', rootCli: 'undefined', constructs: Array(5).fill('function'), tools: Array(6).fill('function'), deep: 'ERR_PACKAGE_PATH_NOT_EXPORTED', schema: 'object',
    });
  });

  test('fails to synthesize, naming the construct and the fix, when the app gives a network that is not a label value', () => {
    expect(runs.invalid).toMatchObject({ changed: true, synth: { ok: false } });
    expect(runs.invalid.synth.error).toMatch(/\[cluster1\/EastWestGateway\] network: "Not A Valid Label!!" is not a valid network name/);
    expect(runs.invalid.manifest).toBeNull();
  });
});
