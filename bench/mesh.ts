/**
 * `npm run bench`: how meshgen's synth scales. For meshes of 2, 10, 50 and 100
 * clusters (primary-remote and multi-primary, on one network and on one network per
 * cluster), runs the BUILT CLI (`node bin/meshgen synth`) as a fresh process several
 * times and prints the median wall time and the peak RSS, the growth 100/10, and the
 * ratio against a floor measured in the same run: build/bench/floor.js, which writes
 * the same files holding the same objects with the yaml package alone.
 *
 * Then fits wall time and peak RSS from 10 clusters up as a + b * clusters (least squares, with
 * R^2), and times the commands whose speed the README promises: `validate --dist` on the
 * bundled example, and `npm run synth` / `cdk8s synth` on an unchanged tree against
 * `node build/main.js`.
 *
 * Env: BENCH_BEFORE (another checkout, built: its CLI runs in turn too, for a before/after), BENCH_RUNS (default 3), BENCH_SIZES (default "2,10,100,500,1000"), BENCH_SHAPES (indexes
 * into SHAPES, default all), BENCH_DIRS (where the outputs are written, comma-separated; default
 * the OS temp dir and, when it exists, /dev/shm for tmpfs), BENCH_COMMANDS=0 skips the commands.
 * Timings are printed, never asserted: they depend on the machine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import type { FloorFile } from './floor';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'meshgen');
const FLOOR = path.join(__dirname, 'floor.js');
const PRELOAD = path.join(__dirname, 'rss-preload.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '2,10,100,500,1000').split(',').map(Number);
/** BENCH_BEFORE=<checkout>: that build's CLI runs too, in turn with this one and the floor (a before/after on one host). */
const BEFORE = process.env.BENCH_BEFORE ? path.join(path.resolve(process.env.BENCH_BEFORE), 'bin', 'meshgen') : undefined;
const DIRS = (process.env.BENCH_DIRS ?? [os.tmpdir(), ...(fs.existsSync('/dev/shm') ? ['/dev/shm'] : [])].join(',')).split(',');

type Shape = { name: string; multiPrimary: boolean; manyNetworks: boolean };
const ALL_SHAPES: Shape[] = [
  { name: 'primary-remote, 1 network', multiPrimary: false, manyNetworks: false },
  { name: 'primary-remote, n networks', multiPrimary: false, manyNetworks: true },
  { name: 'multi-primary, 1 network', multiPrimary: true, manyNetworks: false },
  { name: 'multi-primary, n networks', multiPrimary: true, manyNetworks: true },
];
const SHAPES = process.env.BENCH_SHAPES ? process.env.BENCH_SHAPES.split(',').map((i) => ALL_SHAPES[Number(i)]) : ALL_SHAPES;

/** A mesh spec of n clusters of the given shape. */
export function benchSpec(n: number, shape: Shape): unknown {
  const clusters = [];
  for (let i = 1; i <= n; i++) {
    const primary = shape.multiPrimary || i === 1;
    clusters.push({
      name: `cluster${i}`,
      network: shape.manyNetworks ? `network${i}` : 'network1',
      role: primary ? 'primary' : 'remote',
      ...(primary ? { eastWestGateway: { address: `10.0.${Math.floor(i / 250)}.${i % 250 + 1}` } } : { primary: 'cluster1' }),
    });
  }
  // ca none: a generated CA would make an RSA-4096 key per cluster on the first run (seconds each),
  // which measures key generation (npm run bench:pki), not rendering.
  return { apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'bench' }, spec: { ca: { mode: 'none' }, clusters } };
}

interface Sample { readonly wall: number; readonly cpu: number; readonly rssKb: number }

let figures: string | undefined;

/** Where the preload writes a run's figures: never the checkout (the commands run with cwd ROOT). */
function figuresDir(): string {
  if (!figures) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-bench-figures-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    figures = dir;
  }
  return figures;
}

/** Runs `node --require rss-preload ARGS` once; wall seconds, CPU seconds (user + system) and peak RSS. */
function measure(args: string[], cwd: string): Sample {
  const rssFile = path.join(figuresDir(), 'rss');
  const cpuFile = path.join(figuresDir(), 'cpu');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, MESHGEN_BENCH_RSS_FILE: rssFile, MESHGEN_BENCH_CPU_FILE: cpuFile },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, cpu: Number(fs.readFileSync(cpuFile, 'utf8')) / 1000, rssKb: Number(fs.readFileSync(rssFile, 'utf8')) };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** What RUNS samples of one command come to: median wall, best wall, median CPU, peak RSS. */
