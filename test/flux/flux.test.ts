import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { gitRef } from '../../lib/flux/git-repository';
import { FluxHelmRelease } from '../../lib/flux/helm-release';
import { writeOutput } from '../../lib/fsx/write';
import { ISTIO_HELM_REPO } from '../../lib/names/helm';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { SAIL_OPERATOR_CHART } from '../../lib/names/gitops';
import { renderMesh } from '../../lib/synth/render-mesh';
import { validateDir, validateObject } from '../../lib/schema';
import { docs, meshInput, tempDir } from '../helpers';
import { hasKubectl, kustomize, kustomizeEach } from '../kustomize';

const REPO = 'https://github.com/example/mesh.git';

/** cluster1 primary (network1, address known), cluster2 remote of cluster1 (network2). */
function fluxMesh(installer: 'helm' | 'sail', gitops: Record<string, unknown> = {}, ca?: Record<string, unknown>) {
  const input = meshInput([
    { name: 'cluster1', network: 'network1', role: 'primary', address: '34.75.71.237' },
    { name: 'cluster2', network: 'network2', role: 'remote', primary: 'cluster1' },
  ]);
  input.spec.istio = { installer };
  input.spec.gitops = { tool: 'flux', repoURL: REPO, ...gitops };
  if (ca) input.spec.ca = ca;
  return validateMeshSpec(input);
}

const objectsUnder = (files: Map<string, string>, prefix: string) =>
  [...files.entries()].filter(([f]) => f.startsWith(prefix) && !f.endsWith('kustomization.yaml')).flatMap(([, t]) => docs(t));

