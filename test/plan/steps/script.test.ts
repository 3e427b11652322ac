import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseMeshSpecYaml } from '../../../lib/mesh-spec/parse';
import { MeshPlan, planMesh } from '../../../lib/plan/planner';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { formatPlanScript, SCRIPT_STOP_STATUS, stepFunctionName } from '../../../lib/plan/steps/script';
import { Action, PlanStep, step } from '../../../lib/plan/steps/step';
import { planSteps } from '../../../lib/plan/steps/steps';
import { checkUpgradeOrder, factsOf, upgradeSteps } from '../../../lib/plan/steps/upgrade';
import { ROOT, tempDir } from '../../helpers';

const STUBBED = ['kubectl', 'istioctl', 'helm', 'meshgen', 'openssl', 'argocd', 'flux', 'git'];
const exampleNames = fs.readdirSync(path.join(ROOT, 'examples')).filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'mesh.yaml'))).sort();

const plans = new Map<string, { plan: MeshPlan; steps: PlanStep[] }>();
/** An example's plan and steps, planned once per file (nothing here changes them). */
function examplePlan(name: string) {
  if (!plans.has(name)) {
    const plan = planMesh(parseMeshSpecYaml(fs.readFileSync(path.join(ROOT, 'examples', name, 'mesh.yaml'), 'utf8'), `examples/${name}/mesh.yaml`));
    plans.set(name, { plan, steps: planSteps(plan) });
  }
  return plans.get(name)!;
}

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
const shellcheck = has('shellcheck');
if (!shellcheck) {
  console.warn('SKIPPED: shellcheck is not installed, so the plan scripts are only checked with sh -n and bash -n; install it (Debian: apt-get install -y shellcheck) to lint them');
}

/** The istioctl of another release a plan runs by its path (`istio-<version>/bin/istioctl`, spec.istio.canary). */
const DOWNLOADED = /^istio-[^/]+\/bin\/istioctl$/;

/**
 * A directory with stub programs that log their arguments to $STUB_LOG and answer from
 * $STUB_ANSWERS ("program args<TAB>output" lines: they print the output of the first line
 * whose first field is their call); `downloaded` istioctl paths are stubbed where the plan
 * runs them (so nothing is downloaded).
 */
function stubs(dir: string, downloaded: readonly string[] = []): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  for (const p of [...STUBBED, ...downloaded]) {
    const file = DOWNLOADED.test(p) ? path.join(dir, p) : path.join(bin, p);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // the answer is read by sh itself (no awk: one process less per call)
    fs.writeFileSync(file, [
      '#!/bin/sh',
      `printf 'STUB %s\\n' "${p} $*" >> "$STUB_LOG"`,
      `K="${p} $*\t"`,
      'while IFS= read -r l; do',
      '  case $l in "$K"*) l=${l#"$K"}; printf \'%s\\n\' "${l%%\t*}"; exit 0 ;; esac',
      'done < "$STUB_ANSWERS"',
      '',
    ].join('\n'), { mode: 0o755 });
  }
  return bin;
}

/** What a wait or a check must see to pass at once (a check's command is also its gateway's address wait: it prints the address). */
function answers(steps: readonly PlanStep[], wrong?: string): string {
  const lines = new Map<string, string>();
  for (const a of steps.flatMap((s) => s.actions)) {
    if (a.kind === 'wait' && a.until !== 'succeeds') lines.set(a.argv.join(' '), a.until === 'equals' ? a.equals! : 'ready');
    if (a.kind === 'check') lines.set(a.argv.join(' '), a.argv.join(' ') === wrong ? '10.9.9.9' : a.equals);
  }
  return [...lines].map(([k, v]) => `${k}\t${v}\n`).join('');
}

/** The commands of stubbed programs a step runs, in order. */
function downloadedOf(steps: readonly PlanStep[]): string[] {
  return [...new Set(steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'run' ? [...a.pipeline, ...(a.unless ? [a.unless] : [])] : [])).map((argv) => argv[0]).filter((p) => DOWNLOADED.test(p)))];
}

