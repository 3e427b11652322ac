import { APPLICATION_HEALTH_KEY, APPLICATION_HEALTH_LUA, SAIL_ISTIO_HEALTH_KEY } from '../../lib/argocd/health-checks';
import { ISTIO_WEBHOOK_DIFFS } from '../../lib/argocd/sync-policy';
import { PRECONDITION_ANNOTATION } from '../../lib/charts/parts/gitops';
import { ISTIO_HELM_REPO } from '../../lib/names/helm';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { SAIL_OPERATOR_CHART, SYNC_WAVE_ANNOTATION } from '../../lib/names/gitops';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateObject } from '../../lib/schema';
import { docs, meshInput } from '../helpers';

const REPO = 'https://github.com/example/mesh.git';

/** cluster1 primary (network1), cluster2 primary (network2), cluster3 remote of cluster1 (network2). */
function argoMesh(installer: 'helm' | 'sail', gitops: Record<string, unknown> = {}, ca?: Record<string, unknown>) {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'primary' },
    { name: 'cluster3', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer };
  input.spec.gitops = { tool: 'argocd', repoURL: REPO, targetRevision: 'main', ...gitops };
  if (ca) input.spec.ca = ca;
  return validateMeshSpec(input);
}

/** The child Applications of a cluster, by name, and in wave order. */
function childApps(files: Map<string, string>, cluster: string): any[] {
  return [...files.entries()].filter(([f]) => f.startsWith(`${cluster}/argocd/apps/`)).map(([, t]) => docs(t)[0])
    .sort((a, b) => Number(a.metadata.annotations[SYNC_WAVE_ANNOTATION]) - Number(b.metadata.annotations[SYNC_WAVE_ANNOTATION]));
}

