import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { docs, meshInput, ROOT, THREE_CLUSTERS } from '../helpers';

/** Two roots as synth passes them (lib/pki/trust-roots.ts): the mesh root first. */
const ROOTS = [
  fs.readFileSync(path.join(ROOT, 'test/fixtures/pki/root-cert.pem'), 'utf8'),
  fs.readFileSync(path.join(ROOT, 'test/fixtures/istio-certs/root-cert.pem'), 'utf8'),
];
const CA_CERTIFICATES = ROOTS.map((pem) => ({ pem }));
const PROXY_METADATA = { PROXY_CONFIG_XDS_AGENT: 'true' };

/** cluster1 and cluster4 primaries, cluster2 and cluster3 remotes of cluster1. */
function render(installer: string, trustRoots?: readonly string[]) {
  const input = meshInput([...THREE_CLUSTERS, { name: 'cluster4', network: 'network2', role: 'primary', address: '10.0.0.4' }]);
  input.spec.istio = { installer };
  return renderMesh(validateMeshSpec(input), trustRoots ? { trustRoots } : {}).files;
}

describe.each(['istioctl', 'sail', 'helm'])('multi-root trust with installer %s', (installer) => {
  test('GIVEN no trust roots THEN no file mentions caCertificates, ISTIO_MULTIROOT_MESH or PROXY_CONFIG_XDS_AGENT', () => {
    for (const [f, text] of render(installer)) {
      expect({ f, hit: /caCertificates|ISTIO_MULTIROOT_MESH|PROXY_CONFIG_XDS_AGENT/.test(text) }).toEqual({ f, hit: false });
    }
  });

  test('GIVEN two roots THEN only the primaries\' control-plane files change', () => {
    const before = render(installer);
    const after = render(installer, ROOTS);
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f)).sort();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const expected = {
      istioctl: ['cluster1/istioctl/control-plane.yaml', 'cluster4/istioctl/control-plane.yaml'],
      sail: ['cluster1/istio.yaml', 'cluster4/istio.yaml'],
      helm: ['cluster1/helm/istiod.values.yaml', 'cluster4/helm/istiod.values.yaml'],
    }[installer]!;
    expect(changed).toEqual(expect.arrayContaining(expected));
    // README.md only says what changed in those files' neighbourhood: nothing else moves.
    expect(changed.filter((f) => !expected.includes(f) && f !== 'README.md')).toEqual([]);
  });
});

describe('multi-root trust: the fields, per installer', () => {
  test('istioctl: IstioOperator spec.meshConfig and values.pilot.env, EXTERNAL_ISTIOD kept', () => {
    const files = render('istioctl', ROOTS);
    const [op] = docs(files.get('cluster1/istioctl/control-plane.yaml')!);
    expect(op.spec.meshConfig).toEqual({ caCertificates: CA_CERTIFICATES, defaultConfig: { proxyMetadata: PROXY_METADATA } });
    expect(op.spec.values.pilot.env).toEqual({ EXTERNAL_ISTIOD: true, ISTIO_MULTIROOT_MESH: true });
    const [alone] = docs(files.get('cluster4/istioctl/control-plane.yaml')!);
    expect(alone.spec.values.pilot.env).toEqual({ ISTIO_MULTIROOT_MESH: true });
    const [remote] = docs(files.get('cluster2/istioctl/control-plane.yaml')!);
    expect(remote.spec.meshConfig).toBeUndefined();
    expect(remote.spec.values.pilot).toBeUndefined();
    expect(validateObject(op)).toEqual([]);
  });

  test('sail: Istio spec.values.meshConfig and spec.values.pilot.env as strings, valid against the Sail Istio CRD', () => {
    const files = render('sail', ROOTS);
    for (const c of ['cluster1', 'cluster4']) {
      const [istio] = docs(files.get(`${c}/istio.yaml`)!);
      expect(istio.spec.values.meshConfig).toEqual({ caCertificates: CA_CERTIFICATES, defaultConfig: { proxyMetadata: PROXY_METADATA } });
      expect(istio.spec.values.pilot.env.ISTIO_MULTIROOT_MESH).toBe('true');
      expect(validateObject(istio)).toEqual([]);
    }
    const [primary] = docs(files.get('cluster1/istio.yaml')!);
    expect(primary.spec.values.pilot.env).toEqual({ EXTERNAL_ISTIOD: 'true', ISTIO_MULTIROOT_MESH: 'true' });
    const [remote] = docs(files.get('cluster2/istio.yaml')!);
    expect(remote.spec.values.meshConfig).toBeUndefined();
    expect(validateObject(remote)).toEqual([]);
  });

  test('helm: istiod values meshConfig and pilot.env of the primaries, the remotes\' values and base values untouched', () => {
    const files = render('helm', ROOTS);
    const values = YAML.parse(files.get('cluster1/helm/istiod.values.yaml')!);
    expect(values.meshConfig).toEqual({ caCertificates: CA_CERTIFICATES, defaultConfig: { proxyMetadata: PROXY_METADATA } });
    expect(values.pilot.env).toEqual({ EXTERNAL_ISTIOD: 'true', ISTIO_MULTIROOT_MESH: 'true' });
    expect(YAML.parse(files.get('cluster4/helm/istiod.values.yaml')!).pilot.env).toEqual({ ISTIO_MULTIROOT_MESH: 'true' });
    expect(YAML.parse(files.get('cluster2/helm/istiod.values.yaml')!).meshConfig).toBeUndefined();
    expect(files.get('cluster1/helm/base.values.yaml')).toBe(render('helm').get('cluster1/helm/base.values.yaml'));
  });

  test('helm with Argo CD: the istiod Application carries the same values, valid against the Application CRD', () => {
    const input = meshInput(THREE_CLUSTERS);
    input.spec.istio = { installer: 'helm' };
    input.spec.argocd = { repoURL: 'https://github.com/example/mesh.git' };
    const files = renderMesh(validateMeshSpec(input), { trustRoots: ROOTS }).files;
    const [app] = docs(files.get('cluster1/argocd/istiod.yaml')!);
    expect(app.spec.source.helm.valuesObject.meshConfig.caCertificates).toEqual(CA_CERTIFICATES);
    expect(validateObject(app)).toEqual([]);
  });
});
