import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { listFiles, ROOT, tempDir } from '../helpers';

/**
 * bin/meshgen runs the bundled CLI (build/lib/cli/bundle.js, scripts/bundle.js) with a V8 code
 * cache; MESHGEN_NO_BUNDLE=1 runs the compiled modules (build/lib/cli/main.js) instead. Both
 * must give the same bytes. Speed is measured by `npm run bench`, never asserted here.
 */
const BIN = path.join(ROOT, 'bin', 'meshgen');
const BUNDLE = path.join(ROOT, 'build', 'lib', 'cli', 'bundle.js');

function meshgen(args: string[], cwd: string, bundled: boolean) {
  const env = { ...process.env };
  if (bundled) delete env.MESHGEN_NO_BUNDLE;
  else env.MESHGEN_NO_BUNDLE = '1';
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'mesh.yaml'))).sort();

describe('the bundled CLI', () => {
  beforeAll(() => {
    if (!fs.existsSync(BUNDLE)) throw new Error('build/lib/cli/bundle.js is missing: run "npm run build" (npm test does it first)');
  });

  test('holds one copy of yaml and leaves node-forge and ajv to node_modules (and no cdk8s-plus-27)', () => {
    const text = fs.readFileSync(BUNDLE, 'utf8');
    // esbuild's comment before each bundled file names its path from the project, through a
    // symlinked node_modules too (`// ../../main/node_modules/yaml/dist/...` in a git worktree)
    const bundled = (pkg: string) => new RegExp(`^// (?:\\S*/)?node_modules/${pkg}/`, 'm');
    expect(text).toMatch(bundled('yaml/dist'));
    expect(text).not.toContain('node_modules/cdk8s/node_modules/yaml/');
    expect(text).not.toMatch(bundled('node-forge'));
    expect(text).not.toMatch(bundled('ajv'));
    expect(text).not.toMatch(bundled('cdk8s-plus-27'));
  });

  test.each(examples)('%s: synth writes the same bytes bundled and unbundled', (name) => {
    const dir = tempDir();
    // ca none: no key is made; the PKI is the same code either way (test/pki covers it)
    const spec = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', name, 'mesh.yaml'), 'utf8'));
    spec.spec.ca = { mode: 'none' };
    for (const d of ['a', 'b']) {
      fs.mkdirSync(path.join(dir, d));
      fs.writeFileSync(path.join(dir, d, 'mesh.yaml'), YAML.stringify(spec));
    }
    const bundled = meshgen(['synth', '--spec', 'mesh.yaml', '--out', 'dist'], path.join(dir, 'a'), true);
    const unbundled = meshgen(['synth', '--spec', 'mesh.yaml', '--out', 'dist'], path.join(dir, 'b'), false);
    expect(bundled).toEqual(unbundled);
    expect(bundled.code).toBe(0);
    const a = tree(path.join(dir, 'a', 'dist'));
    const b = tree(path.join(dir, 'b', 'dist'));
    expect(Object.keys(a).length).toBeGreaterThan(3);
    expect(a).toEqual(b);
  });

  test('plan, usage errors and spec errors print the same bundled and unbundled', () => {
    const spec = path.join(ROOT, 'examples', 'three-clusters', 'mesh.yaml');
    for (const args of [['plan', '--spec', spec], ['plan', '--spec', spec, '--format', 'sh'], ['synth', '--spec'], ['nonsense'], ['synth', '--spec', path.join(ROOT, 'package.json')]]) {
      const a = meshgen(args, ROOT, true);
      const b = meshgen(args, ROOT, false);
      expect({ args, code: a.code, out: a.out, err: a.err }).toEqual({ args, code: b.code, out: b.out, err: b.err });
    }
  });

  test('a code cache that is not V8\'s is rejected and rewritten, and the output stays the same', () => {
    const st = fs.statSync(BUNDLE);
    const cache = `${BUNDLE}.${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}.v8cache`;
    fs.writeFileSync(cache, 'not a code cache');
    const dir = tempDir();
    const r = meshgen(['plan', '--spec', path.join(ROOT, 'examples', 'primary-remote', 'mesh.yaml')], dir, true);
    expect(r.code).toBe(0);
    expect(r.out).toContain('istioctl install');
    expect(fs.readFileSync(cache).toString()).not.toBe('not a code cache');
  });

  test('npm ci installs esbuild\'s binary for this platform from the lockfile', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const esbuild = lock.packages['node_modules/esbuild'];
    expect(esbuild.version).toBeDefined();
    expect(pkg.devDependencies.esbuild).toBeDefined();
    const platform = lock.packages[`node_modules/@esbuild/${process.platform}-${process.arch}`];
    expect(platform).toMatchObject({ version: esbuild.version, optional: true, os: [process.platform], cpu: [process.arch] });
    expect(platform.integrity).toMatch(/^sha512-/);
  });
});
