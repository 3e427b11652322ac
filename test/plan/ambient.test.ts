import * as fc from 'fast-check';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { planMesh } from '../../lib/plan/planner';
import { ClusterInput, meshInput } from '../helpers';

/** Arbitrary ambient meshes: 1..10 primaries on 1..4 networks (ambient allows no remote). */
const arbAmbient = fc.record({
  size: fc.integer({ min: 1, max: 10 }),
  networks: fc.integer({ min: 1, max: 4 }),
  seed: fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
}).map(({ size, networks, seed }) => {
  const clusters: ClusterInput[] = [];
  for (let i = 0; i < size; i++) clusters.push({ name: `c${i}`, network: `net${seed[i] % networks}`, role: 'primary' });
  return clusters;
});

function ambientPlan(clusters: ClusterInput[]) {
  const input = meshInput(clusters);
  input.spec.istio = { dataplane: 'ambient' };
  return planMesh(validateMeshSpec(input));
}

describe('planMesh properties in ambient mode', () => {
  test('every cluster another network reaches has an east-west gateway, and no cluster exposes services the sidecar way', () => {
    fc.assert(fc.property(arbAmbient, (clusters) => {
      const plan = ambientPlan(clusters);
      for (const c of plan.clusters) {
        const reached = plan.clusters.some((o) => o.network !== c.network);
        expect(c.eastWestGateway).toBe(reached);
        expect(c.exposeServices).toBe(false);
        expect(c.exposeIstiod || c.externalIstiod).toBe(false);
      }
    }));
  });

  test('every primary reads every other cluster (remote secrets as in sidecar multi-primary)', () => {
    fc.assert(fc.property(arbAmbient, (clusters) => {
      const plan = ambientPlan(clusters);
      expect(plan.remoteSecrets.length).toBe(plan.clusters.length * (plan.clusters.length - 1));
    }));
  });

  test('a warning exactly for each network that more than one cluster shares', () => {
    fc.assert(fc.property(arbAmbient, (clusters) => {
      const plan = ambientPlan(clusters);
      const shared = plan.networks.filter((n) => n.clusters.length > 1).map((n) => n.name);
      expect(plan.warnings.map((w) => /"([^"]+)" is shared by/.exec(w)![1])).toEqual(shared);
    }));
  });
});