function expectedCalls(s: PlanStep): string[] {
  // the stubs succeed, so a run with `unless` runs only its `unless` command
  const argvs = s.actions.flatMap((a: Action) => a.kind === 'run' ? (a.unless ? [a.unless] : a.pipeline) : a.kind === 'wait' || a.kind === 'check' ? [a.argv] : []);
  return argvs.filter((argv) => STUBBED.includes(argv[0]) || DOWNLOADED.test(argv[0])).map((argv) => argv.join(' '));
}

interface Run { status: number | null; log: string }

function runScript(dir: string, script: string, args: string[], env: Record<string, string>): Run {
  const log = path.join(dir, 'log');
  const fd = fs.openSync(log, 'a');
  try {
    const r = spawnSync('sh', [script, ...args], { cwd: dir, env: { ...process.env, ...env, STUB_LOG: log }, stdio: ['ignore', 'ignore', fd] });
    return { status: r.status, log: fs.readFileSync(log, 'utf8') };
  } finally {
    fs.closeSync(fd);
  }
}

const UPGRADES: [string, string][] = [['mesh-before.yaml', 'mesh.yaml'], ['mesh.yaml', 'mesh-promoted.yaml'], ['mesh.yaml', 'mesh-before.yaml']];
const upgradeFile = (a: string, b: string) => `upgrade-${a}-${b}.sh`;

const upgrades = new Map<string, { from: MeshPlan; to: MeshPlan; steps: PlanStep[]; script: string }>();
/** canary-upgrade's plan --from a to b: both plans, the steps and the script (made once per file: the lint and the run test see the same script). */
function upgradeCase(a: string, b: string) {
  const key = upgradeFile(a, b);
  if (!upgrades.has(key)) {
    const load = (f: string) => planMesh(parseMeshSpecYaml(fs.readFileSync(path.join(ROOT, 'examples/canary-upgrade', f), 'utf8'), f));
    const [from, to] = [load(a), load(b)];
    const steps = upgradeSteps(from, to);
    upgrades.set(key, { from, to, steps, script: formatPlanScript(to, steps, 'Upgrade') });
  }
  return upgrades.get(key)!;
}

interface Checked { output: string; status: number | null }
type Checker = 'sh' | 'bash' | 'shellcheck';
interface Lint {
  sh: Checked; bash: Checked; shellcheck: Checked;
  /** shellcheck's findings in this file but those with the given codes (as `shellcheck -e CODE` prints). */
  shellcheckExcept(...codes: string[]): string;
}
let linted: Map<string, Lint> | undefined;

/**
 * sh -n, bash -n and shellcheck -s sh of every script the lint tests check (each example's
 * install script, the canary upgrades'), written once: one `sh` runs the syntax checks of all
 * of them and one shellcheck reads them all (its json1 output names the file of each finding;
 * a file's status is 1 when it has one). A spawn from the test process costs more than the check.
 */
function lints(): Map<string, Lint> {
  if (linted) return linted;
  const dir = tempDir('meshgen-lint-');
  const scripts = new Map<string, string>([
    ...exampleNames.map((name): [string, string] => [`install-${name}.sh`, formatPlanScript(examplePlan(name).plan, examplePlan(name).steps)]),
    ...UPGRADES.map(([a, b]): [string, string] => [upgradeFile(a, b), upgradeCase(a, b).script]),
  ]);
  for (const [f, text] of scripts) fs.writeFileSync(path.join(dir, f), text);
  const files = [...scripts.keys()];
  const syntax = spawnSync('sh', ['-c', 'for f; do for c in sh bash; do "$c" -n "$f" > "$f.$c" 2>&1; echo $? > "$f.$c.status"; done; done', 'lint', ...files], { cwd: dir, encoding: 'utf8' });
  expect({ status: syntax.status, stderr: syntax.stderr }).toEqual({ status: 0, stderr: '' });
  const comments: Array<{ file: string; line: number; column: number; level: string; code: number; message: string }> = [];
  if (shellcheck) {
    const r = spawnSync('shellcheck', ['-s', 'sh', '-f', 'json1', ...files], { cwd: dir, encoding: 'utf8' });
    expect({ stderr: r.stderr, status: r.status }).toEqual({ stderr: '', status: expect.any(Number) });
    comments.push(...JSON.parse(r.stdout).comments);
    expect(r.status).toBe(comments.length ? 1 : 0);
  }
  const read = (f: string, c: string): Checked => ({ output: fs.readFileSync(path.join(dir, `${f}.${c}`), 'utf8'), status: Number(fs.readFileSync(path.join(dir, `${f}.${c}.status`), 'utf8')) });
  linted = new Map(files.map((f) => {
    const found = (except: readonly string[]) => comments.filter((c) => c.file === f && !except.includes(`SC${c.code}`))
      .map((c) => `${c.file}:${c.line}:${c.column}: ${c.level} SC${c.code}: ${c.message}\n`).join('');
    return [f, { sh: read(f, 'sh'), bash: read(f, 'bash'), shellcheck: { output: found([]), status: found([]) ? 1 : 0 }, shellcheckExcept: (...codes) => found(codes) }];
  }));
  return linted;
}

