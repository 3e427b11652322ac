import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { planMesh } from '../../../lib/plan/planner';
import { ambientBundleStep, gatewayApiCrdSteps, isAmbient } from '../../../lib/plan/steps/ambient';
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
  test('GIVEN an ambient mesh THEN one Gateway API CRD step per cluster, with its context and the pinned version', () => {
    const plan = ambientPlan();
    expect(isAmbient(plan)).toBe(true);
    const steps = gatewayApiCrdSteps(plan);
    expect(steps.map((s) => s.cluster)).toEqual(['cluster1', 'cluster2']);
    expect(steps[1].commands).toEqual([
      'kubectl get crd gateways.gateway.networking.k8s.io --context=ctx-two > /dev/null 2>&1 || { kubectl kustomize "github.com/kubernetes-sigs/gateway-api/config/crd?ref=v1.4.0" | kubectl apply -f - --context=ctx-two; }',
    ]);
  });

  test('GIVEN a cluster with a pinned address THEN the bundle step applies, waits for the address and names the field to fix', () => {
    const plan = ambientPlan();
    const step = ambientBundleStep(plan, plan.clusters[0], 'out', (c, f) => `${f} of ${c.name}`);
    expect(step.commands[0]).toBe('kubectl --context=cluster1 apply -k out/cluster1');
    expect(step.commands[2]).toContain('get svc istio-eastwestgateway');
    expect(step.note).toBe('the spec says 34.75.71.237; if the address printed differs, update eastWestGateway.address of cluster1 and synth again');
  });

  test('GIVEN istioctl THEN no istioctl install of an east-west gateway, and the control plane step says what the ambient profile installs', () => {
    const steps = planSteps(ambientPlan());
    expect(steps.some((s) => s.commands.some((c) => c.includes('eastwest-gateway.yaml') && c.startsWith('istioctl')))).toBe(false);
    expect(steps.find((s) => s.cluster === 'cluster1' && s.commands.some((c) => c.startsWith('istioctl install')))!.title)
      .toBe('Install the control plane of cluster1 (profile ambient: istiod with AMBIENT_ENABLE_MULTI_NETWORK, istio-cni, ztunnel)');
  });

  test('GIVEN helm THEN no istio/gateway release is installed', () => {
    const steps = planSteps(ambientPlan('helm'));
    expect(steps.some((s) => s.commands.some((c) => c.includes('istio/gateway')))).toBe(false);
  });
});
