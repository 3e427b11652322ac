import * as fs from 'fs';
import * as path from 'path';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { docs, meshInput, ROOT, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

function render(patch: Record<string, unknown>, clusters = SEED_CLUSTERS, clusterPatch: Record<number, object> = {}) {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  for (const [i, p] of Object.entries(clusterPatch)) Object.assign(input.spec.clusters[Number(i)], p);
  return renderMesh(validateMeshSpec(input)).files;
}

describe('renderMesh with spec.verify', () => {
  const files = () => render({ verify: {} }, THREE_CLUSTERS);

  test('THEN every cluster gets verify/ with its own kustomization, and the main kustomization does not list it', () => {
    const f = files();
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const [k] = docs(f.get(`${c}/verify/kustomization.yaml`)!);
      expect(k.resources).toEqual(['namespace.yaml', 'helloworld.yaml', 'client.yaml', 'verify-job.yaml']);
      for (const r of k.resources) expect(f.has(`${c}/verify/${r}`)).toBe(true);
      expect(docs(f.get(`${c}/kustomization.yaml`)!)[0].resources.some((r: string) => r.startsWith('verify'))).toBe(false);
    }
  });

  test('THEN helloworld-v1 runs on cluster1, v2 on cluster2, the Service everywhere; every Job expects v1 and v2', () => {
    const f = files();
    const names = (c: string) => docs(f.get(`${c}/verify/helloworld.yaml`)!).map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names('cluster1')).toEqual(['Service/helloworld', 'Deployment/helloworld-v1']);
    expect(names('cluster2')).toEqual(['Service/helloworld', 'Deployment/helloworld-v2']);
    expect(names('cluster3')).toEqual(['Service/helloworld']);
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const [job] = docs(f.get(`${c}/verify/verify-job.yaml`)!);
      expect(job.spec.template.spec.containers[0].command[2]).toContain(`echo "OK ${c}: saw helloworld v1 and v2"`);
    }
  });

  test('THEN every object of verify/ validates', () => {
    for (const [file, content] of files()) {
      if (!file.includes('/verify/') || file.endsWith('kustomization.yaml')) continue;
      for (const o of docs(content)) expect({ file, errors: validateObject(o) }).toEqual({ file, errors: [] });
    }
  });
});

