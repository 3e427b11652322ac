import { Construct } from 'constructs';
import { GitPathApplication, HelmChartApplication } from '../../argocd/chart-application';
import { istioChartReleases } from '../../helm/values';
import { eastWestGatewayPin } from '../../metallb/service-pin';
import { ISTIO_HELM_REPO } from '../../names/helm';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { HELM_DIRS } from '../../names/bundle-layout';
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
  const releases = istioChartReleases({
    role: cluster.role,
    meshId: mesh.meshId,
    clusterName: cluster.name,
    network: cluster.network,
    namespace,
    externalIstiod: cluster.externalIstiod,
    remotePilotAddress: cluster.remotePilotAddress,
    eastWestGateway: cluster.eastWestGateway,
    eastWestGatewayPin: eastWestGatewayPin(cluster),
    ...(trustRoots && cluster.role === 'primary' ? { trustRoots } : {}),
  });
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
      version: mesh.istio.version,
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
