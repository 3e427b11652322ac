/**
 * `npm run bench:plan`: how `meshgen plan` and the install steps of dist/README.md grow
 * with the mesh. For each shape of bench/mesh.ts and each size (BENCH_SIZES, default
 * "100,500"), runs the BUILT CLI (`node bin/meshgen plan`) as a fresh process
 * (BENCH_RUNS times, default 3) and prints the steps, the plan's bytes, the best wall
 * time and the peak RSS, and the bytes of the review README that synth would write
 * (rendered in-process from the same build; no CA is made).
 *
 * MESHGEN_BENCH_ROOT measures another checkout's build (e.g. main's, for a before/after).
 * Timings are printed, never asserted: they depend on the machine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { benchSpec } from './mesh';

const ROOT = path.resolve(process.env.MESHGEN_BENCH_ROOT ?? path.join(__dirname, '..', '..'));
const PRELOAD = path.join(__dirname, 'rss-preload.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SIZES = (process.env.BENCH_SIZES ?? '100,500').split(',').map(Number);
const SHAPES = [
  { name: 'primary-remote, 1 network', multiPrimary: false, manyNetworks: false },
  { name: 'primary-remote, n networks', multiPrimary: false, manyNetworks: true },
  { name: 'multi-primary, 1 network', multiPrimary: true, manyNetworks: false },
  { name: 'multi-primary, n networks', multiPrimary: true, manyNetworks: true },
];

function main(): void {
  const bin = path.join(ROOT, 'bin', 'meshgen');
  const lib = (m: string) => require(path.join(ROOT, 'build', 'lib', m));
  const { parseMeshSpecYaml } = lib('mesh-spec/parse');
  const { planMesh } = lib('plan/planner');
  const { reviewReadme } = lib('review/readme');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-bench-plan-'));
  try {
    console.log(`meshgen plan bench (${ROOT}): node ${process.version}, ${os.cpus().length} CPU(s), ${RUNS} run(s), best wall / max peak RSS`);
    console.log(`${'shape'.padEnd(28)}${'clusters'.padStart(9)}${'steps'.padStart(8)}${'plan KB'.padStart(10)}${'plan s'.padStart(8)}${'RSS MB'.padStart(8)}${'README KB'.padStart(11)}`);
    for (const shape of SHAPES) {
      for (const n of SIZES) {
        const specFile = path.join(work, `mesh-${n}.yaml`);
        const text = YAML.stringify(benchSpec(n, shape));
        fs.writeFileSync(specFile, text);
        let best = Infinity;
        let rss = 0;
        let out = '';
        for (let i = 0; i < RUNS; i++) {
          const rssFile = path.join(work, '.rss');
          const t0 = process.hrtime.bigint();
          const r = spawnSync(process.execPath, ['--require', PRELOAD, bin, 'plan', '--quiet', '--spec', specFile], {
            cwd: work, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, MESHGEN_BENCH_RSS_FILE: rssFile },
          });
          const wall = Number(process.hrtime.bigint() - t0) / 1e9;
          if (r.status !== 0) throw new Error(`plan exited ${r.status}: ${r.stderr}`);
          best = Math.min(best, wall);
          rss = Math.max(rss, Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
          out = r.stdout;
        }
        const steps = out.split('\n').filter((l) => /^ *\d+\. \[/.test(l)).length;
        const readme = reviewReadme(planMesh(parseMeshSpecYaml(text, specFile)), []);
        console.log(`${shape.name.padEnd(28)}${String(n).padStart(9)}${String(steps).padStart(8)}${(out.length / 1024).toFixed(0).padStart(10)}` +
          `${best.toFixed(2).padStart(8)}${rss.toFixed(0).padStart(8)}${(readme.length / 1024).toFixed(0).padStart(11)}`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) main();
