import { Construct } from 'constructs';
import { IstioChartRelease, chartValuesPropsOf, istioChartReleases } from '../../helm/values';
import { RevisionTag } from '../../istio/revision-tag';
import { eastWestGatewayPin } from '../../metallb/service-pin';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { revisionsOf } from '../../plan/revisions';
import { BundleChart } from '../bundle-chart';
import { HELM_DIRS, HELM_REVISION_TAGS_FILE } from '../../names/bundle-layout';
import { REVISION_TAGS_GITOPS_DIR } from '../../names/gitops';

/** The file name of the revision tags in REVISION_TAGS_GITOPS_DIR. */
const REVISION_TAGS_GITOPS_FILE = 'revision-tags.yaml';

/**
 * The Istio charts a cluster installs with its values (the helm installer; the same for
 * helm, Argo CD and Flux): the current revision's charts, then the canary's istiod release
 * (spec.istio.canary, at its own chart version).
 */
export function helmReleasesOf(mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): IstioChartRelease[] {
  return revisionsOf(mesh.istio).flatMap((rev, i) => istioChartReleases({
    ...chartValuesPropsOf(mesh, cluster),
    eastWestGatewayPin: eastWestGatewayPin(cluster),
    ...(trustRoots && cluster.role === 'primary' ? { trustRoots } : {}),
    ...(rev.name ? { revision: rev.name } : {}),
  }).filter((r) => i === 0 || r.chart === 'istiod').map((r) => (rev.canary ? { ...r, version: rev.version } : r)));
}

/**
 * The control plane and east-west gateway of a cluster installed with Istio's Helm
 * charts: one values file per chart under `helm/` (with spec.gitops, Argo CD or Flux
 * install the same charts with the same values; see parts/gitops.ts), and the revision
 * tags (spec.istio.tags) as the istiod chart's revision-tags-mwc.yaml renders them.
 */
export function addHelmControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  const tags = Object.entries(mesh.istio.tags ?? {});
  if (tags.length > 0 && (cluster.role === 'primary' || cluster.remotePilotAddress)) {
    // what `helm template istiod istio/istiod -s templates/revision-tags-mwc.yaml --set revisionTags={TAG} --set revision=REV` prints
    const holder = new Construct(chart, 'RevisionTags');
    for (const [tag, revision] of tags) {
      new RevisionTag(holder, tag, { tag, revision, namespace: mesh.istio.namespace, ...(cluster.injectionPath ? { injectionPath: cluster.injectionPath } : {}) });
    }
    if (!mesh.gitops) chart.addFile(HELM_REVISION_TAGS_FILE, 'istioctl', holder);
    else {
      // spec.gitops: a directory of its own, synced after every istiod release (lib/plan/gitops.ts)
      chart.addDataFile(`${REVISION_TAGS_GITOPS_DIR}/kustomization.yaml`, { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: [REVISION_TAGS_GITOPS_FILE] });
      chart.addFile(`${REVISION_TAGS_GITOPS_DIR}/${REVISION_TAGS_GITOPS_FILE}`, 'gitops', holder);
    }
  }
  for (const r of helmReleasesOf(mesh, cluster, trustRoots)) chart.addDataFile(`${HELM_DIRS.values}/${r.valuesFile}`, r.values);
}
