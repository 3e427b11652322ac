import { planMesh } from '../../../lib/plan/planner';
import { planSteps } from '../../../lib/plan/steps/steps';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS } from '../../helpers';

const specWith = (patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) => {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return validateMeshSpec(input);
};

describe('planSteps with spec.kiali', () => {
  const plan = () => planMesh(specWith({ kiali: {}, verify: {} }));
  const steps = () => planSteps(plan());

  test('THEN remote access on cluster2, then its Kiali secret on cluster1, then Kiali, all before the verify steps', () => {
    const s = steps();
    const find = (pred: (c: string) => boolean) => s.findIndex((x) => x.commands.some(pred));
    const access = find((c) => c === 'kubectl --context=cluster2 apply -k dist/cluster2/kiali');
    const secret = find((c) => c.startsWith('meshgen kiali-secret --cluster cluster2 '));
    const kiali = find((c) => c === 'kubectl --context=cluster1 apply -k dist/cluster1/kiali');
    const verify = find((c) => c.includes('apply -k dist/cluster1/verify'));
    expect([access, secret, kiali, verify].every((i) => i >= 0)).toBe(true);
    expect(access).toBeLessThan(secret);
    expect(secret).toBeLessThan(kiali);
    expect(kiali).toBeLessThan(verify);
    expect(s[secret].cluster).toBe('cluster1');
  });

  test('THEN meshgen kiali-secret reads cluster2 through its context and its output is applied on the Kiali cluster', () => {
    const step = steps().find((x) => x.title === 'Give Kiali on cluster1 the secret kiali-remote-cluster-secret-cluster2 for cluster2')!;
    expect(step.commands).toEqual(['meshgen kiali-secret --cluster cluster2 --context=cluster2 | kubectl --context=cluster1 apply -f -']);
    expect(step.note).toContain('or write every Kiali secret at once with: meshgen kiali-secret --all --spec mesh.yaml');
    const all = steps().flatMap((x) => x.commands);
    expect(all.some((c) => c.startsWith('kubectl config') || c.startsWith('kubectl create secret'))).toBe(false);
    expect(all).toContain('kubectl --context=cluster1 apply -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/addons/prometheus.yaml');
  });

  test('GIVEN another Istio namespace THEN kiali-secret is told where Kiali and kiali-remote-access are', () => {
    const spec = specWith({ kiali: {} }) as any;
    const s = planSteps(planMesh({ ...spec, istio: { ...spec.istio, namespace: 'mesh-system' } }));
    expect(s.flatMap((x) => x.commands)).toContain('meshgen kiali-secret --cluster cluster2 --context=cluster2 --namespace mesh-system | kubectl --context=cluster1 apply -f -');
  });
});

describe('planSteps with spec.kiali.federation', () => {
  test('GIVEN a cluster without an address THEN its step prints the address and says which field to set', () => {
    const s = planSteps(planMesh(specWith({ kiali: { federation: {} } })));
    const step = s.find((x) => x.commands.includes('kubectl --context=cluster2 apply -k dist/cluster2/kiali'))!;
    expect(step.commands[0]).toBe('kubectl --context=cluster2 apply -f https://raw.githubusercontent.com/istio/istio/release-1.30/samples/addons/prometheus.yaml');
    expect(step.commands[2]).toBe("kubectl --context=cluster2 -n istio-system get svc prometheus-federation -o 'jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'");
    expect(step.note).toBe('set spec.kiali.federation.cluster2 to the address printed and synth again: cluster1\'s Prometheus federates cluster2 only then');
  });

  test('GIVEN the address THEN no such command, and the Kiali cluster\'s step says its scrape jobs are replaced', () => {
    const s = planSteps(planMesh(specWith({ kiali: { federation: { cluster2: '10.0.0.9' } } })));
    expect(s.flatMap((x) => x.commands).some((c) => c.includes('get svc prometheus-federation'))).toBe(false);
    expect(s.find((x) => x.title.startsWith('Install Istio\'s Prometheus addon'))!.note).toContain('prometheus-config.yaml replaces the addon\'s scrape jobs with its own pods and federate-cluster2');
  });
});