describe('Flux (spec.gitops.tool: flux)', () => {
  test('GIVEN the helm installer THEN every GitRepository, HelmRepository, Kustomization and HelmRelease validates against its vendored CRD', () => {
    const { files } = renderMesh(fluxMesh('helm'));
    const objects = objectsUnder(files, 'cluster1/flux/').concat(objectsUnder(files, 'cluster2/flux/'));
    expect([...new Set(objects.map((o) => `${o.apiVersion}/${o.kind}`))].sort()).toEqual([
      'helm.toolkit.fluxcd.io/v2/HelmRelease',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'source.toolkit.fluxcd.io/v1/HelmRepository',
    ]);
    for (const o of objects) expect({ name: o.metadata.name, errors: validateObject(o) }).toEqual({ name: o.metadata.name, errors: [] });
  });

  test('GIVEN the helm installer THEN the Kustomizations chain base -> bundle -> istiod -> gateway by dependsOn, each waiting for its objects', () => {
    const sync = docs(renderMesh(fluxMesh('helm')).files.get('cluster1/flux/sync.yaml')!);
    expect(sync.map((k) => [k.metadata.name, k.spec.path, k.spec.dependsOn?.map((d: any) => d.name)])).toEqual([
      ['cluster1-istio-base', './dist/cluster1/flux/istio-base', undefined],
      ['cluster1-mesh-bundle', './dist/cluster1', ['cluster1-istio-base']],
      ['cluster1-istiod', './dist/cluster1/flux/istiod', ['cluster1-mesh-bundle']],
      ['cluster1-istio-eastwestgateway', './dist/cluster1/flux/istio-eastwestgateway', ['cluster1-istiod']],
    ]);
    for (const k of sync) {
      expect(k.metadata.namespace).toBe('flux-system');
      expect(k.spec.sourceRef).toEqual({ kind: 'GitRepository', name: 'cluster1-mesh-config' });
      expect(k.spec.prune).toBe(true);
    }
    // the bundle waits for the cacerts Secret, so istiod never starts without it; the others wait for everything they apply
    expect(sync[1].spec.healthChecks).toEqual([{ apiVersion: 'v1', kind: 'Secret', name: 'cacerts', namespace: 'istio-system' }]);
    expect(sync.filter((k) => k.spec.wait).map((k) => k.metadata.name)).toEqual(['cluster1-istio-base', 'cluster1-istiod', 'cluster1-istio-eastwestgateway']);
  });

  test('GIVEN the helm installer THEN each HelmRelease installs the pinned chart with the values file\'s values, into istio-system, CRDs on upgrade too', () => {
    const { files } = renderMesh(fluxMesh('helm'));
    const hr = docs(files.get('cluster2/flux/istiod/helmrelease.yaml')!)[0];
    expect(hr.metadata).toEqual({ name: 'cluster2-istiod', namespace: 'flux-system' });
    expect(hr.spec.chart.spec).toEqual({ chart: 'istiod', version: '1.30.3', sourceRef: { kind: 'HelmRepository', name: 'cluster2-istio-charts' } });
    expect(hr.spec.values).toEqual(docs(files.get('cluster2/helm/istiod.values.yaml')!)[0]);
    expect([hr.spec.releaseName, hr.spec.targetNamespace, hr.spec.storageNamespace]).toEqual(['istiod', 'istio-system', 'istio-system']);
    expect([hr.spec.install.crds, hr.spec.upgrade.crds]).toEqual(['CreateReplace', 'CreateReplace']);
    expect(hr.spec.driftDetection).toBeUndefined();
    expect(docs(files.get('cluster2/flux/sources.yaml')!)[0].spec.url).toBe(ISTIO_HELM_REPO);
    expect(docs(files.get('cluster2/flux/istiod/kustomization.yaml')!)[0].resources).toEqual(['helmrelease.yaml']);
  });

  test('GIVEN the root THEN a GitRepository and a root Kustomization that syncs flux/ itself without waiting; flux/kustomization.yaml lists only root, sources, sync', () => {
    const { files } = renderMesh(fluxMesh('helm', { targetRevision: 'release-1', secretName: 'git-auth' }));
    const [repo, root] = docs(files.get('cluster1/flux/root.yaml')!);
    expect(repo.spec).toEqual({ interval: '1m', url: REPO, ref: { branch: 'release-1' }, secretRef: { name: 'git-auth' } });
    expect(root.metadata.name).toBe('cluster1-root');
    expect(root.spec.path).toBe('./dist/cluster1/flux');
    expect(root.spec.wait).toBeUndefined();
    expect(root.spec.healthChecks).toBeUndefined();
    expect(docs(files.get('cluster1/flux/kustomization.yaml')!)[0].resources).toEqual(['root.yaml', 'sources.yaml', 'sync.yaml']);
  });

  test('GIVEN the sail installer THEN a HelmRelease for the Sail operator, then the bundle, istio/ and gateway/', () => {
    const { files } = renderMesh(fluxMesh('sail'));
    const sync = docs(files.get('cluster1/flux/sync.yaml')!);
    expect(sync.map((k) => k.spec.path)).toEqual(['./dist/cluster1/flux/sail-operator', './dist/cluster1', './dist/cluster1/istio', './dist/cluster1/gateway']);
    const hr = docs(files.get('cluster1/flux/sail-operator/helmrelease.yaml')!)[0];
    expect([hr.spec.chart.spec.chart, hr.spec.targetNamespace, hr.spec.values]).toEqual(['sail-operator', 'sail-operator', undefined]);
    expect(docs(files.get('cluster1/flux/sources.yaml')!)[0].spec.url).toBe(SAIL_OPERATOR_CHART.repo);
    // the Istio resource counts only once Ready (kstatus alone would not look at Ready)
    expect(sync[2].spec.wait).toBe(true);
    expect(sync[2].spec.healthCheckExprs).toEqual([{
      apiVersion: 'sailoperator.io/v1', kind: 'Istio', current: "has(status.conditions) && status.conditions.exists(e, e.type == 'Ready' && e.status == 'True')",
    }]);
    expect(sync.filter((k) => k.spec.healthCheckExprs).length).toBe(1);
  });

  test('GIVEN kubeConfigSecret destinations THEN the directory Kustomizations and the HelmReleases apply through it, the chart wrappers do not', () => {
    const { files } = renderMesh(fluxMesh('helm', { destinations: { cluster2: { kubeConfigSecret: 'cluster2-kubeconfig' } } }));
    const sync = docs(files.get('cluster2/flux/sync.yaml')!);
    expect(sync.map((k) => [k.metadata.name, k.spec.kubeConfig?.secretRef.name])).toEqual([
      ['cluster2-istio-base', undefined], ['cluster2-mesh-bundle', 'cluster2-kubeconfig'], ['cluster2-istiod', undefined], ['cluster2-istio-eastwestgateway', undefined],
    ]);
    expect(docs(files.get('cluster2/flux/istiod/helmrelease.yaml')!)[0].spec.kubeConfig).toEqual({ secretRef: { name: 'cluster2-kubeconfig' } });
    expect(docs(files.get('cluster1/flux/sync.yaml')!)[1].spec.kubeConfig).toBeUndefined();
  });

  test('GIVEN CA mode none THEN the bundle waits for its objects, not for a cacerts Secret', () => {
    const sync = docs(renderMesh(fluxMesh('helm', {}, { mode: 'none' })).files.get('cluster1/flux/sync.yaml')!);
    expect([sync[1].spec.wait, sync[1].spec.healthChecks]).toEqual([true, undefined]);
  });

  test('gitRef: a branch, a full ref, a commit', () => {
    expect(gitRef('main')).toEqual({ branch: 'main' });
    expect(gitRef('refs/tags/v1.2.0')).toEqual({ name: 'refs/tags/v1.2.0' });
    expect(gitRef('0123456789abcdef0123456789abcdef01234567')).toEqual({ commit: '0123456789abcdef0123456789abcdef01234567' });
  });

  test('the written output passes validateDir, and kubectl kustomize builds every flux/ directory (skipped, loudly, without kubectl)', () => {
    const out = path.join(tempDir(), 'dist');
    const { files } = renderMesh(fluxMesh('sail'));
    writeOutput(out, files, 'm');
    expect(validateDir(out)).toEqual([]);
    if (!hasKubectl()) {
      console.warn('SKIPPED: kubectl is not installed; `kubectl kustomize` was not checked');
      return;
    }
    // cluster1/flux alone (its output is checked below), the others together (test/kustomize.ts)
    const root = kustomize(path.join(out, 'cluster1/flux'));
    const dirs = ['cluster1/flux/sail-operator', 'cluster1/istio', 'cluster1/gateway', 'cluster1'];
    for (const [i, r] of [root, ...kustomizeEach(dirs.map((d) => path.join(out, d)))].entries()) {
      const dir = ['cluster1/flux', ...dirs][i];
      expect({ dir, stderr: r.stderr, status: r.status }).toEqual({ dir, stderr: '', status: 0 });
    }
    const rootBuild = docs(root.stdout);
    expect(rootBuild.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'GitRepository/cluster1-mesh-config', 'HelmRepository/cluster1-sail-operator-charts',
      'Kustomization/cluster1-istio-eastwestgateway', 'Kustomization/cluster1-istiod', 'Kustomization/cluster1-mesh-bundle',
      'Kustomization/cluster1-root', 'Kustomization/cluster1-sail-operator',
    ]);
  });
});

describe('GIVEN a FluxHelmRelease whose targetNamespace is not a DNS-1123 label', () => {
  test('fails at synth, naming the prop and the value', () => {
    const chart = new Chart(new App(), 'cluster1');
    new FluxHelmRelease(chart, 'Istiod', {
      name: 'istiod', namespace: 'flux-system', releaseName: 'istiod', targetNamespace: 'istio_system',
      chart: 'istiod', version: '1.30.3', repository: 'istio',
    });
    expect(() => chart.toJson()).toThrow(/\[cluster1\/Istiod\] targetNamespace: "istio_system" is not a DNS-1123 label/);
  });
});
