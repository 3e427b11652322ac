import { AmbientEastWestGateway } from '../../istio/ambient-east-west-gateway';
import { AMBIENT_FILES } from '../../names/bundle-layout';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';

/**
 * The ambient-mode parts of a cluster bundle (`spec.istio.dataplane: ambient`), with
 * every installer: the east-west gateway as the Gateway API Gateway that
 * `gen-eastwest-gateway.sh --ambient` prints, its IP pinned when the spec gives one;
 * with the sail installer also the IstioCNI and ZTunnel resources (istioctl's ambient
 * profile and the Helm releases of lib/helm/values.ts install those otherwise).
 */
export function addAmbientParts(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan): void {
  const namespace = mesh.istio.namespace;
  if (mesh.istio.installer === 'sail') {
    // Loaded only for sail: the generated IstioCNI and ZTunnel classes are large.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { SailIstioCni } = require('../../sail/istio-cni') as typeof import('../../sail/istio-cni');
    const { SailZTunnel } = require('../../sail/ztunnel') as typeof import('../../sail/ztunnel');
    /* eslint-enable @typescript-eslint/no-require-imports */
    chart.addFile(AMBIENT_FILES.istioCni, 'kustomize', new SailIstioCni(chart, 'SailIstioCni', { version: mesh.istio.version, profile: 'ambient' }));
    chart.addFile(AMBIENT_FILES.ztunnel, 'kustomize', new SailZTunnel(chart, 'SailZTunnel', {
      version: mesh.istio.version,
      clusterName: cluster.name,
      network: cluster.network,
      istioNamespace: namespace,
    }));
  }
  if (cluster.eastWestGateway) {
    const address = cluster.eastWestGatewayAddress;
    chart.addFile(AMBIENT_FILES.eastWestGateway, 'kustomize', new AmbientEastWestGateway(chart, 'AmbientEastWestGateway', {
      network: cluster.network,
      namespace,
      // Only an IP can be pinned: a Hostname address would make istiod skip deploying it.
      ...(address && isIp(address) ? { address } : {}),
    }));
  }
}

function isIp(s: string): boolean {
  return /^[0-9.]+$/.test(s) || s.includes(':');
}