describe('renderMesh with MetalLB', () => {
  test('THEN metallb.yaml is in the main kustomization, IPAddressPool or legacy ConfigMap as asked, and valid', () => {
    const f = render({}, SEED_CLUSTERS, {
      0: { loadBalancer: { metallb: { addresses: ['172.18.255.200-172.18.255.225'] } } },
      1: { loadBalancer: { metallb: { addresses: ['172.18.255.226-172.18.255.250'], legacyConfigMap: true } } },
    });
    expect(docs(f.get('cluster1/metallb.yaml')!).map((o) => o.kind)).toEqual(['IPAddressPool', 'L2Advertisement']);
    expect(docs(f.get('cluster2/metallb.yaml')!).map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap/metallb-system/config']);
    for (const c of ['cluster1', 'cluster2']) {
      expect(docs(f.get(`${c}/kustomization.yaml`)!)[0].resources).toContain('metallb.yaml');
      for (const o of docs(f.get(`${c}/metallb.yaml`)!)) expect(validateObject(o)).toEqual([]);
    }
  });
});

describe('renderMesh with spec.meshNetworks', () => {
  test('GIVEN explicit THEN the primary\'s IstioOperator carries values.global.meshNetworks and stays valid; the remote\'s does not', () => {
    const f = render({ meshNetworks: 'explicit' });
    const [primary] = docs(f.get('cluster1/istioctl/control-plane.yaml')!);
    expect(primary.spec.values.global.meshNetworks.network2).toEqual({
      endpoints: [{ fromRegistry: 'cluster2' }],
      gateways: [{ registryServiceName: 'istio-eastwestgateway.istio-system.svc.cluster.local', port: 15443 }],
    });
    expect(primary.spec.values.global.meshNetworks.network1.gateways).toEqual([{ address: '34.75.71.237', port: 15443 }]);
    expect(validateObject(primary)).toEqual([]);
    const [remote] = docs(f.get('cluster2/istioctl/control-plane.yaml')!);
    expect(remote.spec.values.global.meshNetworks).toBeUndefined();
  });

  test('GIVEN labels THEN the istioctl files are byte-identical to the committed primary-remote example', () => {
    const f = render({ meshNetworks: 'labels' });
    for (const file of ['cluster1/istioctl/control-plane.yaml', 'cluster2/istioctl/control-plane.yaml']) {
      expect(f.get(file)).toBe(fs.readFileSync(path.join(ROOT, 'examples', 'primary-remote', 'expected', file), 'utf8'));
    }
  });
});

describe('renderMesh with spec.kiali', () => {
  test('THEN the Kiali cluster gets kiali/kiali.yaml, every other cluster kiali/remote-access.yaml, each with its own kustomization', () => {
    const f = render({ kiali: { auth: 'anonymous' } }, THREE_CLUSTERS);
    expect([...f.keys()].filter((k) => k.includes('/kiali/'))).toEqual([
      'cluster1/kiali/kiali.yaml', 'cluster1/kiali/kustomization.yaml',
      'cluster2/kiali/kustomization.yaml', 'cluster2/kiali/remote-access.yaml',
      'cluster3/kiali/kustomization.yaml', 'cluster3/kiali/remote-access.yaml',
    ]);
    expect(docs(f.get('cluster1/kiali/kustomization.yaml')!)[0].resources).toEqual(['kiali.yaml']);
    const [kiali] = docs(f.get('cluster1/kiali/kiali.yaml')!);
    expect(kiali.spec.auth.strategy).toBe('anonymous');
    expect(validateObject(kiali)).toEqual([]);
    expect(docs(f.get('cluster1/kustomization.yaml')!)[0].resources.some((r: string) => r.startsWith('kiali'))).toBe(false);
  });
});

describe('renderMesh with spec.kiali.federation', () => {
  test('THEN the Kiali cluster gets prometheus-config.yaml with federate jobs for the listed clusters, every other cluster a pinned prometheus-federation', () => {
    const f = render({ kiali: { federation: { cluster3: '172.18.255.240' } } }, THREE_CLUSTERS, {
      2: { loadBalancer: { metallb: { addresses: ['172.18.255.230-172.18.255.250'] } } },
    });
    expect(docs(f.get('cluster1/kiali/kustomization.yaml')!)[0].resources).toEqual(['kiali.yaml', 'prometheus-config.yaml']);
    const [cm] = docs(f.get('cluster1/kiali/prometheus-config.yaml')!);
    expect(cm.data['prometheus.yml']).toContain('job_name: federate-cluster3');
    expect(cm.data['prometheus.yml']).not.toContain('federate-cluster2');
    const [svc2] = docs(f.get('cluster2/kiali/prometheus-federation.yaml')!);
    expect(svc2.metadata.annotations).toBeUndefined();
    const [svc3] = docs(f.get('cluster3/kiali/prometheus-federation.yaml')!);
    expect(svc3.metadata.annotations).toEqual({ 'metallb.universe.tf/loadBalancerIPs': '172.18.255.240' });
  });
});

describe('renderMesh with every local-obs option', () => {
  const input = (reverse: boolean) => {
    const i = meshInput(THREE_CLUSTERS);
    Object.assign(i.spec, {
      meshNetworks: 'explicit',
      verify: { helloworld: { v1: ['cluster3', 'cluster1'], v2: ['cluster2'] } },
      kiali: { federation: { cluster3: '172.18.255.240', cluster2: '10.0.0.9' } },
    });
    i.spec.clusters[2].loadBalancer = { metallb: { addresses: ['172.18.255.230-172.18.255.250'] } };
    i.spec.clusters[0].loadBalancer = { metallb: { addresses: ['172.18.255.200-172.18.255.229'] } };
    if (reverse) i.spec.clusters.reverse();
    return i;
  };

  test('THEN the order of clusters in the spec changes no byte, and two syntheses are identical', () => {
    const a = renderMesh(validateMeshSpec(input(false))).files;
    const b = renderMesh(validateMeshSpec(input(true))).files;
    const c = renderMesh(validateMeshSpec(input(false))).files;
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect([...c.entries()]).toEqual([...a.entries()]);
  });

  test('THEN every object of every file validates', () => {
    for (const [file, content] of renderMesh(validateMeshSpec(input(false))).files) {
      if (!file.endsWith('.yaml') || file.endsWith('kustomization.yaml')) continue;
      for (const o of docs(content)) expect({ file, name: o.metadata.name, errors: validateObject(o) }).toEqual({ file, name: o.metadata.name, errors: [] });
    }
  });
});
