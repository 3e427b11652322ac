import { Construct } from 'constructs';
import { PrimaryControlPlane, RemoteControlPlane } from '../lib/istio/control-plane';
import { EastWestGateway } from '../lib/istio/east-west-gateway';
import { ExposeIstiod } from '../lib/istio/expose-istiod';
import { ExposeServices } from '../lib/istio/expose-services';
import { IstioNamespace } from '../lib/k8s/istio-namespace';
import { ClusterPlan, MeshPlan } from '../lib/plan/planner';
import { BundleChart } from '../lib/render/bundle-chart';
import { CLUSTER_FILES } from '../lib/render/files';
import { addLocalObsFiles } from './local-obs';


export interface ClusterChartProps {
  readonly mesh: MeshPlan;
  readonly cluster: ClusterPlan;
}

/**
 * Everything one cluster of the mesh gets, as the bundle `<out>/<cluster>/`:
 * the control-plane namespace, the istioctl IstioOperator files (control plane,
 * east-west gateway) and the Istio objects that expose istiod and services.
 */
export class ClusterChart extends BundleChart {
  constructor(scope: Construct, id: string, props: ClusterChartProps) {
    super(scope, id, props.cluster.name);
    const { mesh, cluster } = props;
    const namespace = mesh.istio.namespace;

    this.addFile(CLUSTER_FILES.namespace, 'kustomize', new IstioNamespace(this, 'Namespace', {
      name: namespace,
      network: cluster.network,
      ...(cluster.primary ? { controlPlaneClusters: [cluster.primary] } : {}),
    }));

    if (cluster.role === 'primary') {
      this.addFile(CLUSTER_FILES.controlPlane, 'istioctl', new PrimaryControlPlane(this, 'ControlPlane', {
        meshId: mesh.meshId,
        clusterName: cluster.name,
        network: cluster.network,
        externalIstiod: cluster.externalIstiod,
        namespace,
        ...(mesh.meshNetworks ? { meshNetworks: mesh.meshNetworks } : {}),
      }));
    } else if (cluster.remotePilotAddress) {
      // Without the primary's gateway address nothing is written here: the
      // renderer reports the missing address instead of writing a placeholder.
      this.addFile(CLUSTER_FILES.controlPlane, 'istioctl', new RemoteControlPlane(this, 'ControlPlane', {
        clusterName: cluster.name,
        network: cluster.network,
        remotePilotAddress: cluster.remotePilotAddress,
        namespace,
      }));
    }

    if (cluster.eastWestGateway) {
      this.addFile(CLUSTER_FILES.eastWestGateway, 'istioctl', new EastWestGateway(this, 'EastWestGateway', {
        network: cluster.network,
        namespace,
      }));
    }
    if (cluster.exposeIstiod) {
      this.addFile(CLUSTER_FILES.exposeIstiod, 'kustomize', new ExposeIstiod(this, 'ExposeIstiod', { namespace }));
    }
    if (cluster.exposeServices) {
      this.addFile(CLUSTER_FILES.exposeServices, 'kustomize', new ExposeServices(this, 'ExposeServices', { namespace }));
    }
    addLocalObsFiles(this, mesh, cluster);
  }
}
