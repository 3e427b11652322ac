import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseMeshSpecYaml, validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { checkUpgradeOrder, factsOf, formatUpgradePlan, upgradeSteps } from '../../../lib/plan/steps/upgrade';
import { formatPlanScript } from '../../../lib/plan/steps/script';
import { PlanStep } from '../../../lib/plan/steps/step';
import { SpecError } from '../../../lib/errors';
import { ROOT } from '../../helpers';

const example = (f: string) => planMesh(parseMeshSpecYaml(fs.readFileSync(path.join(ROOT, 'examples/canary-upgrade', f), 'utf8'), f));

/** A primary-remote mesh (plus a second primary with its own remote when `wide`) with the given istio settings. */
function meshOf(istio: Record<string, unknown>, wide: boolean, verify: boolean) {
  const clusters: any[] = [
    { name: 'c1', network: 'n1', role: 'primary', eastWestGateway: { address: '10.0.0.1' } },
    { name: 'c2', network: 'n2', role: 'remote', primary: 'c1' },
  ];
  if (wide) clusters.push({ name: 'c3', network: 'n3', role: 'primary', eastWestGateway: { address: '10.0.0.3' } }, { name: 'c4', network: 'n4', role: 'remote', primary: 'c3' });
  return planMesh(validateMeshSpec({ apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'm' }, spec: { istio, clusters, ...(verify ? { verify: {} } : {}) } }));
}

const OLD = { version: '1.29.6', revision: '1-29-6' };
const CANARY = { ...OLD, canary: { version: '1.30.3', revision: '1-30-3' } };
const PROMOTED = { version: '1.30.3', revision: '1-30-3' };

/** The three properties issue #13 asks of any upgrade plan. */
function checkProperties(from: ReturnType<typeof planMesh>, to: ReturnType<typeof planMesh>, steps: PlanStep[]): void {
  // 1. no step uses a revision before the step that installs it (needs/makes, from the old mesh's facts)
  expect(checkUpgradeOrder(steps, factsOf(from))).toEqual([]);
  // 2. no tag flips before both control planes are up, on the cluster and on the primary serving it
  steps.forEach((s, i) => {
    for (const made of s.makes) {
      if (made.kind !== 'tag') continue;
      const [tag, newRev] = made.name.split('=');
      const oldRev = from.istio.tags?.[tag];
      const cluster = to.clusters.find((c) => c.name === made.cluster)!;
      for (const where of [cluster.name, cluster.primary ?? cluster.name]) {
        for (const rev of [oldRev, newRev]) {
          if (rev === undefined) continue;
          const up = factsOf(from).concat(steps.slice(0, i).flatMap((x) => x.makes))
            .some((f) => f.kind === 'revision' && f.cluster === where && f.name === rev);
          expect(up).toBe(true);
        }
      }
    }
  });
  // 3. the old revision is removed last
  const removes = (s: PlanStep) => s.makes.some((f) => f.kind === 'revision-removed');
  const firstRemoval = steps.findIndex(removes);
  if (firstRemoval >= 0) expect(steps.slice(firstRemoval).every(removes)).toBe(true);
  // 4. every step applies files only after the new bundles are written
  steps.slice(1).forEach((s) => { if (s.commands.some((c) => / -f |apply -k/.test(c))) expect(s.needs).toContainEqual({ kind: 'bundles-written' }); });
}

