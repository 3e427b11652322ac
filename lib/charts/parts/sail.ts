import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { Construct } from 'constructs';
import { SAIL_FILES, SAIL_REVISION_TAGS_FILE, sailIstioFile } from '../../names/bundle-layout';
import { SailRevisionTag } from '../../sail/istio-revision-tag';
import { revisionsOf } from '../../plan/revisions';
import { SailEastWestGateway } from '../../sail/east-west-gateway';
import { SailPrimaryIstio, SailRemoteIstio } from '../../sail/istio';

/**
 * The control plane and east-west gateway of a cluster whose Istio the Sail operator
 * installs: the `Istio` resource and the gateway's plain objects, both in the
 * kustomization (no istioctl step).
 */
export function addSailControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  const namespace = mesh.istio.namespace;
  for (const rev of revisionsOf(mesh.istio)) {
    // one Istio resource per revision, named after it (InPlace: the IstioRevision has the same name)
    const id = rev.canary ? `SailIstio-${rev.name}` : 'SailIstio';
    const common = { version: rev.version, namespace, ...(rev.name ? { name: rev.name } : {}) };
    if (cluster.role === 'primary') {
      chart.addFile(sailIstioFile(rev.name), 'kustomize', new SailPrimaryIstio(chart, id, {
        ...common,
        meshId: mesh.meshId,
        clusterName: cluster.name,
        network: cluster.network,
        externalIstiod: cluster.externalIstiod,
        ...(trustRoots ? { trustRoots } : {}),
      }));
    } else if (cluster.remotePilotAddress) {
      // Without the primary's gateway address nothing is written (see README).
      chart.addFile(sailIstioFile(rev.name), 'kustomize', new SailRemoteIstio(chart, id, {
        ...common,
        clusterName: cluster.name,
        network: cluster.network,
        remotePilotAddress: cluster.remotePilotAddress,
      }));
    }
  }
  const tags = Object.entries(mesh.istio.tags ?? {});
  if (tags.length > 0 && (cluster.role === 'primary' || cluster.remotePilotAddress)) {
    const holder = new Construct(chart, 'SailRevisionTags');
    for (const [tag, istio] of tags) new SailRevisionTag(holder, tag, { tag, istio });
    chart.addFile(SAIL_REVISION_TAGS_FILE, 'kustomize', holder);
  }
  if (cluster.eastWestGateway) {
    chart.addFile(SAIL_FILES.eastWestGateway, 'kustomize', new SailEastWestGateway(chart, 'SailEastWestGateway', {
      network: cluster.network,
      namespace,
      ...(mesh.istio.revision ? { revision: mesh.istio.revision } : {}),
    }));
  }
}