describe('formatPlanScript', () => {
  test.each(exampleNames)('%s: sh -n, bash -n and shellcheck pass', (name) => {
    const lint = lints().get(`install-${name}.sh`)!;
    for (const cmd of ['sh', 'bash', ...(shellcheck ? ['shellcheck'] : [])] as Checker[]) {
      expect(`${cmd}: ${lint[cmd].output}`).toBe(`${cmd}: `);
      expect(lint[cmd].status).toBe(0);
    }
  });

  test.each(exampleNames)('%s: run against stub kubectl/istioctl/helm/meshgen, every step runs its commands in an order the checker accepts', (name) => {
    const { plan, steps } = examplePlan(name);
    const dir = tempDir();
    const bin = stubs(dir, downloadedOf(steps));
    fs.writeFileSync(path.join(dir, 'answers.tsv'), answers(steps));
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(plan, steps));
    const env = { PATH: `${bin}:${process.env.PATH}`, STUB_ANSWERS: path.join(dir, 'answers.tsv') };
    let r = runScript(dir, 'install.sh', [], env);
    // a step that stops for a person (write an address into the spec) is resumed with the next one
    for (let guard = 0; r.status === SCRIPT_STOP_STATUS && guard < steps.length; guard++) {
      const resume = [...r.log.matchAll(/resume with: sh install\.sh --from-step (\d+)/g)].pop()!;
      r = runScript(dir, 'install.sh', ['--from-step', resume[1]], env);
    }
    expect(r.status).toBe(0);
    expect(r.log).toContain(`meshgen: all ${steps.length} steps done`);

    const ran: { n: number; calls: string[] }[] = [];
    for (const line of r.log.split('\n')) {
      const marker = /^==> step (\d+)\/(\d+) /.exec(line);
      if (marker) ran.push({ n: Number(marker[1]), calls: [] });
      else if (line.startsWith('STUB ')) ran[ran.length - 1].calls.push(line.slice(5));
    }
    expect(ran.map((x) => x.n)).toEqual(steps.map((_, i) => i + 1));
    expect(checkPlanOrder(ran.map((x) => steps[x.n - 1]))).toEqual([]);
    // sorted: the programs of a pipeline run at the same time
    ran.forEach((x) => expect([steps[x.n - 1].id, [...x.calls].sort()]).toEqual([steps[x.n - 1].id, expectedCalls(steps[x.n - 1]).sort()]));
  });

  test.each(UPGRADES)(
    'canary-upgrade plan --from %s to %s: the script runs every step against stubs in an order the checker accepts', (a, b) => {
      const { from, to, steps, script } = upgradeCase(a, b);
      const dir = tempDir();
      const bin = stubs(dir, downloadedOf(steps));
      fs.writeFileSync(path.join(dir, 'answers.tsv'), answers(steps));
      fs.writeFileSync(path.join(dir, 'upgrade.sh'), script);
      // SC2016 (info): the relabel step's `sh -c` program is single-quoted on purpose: its $0 and $1 expand in that shell
      const lint = lints().get(upgradeFile(a, b))!;
      for (const cmd of ['sh', ...(shellcheck ? ['shellcheck'] : [])] as Checker[]) {
        const output = cmd === 'shellcheck' ? lint.shellcheckExcept('SC2016') : lint[cmd].output;
        expect(`${cmd}: ${output}`).toBe(`${cmd}: `);
      }
      const r = runScript(dir, 'upgrade.sh', [], { PATH: `${bin}:${process.env.PATH}`, STUB_ANSWERS: path.join(dir, 'answers.tsv') });
      expect(r.status).toBe(0);
      expect(r.log).toContain(`meshgen: all ${steps.length} steps done`);
      expect(checkUpgradeOrder(steps, factsOf(from))).toEqual([]);
    });

  test('GIVEN a gateway address other than the spec\'s THEN the script stops (exit 3) and says what to update and where to resume', () => {
    const { plan, steps } = examplePlan('shared-control-plane-gateways');
    const check = steps.findIndex((s) => s.id === 'check-address.cluster2');
    const dir = tempDir();
    const bin = stubs(dir);
    const argv = (steps[check].actions[0] as { argv: readonly string[] }).argv.join(' ');
    fs.writeFileSync(path.join(dir, 'answers.tsv'), answers(steps, argv));
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(plan, steps));
    const r = runScript(dir, 'install.sh', [], { PATH: `${bin}:${process.env.PATH}`, STUB_ANSWERS: path.join(dir, 'answers.tsv') });
    expect(r.status).toBe(SCRIPT_STOP_STATUS);
    expect(r.log).toContain('meshgen: got 10.9.9.9, the spec says 192.23.120.32: update spec.clusters[1].eastWestGateway.address');
    expect(r.log).toContain(`meshgen: then resume with: sh install.sh --from-step ${check + 2}`);
    expect(steps[check + 1].id).toBe('mesh-networks.cluster1');
  });

  test('GIVEN a failing command THEN the script stops there and says how to resume', () => {
    const failing = step({ id: 'fails', title: 'fails', actions: [{ kind: 'run', pipeline: [['false']] }] });
    const first = step({ id: 'first', title: 'first', actions: [{ kind: 'run', pipeline: [['true']] }] });
    const { plan } = examplePlan('primary-remote');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(plan, [first, failing]));
    const r = runScript(dir, 'install.sh', [], {});
    expect(r.status).toBe(1);
    expect(r.log).toContain('meshgen: step 2 failed (exit 1); fix the cause, then resume with: sh install.sh --from-step 2');
    expect(runScript(dir, 'install.sh', ['--from-step=1'], {}).status).toBe(1);
  });

  test('GIVEN a wait that never passes THEN it gives up after its timeout', () => {
    const wait = step({ id: 'wait', title: 'wait', actions: [{ kind: 'wait', argv: ['false'], until: 'succeeds', timeoutSeconds: 0, intervalSeconds: 1 }] });
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(examplePlan('primary-remote').plan, [wait]));
    const r = runScript(dir, 'install.sh', [], {});
    expect(r.status).toBe(1);
    expect(r.log).toContain('meshgen: gave up after 0 s waiting for: false');
  });

  test('fails with exit 2 on a bad --from-step', () => {
    const { plan, steps } = examplePlan('primary-remote');
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(plan, steps));
    for (const args of [['--from-step', '0'], ['--from-step', 'x'], ['--from-step'], ['--from-step', String(steps.length + 1)], ['--bogus']]) {
      const r = runScript(dir, 'install.sh', args, {});
      expect([args, r.status]).toEqual([args, 2]);
      expect(r.log).toContain('usage: install.sh [--from-step N]');
    }
  });

  test('THEN every argument is quoted: a hostile kubectl context reaches kubectl as one argument and runs nothing', () => {
    const context = "--context=a b'$(touch pwned)`touch pwned2`;x";
    const s = step({ id: 'x', cluster: 'c1', title: 'x', actions: [{ kind: 'run', pipeline: [['kubectl', context, 'get', 'ns']] }] });
    const dir = tempDir();
    const bin = stubs(dir);
    fs.writeFileSync(path.join(dir, 'answers.tsv'), '');
    fs.writeFileSync(path.join(dir, 'install.sh'), formatPlanScript(examplePlan('primary-remote').plan, [s]));
    const r = runScript(dir, 'install.sh', [], { PATH: `${bin}:${process.env.PATH}`, STUB_ANSWERS: path.join(dir, 'answers.tsv') });
    expect(r.status).toBe(0);
    expect(r.log).toContain(`STUB kubectl ${context} get ns\n`);
    expect(fs.existsSync(path.join(dir, 'pwned')) || fs.existsSync(path.join(dir, 'pwned2'))).toBe(false);
    expect(stepFunctionName(s)).toBe('step_x');
  });
});
