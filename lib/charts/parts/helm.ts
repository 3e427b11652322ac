import { Construct } from 'constructs';
import { GitPathApplication, HelmChartApplication } from '../../argocd/chart-application';
import { istioChartReleases } from '../../helm/values';
import { ISTIO_HELM_REPO } from '../../names/helm';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { HELM_DIRS, HELM_REVISION_TAGS_FILE } from '../../names/bundle-layout';
import { RevisionTag } from '../../istio/revision-tag';
import { revisionsOf } from '../../plan/revisions';
import { ArgoCdSettings } from '../../mesh-spec/types';

/** Argo CD sync waves: the charts in install order, then the bundle's own objects. */
export const HELM_SYNC_WAVES = { base: 0, istiod: 1, gateway: 2, bundle: 3 } as const;

/**
 * The control plane and east-west gateway of a cluster installed with Istio's Helm
 * charts: one values file per chart under `helm/`, and, when the spec has
 * `spec.argocd`, Argo CD Applications under `argocd/` that install the same charts
 * with the same values and then sync the bundle's kustomization, in sync waves.
 */
export function addHelmControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, argocd?: ArgoCdSettings, trustRoots?: readonly string[]): void {
  const namespace = mesh.istio.namespace;
  // the current revision's base, istiod and gateway, then the istiod of the canary
  const releases = revisionsOf(mesh.istio).flatMap((rev, i) => istioChartReleases({
    role: cluster.role,
    meshId: mesh.meshId,
    clusterName: cluster.name,
    network: cluster.network,
    namespace,
    externalIstiod: cluster.externalIstiod,
    remotePilotAddress: cluster.remotePilotAddress,
    eastWestGateway: cluster.eastWestGateway,
    ...(trustRoots && cluster.role === 'primary' ? { trustRoots } : {}),
    ...(rev.name ? { revision: rev.name } : {}),
  }).filter((r) => i === 0 || r.chart === 'istiod').map((r) => ({ ...r, version: rev.version })));
  const tags = Object.entries(mesh.istio.tags ?? {});
  if (tags.length > 0 && (cluster.role === 'primary' || cluster.remotePilotAddress)) {
    // what `helm template istiod istio/istiod -s templates/revision-tags-mwc.yaml --set revisionTags={TAG} --set revision=REV` prints
    const holder = new Construct(chart, 'RevisionTags');
    for (const [tag, revision] of tags) {
      new RevisionTag(holder, tag, { tag, revision, namespace, ...(cluster.injectionPath ? { injectionPath: cluster.injectionPath } : {}) });
    }
    chart.addFile(HELM_REVISION_TAGS_FILE, 'istioctl', holder);
  }
  for (const r of releases) chart.addDataFile(`${HELM_DIRS.values}/${r.valuesFile}`, r.values);
  if (!argocd) return;

  const common = {
    argoNamespace: argocd.namespace,
    project: argocd.project,
    destinationCluster: cluster.name,
    destinationNamespace: namespace,
  };
  for (const r of releases) {
    chart.addFile(`${HELM_DIRS.argocd}/${r.releaseName}.yaml`, 'argocd', new HelmChartApplication(chart, `Argo-${r.releaseName}`, {
      ...common,
      name: `${cluster.name}-${r.releaseName}`,
      syncWave: HELM_SYNC_WAVES[r.chart],
      repoURL: ISTIO_HELM_REPO,
      chart: r.chart,
      version: r.version,
      releaseName: r.releaseName,
      values: r.values,
    }));
  }
  chart.addFile(`${HELM_DIRS.argocd}/bundle.yaml`, 'argocd', new GitPathApplication(chart as Construct, 'Argo-bundle', {
    ...common,
    name: `${cluster.name}-mesh-bundle`,
    syncWave: HELM_SYNC_WAVES.bundle,
    repoURL: argocd.repoURL,
    targetRevision: argocd.targetRevision,
    path: `${argocd.path}/${cluster.name}`,
  }));
}