interface Summary { wall: number; best: number; cpu: number; rssMb: number }

function summarize(samples: readonly Sample[]): Summary {
  const walls = samples.map((s) => s.wall);
  return { wall: median(walls), best: Math.min(...walls), cpu: median(samples.map((s) => s.cpu)), rssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024 };
}

/**
 * CPU seconds (user + system) of this process's waited-for children so far, from /proc/self/stat
 * (cutime, cstime; clock ticks of 10 ms); NaN where there is no /proc.
 */
function childrenCpu(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Best wall time and median CPU time (with all its child processes) of RUNS runs of a command that is not a node script (npm, the cdk8s CLI). */
function repeatCommand(cmd: string, args: string[], cwd: string): { best: number; cpu: number } {
  let best = Infinity;
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = childrenCpu();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    cpus.push(childrenCpu() - c0);
  }
  return { best, cpu: median(cpus) };
}

/** Median and best wall time of RUNS runs (best is the least disturbed by other load), median CPU time, and the peak RSS. */
function repeat(args: string[], cwd: string, before?: () => void): Summary {
  return summarize(Array.from({ length: RUNS }, () => {
    before?.();
    return measure(args, cwd);
  }));
}

function tree(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of tree(dir, r)) out.set(k, v);
    else if (e.name !== '.meshgen-output') out.set(r, fs.readFileSync(path.join(dir, r), 'utf8'));
  }
  return out;
}

/** The floor's job: meshgen's files, YAML ones as their objects. */
function floorJob(files: Map<string, string>): FloorFile[] {
  return [...files].map(([p, text]) => {
    if (!p.endsWith('.yaml')) return { path: p, text };
    const header = text.slice(0, text.indexOf('\n') + 1);
    return { path: p, header, objects: YAML.parseAllDocuments(text).map((d) => d.toJS()) };
  });
}

const fmt = (x: number, d = 2) => x.toFixed(d);
const pad = (s: string | number, w: number) => String(s).padStart(w);

/** Least-squares line y = a + b x, and R^2. */
export function fitLine(points: ReadonlyArray<readonly [number, number]>): { a: number; b: number; r2: number } {
  const n = points.length;
  const mx = points.reduce((t, [x]) => t + x, 0) / n;
  const my = points.reduce((t, [, y]) => t + y, 0) / n;
  const sxy = points.reduce((t, [x, y]) => t + (x - mx) * (y - my), 0);
  const sxx = points.reduce((t, [x]) => t + (x - mx) ** 2, 0);
  const b = sxx === 0 ? 0 : sxy / sxx;
  const a = my - b * mx;
  const ssTot = points.reduce((t, [, y]) => t + (y - my) ** 2, 0);
  const ssRes = points.reduce((t, [x, y]) => t + (y - (a + b * x)) ** 2, 0);
  return { a, b, r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot };
}

interface Row { shape: string; dir: string; n: number; files: number; synth: number; synthCpu: number; rssMb: number; floor: number; floorCpu: number; floorMb: number }

