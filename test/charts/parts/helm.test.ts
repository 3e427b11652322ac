import { SYNC_WAVE_ANNOTATION } from '../../../lib/argocd/chart-application';
import { ISTIO_HELM_REPO } from '../../../lib/names/helm';
import { renderMesh } from '../../../lib/synth/render-mesh';
import { validateObject } from '../../../lib/schema';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { docs, meshInput } from '../../helpers';

/** Two primaries on network1/network2 and a remote of cluster1 on network2, with Argo CD. */
function helmMesh(argocd = true) {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
    { name: 'cluster3', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer: 'helm' };
  if (argocd) input.spec.argocd = { repoURL: 'https://github.com/example/mesh.git', targetRevision: 'main' };
  return validateMeshSpec(input);
}

describe('helm bundles', () => {
  test('GIVEN the helm mesh THEN values files under helm/, Applications under argocd/, neither in the kustomization', () => {
    const { files } = renderMesh(helmMesh());
    expect([...files.keys()].filter((f) => f.startsWith('cluster1/'))).toEqual([
      'cluster1/argocd/bundle.yaml',
      'cluster1/argocd/istio-base.yaml',
      'cluster1/argocd/istio-eastwestgateway.yaml',
      'cluster1/argocd/istiod.yaml',
      'cluster1/expose-istiod.yaml',
      'cluster1/expose-services.yaml',
      'cluster1/helm/base.values.yaml',
      'cluster1/helm/eastwest-gateway.values.yaml',
      'cluster1/helm/istiod.values.yaml',
      'cluster1/kustomization.yaml',
      'cluster1/namespace.yaml',
      'cluster1/remote-secret-reader.yaml',
    ]);
    expect(docs(files.get('cluster1/kustomization.yaml')!)[0].resources).toEqual(['namespace.yaml', 'expose-istiod.yaml', 'expose-services.yaml', 'remote-secret-reader.yaml']);
    expect([...files.keys()].some((f) => f.includes('istioctl/'))).toBe(false);
  });

  test('GIVEN the helm mesh THEN every Application is valid against the Argo CD CRD, installs the pinned chart with the values file\'s values, in sync waves', () => {
    const { files } = renderMesh(helmMesh());
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const apps = [...files.entries()].filter(([f]) => f.startsWith(`${c}/argocd/`)).map(([, text]) => docs(text)[0]);
      expect(apps.length).toBeGreaterThanOrEqual(3);
      for (const app of apps) {
        expect(app.apiVersion).toBe('argoproj.io/v1alpha1');
        expect(validateObject(app)).toEqual([]);
        expect(app.metadata.namespace).toBe('argocd');
        expect(app.spec.destination).toEqual({ name: c, namespace: 'istio-system' });
      }
      const wave = (name: string) => apps.find((a) => a.metadata.name === `${c}-${name}`)?.metadata.annotations[SYNC_WAVE_ANNOTATION];
      expect([wave('istio-base'), wave('istiod'), wave('istio-eastwestgateway'), wave('mesh-bundle')]).toEqual(['0', '1', '2', '3']);
      for (const [chart, release, valuesFile] of [['base', 'istio-base', 'base'], ['istiod', 'istiod', 'istiod'], ['gateway', 'istio-eastwestgateway', 'eastwest-gateway']]) {
        const app = apps.find((a) => a.metadata.name === `${c}-${release}`)!;
        expect(app.spec.source).toEqual({
          chart, repoURL: ISTIO_HELM_REPO, targetRevision: '1.30.3',
          helm: { releaseName: release, valuesObject: docs(files.get(`${c}/helm/${valuesFile}.values.yaml`)!)[0] },
        });
      }
      const bundle = apps.find((a) => a.metadata.name === `${c}-mesh-bundle`)!;
      expect(bundle.spec.source).toEqual({ repoURL: 'https://github.com/example/mesh.git', targetRevision: 'main', path: `dist/${c}` });
    }
  });

  test('GIVEN installer helm without spec.argocd THEN values files only, no argocd/', () => {
    const { files } = renderMesh(helmMesh(false));
    expect([...files.keys()].some((f) => f.includes('/argocd/'))).toBe(false);
    expect(files.has('cluster3/helm/istiod.values.yaml')).toBe(true);
  });
});
