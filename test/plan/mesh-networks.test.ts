import { planMeshNetworks } from '../../lib/plan/mesh-networks';
import { planMesh } from '../../lib/plan/planner';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

const specWith = (patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) => {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return validateMeshSpec(input);
};

describe('planMeshNetworks', () => {
  test('GIVEN the seed mesh with both addresses THEN each network lists its cluster and its gateway address on 15443', () => {
    const plan = planMesh(specWith({ meshNetworks: 'explicit' }, SEED_CLUSTERS, { 1: { eastWestGateway: { address: '192.23.120.32' } } }));
    expect(plan.meshNetworks).toEqual({
      network1: { endpoints: [{ fromRegistry: 'cluster1' }], gateways: [{ address: '34.75.71.237', port: 15443 }] },
      network2: { endpoints: [{ fromRegistry: 'cluster2' }], gateways: [{ address: '192.23.120.32', port: 15443 }] },
    });
  });

  test('GIVEN a gateway without an address THEN its network uses registryServiceName on 15443', () => {
    const plan = planMesh(specWith({ meshNetworks: 'explicit' }, THREE_CLUSTERS));
    expect(plan.meshNetworks).toEqual({
      network1: { endpoints: [{ fromRegistry: 'cluster1' }, { fromRegistry: 'cluster2' }], gateways: [
        { address: '34.75.71.237', port: 15443 },
        { registryServiceName: 'istio-eastwestgateway.istio-system.svc.cluster.local', port: 15443 },
      ] },
      network2: { endpoints: [{ fromRegistry: 'cluster3' }], gateways: [{ registryServiceName: 'istio-eastwestgateway.istio-system.svc.cluster.local', port: 15443 }] },
    });
  });

  test('GIVEN one network without east-west gateways THEN endpoints only', () => {
    expect(planMeshNetworks([{ name: 'b', network: 'n', eastWestGateway: false }, { name: 'a', network: 'n', eastWestGateway: false }], 'istio-system'))
      .toEqual({ n: { endpoints: [{ fromRegistry: 'a' }, { fromRegistry: 'b' }] } });
  });

  test('GIVEN labels (the default) THEN the plan has no meshNetworks', () => {
    expect(planMesh(specWith({})).meshNetworks).toBeUndefined();
  });
});