describe('meshgen plan --from: canary upgrade steps', () => {
  test('before -> canary: control planes, expose route, remote webhooks, tag, restarts; in that order', () => {
    const from = example('mesh-before.yaml');
    const to = example('mesh.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual([
      'synth', 'istioctl', 'istioctl-1-30-3', 'control-plane-1-30-3.cluster1', 'expose-1-30-3.cluster1', 'control-plane-1-30-3.cluster2',
      'tags.cluster1', 'tags.cluster2', 'restart.cluster1', 'restart.cluster2',
    ]);
    checkProperties(from, to, steps);
    expect(steps[3].commands[0]).toBe('istio-1.30.3/bin/istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane-1-30-3.yaml');
  });

  test('canary -> promoted: gateways in place, tag flip, restarts, then 1-29-6 removed from the remote, then the primary', () => {
    const from = example('mesh.yaml');
    const to = example('mesh-promoted.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual([
      'synth', 'istioctl', 'istioctl-1-30-3', 'gateway.cluster1', 'gateway.cluster2', 'tags.cluster1', 'tags.cluster2', 'restart.cluster1', 'restart.cluster2',
      'relabel.cluster1', 'relabel.cluster2', 'untag.cluster1', 'untag.cluster2',
      'remove-1-29-6.cluster2', 'remove-1-29-6.cluster1',
    ]);
    // prod-canary's namespaces already run 1-30-3: relabelled to prod-stable, not restarted
    expect(steps.find((s) => s.id === 'relabel.cluster1')!.commands[0]).not.toMatch(/rollout restart/);
    checkProperties(from, to, steps);
    expect(steps.find((s) => s.id === 'untag.cluster2')!.commands).toEqual(['kubectl --context=cluster2 delete mutatingwebhookconfiguration istio-revision-tag-prod-canary --ignore-not-found']);
    expect(steps[steps.length - 1].commands).toContain('kubectl --context=cluster1 -n istio-system delete virtualservice istiod-vs-1-29-6 --ignore-not-found');
  });

  test('rollback canary -> before: prod-canary goes, 1-30-3 is removed last', () => {
    const from = example('mesh.yaml');
    const to = example('mesh-before.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual(['synth', 'istioctl', 'relabel.cluster1', 'relabel.cluster2', 'untag.cluster1', 'untag.cluster2', 'remove-1-30-3.cluster2', 'remove-1-30-3.cluster1']);
    // prod-canary pointed at the removed 1-30-3: its namespaces move to prod-stable and restart
    expect(steps[2].commands[0]).toBe('kubectl --context=cluster1 get namespace -l istio.io/rev=prod-canary -o \'jsonpath={.items[*].metadata.name}\' | ' +
      'xargs -r -n1 sh -c \'kubectl --context="$0" label namespace "$1" istio.io/rev=prod-stable --overwrite && kubectl --context="$0" -n "$1" rollout restart deployment\' cluster1');
    const last = steps[steps.length - 1];
    expect(last.commands[last.commands.length - 1]).toBe('istioctl uninstall -y --context=cluster1 --revision 1-30-3');
    // the removal first checks that no pod runs the revision's proxy
    expect(last.actions[0]).toMatchObject({ kind: 'check', equals: '' });
    checkProperties(from, to, steps);
  });

  test('property: any old -> new among before / canary (tags either way) / promoted keeps the three rules', () => {
    const tagsOf = (rev: string) => ({ 'prod-stable': rev });
    const states = [
      { ...OLD, tags: tagsOf('1-29-6') },
      { ...CANARY, tags: tagsOf('1-29-6') },
      { ...CANARY, tags: { ...tagsOf('1-30-3'), 'prod-canary': '1-30-3' } },
      { ...CANARY, tags: { ...tagsOf('1-29-6'), 'prod-canary': '1-30-3' } },
      { ...PROMOTED, tags: tagsOf('1-30-3') },
    ];
    fc.assert(fc.property(fc.nat(states.length - 1), fc.nat(states.length - 1), fc.boolean(), fc.boolean(), (a, b, wide, verify) => {
      const from = meshOf(states[a], wide, verify);
      const to = meshOf(states[b], wide, verify);
      checkProperties(from, to, upgradeSteps(from, to));
    }), { numRuns: 60 });
  });

  test('a kubectl context a person wrote enters every command as one shell word', () => {
    const withContext = (istio: Record<string, unknown>) => {
      const input: any = { apiVersion: 'meshgen/v1alpha1', kind: 'Mesh', metadata: { name: 'm' }, spec: { istio, clusters: [
        { name: 'c1', network: 'n1', role: 'primary', context: 'my ctx; rm -rf /', eastWestGateway: { address: '10.0.0.1' } },
        { name: 'c2', network: 'n2', role: 'remote', primary: 'c1' },
      ] } };
      return planMesh(validateMeshSpec(input));
    };
    const steps = upgradeSteps(withContext({ ...OLD, tags: { prod: '1-29-6' } }), withContext({ ...CANARY, tags: { prod: '1-30-3' } }), { outDir: 'my out' });
    expect(steps.find((s) => s.id === 'control-plane-1-30-3.c1')!.commands[0]).toBe("istio-1.30.3/bin/istioctl install -y '--context=my ctx; rm -rf /' -f 'my out/c1/istioctl/control-plane-1-30-3.yaml'");
  });

  test('the same spec twice: only the synth step, and the plan says nothing changes', () => {
    const m = example('mesh.yaml');
    const steps = upgradeSteps(m, m);
    expect(steps.map((s) => s.id)).toEqual(['synth', 'istioctl']);
    expect(formatUpgradePlan(m, m, steps)).toContain('No revision or tag changes');
  });

  test('the verification Job runs after the restarts when spec.verify is set', () => {
    const from = meshOf({ ...OLD, tags: { prod: '1-29-6' } }, false, true);
    const to = meshOf({ ...CANARY, tags: { prod: '1-30-3' } }, false, true);
    const ids = upgradeSteps(from, to).map((s) => s.id);
    expect(ids.indexOf('verify.c1')).toBeGreaterThan(ids.indexOf('restart.c2'));
    expect(ids.indexOf('verify.c2')).toBeGreaterThan(ids.indexOf('restart.c2'));
  });

  test('a revision that changes release, or other clusters, is a spec error naming the fix', () => {
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf({ ...OLD, version: '1.29.5' }, false, false))).toThrow(SpecError);
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf({ ...OLD, version: '1.29.5' }, false, false))).toThrow(/spec.istio.canary/);
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf(OLD, true, false))).toThrow(/different clusters/);
  });

  test('--format sh: the upgrade as a script, waits as loops, check lines as comments', () => {
    const from = example('mesh-before.yaml');
    const to = example('mesh.yaml');
    const script = formatPlanScript(to, upgradeSteps(from, to), 'Upgrade');
    expect(script).toMatch(/^#!\/bin\/sh\n# Upgrade\n/);
    // the remote's new webhook: wait until cluster1's istiod-1-30-3 gave it its caBundle
    expect(script).toContain("wait_until 300 5 non-empty '' kubectl --context=cluster2 get mutatingwebhookconfiguration istio-sidecar-injector-1-30-3 -o 'jsonpath={.webhooks[0].clientConfig.caBundle}'");
    // the tag flip: wait until the tag's webhook names the new revision
    expect(script).toContain("wait_until 60 2 equals 1-30-3 kubectl --context=cluster1 get mutatingwebhookconfiguration istio-revision-tag-prod-canary -o 'jsonpath={.metadata.labels.istio\\.io/rev}'");
    expect(script).toContain('# check: istioctl proxy-status --context=cluster1');
  });

  test('the committed plans of examples/canary-upgrade match', () => {
    const dir = path.join(ROOT, 'examples/canary-upgrade');
    const cases: [string, string, string][] = [
      ['mesh-before.yaml', 'mesh.yaml', 'expected-plan.txt'],
      ['mesh.yaml', 'mesh-promoted.yaml', 'expected-promote-plan.txt'],
      ['mesh.yaml', 'mesh-before.yaml', 'expected-rollback-plan.txt'],
    ];
    for (const [a, b, out] of cases) {
      const from = example(a);
      const to = example(b);
      const text = formatUpgradePlan(from, to, upgradeSteps(from, to));
      if (process.env.UPDATE_EXAMPLES) fs.writeFileSync(path.join(dir, out), text);
      expect(`${out}\n${fs.readFileSync(path.join(dir, out), 'utf8')}`).toBe(`${out}\n${text}`);
    }
  });
});
