import { planMesh } from '../../../lib/plan/planner';
import { checkPlanOrder } from '../../../lib/plan/steps/order';
import { planSteps } from '../../../lib/plan/steps/steps';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../../helpers';

const spec = () => {
  const input = meshInput(SEED_CLUSTERS);
  input.spec.clusters[0].loadBalancer = { metallb: { addresses: ['172.18.255.200-172.18.255.225'] } };
  input.spec.clusters[1].loadBalancer = { metallb: { addresses: ['172.18.255.226-172.18.255.250'], legacyConfigMap: true } };
  return validateMeshSpec(input);
};

describe('plan steps for MetalLB', () => {
  const steps = planSteps(planMesh(spec()));
  const indexOf = (pred: (c: string) => boolean) => steps.findIndex((s) => s.commands.some(pred));

  test('THEN MetalLB and its pool come before the address of each east-west gateway is waited for', () => {
    const metallb1 = indexOf((c) => c === 'kubectl --context=cluster1 apply -f dist/cluster1/metallb.yaml');
    const native1 = indexOf((c) => c === 'kubectl --context=cluster1 apply -f https://raw.githubusercontent.com/metallb/metallb/v0.16.1/config/manifests/metallb-native.yaml');
    const ew1 = indexOf((c) => c.startsWith('istioctl install -y --context=cluster1 -f dist/cluster1/istioctl/eastwest-gateway.yaml'));
    const metallb2 = indexOf((c) => c === 'kubectl --context=cluster2 apply -f dist/cluster2/metallb.yaml');
    const ew2 = indexOf((c) => c.startsWith('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/eastwest-gateway.yaml'));
    expect(native1).toBe(metallb1);
    expect(metallb1).toBeGreaterThanOrEqual(0);
    expect(metallb1).toBeLessThan(ew1);
    expect(metallb2).toBeGreaterThanOrEqual(0);
    expect(metallb2).toBeLessThan(ew2);
    expect(steps[metallb2].note).toContain('minikube addons enable metallb -p cluster2');
  });

  test('THEN the address wait of each gateway needs its load balancer, and the order passes the checker', () => {
    const wait = steps.find((s) => s.id === 'gateway-address.cluster2')!;
    expect(wait.needs).toContainEqual({ kind: 'load-balancer', cluster: 'cluster2' });
    expect(steps.find((s) => s.id === 'metallb.cluster2')!.makes).toEqual([{ kind: 'load-balancer', cluster: 'cluster2' }]);
    expect(checkPlanOrder(steps)).toEqual([]);
  });

  test('GIVEN no MetalLB THEN no such step', () => {
    const s = planSteps(planMesh(validateMeshSpec(meshInput(SEED_CLUSTERS))));
    expect(s.flatMap((x) => x.commands).filter((c) => c.includes('metallb'))).toEqual([]);
  });
});
