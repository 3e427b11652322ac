import { planMesh } from '../../../lib/plan/planner';
import { formatPlan, planSteps } from '../../../lib/plan/steps/steps';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../../helpers';

const specWith = (patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) => {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return validateMeshSpec(input);
};

describe('plan steps for spec.verify', () => {
  const spec = () => specWith({ verify: {} });
  const steps = () => planSteps(planMesh(spec()));
  const indexOf = (pred: (c: string) => boolean) => steps().findIndex((s) => s.commands.some(pred));

  test('THEN the plan ends with the verify step: apply -k verify/ everywhere, then wait for each Job', () => {
    const s = steps();
    const deploy = indexOf((c) => c === 'kubectl --context=cluster1 apply -k dist/cluster1/verify');
    expect(s[deploy].commands).toEqual([
      'kubectl --context=cluster1 -n sample delete job verify-helloworld --ignore-not-found',
      'kubectl --context=cluster1 apply -k dist/cluster1/verify',
      'kubectl --context=cluster2 -n sample delete job verify-helloworld --ignore-not-found',
      'kubectl --context=cluster2 apply -k dist/cluster2/verify',
    ]);
    expect(deploy).toBeGreaterThan(indexOf((c) => c.startsWith('istioctl remote-clusters')));
    expect(deploy).toBeGreaterThan(indexOf((c) => c.startsWith('istioctl install -y --context=cluster2 -f dist/cluster2/istioctl/eastwest-gateway.yaml')));
    expect(s[deploy].needs).toEqual(expect.arrayContaining([{ kind: 'webhook-cabundle', cluster: 'cluster2' }, { kind: 'gateway-address', cluster: 'cluster2' }, { kind: 'mesh-synced' }]));
    expect(s.slice(-2).map((x) => x.commands)).toEqual([
      ['kubectl --context=cluster1 -n sample wait --for=condition=complete job/verify-helloworld --timeout=600s'],
      ['kubectl --context=cluster2 -n sample wait --for=condition=complete job/verify-helloworld --timeout=600s'],
    ]);
    expect(formatPlan(planMesh(spec()), s)).toContain('[all] Deploy helloworld (v1 on cluster1, v2 on cluster2), curl and the verification Job on every cluster');
  });

  test('GIVEN no verify THEN no such step', () => {
    const s = planSteps(planMesh(specWith({})));
    expect(s.flatMap((x) => x.commands).filter((c) => c.includes('verify'))).toEqual([]);
  });
});
