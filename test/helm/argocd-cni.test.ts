import { renderMesh } from '../../lib/synth/render-mesh';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { validateObject } from '../../lib/schema';
import { docs, meshInput, SEED_CLUSTERS } from '../helpers';

describe('helm with Argo CD and the CNI', () => {
  test('GIVEN platform openshift and spec.argocd THEN an istio-cni Application after the bundle and before istiod, to kube-system, with the cni values, valid', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.istio = { installer: 'helm', platform: 'openshift' };
    input.spec.argocd = { repoURL: 'https://github.com/example/mesh.git' };
    const { files } = renderMesh(validateMeshSpec(input));
    const [app] = docs(files.get('cluster1/argocd/apps/istio-cni.yaml')!);
    const wave = (kind: string) => Number(docs(files.get(`cluster1/argocd/apps/${kind}.yaml`)!)[0].metadata.annotations['argocd.argoproj.io/sync-wave']);
    expect(app.metadata.name).toBe('cluster1-istio-cni');
    expect(wave('istio-cni')).toBeGreaterThan(wave('mesh-bundle'));
    expect(wave('istio-cni')).toBeLessThan(wave('istiod'));
    expect(app.spec.destination.namespace).toBe('kube-system');
    expect(app.spec.source.chart).toBe('cni');
    expect(app.spec.source.helm.valuesObject).toEqual({ global: { platform: 'openshift' } });
    expect(validateObject(app)).toEqual([]);
  });
});
