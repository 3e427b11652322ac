import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { MeshPlan, planMesh } from '../../../lib/plan/planner';
import { formatPlan, planSteps } from '../../../lib/plan/steps/steps';
import type { StepOptions } from '../../../lib/plan/steps/step';
import { reviewReadme } from '../../../lib/review/readme';
import { ROOT, tempDir } from '../../helpers';

/*
 * Every command meshgen prints for pasting (meshgen plan, dist/README.md) is run by
 * sh with kubectl, istioctl, helm, meshgen, openssl and base64 replaced by stubs that
 * record their arguments: a hostile kubectl context, output directory or spec file
 * name reaches the program as one argument and runs nothing.
 */

/** Contexts that are shell syntax; each command that would run it creates a file named pwned*. */
const HOSTILE = ['x; touch pwned1 #', '$(touch pwned2)', '`touch pwned3`', 'it\'s "q" \\ ctx', 'ctx?*[a] && touch pwned4', '-n'];
const EKS = 'arn:aws:eks:us-east-1:123456789012:cluster/prod';
const OPTS: StepOptions = { outDir: 'my dist; touch pwned5', specFile: 'mesh $(touch pwned6).yaml', secretsDir: "sec'rets | touch pwned7" };
const STUBS = ['kubectl', 'istioctl', 'helm', 'meshgen', 'openssl', 'base64'];

interface Run { readonly argv: string[][]; readonly files: string[] }

/*
 * One `sh` drives all commands of a case (a spawn from the test process costs far more than
 * one from a small shell): for each command it runs `sh -n -c` (with `syntax`), then the
 * command in its own fresh directory with the stubs first on PATH, STUB_LOG and STUB_ECHO
 * in its environment and stdin from /dev/null, and records its exit status. The driver starts
 * with PATH alone in its environment, so a command gets nothing else (but PWD and OLDPWD from
 * the `cd`) without an `env -i` per command. Arguments: the stubs' directory, 1 or 0 (syntax),
 * then per command its directory, the command and the echo.
 */
const DRIVER = `bin=$1; syntax=$2; shift 2
while [ $# -gt 0 ]; do
  if [ "$syntax" = 1 ]; then sh -n -c "$2" </dev/null >/dev/null 2>&1; echo $? > "$1/syntax"; fi
  (cd "$1/run" && PATH="$bin:$PATH" STUB_LOG="$1/run/.log" STUB_ECHO="$3" exec sh -c "$2" </dev/null >/dev/null 2>&1); echo $? > "$1/status"
  shift 3
done
`;

/**
 * Runs each command in a fresh directory with the stubs first on PATH; `echo` is what every
 * stub prints. With `syntax`, also the exit status of `sh -n -c command`.
 */
function runStubbed(items: Array<{ command: string; echo: string }>, syntax = false): Array<Run & { syntax?: number }> {
  const root = tempDir('meshgen-sh-');
  const bin = path.join(root, '.bin');
  fs.mkdirSync(bin);
  // one log file per stub process: the two ends of a pipe run at once, and their records
  // would interleave in a shared file
  for (const s of STUBS) {
    fs.writeFileSync(path.join(bin, s), `#!/bin/sh\n{ printf '%s\\0' "${s}"; for a in "$@"; do printf '%s\\0' "$a"; done; printf '\\1'; } > "$STUB_LOG/$$"\nprintf '%s\\n' "$STUB_ECHO"\n`, { mode: 0o755 });
  }
  const dirs = items.map((_, i) => path.join(root, String(i)));
  for (const d of dirs) fs.mkdirSync(path.join(d, 'run', '.log'), { recursive: true });
  // `sleep` fails so that a wait loop the stubs do not satisfy ends the test instead of hanging
  // it; a command that hangs anyway is the first without a status when the timeout kills the driver.
  const r = spawnSync('sh', ['-c', DRIVER, 'driver', bin, syntax ? '1' : '0', ...items.flatMap(({ command, echo }, i) => [dirs[i], command, echo])], {
    encoding: 'utf8', timeout: 10_000 * (items.length + 1), env: { PATH: process.env.PATH },
  });
  const hung = items.find((_, i) => !fs.existsSync(path.join(dirs[i], 'status')));
  expect({ error: r.error, status: r.status, stderr: r.stderr, hung }).toEqual({ error: undefined, status: 0, stderr: '', hung: undefined });
  return items.map((_, i) => {
    const dir = path.join(dirs[i], 'run');
    const log = path.join(dir, '.log');
    const argv = fs.readdirSync(log).sort().flatMap((f) => fs.readFileSync(path.join(log, f), 'utf8').split('\u0001').slice(0, -1).map((e) => e.split('\0').slice(0, -1)));
    return {
      argv, files: fs.readdirSync(dir).filter((f) => !f.startsWith('.')),
      ...(syntax ? { syntax: Number(fs.readFileSync(path.join(dirs[i], 'syntax'), 'utf8')) } : {}),
    };
  });
}

