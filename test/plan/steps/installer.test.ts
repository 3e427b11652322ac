import { planMesh } from '../../../lib/plan/planner';
import { planSteps } from '../../../lib/plan/steps/steps';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../../helpers';

function stepsFor(installer: 'sail' | 'helm', clusters = SEED_CLUSTERS) {
  const input = meshInput(clusters);
  input.spec.istio = { installer };
  return planSteps(planMesh(validateMeshSpec(input)), { outDir: 'out' });
}

describe('plan steps for the sail and helm installers', () => {
  test('GIVEN sail THEN the Sail operator is installed first, and Istio is installed with kubectl only (no istioctl install)', () => {
    const steps = stepsFor('sail');
    const commands = steps.flatMap((s) => s.commands);
    expect(commands.some((c) => c.startsWith('istioctl install'))).toBe(false);
    const operator = steps.findIndex((s) => s.title.startsWith('Install the Sail operator'));
    const istio = commands.indexOf('kubectl --context=cluster1 apply -f out/cluster1/istio.yaml');
    expect(operator).toBeGreaterThan(-1);
    expect(steps[operator].commands[1]).toContain('helm upgrade --install sail-operator sail-operator/sail-operator --version 1.30.3');
    expect(istio).toBeGreaterThan(-1);
    expect(commands[istio + 1]).toBe('kubectl --context=cluster1 wait --for condition=Ready istio/default --timeout=3m');
    expect(commands[istio + 2]).toBe('kubectl --context=cluster1 apply -k out/cluster1');
    expect(commands).toContain('kubectl --context=cluster2 apply -f out/cluster2/istio.yaml');
  });

  test('GIVEN helm THEN base, istiod and the gateway chart are installed at the pinned version with the values files, then the bundle', () => {
    const commands = stepsFor('helm').flatMap((s) => s.commands);
    const at = (prefix: string) => commands.findIndex((c) => c.startsWith(prefix));
    const base = at('helm upgrade --install istio-base istio/base --version 1.30.3 --namespace istio-system --create-namespace --kube-context cluster1 -f out/cluster1/helm/base.values.yaml');
    const istiod = at('helm upgrade --install istiod istio/istiod --version 1.30.3 --namespace istio-system --create-namespace --kube-context cluster1 -f out/cluster1/helm/istiod.values.yaml');
    const gateway = at('helm upgrade --install istio-eastwestgateway istio/gateway --version 1.30.3 --namespace istio-system --kube-context cluster1 -f out/cluster1/helm/eastwest-gateway.values.yaml');
    const bundle = at('kubectl --context=cluster1 apply -k out/cluster1');
    expect([base, istiod, gateway, bundle].every((i) => i >= 0)).toBe(true);
    expect(base < istiod && istiod < gateway && gateway < bundle).toBe(true);
    expect(commands.some((c) => c.startsWith('istioctl install'))).toBe(false);
    expect(commands).toContain('helm repo add istio https://istio-release.storage.googleapis.com/charts');
  });

  test('GIVEN a sail remote without its primary\'s address THEN the plan names istio.yaml as the file not written yet', () => {
    const steps = stepsFor('sail', [SEED_CLUSTERS[0], SEED_CLUSTERS[1]].map((c) => ({ ...c, address: undefined })));
    const render = steps.find((s) => s.title.startsWith('Render cluster2'))!;
    expect(render.note).toContain('out/cluster2/istio.yaml is not written until then');
    expect(steps.flatMap((s) => s.commands)).not.toContain('kubectl --context=cluster2 apply -f out/cluster2/istio.yaml');
  });
});

describe('planner: multi-primary (the seed)', () => {
  test('GIVEN two primaries on two networks THEN each gets a gateway and exposes services, none exposes istiod, each reads the other', () => {
    const plan = planMesh(validateMeshSpec(meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'primary' },
    ])));
    expect(plan.clusters.map((c) => [c.name, c.eastWestGateway, c.exposeServices, c.exposeIstiod, c.externalIstiod]))
      .toEqual([['cluster1', true, true, false, false], ['cluster2', true, true, false, false]]);
    expect(plan.remoteSecrets).toEqual([{ reader: 'cluster1', target: 'cluster2' }, { reader: 'cluster2', target: 'cluster1' }]);
  });

  test('GIVEN two primaries on one network THEN no east-west gateway at all (service traffic is direct)', () => {
    const plan = planMesh(validateMeshSpec(meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network1', role: 'primary' },
    ])));
    expect(plan.clusters.map((c) => [c.eastWestGateway, c.exposeServices, c.exposeIstiod])).toEqual([[false, false, false], [false, false, false]]);
    expect(plan.remoteSecrets).toHaveLength(2);
  });
});
