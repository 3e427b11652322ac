import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { listFiles, ROOT, tempDir } from '../helpers';

/**
 * bin/meshgen runs the bundled CLI (build/lib/cli/bundle.js, scripts/bundle.js) with a V8 code
 * cache; MESHGEN_NO_BUNDLE=1 runs the compiled modules (build/lib/cli/main.js) instead. Both
 * must give the same bytes. Speed is measured by `npm run bench`, never asserted here.
 *
 * The examples and the error cases run through the bundle and through the modules in one node
 * process each (test/cli/run-cli-batch.js: their runCli, not one process per command); real
 * `bin/meshgen` runs in both modes check that the entry point gives what the batch gave.
 */
const BIN = path.join(ROOT, 'bin', 'meshgen');
const BUNDLE = path.join(ROOT, 'build', 'lib', 'cli', 'bundle.js');
const BATCH = path.join(ROOT, 'test', 'cli', 'run-cli-batch.js');

type Mode = 'bundle' | 'modules';
interface Result { code: number | null; out: string; err: string }
interface Job { args: string[]; cwd: string }

/** `node bin/meshgen args` in `cwd`, bundled or with MESHGEN_NO_BUNDLE=1. */
function meshgen(args: string[], cwd: string, bundled: boolean): Promise<Result> {
  const env = { ...process.env };
  if (bundled) delete env.MESHGEN_NO_BUNDLE;
  else env.MESHGEN_NO_BUNDLE = '1';
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 }, (e, out, err) => {
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, out, err });
    });
  });
}

/** The jobs run by runCli in one process of `mode` (test/cli/run-cli-batch.js). */
function batch(mode: Mode, jobs: readonly Job[]): Promise<Result[]> {
  const dir = tempDir('meshgen-batch-');
  fs.writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify(jobs));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BATCH, mode, path.join(dir, 'jobs.json'), path.join(dir, 'results.json')], { encoding: 'utf8' }, (e, _out, err) => {
      if (e) reject(new Error(`run-cli-batch.js ${mode} failed: ${err}`));
      else resolve(JSON.parse(fs.readFileSync(path.join(dir, 'results.json'), 'utf8')));
    });
  });
}

function tree(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'mesh.yaml'))).sort();
const SYNTH = ['synth', '--spec', 'mesh.yaml', '--out', 'dist'];
const spec3 = path.join(ROOT, 'examples', 'three-clusters', 'mesh.yaml');
const OTHER_ARGS = [['plan', '--spec', spec3], ['plan', '--spec', spec3, '--format', 'sh'], ['synth', '--spec'], ['nonsense'], ['synth', '--spec', path.join(ROOT, 'package.json')]];
/**
 * Run for real by bin/meshgen in both modes: a synth (of the example the batch ran last, after
 * all the others in its process) and a usage error (exit 2; test/cli/built-cli.test.ts runs a
 * spec error, exit 1).
 */
const LAST = examples[examples.length - 1];
const REAL_ARGS = [OTHER_ARGS[3]];

/** A directory per example and mode, each holding the example's mesh.yaml with ca none (no key is made; the PKI is the same code either way: test/pki covers it). */
function specDirs(): Record<string, Record<Mode | 'real-bundle' | 'real-modules', string>> {
  const root = tempDir();
  return Object.fromEntries(examples.map((name) => {
    const spec = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', name, 'mesh.yaml'), 'utf8'));
    spec.spec.ca = { mode: 'none' };
    const dirs = Object.fromEntries((['bundle', 'modules', 'real-bundle', 'real-modules'] as const).map((m) => {
      const d = path.join(root, name, m);
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(path.join(d, 'mesh.yaml'), YAML.stringify(spec));
      return [m, d];
    }));
    return [name, dirs as Record<Mode | 'real-bundle' | 'real-modules', string>];
  }));
}