function hostilePlan(example: string, edit: (spec: any) => void = () => undefined): MeshPlan {
  const spec = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', example, 'mesh.yaml'), 'utf8'));
  spec.spec.clusters.forEach((c: any, i: number) => { c.context = i === 0 ? EKS : HOSTILE[(i - 1) % HOSTILE.length]; });
  if (spec.spec.federation?.karmada) spec.spec.federation.karmada.context = HOSTILE[HOSTILE.length - 1 - 1];
  edit(spec);
  return planMesh(validateMeshSpec(spec));
}

/** Every command of the plan, with what the stubs print for its wait loops (the cluster's network). */
function commandsOf(plan: MeshPlan): Array<{ command: string; echo: string }> {
  const network = new Map(plan.clusters.map((c) => [c.name, c.network]));
  return planSteps(plan, OPTS).flatMap((s) => s.commands.map((command) => ({ command, echo: network.get(s.cluster ?? '') ?? 'x' })));
}

const none = (): void => undefined;
const CASES: Array<[string, string, (spec: any) => void]> = [
  ['istioctl, primary-remote', 'primary-remote', none],
  ['istioctl, a missing gateway address', 'primary-remote', (s) => { delete s.spec.clusters[0].eastWestGateway; }],
  ['cert-manager', 'primary-remote', (s) => { s.spec.ca = { mode: 'cert-manager' }; }],
  ['helm', 'helm-three-clusters', none],
  ['sail', 'sail-multi-primary', none],
  ['karmada', 'karmada', none],
  ['kiali, MetalLB and verify', 'kiali-east-west', none],
  ['meshNetworks and verify', 'shared-control-plane-gateways', none],
];

// Each case starts a few dozen shells: allow for a busy machine.
jest.setTimeout(60_000);

describe('printed commands are safe to paste', () => {
  test.each(CASES)('GIVEN hostile contexts and paths (%s) THEN every command runs nothing but its program, with each value as one argument', (_name, example, edit) => {
    const plan = hostilePlan(example, edit);
    const contexts = new Set([...plan.clusters.map((c) => c.context), ...(plan.karmada ? [plan.karmada.context] : [])]);
    const commands = commandsOf(plan);
    expect(commands.length).toBeGreaterThan(3);
    let contextArgs = 0;
    const runs = runStubbed(commands, true);
    for (const [i, { command }] of commands.entries()) {
      const run = runs[i];
      expect({ command, status: run.syntax }).toEqual({ command, status: 0 });
      expect({ command, created: run.files }).toEqual({ command, created: [] });
      for (const argv of run.argv) {
        for (const a of argv) {
          const ctx = /^--(?:kube-)?context=(.*)$/s.exec(a)?.[1];
          if (ctx !== undefined) {
            expect(contexts).toContain(ctx);
            contextArgs++;
          }
        }
        const i = argv.indexOf('--kube-context');
        if (i > 0) expect(contexts).toContain(argv[i + 1]);
        const f = argv.indexOf('-f');
        if (f > 0 && argv[f + 1] !== '-' && !argv[f + 1].startsWith('http')) {
          expect(argv[f + 1].startsWith(OPTS.outDir!) || argv[f + 1].startsWith(OPTS.secretsDir!)).toBe(true);
        }
      }
    }
    expect(contextArgs).toBeGreaterThan(0);
  });

  test('GIVEN an EKS ARN as context THEN the plan prints it unquoted', () => {
    const text = formatPlan(hostilePlan('primary-remote'), planSteps(hostilePlan('primary-remote')));
    expect(text).toContain(`kubectl --context=${EKS} apply -f dist/cluster1/namespace.yaml`);
    expect(text).toContain(`'--context=x; touch pwned1 #'`);
  });

  test('GIVEN hostile contexts THEN the install steps of dist/README.md run nothing either', () => {
    const plan = hostilePlan('kiali-east-west');
    const readme = reviewReadme(plan, [], OPTS);
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)\n\s*```/g)].map((m) => m[1].split('\n').map((l) => l.trim()));
    expect(blocks.length).toBeGreaterThan(3);
    const commands = blocks.flat();
    const runs = runStubbed(commands.map((command) => ({ command, echo: 'network2' })));
    for (const [i, command] of commands.entries()) expect({ command, created: runs[i].files }).toEqual({ command, created: [] });
  });

  test('GIVEN helm or sail THEN dist/README.md names a field by its cluster, not by its index in the spec', () => {
    for (const example of ['helm-three-clusters', 'sail-multi-primary']) {
      const plan = hostilePlan(example, (s) => { s.spec.clusters.forEach((c: any, i: number) => { c.eastWestGateway = { address: `34.75.71.${i + 1}` }; }); });
      const readme = reviewReadme(plan, []);
      expect(readme).not.toMatch(/spec\.clusters\[\d+\]/);
      expect(readme).toContain('update `eastWestGateway.address` of cluster cluster1 in the spec');
    }
  });
});
