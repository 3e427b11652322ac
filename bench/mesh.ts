/**
 * `npm run bench`: how meshgen's synth scales. For meshes of 2, 10, 50 and 100
 * clusters (primary-remote and multi-primary, on one network and on one network per
 * cluster), runs the BUILT CLI (`node bin/meshgen synth`) as a fresh process several
 * times and prints the median wall time and the peak RSS, the growth 100/10, and the
 * ratio against a floor measured in the same run: build/bench/floor.js, which writes
 * the same files holding the same objects with the yaml package alone.
 *
 * Env: BENCH_RUNS (default 3), BENCH_SIZES (default "2,10,50,100").
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
const SIZES = (process.env.BENCH_SIZES ?? '2,10,50,100').split(',').map(Number);

type Shape = { name: string; multiPrimary: boolean; manyNetworks: boolean };
const SHAPES: Shape[] = [
  { name: 'primary-remote, 1 network', multiPrimary: false, manyNetworks: false },
  { name: 'primary-remote, n networks', multiPrimary: false, manyNetworks: true },
  { name: 'multi-primary, 1 network', multiPrimary: true, manyNetworks: false },
  { name: 'multi-primary, n networks', multiPrimary: true, manyNetworks: true },
];

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
  return { apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'bench' }, spec: { clusters } };
}

interface Sample { readonly wall: number; readonly rssKb: number }

/** Runs `node --require rss-preload ARGS` once; wall seconds and peak RSS. */
function measure(args: string[], cwd: string): Sample {
  const rssFile = path.join(cwd, '.rss');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    cwd, encoding: 'utf8', env: { ...process.env, MESHGEN_BENCH_RSS_FILE: rssFile },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { wall, rssKb: Number(fs.readFileSync(rssFile, 'utf8')) };
}

/** Median and best wall time of RUNS runs (best is the least disturbed by other load), and the peak RSS. */
function repeat(args: string[], cwd: string): { wall: number; best: number; rssMb: number } {
  const samples = Array.from({ length: RUNS }, () => measure(args, cwd));
  const walls = samples.map((s) => s.wall).sort((a, b) => a - b);
  return { wall: walls[Math.floor(walls.length / 2)], best: walls[0], rssMb: Math.max(...samples.map((s) => s.rssKb)) / 1024 };
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

function main(): void {
  if (!fs.existsSync(path.join(ROOT, 'build', 'lib', 'cli', 'main.js'))) throw new Error('build/ is missing: run npm run build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-bench-'));
  try {
    console.log(`meshgen bench: node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(1)}, ${RUNS} run(s) per case; ` +
      'wall = median (best), peak RSS = max; x floor = best / best');
    const example = repeat([BIN, 'synth', '--quiet', '--spec', path.join(ROOT, 'examples', 'primary-remote', 'mesh.yaml'), '--out', 'example-out'], work);
    console.log(`bundled example (examples/primary-remote, 2 clusters), cold process: ${fmt(example.wall)} s (best ${fmt(example.best)} s), ${fmt(example.rssMb, 0)} MB\n`);
    console.log(`${'shape'.padEnd(28)}${pad('clusters', 9)}${pad('files', 7)}${pad('synth s', 9)}${pad('(best)', 8)}${pad('peak MB', 9)}${pad('floor s', 9)}${pad('(best)', 8)}${pad('floor MB', 10)}${pad('x floor', 9)}`);
    const summary: string[] = [];
    for (const shape of SHAPES) {
      const results = new Map<number, { best: number; rssMb: number; floor: number }>();
      for (const n of SIZES) {
        const specFile = path.join(work, `mesh-${n}.yaml`);
        fs.writeFileSync(specFile, YAML.stringify(benchSpec(n, shape)));
        const synth = repeat([BIN, 'synth', '--quiet', '--spec', specFile, '--out', 'out'], work);
        const files = tree(path.join(work, 'out'));
        const jobFile = path.join(work, 'job.json');
        fs.writeFileSync(jobFile, JSON.stringify(floorJob(files)));
        const floor = repeat([FLOOR, specFile, jobFile, 'floor-out'], work);
        const same = JSON.stringify([...tree(path.join(work, 'floor-out'))]) === JSON.stringify([...files]);
        if (!same) throw new Error(`the floor wrote different files than meshgen for ${n} clusters (${shape.name})`);
        results.set(n, { best: synth.best, rssMb: synth.rssMb, floor: floor.best });
        console.log(`${shape.name.padEnd(28)}${pad(n, 9)}${pad(files.size, 7)}${pad(fmt(synth.wall), 9)}${pad(`(${fmt(synth.best)})`, 8)}${pad(fmt(synth.rssMb, 0), 9)}` +
          `${pad(fmt(floor.wall), 9)}${pad(`(${fmt(floor.best)})`, 8)}${pad(fmt(floor.rssMb, 0), 10)}${pad(fmt(synth.best / floor.best, 1) + 'x', 9)}`);
      }
      const a = results.get(10);
      const b = results.get(100);
      if (a && b) {
        summary.push(`${shape.name.padEnd(28)} growth 100/10: wall ${fmt(b.best / a.best)}x, peak RSS ${fmt(b.rssMb / a.rssMb)}x; ` +
          `per extra cluster: ${fmt(((b.best - a.best) / 90) * 1000, 1)} ms (floor ${fmt(((b.floor - a.floor) / 90) * 1000, 1)} ms)`);
      }
    }
    if (summary.length) console.log(`\n${summary.join('\n')}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
