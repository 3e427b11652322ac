import { renderMesh } from '../../lib/synth/render-mesh';
import { docs, mesh, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

describe('renderMesh', () => {
  test('GIVEN the seed mesh THEN each cluster gets the runbook\'s files', () => {
    const { files } = renderMesh(mesh(SEED_CLUSTERS));
    expect([...files.keys()]).toEqual([
      'README.md', 'cluster1/expose-istiod.yaml', 'cluster1/expose-services.yaml', 'cluster1/istioctl/control-plane.yaml',
      'cluster1/istioctl/eastwest-gateway.yaml', 'cluster1/kustomization.yaml', 'cluster1/namespace.yaml',
      'cluster2/expose-services.yaml', 'cluster2/istioctl/control-plane.yaml', 'cluster2/istioctl/eastwest-gateway.yaml',
      'cluster2/kustomization.yaml', 'cluster2/namespace.yaml', 'cluster2/remote-secret-reader.yaml',
    ]);
  });

  test('THEN each kustomization lists every plain manifest of its bundle and no istioctl file', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    for (const cluster of ['cluster1', 'cluster2', 'cluster3']) {
      const [k] = docs(files.get(`${cluster}/kustomization.yaml`)!);
      expect(k.apiVersion).toBe('kustomize.config.k8s.io/v1beta1');
      expect(k.kind).toBe('Kustomization');
      const plain = [...files.keys()].filter((f) => f.startsWith(`${cluster}/`) && !f.includes('/istioctl/') && !f.endsWith('kustomization.yaml'))
        .map((f) => f.slice(cluster.length + 1));
      expect([...k.resources].sort()).toEqual(plain.sort());
      expect(k.resources[0]).toBe('namespace.yaml');
    }
  });

  test('GIVEN three clusters THEN the same-network remote gets no istiod exposure and no control plane of its own', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    expect(files.has('cluster2/expose-istiod.yaml')).toBe(false);
    expect(files.has('cluster3/expose-istiod.yaml')).toBe(false);
    expect(files.has('cluster1/expose-istiod.yaml')).toBe(true);
    const [cp2] = docs(files.get('cluster2/istioctl/control-plane.yaml')!);
    expect(cp2.spec.profile).toBe('remote');
    expect(cp2.spec.values.global.remotePilotAddress).toBe('34.75.71.237');
    expect(cp2.spec.values.istiodRemote.injectionPath).toBe('/inject/cluster/cluster2/net/network1');
    const [ns2] = docs(files.get('cluster2/namespace.yaml')!);
    expect(ns2.metadata.labels['topology.istio.io/network']).toBe('network1');
    expect(ns2.metadata.annotations['topology.istio.io/controlPlaneClusters']).toBe('cluster1');
  });

  test('GIVEN a primary and a remote on one network THEN the remote bundle holds no gateway', () => {
    const { files } = renderMesh(mesh([
      { name: 'a', network: 'n', role: 'primary', address: '10.1.1.1' },
      { name: 'b', network: 'n', role: 'remote', primary: 'a' },
    ]));
    expect([...files.keys()].filter((f) => f.startsWith('b/'))).toEqual(['b/istioctl/control-plane.yaml', 'b/kustomization.yaml', 'b/namespace.yaml', 'b/remote-secret-reader.yaml']);
    expect(files.has('a/expose-services.yaml')).toBe(false);
    expect(files.has('a/expose-istiod.yaml')).toBe(true);
    expect(files.has('a/istioctl/eastwest-gateway.yaml')).toBe(true);
  });

  test('GIVEN no primary address THEN everything but the remote control plane is rendered', () => {
    const { files, plan } = renderMesh(mesh([{ ...SEED_CLUSTERS[0], address: undefined }, SEED_CLUSTERS[1]]));
    expect(files.has('cluster2/istioctl/control-plane.yaml')).toBe(false);
    expect(files.has('cluster2/istioctl/eastwest-gateway.yaml')).toBe(true);
    expect(files.has('cluster1/istioctl/control-plane.yaml')).toBe(true);
    expect(plan.missingAddresses).toHaveLength(1);
    for (const content of files.values()) expect(content).not.toMatch(/DISCOVERY_ADDRESS|\$\{|TODO|PLACEHOLDER/i);
  });

  test('THEN the same spec gives the same bytes, whatever the order of clusters', () => {
    const a = renderMesh(mesh(THREE_CLUSTERS)).files;
    const b = renderMesh(mesh(THREE_CLUSTERS)).files;
    const c = renderMesh(mesh([...THREE_CLUSTERS].reverse())).files;
    expect(a.has('README.md')).toBe(true);
    expect([...b.entries()]).toEqual([...a.entries()]);
    expect([...c.entries()]).toEqual([...a.entries()]);
  });

  test('THEN no two objects of a bundle share kind, namespace and name', () => {
    const { files } = renderMesh(mesh(THREE_CLUSTERS));
    for (const cluster of ['cluster1', 'cluster2', 'cluster3']) {
      const keys = [...files.entries()].filter(([f]) => f.startsWith(`${cluster}/`) && !f.endsWith('kustomization.yaml'))
        .flatMap(([, c]) => docs(c)).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
