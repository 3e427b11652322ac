import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { SAIL_FILES } from '../../names/bundle-layout';
import { SailEastWestGateway } from '../../sail/east-west-gateway';
import { eastWestGatewayPin } from '../../metallb/service-pin';
import { SailPrimaryIstio, SailRemoteIstio } from '../../sail/istio';

/**
 * The control plane and east-west gateway of a cluster whose Istio the Sail operator
 * installs: the `Istio` resource and the gateway's plain objects, both in the
 * kustomization (no istioctl step).
 */
export function addSailControlPlane(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan, trustRoots?: readonly string[]): void {
  const namespace = mesh.istio.namespace;
  const version = mesh.istio.version;
  if (cluster.role === 'primary') {
    chart.addFile(SAIL_FILES.istio, 'kustomize', new SailPrimaryIstio(chart, 'SailIstio', {
      version,
      namespace,
      meshId: mesh.meshId,
      clusterName: cluster.name,
      network: cluster.network,
      externalIstiod: cluster.externalIstiod,
      ...(trustRoots ? { trustRoots } : {}),
    }));
  } else if (cluster.remotePilotAddress) {
    // Without the primary's gateway address nothing is written (see README).
    chart.addFile(SAIL_FILES.istio, 'kustomize', new SailRemoteIstio(chart, 'SailIstio', {
      version,
      namespace,
      clusterName: cluster.name,
      network: cluster.network,
      remotePilotAddress: cluster.remotePilotAddress,
    }));
  }
  if (cluster.eastWestGateway) {
    chart.addFile(SAIL_FILES.eastWestGateway, 'kustomize', new SailEastWestGateway(chart, 'SailEastWestGateway', {
      network: cluster.network,
      namespace,
      addressPin: eastWestGatewayPin(cluster),
    }));
  }
}
