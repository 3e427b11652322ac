import { istioChartReleases } from '../../../lib/helm/values';
import { renderMesh } from '../../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../../lib/mesh-spec/parse';
import { docs, meshInput } from '../../helpers';

/** Two primaries on network1/network2 and a remote of cluster1 on network2, with Argo CD (spec.gitops). */
function helmMesh(argocd = true) {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
    { name: 'cluster3', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer: 'helm' };
  if (argocd) input.spec.gitops = { tool: 'argocd', repoURL: 'https://github.com/example/mesh.git', targetRevision: 'main' };
  return validateMeshSpec(input);
}

describe('helm bundles', () => {
  test('GIVEN the helm mesh THEN values files under helm/, Applications under argocd/, neither in the kustomization', () => {
    const { files } = renderMesh(helmMesh());
    expect([...files.keys()].filter((f) => f.startsWith('cluster1/'))).toEqual([
      'cluster1/argocd/apps/istio-base.yaml',
      'cluster1/argocd/apps/istio-eastwestgateway.yaml',
      'cluster1/argocd/apps/istiod.yaml',
      'cluster1/argocd/apps/mesh-bundle.yaml',
      'cluster1/argocd/argocd-cm.yaml',
      'cluster1/argocd/root.yaml',
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

  test('GIVEN installer helm without spec.gitops THEN values files only, no argocd/', () => {
    const { files } = renderMesh(helmMesh(false));
    expect([...files.keys()].some((f) => f.includes('/argocd/'))).toBe(false);
    expect(files.has('cluster3/helm/istiod.values.yaml')).toBe(true);
  });
});
