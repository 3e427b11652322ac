import { renderMesh } from '../../lib/synth/render-mesh';
import { parseMeshSpecYaml } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { checkUpgradeOrder, factsOf, upgradeSteps } from '../../lib/plan/steps/upgrade';
import { planSteps } from '../../lib/plan/steps/steps';
import { validateObject } from '../../lib/schema';
import { docs, primaryRemoteSpecYaml } from '../helpers';

const spec = (istio: string) => primaryRemoteSpecYaml(`    installer: sail\n${istio}`);
const BEFORE = spec('    version: "1.29.6"\n    revision: 1-29-6\n    tags: {prod-stable: 1-29-6}');
const CANARY = spec('    version: "1.29.6"\n    revision: 1-29-6\n    canary: {version: "1.30.3", revision: 1-30-3}\n    tags: {prod-stable: 1-29-6, prod-canary: 1-30-3}');
const PROMOTED = spec('    version: "1.30.3"\n    revision: 1-30-3\n    tags: {prod-stable: 1-30-3}');

describe('sail bundles with a canary', () => {
  const { files } = renderMesh(parseMeshSpecYaml(CANARY));
  const objects = (c: string) => [...files.entries()]
    .filter(([f]) => f.startsWith(`${c}/`) && f.endsWith('.yaml') && !f.endsWith('kustomization.yaml'))
    .flatMap(([, t]) => docs(t));

  test('an Istio resource per revision, named after it (InPlace: the IstioRevision has the same name)', () => {
    for (const c of ['cluster1', 'cluster2']) {
      for (const [rev, version] of [['1-29-6', 'v1.29.6'], ['1-30-3', 'v1.30.3']]) {
        const [istio] = docs(files.get(`${c}/istio-${rev}.yaml`)!);
        expect(istio.kind).toBe('Istio');
        expect(istio.metadata.name).toBe(rev);
        expect(istio.spec.version).toBe(version);
        if (c === 'cluster2') expect(istio.spec.profile).toBe('remote');
      }
      expect(files.has(`${c}/istio.yaml`)).toBe(false);
      expect(docs(files.get(`${c}/kustomization.yaml`)!)[0].resources).toEqual(expect.arrayContaining(['istio-1-29-6.yaml', 'istio-1-30-3.yaml', 'istio-revision-tags.yaml']));
    }
  });

  test('IstioRevisionTags point at the Istio resources; the gateway is injected by spec.istio.revision', () => {
    const tags = docs(files.get('cluster1/istio-revision-tags.yaml')!);
    expect(tags.map((t) => [t.metadata.name, t.spec.targetRef])).toEqual([
      ['prod-canary', { kind: 'Istio', name: '1-30-3' }],
      ['prod-stable', { kind: 'Istio', name: '1-29-6' }],
    ]);
    const gw = docs(files.get('cluster1/eastwest-gateway.yaml')!).find((o) => o.kind === 'Deployment');
    expect(gw.spec.template.metadata.labels['istio.io/rev']).toBe('1-29-6');
  });

  test('every object validates against its CRD or Kubernetes schema, and no two share a name', () => {
    for (const c of ['cluster1', 'cluster2']) {
      const objs = objects(c);
      for (const o of objs) expect(validateObject(o)).toEqual([]);
      const keys = objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  test('upgrade plans: kubectl apply per revision, delete istio <old> last; needs met', () => {
    const [before, canary, promoted] = [BEFORE, CANARY, PROMOTED].map((s) => planMesh(parseMeshSpecYaml(s)));
    const up = upgradeSteps(before, canary);
    const cp = up.find((s) => s.id === 'control-plane-1-30-3.cluster1')!;
    expect(cp.commands).toEqual([
      'kubectl --context=cluster1 apply -f dist/cluster1/istio-1-30-3.yaml',
      'kubectl --context=cluster1 wait --for=condition=Ready istio/1-30-3 --timeout=5m',
      'kubectl --context=cluster1 -n istio-system rollout status deployment/istiod-1-30-3 --timeout=5m',
    ]);
    expect(checkUpgradeOrder(up, factsOf(before))).toEqual([]);
    const done = upgradeSteps(canary, promoted);
    expect(checkUpgradeOrder(done, factsOf(canary))).toEqual([]);
    expect(done.map((s) => s.id).slice(-2)).toEqual(['remove-1-29-6.cluster2', 'remove-1-29-6.cluster1']);
    expect(done[done.length - 1].commands).toContain('kubectl --context=cluster1 delete istio 1-29-6 --ignore-not-found');
    expect(done.find((s) => s.id === 'gateway.cluster1')!.commands).toEqual([
      'kubectl --context=cluster1 apply -f dist/cluster1/eastwest-gateway.yaml',
      'kubectl --context=cluster1 -n istio-system rollout status deployment/istio-eastwestgateway --timeout=5m',
    ]);
  });
});

describe('sail with a canary and spec.gitops', () => {
  const gitops = CANARY.replace('  clusters:', '  gitops: {tool: argocd, repoURL: https://example.com/mesh.git}\n  clusters:');
  const { files } = renderMesh(parseMeshSpecYaml(gitops));

  test('istio/ holds every Istio resource and the IstioRevisionTags, listed in its kustomization', () => {
    for (const c of ['cluster1', 'cluster2']) {
      expect(docs(files.get(`${c}/istio/kustomization.yaml`)!)[0].resources).toEqual(['istio-1-29-6.yaml', 'istio-1-30-3.yaml', 'istio-revision-tags.yaml']);
      expect(docs(files.get(`${c}/istio/istio-1-30-3.yaml`)!)[0].metadata.name).toBe('1-30-3');
      expect(docs(files.get(`${c}/istio/istio-revision-tags.yaml`)!).map((t) => t.kind)).toEqual(['IstioRevisionTag', 'IstioRevisionTag']);
    }
  });

  test('the plan says what the istiod unit brings', () => {
    const steps = planSteps(planMesh(parseMeshSpecYaml(gitops)));
    expect(steps.find((s) => s.id === 'sync-istiod.cluster1')!.title).toContain('the Istio resources 1-29-6 and 1-30-3 and the IstioRevisionTags');
  });
});
