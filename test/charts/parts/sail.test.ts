import { renderMesh } from '../../../lib/synth/render-mesh';
import { validateObject } from '../../../lib/schema';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { docs, meshInput } from '../../helpers';

describe('sail bundles', () => {
  const seed = () => {
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'primary' },
    ]);
    input.spec.istio = { installer: 'sail' };
    return validateMeshSpec(input);
  };

  test('GIVEN the seed\'s multi-primary mesh with sail THEN no istioctl/ files, everything is in the kustomization', () => {
    const { files } = renderMesh(seed());
    expect([...files.keys()].filter((f) => f.includes('istioctl/'))).toEqual([]);
    for (const c of ['cluster1', 'cluster2']) {
      const kustomization = docs(files.get(`${c}/kustomization.yaml`)!)[0];
      expect(kustomization.resources).toEqual(['namespace.yaml', 'istio.yaml', 'eastwest-gateway.yaml', 'expose-services.yaml', 'remote-secret-reader.yaml']);
      const [istio] = docs(files.get(`${c}/istio.yaml`)!);
      expect(validateObject(istio)).toEqual([]);
      expect(istio.spec.values.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: c }, network: `network${c.slice(-1)}` });
      for (const o of docs(files.get(`${c}/eastwest-gateway.yaml`)!)) expect(validateObject(o)).toEqual([]);
    }
  });

  test('GIVEN a sail remote whose primary has no address THEN its istio.yaml is not written', () => {
    const input = meshInput([
      { name: 'cluster1', network: 'network1', role: 'primary' },
      { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
    ]);
    input.spec.istio = { installer: 'sail' };
    const { files, plan } = renderMesh(validateMeshSpec(input));
    expect(files.has('cluster2/istio.yaml')).toBe(false);
    expect(docs(files.get('cluster2/kustomization.yaml')!)[0].resources).not.toContain('istio.yaml');
    expect(plan.missingAddresses.map((m) => m.remote)).toEqual(['cluster2']);
  });
});
