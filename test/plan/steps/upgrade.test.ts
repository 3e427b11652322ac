import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import { parseMeshSpecYaml, validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { checkUpgradeOrder, factsOf, formatUpgradePlan, upgradeSteps, UpgradeStep } from '../../../lib/plan/steps/upgrade';
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
function checkProperties(from: ReturnType<typeof planMesh>, to: ReturnType<typeof planMesh>, steps: UpgradeStep[]): void {
  // 1. no step uses a revision before the step that installs it (needs/makes, from the old mesh's facts)
  expect(checkUpgradeOrder(steps, factsOf(from))).toEqual([]);
  // 2. no tag flips before both control planes are up, on the cluster and on the primary serving it
  steps.forEach((s, i) => {
    for (const made of s.makes) {
      if (made.kind !== 'tag') continue;
      const oldRev = from.istio.tags?.[made.tag];
      const cluster = to.clusters.find((c) => c.name === made.cluster)!;
      for (const where of [cluster.name, cluster.primary ?? cluster.name]) {
        for (const rev of [oldRev, made.revision]) {
          if (rev === undefined) continue;
          const up = factsOf(from).concat(steps.slice(0, i).flatMap((x) => x.makes))
            .some((f) => f.kind === 'control-plane' && f.cluster === where && f.revision === rev);
          expect(up).toBe(true);
        }
      }
    }
  });
  // 3. the old revision is removed last
  const firstRemoval = steps.findIndex((s) => s.removes !== undefined);
  if (firstRemoval >= 0) expect(steps.slice(firstRemoval).every((s) => s.removes !== undefined)).toBe(true);
}

describe('meshgen plan --from: canary upgrade steps', () => {
  test('before -> canary: control planes, expose route, remote webhooks, tag, restarts; in that order', () => {
    const from = example('mesh-before.yaml');
    const to = example('mesh.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual([
      'synth', 'tool.1-30-3', 'control-plane.1-30-3.cluster1', 'expose.1-30-3.cluster1', 'control-plane.1-30-3.cluster2',
      'tags.cluster1', 'tags.cluster2', 'restart.cluster1', 'restart.cluster2',
    ]);
    checkProperties(from, to, steps);
    expect(steps[2].commands[0]).toBe('istio-1.30.3/bin/istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/control-plane-1-30-3.yaml');
  });

  test('canary -> promoted: gateways in place, tag flip, restarts, then 1-29-6 removed from the remote, then the primary', () => {
    const from = example('mesh.yaml');
    const to = example('mesh-promoted.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual([
      'synth', 'gateway.cluster1', 'gateway.cluster2', 'tags.cluster1', 'tags.cluster2', 'restart.cluster1', 'restart.cluster2',
      'relabel.cluster1', 'relabel.cluster2', 'untag.cluster1', 'untag.cluster2',
      'remove.1-29-6.cluster2', 'remove.1-29-6.cluster1',
    ]);
    // prod-canary's namespaces already run 1-30-3: relabelled to prod-stable, not restarted
    expect(steps[7].commands[0]).not.toMatch(/rollout restart/);
    checkProperties(from, to, steps);
    expect(steps.find((s) => s.id === 'untag.cluster2')!.commands).toEqual(['kubectl --context=cluster2 delete mutatingwebhookconfiguration istio-revision-tag-prod-canary --ignore-not-found']);
    expect(steps[12].commands).toContain('kubectl --context=cluster1 -n istio-system delete virtualservice istiod-vs-1-29-6 --ignore-not-found');
  });

  test('rollback canary -> before: prod-canary goes, 1-30-3 is removed last', () => {
    const from = example('mesh.yaml');
    const to = example('mesh-before.yaml');
    const steps = upgradeSteps(from, to);
    expect(steps.map((s) => s.id)).toEqual(['synth', 'relabel.cluster1', 'relabel.cluster2', 'untag.cluster1', 'untag.cluster2', 'remove.1-30-3.cluster2', 'remove.1-30-3.cluster1']);
    // prod-canary pointed at the removed 1-30-3: its namespaces move to prod-stable and restart
    expect(steps[1].commands[0]).toMatch(/label namespace "\$ns" istio.io\/rev=prod-stable --overwrite; kubectl --context=cluster1 -n "\$ns" rollout restart deployment/);
    expect(steps[6].commands[steps[6].commands.length - 1]).toBe('istioctl uninstall -y --context=cluster1 --revision 1-30-3');
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
    const steps = upgradeSteps(withContext({ ...OLD, tags: { prod: '1-29-6' } }), withContext({ ...CANARY, tags: { prod: '1-30-3' } }), 'my out');
    expect(steps.find((s) => s.id === 'control-plane.1-30-3.c1')!.commands[0]).toBe("istio-1.30.3/bin/istioctl install -y --context='my ctx; rm -rf /' -f 'my out'/c1/istioctl/control-plane-1-30-3.yaml");
  });

  test('the same spec twice: only the synth step, and the plan says nothing changes', () => {
    const m = example('mesh.yaml');
    const steps = upgradeSteps(m, m);
    expect(steps.map((s) => s.id)).toEqual(['synth']);
    expect(formatUpgradePlan(m, m, steps)).toContain('No revision or tag changes');
  });

  test('the verification Job runs after the restarts when spec.verify is set', () => {
    const from = meshOf({ ...OLD, tags: { prod: '1-29-6' } }, false, true);
    const to = meshOf({ ...CANARY, tags: { prod: '1-30-3' } }, false, true);
    const ids = upgradeSteps(from, to).map((s) => s.id);
    expect(ids.indexOf('verify')).toBeGreaterThan(ids.indexOf('restart.c2'));
  });

  test('a revision that changes release, or other clusters, is a spec error naming the fix', () => {
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf({ ...OLD, version: '1.29.5' }, false, false))).toThrow(SpecError);
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf({ ...OLD, version: '1.29.5' }, false, false))).toThrow(/spec.istio.canary/);
    expect(() => upgradeSteps(meshOf(OLD, false, false), meshOf(OLD, true, false))).toThrow(/different clusters/);
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