describe('the bundled CLI', () => {
  let dirs: ReturnType<typeof specDirs>;
  const results = {} as Record<Mode, { synth: Record<string, Result>; other: Result[] }>;
  const real = {} as Record<Mode, { synth: Result; other: Result[] }>;
  /** The code cache bin/meshgen reads beside the bundle: set to junk before the real bundled synth; what it holds after. */
  let cache: { file: string; after: string };

  beforeAll(async () => {
    if (!fs.existsSync(BUNDLE)) throw new Error('build/lib/cli/bundle.js is missing: run "npm run build" (npm test does it first)');
    dirs = specDirs();
    await Promise.all((['bundle', 'modules'] as const).map(async (mode) => {
      const got = await batch(mode, [...examples.map((name) => ({ args: SYNTH, cwd: dirs[name][mode] })), ...OTHER_ARGS.map((args) => ({ args, cwd: ROOT }))]);
      results[mode] = { synth: Object.fromEntries(examples.map((name, i) => [name, got[i]])), other: got.slice(examples.length) };
      const bundled = mode === 'bundle';
      if (bundled) {
        const st = fs.statSync(BUNDLE);
        cache = { file: `${BUNDLE}.${st.size}-${Math.trunc(st.mtimeMs)}-${process.version}.v8cache`, after: '' };
        fs.writeFileSync(cache.file, 'not a code cache');
      }
      const synth = await meshgen(SYNTH, dirs[LAST][bundled ? 'real-bundle' : 'real-modules'], bundled);
      if (bundled) cache.after = fs.readFileSync(cache.file).toString();
      real[mode] = { synth, other: await Promise.all(REAL_ARGS.map((args) => meshgen(args, ROOT, bundled))) };
    }));
  });

  test('holds one copy of yaml and leaves node-forge and ajv to node_modules (and no cdk8s-plus-27)', () => {
    const text = fs.readFileSync(BUNDLE, 'utf8');
    // esbuild names each module in a comment by its path from the project (where node_modules is a link, the path goes through it)
    const from = (pkg: string) => new RegExp(`// (?:\\S*/)?node_modules/${pkg}/`);
    expect(text).toMatch(from('yaml/dist'));
    expect(text).not.toContain('node_modules/cdk8s/node_modules/yaml/');
    expect(text).not.toMatch(from('node-forge'));
    expect(text).not.toMatch(from('ajv'));
    expect(text).not.toMatch(from('cdk8s-plus-27'));
  });

  test.each(examples)('%s: synth writes the same bytes bundled and unbundled', (name) => {
    const bundled = results.bundle.synth[name];
    const unbundled = results.modules.synth[name];
    expect(bundled).toEqual(unbundled);
    expect(bundled.code).toBe(0);
    const a = tree(path.join(dirs[name].bundle, 'dist'));
    const b = tree(path.join(dirs[name].modules, 'dist'));
    expect(Object.keys(a).length).toBeGreaterThan(3);
    expect(a).toEqual(b);
  });

  test(`bin/meshgen, bundled and unbundled, prints and writes what runCli did (synth of ${LAST}, a usage error)`, () => {
    for (const mode of ['bundle', 'modules'] as const) {
      expect({ mode, ...real[mode].synth }).toEqual({ mode, ...results[mode].synth[LAST] });
      expect(tree(path.join(dirs[LAST][mode === 'bundle' ? 'real-bundle' : 'real-modules'], 'dist'))).toEqual(tree(path.join(dirs[LAST][mode], 'dist')));
      REAL_ARGS.forEach((args, i) => expect({ mode, args, ...real[mode].other[i] }).toEqual({ mode, args, ...results[mode].other[OTHER_ARGS.indexOf(args)] }));
    }
    expect([real.bundle.synth.code, ...real.bundle.other.map((r) => r.code)]).toEqual([0, 2]);
  });

  test('plan, usage errors and spec errors print the same bundled and unbundled', () => {
    OTHER_ARGS.forEach((args, i) => {
      const a = results.bundle.other[i];
      const b = results.modules.other[i];
      expect({ args, code: a.code, out: a.out, err: a.err }).toEqual({ args, code: b.code, out: b.out, err: b.err });
    });
  });

  test('a code cache that is not V8\'s is rejected and rewritten, and the output stays the same', () => {
    // the real bundled synth above ran with a junk cache
    expect(cache.after).not.toBe('not a code cache');
    expect(real.bundle.synth.code).toBe(0);
    expect(real.bundle.synth).toEqual(results.bundle.synth[LAST]);
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
