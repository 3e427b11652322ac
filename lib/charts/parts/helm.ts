import { IstioChartRelease, chartValuesPropsOf, istioChartReleases } from '../../helm/values';
import { eastWestGatewayPin } from '../../metallb/service-pin';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { HELM_DIRS } from '../../names/bundle-layout';

/** The Istio charts a cluster installs with its values (the helm installer; the same for helm, Argo CD and Flux). */
export function helmReleasesOf(mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): IstioChartRelease[] {
  return istioChartReleases({
    ...chartValuesPropsOf(mesh, cluster),
    eastWestGatewayPin: eastWestGatewayPin(cluster),
    ...(trustRoots && cluster.role === 'primary' ? { trustRoots } : {}),
  });
}

/**
 * The control plane and east-west gateway of a cluster installed with Istio's Helm
 * charts: one values file per chart under `helm/` (with spec.gitops, Argo CD or Flux
 * install the same charts with the same values; see parts/gitops.ts).
 */
export function addHelmControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  for (const r of helmReleasesOf(mesh, cluster, trustRoots)) chart.addDataFile(`${HELM_DIRS.values}/${r.valuesFile}`, r.values);
}
