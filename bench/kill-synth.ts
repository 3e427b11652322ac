/**
 * Kills `meshgen synth --include-secrets` at random moments (SIGKILL) and checks, after
 * each kill and after the next synth: `git add -A` stages no key, the next synth exits 0
 * with no stack trace, and leaves the complete tree (the same bytes as an undisturbed
 * synth) and no staging. Run after `npm run build`:
 *
 *     node build/bench/kill-synth.js [kills=40]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = fs.existsSync(path.join(__dirname, 'package.json')) ? __dirname : path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'build', 'lib', 'cli', 'main.js');
const kills = Number(process.argv[2] ?? 40);

function project(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshgen-kill-'));
  spawnSync('git', ['init', '-q'], { cwd: dir });
  fs.copyFileSync(path.join(root, 'examples', 'primary-remote', 'mesh.yaml'), path.join(dir, 'mesh.yaml'));
  fs.mkdirSync(path.join(dir, '.meshgen'));
  fs.cpSync(path.join(root, 'test', 'fixtures', 'pki'), path.join(dir, '.meshgen', 'pki'), { recursive: true });
  fs.rmSync(path.join(dir, '.meshgen', 'pki', 'README.md'));
  // As `ca init` of this meshgen leaves it (a PKI of an older meshgen gets it from the first run that locks it).
  fs.writeFileSync(path.join(dir, '.meshgen', 'pki', '.gitignore'), '*\n');
  return dir;
}

function synth(cwd: string): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, [cli, 'synth', '--quiet', '--include-secrets', '--spec', 'mesh.yaml'], { cwd, encoding: 'utf8' });
  return { code: r.status, err: r.stderr };
}

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p); else out.set(path.relative(dir, p), fs.readFileSync(p, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

async function main(): Promise<void> {
  const reference = project();
  const t0 = Date.now();
  if (synth(reference).code !== 0) throw new Error('reference synth failed');
  const duration = Date.now() - t0;
  const expected = tree(path.join(reference, 'dist'));
  const tally = { kills: 0, keysStagedByGit: 0, recoveryStackTraces: 0, recoveryFailures: 0, incompleteTrees: 0, leftovers: 0 };
  let dir = project();
  for (let i = 0; i < kills; i++) {
    if (i % 10 === 0) dir = project(); // some kills hit a first synth, most a later one
    const child = spawn(process.execPath, [cli, 'synth', '--quiet', '--include-secrets', '--spec', 'mesh.yaml'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    await new Promise((r) => setTimeout(r, Math.random() * duration));
    child.kill('SIGKILL');
    await exited;
    tally.kills++;
    const staged = spawnSync('git', ['add', '-A', '--dry-run'], { cwd: dir, encoding: 'utf8' }).stdout;
    const keys = staged.split('\n').filter((l) => /cacerts|-key\.pem|\.meshgen-tx/.test(l));
    if (keys.length > 0) { tally.keysStagedByGit++; if (process.env.VERBOSE) process.stderr.write(`kill ${i}: git would add ${keys.join(', ')}\n`); }
    const r = synth(dir);
    if (/\n\s+at |internal error/.test(r.err)) tally.recoveryStackTraces++;
    if (r.code !== 0) tally.recoveryFailures++;
    const got = tree(path.join(dir, 'dist'));
    got.delete('.meshgen-output'); expected.delete('.meshgen-output');
    if (got.size !== expected.size || [...expected].some(([f, c]) => got.get(f) !== c)) {
      tally.incompleteTrees++;
      if (process.env.VERBOSE) {
        const bad = [...new Set([...got.keys(), ...expected.keys()])].filter((f) => got.get(f) !== expected.get(f));
        process.stderr.write(`kill ${i}: after the next synth (exit ${r.code}) these differ: ${bad.join(', ')}\n`);
      }
    }
    const own = (d: string) => (fs.existsSync(d) ? fs.readdirSync(d).filter((n) => n.startsWith('.meshgen-') && n !== '.meshgen-output') : []);
    const left = [...own(path.join(dir, 'dist')), ...own(path.join(dir, '.meshgen', 'pki')), ...own(path.join(dir, '.meshgen', 'secrets')), ...fs.readdirSync(dir).filter((n) => n.includes('meshgen-new'))];
    if (left.length > 0) { tally.leftovers++; if (process.env.VERBOSE) process.stderr.write(`kill ${i}: left ${left.join(', ')}\n`); }
  }
  process.stdout.write(`${JSON.stringify({ undisturbedSynthMs: duration, ...tally })}\n`);
}

void main();
