import { planMeshNetworks } from '../../lib/plan/mesh-networks';
import { planMesh } from '../../lib/plan/planner';
import { formatPlan, planSteps } from '../../lib/plan/steps/steps';
import { planVerify } from '../../lib/plan/verify';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

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

describe('planSteps with MetalLB and verification', () => {
  const spec = () => specWith({ verify: {} }, SEED_CLUSTERS, {
    0: { loadBalancer: { metallb: { addresses: ['172.18.255.200-172.18.255.225'] } } },
    1: { loadBalancer: { metallb: { addresses: ['172.18.255.226-172.18.255.250'], legacyConfigMap: true } } },
  });
  const steps = () => planSteps(planMesh(spec()));
  const indexOf = (pred: (c: string) => boolean) => steps().findIndex((s) => s.commands.some(pred));

  test('THEN MetalLB and its pool come before the east-west gateway of each cluster', () => {
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
    expect(steps()[metallb2].note).toContain('minikube addons enable metallb -p cluster2');
  });

  test('THEN the plan ends with the verify step: apply -k verify/ everywhere, then wait for each Job', () => {
    const s = steps();
    const deploy = indexOf((c) => c === 'kubectl --context=cluster1 apply -k dist/cluster1/verify');
    expect(s[deploy].commands).toEqual([
      'kubectl --context=cluster1 -n sample delete job verify-helloworld --ignore-not-found',
      'kubectl --context=cluster1 apply -k dist/cluster1/verify',
      'kubectl --context=cluster2 -n sample delete job verify-helloworld --ignore-not-found',
      'kubectl --context=cluster2 apply -k dist/cluster2/verify',
    ]);
    expect(deploy).toBeGreaterThan(indexOf((c) => c.startsWith('istioctl create-remote-secret')));
    expect(s.slice(-2).map((x) => x.commands)).toEqual([
      ['kubectl --context=cluster1 -n sample wait --for=condition=complete job/verify-helloworld --timeout=600s'],
      ['kubectl --context=cluster2 -n sample wait --for=condition=complete job/verify-helloworld --timeout=600s'],
    ]);
    expect(formatPlan(planMesh(spec()), s)).toContain('[all] Deploy helloworld (v1 on cluster1, v2 on cluster2), curl and the verification Job on every cluster');
  });

  test('GIVEN no verify and no MetalLB THEN no such step', () => {
    const s = planSteps(planMesh(specWith({})));
    expect(s.flatMap((x) => x.commands).filter((c) => c.includes('verify') || c.includes('metallb'))).toEqual([]);
  });
});

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
    expect(step.commands[2]).toBe("kubectl --context=cluster2 -n istio-system get svc prometheus-federation -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'");
    expect(step.note).toBe('set spec.kiali.federation.cluster2 to the address printed and synth again: cluster1\'s Prometheus federates cluster2 only then');
  });

  test('GIVEN the address THEN no such command, and the Kiali cluster\'s step says its scrape jobs are replaced', () => {
    const s = planSteps(planMesh(specWith({ kiali: { federation: { cluster2: '10.0.0.9' } } })));
    expect(s.flatMap((x) => x.commands).some((c) => c.includes('get svc prometheus-federation'))).toBe(false);
    expect(s.find((x) => x.title.startsWith('Install Istio\'s Prometheus addon'))!.note).toContain('prometheus-config.yaml replaces the addon\'s scrape jobs with its own pods and federate-cluster2');
  });
});
