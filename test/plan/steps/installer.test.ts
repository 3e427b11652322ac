import { planMesh } from '../../../lib/plan/planner';
import { planSteps } from '../../../lib/plan/steps/steps';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
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
    expect(steps[operator].commands[2]).toContain('helm upgrade --install sail-operator sail-operator/sail-operator --version 1.30.3');
    expect(istio).toBeGreaterThan(-1);
    expect(commands[istio + 1]).toBe('kubectl --context=cluster1 wait --for=condition=Ready istio/default --timeout=3m');
    expect(commands[istio + 2]).toBe('kubectl --context=cluster1 apply -k out/cluster1');
    expect(commands).toContain('kubectl --context=cluster2 apply -f out/cluster2/istio.yaml');
    expect(steps.find((s) => s.id === 'control-plane-ready.cluster1')!.makes).toEqual([
      { kind: 'control-plane', cluster: 'cluster1' }, { kind: 'webhook-cabundle', cluster: 'cluster1' },
    ]);
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test('GIVEN a sail remote THEN its reader token comes before remote-secret --all, its bundle (the east-west gateway) after the webhook has its caBundle', () => {
    const steps = stepsFor('sail');
    const at = (id: string) => steps.findIndex((s) => s.id === id);
    expect(steps[at('reader-token.cluster2')].commands).toEqual([
      'until kubectl --context=cluster2 -n istio-system get serviceaccount istio-reader-service-account >/dev/null 2>&1; do sleep 2; done',
      'kubectl --context=cluster2 apply -f out/cluster2/remote-secret-reader.yaml',
    ]);
    expect(at('control-plane.cluster2')).toBeLessThan(at('reader-token.cluster2'));
    expect(at('reader-token.cluster2')).toBeLessThan(at('remote-secrets'));
    expect(at('remote-secrets.cluster1')).toBeLessThan(at('injection-webhook.cluster2'));
    expect(at('injection-webhook.cluster2')).toBeLessThan(at('bundle.cluster2'));
    expect(steps[at('bundle.cluster2')].commands).toEqual(['kubectl --context=cluster2 apply -k out/cluster2']);
    expect(steps[at('gateway-address.cluster2')].commands[0]).toBe('kubectl --context=cluster2 -n istio-system rollout status deployment/istio-eastwestgateway --timeout=5m');
    expect(steps.map((s) => s.note ?? '').join('\n')).not.toContain('rollout restart');
  });

  test('GIVEN a helm remote THEN the istio/gateway chart is installed after the webhook has its caBundle, and its pods are waited for', () => {
    const steps = stepsFor('helm');
    const at = (id: string) => steps.findIndex((s) => s.id === id);
    expect(at('remote-secrets.cluster1')).toBeLessThan(at('injection-webhook.cluster2'));
    expect(at('injection-webhook.cluster2')).toBeLessThan(at('east-west-gateway.cluster2'));
    expect(steps[at('east-west-gateway.cluster2')].commands[0]).toMatch(/^helm upgrade --install istio-eastwestgateway istio\/gateway .*--kube-context cluster2 /);
    expect(at('bundle.cluster2')).toBeLessThan(at('remote-secrets'));
    expect(checkPlanOrder(steps)).toEqual([]);
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

  test('GIVEN a sail remote without its primary\'s address THEN the plan names istio.yaml as the file not written yet, and applies it after synth again', () => {
    const steps = stepsFor('sail', [SEED_CLUSTERS[0], SEED_CLUSTERS[1]].map((c) => ({ ...c, address: undefined })));
    const set = steps.findIndex((s) => s.id === 'set-address.cluster1');
    expect(steps[set].note).toContain('out/cluster2/istio.yaml is not written until then');
    const apply = steps.findIndex((s) => s.commands.includes('kubectl --context=cluster2 apply -f out/cluster2/istio.yaml'));
    expect(apply).toBeGreaterThan(steps.findIndex((s) => s.id === 'synth-again'));
    expect(set).toBeLessThan(steps.findIndex((s) => s.id === 'synth-again'));
  });

  test('GIVEN a helm remote without its primary\'s address THEN it still installs istiod (remote profile) once synth ran again', () => {
    const steps = stepsFor('helm', [SEED_CLUSTERS[0], SEED_CLUSTERS[1]].map((c) => ({ ...c, address: undefined })));
    const cp = steps.find((s) => s.id === 'control-plane.cluster2')!;
    expect(cp.commands.map((c) => c.split(' ')[4])).toEqual(['istio/base', 'istio/istiod']);
    expect(checkPlanOrder(steps)).toEqual([]);
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
