import { MetalLbAddressPool, MetalLbLegacyConfig } from '../../metallb/address-pool';
import { ClusterPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { CLUSTER_FILES } from '../../names/bundle-layout';

/**
 * `metallb.yaml` of a cluster with `loadBalancer.metallb` (a local kind or minikube
 * cluster): its address pool with an L2Advertisement, or MetalLB's legacy ConfigMap.
 */
export function addMetalLb(chart: BundleChart, cluster: ClusterPlan): void {
  if (!cluster.metallb) return;
  const props = { addresses: cluster.metallb.addresses };
  chart.addFile(CLUSTER_FILES.metallb, 'kustomize', cluster.metallb.legacyConfigMap
    ? new MetalLbLegacyConfig(chart, 'MetalLb', props)
    : new MetalLbAddressPool(chart, 'MetalLb', props));
}