/** One shape at every size in one output directory. */
function runShape(shape: Shape, base: string): Row[] {
  const work = fs.mkdtempSync(path.join(base, 'meshgen-bench-'));
  const rows: Row[] = [];
  try {
    for (const n of SIZES) {
      const specFile = path.join(work, `mesh-${n}.yaml`);
      fs.writeFileSync(specFile, YAML.stringify(benchSpec(n, shape)));
      // the spec as typed is in README.md's steps: relative, so that another build's run (BENCH_BEFORE) can type the same
      const synthArgs = [BIN, 'synth', '--quiet', '--spec', `mesh-${n}.yaml`, '--out', `out-${n}`];
      // the other build writes from its own directory, with the spec at the same relative path (the headers name it)
      const beforeDir = path.join(work, 'before');
      if (BEFORE) {
        fs.mkdirSync(beforeDir, { recursive: true });
        fs.copyFileSync(specFile, path.join(beforeDir, `mesh-${n}.yaml`));
      }
      const beforeArgs = [BEFORE ?? '', 'synth', '--quiet', '--spec', `mesh-${n}.yaml`, '--out', `out-${n}`];
      const floorArgs = [FLOOR, specFile, path.join(work, 'job.json'), `floor-${n}`];
      const fresh = (dir: string) => fs.rmSync(path.join(work, dir), { recursive: true, force: true });
      // one synth first (it also writes the bundle's code cache), whose files the floor then writes
      fresh(`out-${n}`);
      measure(synthArgs, work);
      const files = tree(path.join(work, `out-${n}`));
      fs.writeFileSync(path.join(work, 'job.json'), JSON.stringify(floorJob(files)));
      // then RUNS interleaved pairs: a load that comes and goes hits both alike
      const synthRuns: Sample[] = [];
      const floorRuns: Sample[] = [];
      const beforeRuns: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        fresh(`out-${n}`);
        synthRuns.push(measure(synthArgs, work));
        if (BEFORE) {
          fresh(`before/out-${n}`);
          beforeRuns.push(measure(beforeArgs, beforeDir));
        }
        fresh(`floor-${n}`);
        floorRuns.push(measure(floorArgs, work));
      }
      const synth = summarize(synthRuns);
      const floor = summarize(floorRuns);
      const same = JSON.stringify([...tree(path.join(work, `floor-${n}`))]) === JSON.stringify([...files]);
      if (!same) throw new Error(`the floor wrote different files than meshgen for ${n} clusters (${shape.name})`);
      if (BEFORE && JSON.stringify([...tree(path.join(beforeDir, `out-${n}`))]) !== JSON.stringify([...files])) {
        console.log(`  (BENCH_BEFORE wrote other files than this build for ${n} clusters)`);
      }
      const before = BEFORE ? summarize(beforeRuns) : undefined;
      const row = { shape: shape.name, dir: base, n, files: files.size, synth: synth.best, synthCpu: synth.cpu, rssMb: synth.rssMb, floor: floor.best, floorCpu: floor.cpu, floorMb: floor.rssMb };
      rows.push(row);
      console.log(`${shape.name.padEnd(28)}${pad(base, 10)}${pad(n, 7)}${pad(files.size, 7)}${pad(fmt(synth.wall), 9)}${pad(`(${fmt(synth.best)})`, 8)}${pad(fmt(synth.cpu, 3), 9)}${pad(fmt(synth.rssMb, 0), 9)}` +
        `${pad(fmt(floor.wall), 9)}${pad(`(${fmt(floor.best)})`, 8)}${pad(fmt(floor.cpu, 3), 9)}${pad(fmt(floor.rssMb, 0), 10)}${pad(fmt(synth.best / floor.best, 2) + 'x', 9)}${pad(fmt(synth.cpu / floor.cpu, 2) + 'x', 9)}` +
        (before ? `   before: cpu ${fmt(before.cpu, 3)} s (${fmt(before.cpu / floor.cpu, 2)}x), peak ${fmt(before.rssMb, 0)} MB` : ''));
      fs.rmSync(path.join(work, `out-${n}`), { recursive: true, force: true });
      fs.rmSync(path.join(work, `floor-${n}`), { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return rows;
}

/** Fits of wall time and memory from 10 clusters up, per shape and directory. */
function printFits(rows: Row[]): void {
  const groups = new Map<string, Row[]>();
  for (const r of rows.filter((x) => x.n >= 10)) groups.set(`${r.shape} @ ${r.dir}`, [...(groups.get(`${r.shape} @ ${r.dir}`) ?? []), r]);
  console.log('\nfit from 10 clusters up (least squares; linear when R^2 is near 1):');
  for (const [name, g] of groups) {
    if (g.length < 2) continue;
    const wall = fitLine(g.map((r) => [r.n, r.synth * 1000]));
    const floor = fitLine(g.map((r) => [r.n, r.floor * 1000]));
    const rss = fitLine(g.map((r) => [r.n, r.rssMb]));
    // CPU time: what a shared machine's load disturbs least
    const cpu = fitLine(g.map((r) => [r.n, r.synthCpu * 1000]));
    const floorCpu = fitLine(g.map((r) => [r.n, r.floorCpu * 1000]));
    console.log(`  ${name.padEnd(40)} wall = ${fmt(wall.a, 0)} ms + ${fmt(wall.b, 2)} ms/cluster (R^2 ${fmt(wall.r2, 3)}); ` +
      `floor ${fmt(floor.a, 0)} + ${fmt(floor.b, 2)} ms/cluster; cpu = ${fmt(cpu.a, 0)} ms + ${fmt(cpu.b, 2)} ms/cluster (R^2 ${fmt(cpu.r2, 3)}), ` +
      `floor ${fmt(floorCpu.a, 0)} + ${fmt(floorCpu.b, 2)} ms/cluster; peak RSS = ${fmt(rss.a, 0)} MB + ${fmt(rss.b * 1000, 0)} kB/cluster (R^2 ${fmt(rss.r2, 3)})`);
  }
}

/** The commands whose speed the README states, on the bundled example. */
function benchCommands(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-bench-cmd-'));
  try {
    const example = path.join(ROOT, 'examples', 'primary-remote', 'mesh.yaml');
    repeat([BIN, 'synth', '--quiet', '--spec', example, '--out', 'dist'], work);
    const validate = repeat([BIN, 'validate', '--dist', 'dist'], work);
    console.log(`\nvalidate --dist on the bundled example: ${fmt(validate.wall)} s (best ${fmt(validate.best)} s), CPU ${fmt(validate.cpu)} s, ${fmt(validate.rssMb, 0)} MB`);
    // an unchanged tree: the build is up to date, so these only start the app
    const main = repeat([path.join(ROOT, 'build', 'main.js')], ROOT);
    const app = repeat([path.join(ROOT, 'scripts', 'app.js')], ROOT);
    const npm = repeatCommand('npm', ['run', '--silent', 'synth'], ROOT);
    const cdk8sBin = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
    const cdk8s = repeatCommand(cdk8sBin, ['synth'], ROOT);
    // the cdk8s CLI checks npm for a newer cdk8s-cli on every synth (a child process) unless told not to
    const cdk8sNoCheck = repeatCommand(cdk8sBin, ['synth', '--check-upgrade=false'], ROOT);
    // what the cdk8s CLI costs by itself: start-up only, no app
    const cdk8sAlone = repeatCommand(cdk8sBin, ['--version', '--check-upgrade=false'], ROOT);
    // of which: the CLI loads every command's module at start; `init` brings jsii-pacmak (and the TypeScript compiler)
    const cdk8sInit = repeatCommand(process.execPath, ['-e', `require(${JSON.stringify(path.join(ROOT, 'node_modules', 'cdk8s-cli', 'lib', 'cli', 'cmds', 'init'))})`], ROOT);
    const x = (a: number, b: number) => `${fmt(a / b, 2)}x`;
    console.log(`unchanged tree, wall (best) / CPU (median): node build/main.js ${fmt(main.best)} / ${fmt(main.cpu)} s; ` +
      `node scripts/app.js ${fmt(app.best)} / ${fmt(app.cpu)} s (${x(app.best, main.best)} / ${x(app.cpu, main.cpu)}); ` +
      `npm run synth ${fmt(npm.best)} / ${fmt(npm.cpu)} s (${x(npm.best, main.best)} / ${x(npm.cpu, main.cpu)}); ` +
      `cdk8s synth ${fmt(cdk8s.best)} / ${fmt(cdk8s.cpu)} s (${x(cdk8s.best, main.best)} / ${x(cdk8s.cpu, main.cpu)}); ` +
      `cdk8s synth --check-upgrade=false ${fmt(cdk8sNoCheck.best)} / ${fmt(cdk8sNoCheck.cpu)} s (${x(cdk8sNoCheck.best, main.best)} / ${x(cdk8sNoCheck.cpu, main.cpu)}); ` +
      `the cdk8s CLI alone (cdk8s --version) ${fmt(cdk8sAlone.best)} / ${fmt(cdk8sAlone.cpu)} s, ` +
      `of which loading its init command (jsii-pacmak) ${fmt(cdk8sInit.best)} / ${fmt(cdk8sInit.cpu)} s`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function main(): void {
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'main.js'))) throw new Error('build/ is missing: run npm run build');
  console.log(`meshgen bench: node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(1)}, ${RUNS} run(s) per case; ` +
    'wall = median (best), cpu = median user+sys, peak RSS = max; x floor = best / best wall, x cpu = median / median CPU; ' +
    'synth and floor runs alternate; each run writes into a fresh directory');
  console.log(`${'shape'.padEnd(28)}${pad('dir', 10)}${pad('n', 7)}${pad('files', 7)}${pad('synth s', 9)}${pad('(best)', 8)}${pad('cpu s', 9)}${pad('peak MB', 9)}` +
    `${pad('floor s', 9)}${pad('(best)', 8)}${pad('cpu s', 9)}${pad('floor MB', 10)}${pad('x floor', 9)}${pad('x cpu', 9)}`);
  const rows: Row[] = [];
  for (const dir of DIRS) for (const shape of SHAPES) rows.push(...runShape(shape, dir));
  printFits(rows);
  if (process.env.BENCH_COMMANDS !== '0') benchCommands();
}

if (require.main === module) main();
