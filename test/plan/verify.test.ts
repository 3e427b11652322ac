import { planMesh } from '../../lib/plan/planner';
import { planVerify } from '../../lib/plan/verify';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../helpers';

const specWith = (patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) => {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return validateMeshSpec(input);
};

describe('planVerify', () => {
  test('GIVEN v1 on cluster1 and v2 on cluster2 of three THEN cluster3 runs only the Service and every cluster expects both', () => {
    const v = planVerify({ helloworld: { v1: ['cluster1'], v2: ['cluster2'] }, client: 'curl', requests: 10 }, ['cluster3', 'cluster1', 'cluster2']);
    expect(v.expected).toEqual(['v1', 'v2']);
    expect(v.clusters).toEqual([
      { cluster: 'cluster1', versions: ['v1'] },
      { cluster: 'cluster2', versions: ['v2'] },
      { cluster: 'cluster3', versions: [] },
    ]);
    expect(v.namespace).toBe('sample');
  });

  test('GIVEN only v2 somewhere THEN only v2 is expected', () => {
    expect(planVerify({ helloworld: { v1: [], v2: ['a'] }, client: 'curl', requests: 1 }, ['a', 'b']).expected).toEqual(['v2']);
  });

  test('GIVEN no spec.verify THEN the mesh plan has no verify', () => {
    expect(planMesh(specWith({})).verify).toBeUndefined();
  });
});
