import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { gatewayApiCrdSteps, isAmbient } from '../../../lib/plan/steps/ambient';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { planSteps } from '../../../lib/plan/steps/steps';
import { meshInput } from '../../helpers';

function ambientPlan(installer = 'istioctl') {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
  ]);
  input.spec.clusters[1].context = 'ctx-two';
  input.spec.istio = { installer, dataplane: 'ambient' };
  return planMesh(validateMeshSpec(input));
}

describe('ambient plan steps', () => {
  test('GIVEN an ambient mesh THEN one Gateway API CRD step per cluster, with its context and the pinned version, in POSIX sh', () => {
    const plan = ambientPlan();
    expect(isAmbient(plan)).toBe(true);
    const steps = gatewayApiCrdSteps(plan);
    expect(steps.map((s) => s.id)).toEqual(['gateway-api-crds.cluster1', 'gateway-api-crds.cluster2']);
    expect(steps.map((s) => s.cluster)).toEqual(['cluster1', 'cluster2']);
    expect(steps[1].commands).toEqual([
      'kubectl --context=ctx-two get crd gateways.gateway.networking.k8s.io > /dev/null 2>&1 || ' +
      '{ kubectl kustomize \'github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0\' | kubectl --context=ctx-two apply -f -; }',
    ]);
    expect(steps[1].commands[0]).not.toContain('&>');
    expect(steps[1].makes).toEqual([{ kind: 'gateway-api-crds', cluster: 'cluster2' }]);
  });

  test.each(['istioctl', 'sail', 'helm'])('GIVEN %s THEN namespace, cacerts, Gateway API CRDs, control plane, bundle with the gateway, its address, remote secrets, verify', (installer) => {
    const steps = planSteps(ambientPlan(installer), { outDir: 'out' });
    expect(checkPlanOrder(steps)).toEqual([]);
    const at = (id: string) => {
      const i = steps.findIndex((s) => s.id === id);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = ['namespace.cluster1', 'cacerts.cluster1', 'gateway-api-crds.cluster1', 'control-plane.cluster1', 'bundle.cluster1',
      'gateway-address.cluster1', 'remote-secrets', 'remote-clusters'];
    const idx = order.map((id) => steps.findIndex((s) => s.id === id || s.id.startsWith(`${id}`)));
    for (const i of idx) expect(i).toBeGreaterThanOrEqual(0);
    expect([...idx].sort((a, b) => a - b)).toEqual(idx);
    expect(steps[at('control-plane.cluster1')].needs).toContainEqual({ kind: 'gateway-api-crds', cluster: 'cluster1' });
    const bundle = steps[at('bundle.cluster1')];
    expect(bundle.commands).toEqual(['kubectl --context=cluster1 apply -k out/cluster1']);
    expect(bundle.title).toContain('the east-west gateway (Gateway class istio-east-west, HBONE on 15008)');
    expect(bundle.makes).toContainEqual({ kind: 'east-west-gateway', cluster: 'cluster1' });
    expect(steps[at('gateway-address.cluster1')].commands.some((c) => c.includes('get svc istio-eastwestgateway'))).toBe(true);
  });

  test('GIVEN istioctl THEN no istioctl install of an east-west gateway, and the control plane step says what the ambient profile installs', () => {
    const steps = planSteps(ambientPlan());
    expect(steps.some((s) => s.commands.some((c) => c.includes('eastwest-gateway.yaml') && c.startsWith('istioctl')))).toBe(false);
    expect(steps.find((s) => s.id === 'control-plane.cluster1')!.title)
      .toBe('Install the control plane of cluster1 (profile ambient: istiod with AMBIENT_ENABLE_MULTI_NETWORK, istio-cni, ztunnel)');
  });

  test('GIVEN helm THEN no istio/gateway release is installed', () => {
    const steps = planSteps(ambientPlan('helm'));
    expect(steps.some((s) => s.commands.some((c) => c.includes('istio/gateway')))).toBe(false);
  });
});
