import { AmbientEastWestGateway } from '../../istio/ambient-east-west-gateway';
import { isIpAddress } from '../../names/dns';
import { AMBIENT_FILES } from '../../names/bundle-layout';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';

/**
 * The ambient east-west gateway of a cluster (`spec.istio.dataplane: ambient`), with
 * every installer: the Gateway API Gateway that `gen-eastwest-gateway.sh --ambient`
 * prints, its IP pinned when the spec gives one. (With sail, the IstioCNI and ZTunnel
 * resources come from parts/sail.ts; istioctl's ambient profile and the Helm releases
 * of lib/helm/values.ts install those otherwise.)
 */
export function addAmbientEastWestGateway(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan): void {
  if (!cluster.eastWestGateway) return;
  const address = cluster.eastWestGatewayAddress;
  chart.addFile(AMBIENT_FILES.eastWestGateway, 'kustomize', new AmbientEastWestGateway(chart, 'AmbientEastWestGateway', {
    network: cluster.network,
    namespace: mesh.istio.namespace,
    // Only an IP can be pinned: a Hostname address would make istiod skip deploying it.
    ...(address && isIpAddress(address) ? { address } : {}),
  }));
}