describe('Argo CD app of apps (spec.gitops.tool: argocd)', () => {
  test('GIVEN the helm installer THEN per cluster a root Application over base, bundle, istiod, gateway in waves 0..3, all valid against the Application CRD', () => {
    const { files } = renderMesh(argoMesh('helm'));
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      const root = docs(files.get(`${c}/argocd/root.yaml`)!)[0];
      expect(validateObject(root)).toEqual([]);
      expect(root.metadata).toEqual({ name: `${c}-root`, namespace: 'argocd' });
      expect(root.spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: `dist/${c}/argocd/apps` });
      expect(root.spec.destination).toEqual({ server: 'https://kubernetes.default.svc', namespace: 'argocd' });
      const apps = childApps(files, c);
      for (const app of apps) expect({ name: app.metadata.name, errors: validateObject(app) }).toEqual({ name: app.metadata.name, errors: [] });
      expect(apps.map((a) => [a.metadata.name, a.metadata.annotations[SYNC_WAVE_ANNOTATION]])).toEqual([
        [`${c}-istio-base`, '0'], [`${c}-mesh-bundle`, '1'], [`${c}-istiod`, '2'], [`${c}-istio-eastwestgateway`, '3'],
      ]);
      for (const app of apps) {
        expect(app.spec.destination).toEqual({ name: c, namespace: 'istio-system' });
        expect(app.spec.syncPolicy.retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } });
        expect(app.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true });
      }
    }
  });

  test('GIVEN the helm installer THEN each chart Application installs the pinned chart with the values file\'s values; the bundle syncs dist/<cluster>', () => {
    const { files } = renderMesh(argoMesh('helm'));
    const apps = childApps(files, 'cluster1');
    for (const [chart, release, valuesFile] of [['istiod', 'istiod', 'istiod'], ['gateway', 'istio-eastwestgateway', 'eastwest-gateway']]) {
      const app = apps.find((a) => a.metadata.name === `cluster1-${release}`)!;
      expect(app.spec.source).toEqual({
        chart, repoURL: ISTIO_HELM_REPO, targetRevision: '1.30.3',
        helm: { releaseName: release, valuesObject: docs(files.get(`cluster1/helm/${valuesFile}.values.yaml`)!)[0] },
      });
    }
    // istio/base of a primary takes no values: none are written
    expect(apps[0].spec.source).toEqual({ chart: 'base', repoURL: ISTIO_HELM_REPO, targetRevision: '1.30.3', helm: { releaseName: 'istio-base' } });
    expect(apps[1].spec.source).toEqual({ repoURL: REPO, targetRevision: 'main', path: 'dist/cluster1' });
  });

  test('GIVEN the helm installer THEN SSA on the CRD Application only; ignoreDifferences with RespectIgnoreDifferences on the Applications with Istio\'s webhooks', () => {
    const apps = childApps(renderMesh(argoMesh('helm')).files, 'cluster2');
    const opts = Object.fromEntries(apps.map((a) => [a.metadata.name, a.spec.syncPolicy.syncOptions]));
    expect(opts).toEqual({
      'cluster2-istio-base': ['CreateNamespace=true', 'ServerSideApply=true', 'RespectIgnoreDifferences=true'],
      'cluster2-mesh-bundle': ['CreateNamespace=true'],
      'cluster2-istiod': ['CreateNamespace=true', 'RespectIgnoreDifferences=true'],
      'cluster2-istio-eastwestgateway': ['CreateNamespace=true'],
    });
    const istiod = apps.find((a) => a.metadata.name === 'cluster2-istiod')!;
    expect(istiod.spec.ignoreDifferences).toEqual([
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'] },
    ]);
    expect(ISTIO_WEBHOOK_DIFFS).toHaveLength(2);
    expect(apps.find((a) => a.metadata.name === 'cluster2-mesh-bundle')!.spec.ignoreDifferences).toBeUndefined();
  });

  test('GIVEN a remote THEN istio/base (wave 0) creates the namespace with the network label and the controlPlaneClusters annotation, before istiod', () => {
    const { files } = renderMesh(argoMesh('helm'));
    const apps = childApps(files, 'cluster3');
    const ns = docs(files.get('cluster3/namespace.yaml')!)[0];
    expect(apps[0].spec.syncPolicy.managedNamespaceMetadata).toEqual({
      labels: { 'topology.istio.io/network': 'network2' },
      annotations: { 'topology.istio.io/controlPlaneClusters': 'cluster1' },
    });
    expect(apps[0].spec.syncPolicy.managedNamespaceMetadata.labels).toEqual(ns.metadata.labels);
    expect(apps.slice(1).every((a) => a.spec.syncPolicy.managedNamespaceMetadata === undefined)).toBe(true);
  });

  test('GIVEN a CA in files THEN istiod\'s Application names the cacerts Secret as its precondition; with cert-manager, the bundle that issues it', () => {
    const generated = childApps(renderMesh(argoMesh('helm')).files, 'cluster1').find((a) => a.metadata.name === 'cluster1-istiod')!;
    expect(generated.metadata.annotations[PRECONDITION_ANNOTATION]).toMatch(/^Secret istio-system\/cacerts must exist before this syncs/);
    const cm = childApps(renderMesh(argoMesh('helm', {}, { mode: 'cert-manager' })).files, 'cluster1').find((a) => a.metadata.name === 'cluster1-istiod')!;
    expect(cm.metadata.annotations[PRECONDITION_ANNOTATION]).toContain('issued by cert-manager from cluster1-mesh-bundle');
    const none = childApps(renderMesh(argoMesh('helm', {}, { mode: 'none' })).files, 'cluster1').find((a) => a.metadata.name === 'cluster1-istiod')!;
    expect(none.metadata.annotations[PRECONDITION_ANNOTATION]).toBeUndefined();
  });

  test('GIVEN the sail installer THEN the Sail operator\'s chart (SSA, wave 0), the bundle, istio/ and gateway/ directories, and the Sail Istio health check', () => {
    const { files } = renderMesh(argoMesh('sail'));
    const apps = childApps(files, 'cluster1');
    expect(apps.map((a) => a.metadata.name)).toEqual(['cluster1-sail-operator', 'cluster1-mesh-bundle', 'cluster1-istiod', 'cluster1-istio-eastwestgateway']);
    expect(apps[0].spec.source).toEqual({ chart: 'sail-operator', repoURL: SAIL_OPERATOR_CHART.repo, targetRevision: '1.30.3', helm: { releaseName: 'sail-operator' } });
    expect(apps[0].spec.destination.namespace).toBe('sail-operator');
    expect(apps[0].spec.syncPolicy.syncOptions).toContain('ServerSideApply=true');
    expect(apps.slice(1).map((a) => a.spec.source.path)).toEqual(['dist/cluster1', 'dist/cluster1/istio', 'dist/cluster1/gateway']);
    // the Istio resource and the gateway are not in the bundle's kustomization, each has its own
    expect(docs(files.get('cluster1/kustomization.yaml')!)[0].resources).not.toEqual(expect.arrayContaining(['istio.yaml']));
    expect(docs(files.get('cluster1/istio/kustomization.yaml')!)[0].resources).toEqual(['istio.yaml']);
    expect(docs(files.get('cluster1/gateway/kustomization.yaml')!)[0].resources).toEqual(['eastwest-gateway.yaml']);
    expect(docs(files.get('cluster1/istio/istio.yaml')!)[0].kind).toBe('Istio');
    const cm = docs(files.get('cluster1/argocd/argocd-cm.yaml')!)[0];
    expect(Object.keys(cm.data)).toEqual([APPLICATION_HEALTH_KEY, SAIL_ISTIO_HEALTH_KEY]);
    expect(cm.data[SAIL_ISTIO_HEALTH_KEY]).toContain('condition.type == "Ready"');
    expect(childApps(files, 'cluster3').map((a) => a.metadata.name)).toEqual(['cluster3-sail-operator', 'cluster3-mesh-bundle', 'cluster3-istiod', 'cluster3-istio-eastwestgateway']);
    // a remote whose primary's address is not known yet gets no Istio resource, so no istiod Application
    const input = meshInput([{ name: 'p', network: 'n1', role: 'primary' }, { name: 'r', network: 'n1', role: 'remote', primary: 'p' }]);
    input.spec.istio = { installer: 'sail' };
    input.spec.gitops = { tool: 'argocd', repoURL: REPO };
    expect(childApps(renderMesh(validateMeshSpec(input)).files, 'r').map((a) => a.metadata.name)).toEqual(['r-sail-operator', 'r-mesh-bundle']);
  });

  test('GIVEN argocd-cm THEN the Application health check is Argo CD\'s documented one, in a valid partial ConfigMap (no Sail key with helm)', () => {
    const cm = docs(renderMesh(argoMesh('helm', { namespace: 'gitops' })).files.get('cluster2/argocd/argocd-cm.yaml')!)[0];
    expect(validateObject(cm)).toEqual([]);
    expect(cm.metadata).toEqual({ name: 'argocd-cm', namespace: 'gitops', labels: { 'app.kubernetes.io/name': 'argocd-cm', 'app.kubernetes.io/part-of': 'argocd' } });
    expect(cm.data).toEqual({ [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA });
    expect(APPLICATION_HEALTH_LUA).toContain('hs.status = obj.status.health.status');
  });

  test('GIVEN destinations THEN each cluster\'s Applications use its name or server; project and namespace from the spec', () => {
    const { files } = renderMesh(argoMesh('helm', { project: 'mesh', namespace: 'gitops', destinations: { cluster1: { name: 'east' }, cluster2: { server: 'https://10.0.0.2:6443' } } }));
    const first = (c: string) => childApps(files, c)[0];
    expect(first('cluster1').spec.destination).toEqual({ name: 'east', namespace: 'istio-system' });
    expect(first('cluster2').spec.destination).toEqual({ server: 'https://10.0.0.2:6443', namespace: 'istio-system' });
    expect(first('cluster3').spec.destination).toEqual({ name: 'cluster3', namespace: 'istio-system' });
    expect([first('cluster1').spec.project, first('cluster1').metadata.namespace]).toEqual(['mesh', 'gitops']);
  });
});
