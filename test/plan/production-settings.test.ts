import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { meshInput } from '../helpers';

describe('plan warnings about the east-west gateway settings', () => {
  test('GIVEN settings on a cluster that gets no east-west gateway THEN a warning says they are not used', () => {
    const input = meshInput([{ name: 'a', network: 'n', role: 'primary' }, { name: 'b', network: 'n', role: 'primary' }]);
    input.spec.clusters[1].eastWestGateway = { replicas: 2 };
    expect(planMesh(validateMeshSpec(input)).warnings).toEqual([
      'spec.clusters[1].eastWestGateway: b gets no east-west gateway (no other network reaches it and it runs no remote\'s control plane), so its settings are not used; remove them',
    ]);
  });

  test('GIVEN an internal load balancer and source ranges THEN one warning names who reaches the gateway on which ports', () => {
    const input = meshInput([
      { name: 'a', network: 'n1', role: 'primary', address: '10.0.0.1' },
      { name: 'b', network: 'n1', role: 'remote', primary: 'a' },
      { name: 'c', network: 'n2', role: 'primary' },
    ]);
    input.spec.clusters[0].eastWestGateway.service = {
      annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' },
      loadBalancerSourceRanges: ['10.0.0.0/8'],
    };
    const warnings = planMesh(validateMeshSpec(input)).warnings;
    expect(warnings).toEqual([expect.stringMatching(/^spec\.clusters\[0\]\.eastWestGateway\.service: b on 15012, 15017; c on 15443 reach a's east-west gateway, but service\.beta\.kubernetes\.io\/aws-load-balancer-scheme: internal gives it a private address.*; and loadBalancerSourceRanges lets only 10\.0\.0\.0\/8 in/)]);
  });
});
