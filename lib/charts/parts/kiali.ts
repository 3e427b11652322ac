import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { KIALI_FILES } from '../../names/bundle-layout';
import { KialiInstance } from '../../kiali/kiali';
import { KialiRemoteAccess } from '../../kiali/remote-access';
import { PrometheusFederationConfig, PrometheusFederationService } from '../../kiali/prometheus-federation';
import { metallbPinMode } from '../../metallb/service-pin';

/**
 * The `kiali/` files of a cluster (spec `kiali`): the Kiali CR on the cluster Kiali runs
 * on, the remote-access ServiceAccount on the others, and with `kiali.federation` the
 * Prometheus federation jobs (Kiali's cluster) or the Service they scrape (the others).
 */
export function addKiali(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan): void {
  const kiali = mesh.kiali;
  if (!kiali) return;
  const namespace = mesh.istio.namespace;
  const home = kiali.cluster === cluster.name;
  if (home) {
    chart.addFile(KIALI_FILES.kiali, 'kiali', new KialiInstance(chart, 'Kiali', { clusterName: cluster.name, auth: kiali.auth, namespace }));
  } else {
    chart.addFile(KIALI_FILES.remoteAccess, 'kiali', new KialiRemoteAccess(chart, 'KialiRemoteAccess', { namespace }));
  }
  const federation = kiali.federation;
  if (federation && home && federation.targets.length > 0) {
    chart.addFile(KIALI_FILES.prometheusConfig, 'kiali', new PrometheusFederationConfig(chart, 'PrometheusFederation', {
      targets: federation.targets, namespace,
    }));
  } else if (federation && !home) {
    const address = federation.targets.find((t) => t.cluster === cluster.name)?.address;
    chart.addFile(KIALI_FILES.prometheusService, 'kiali', new PrometheusFederationService(chart, 'PrometheusFederation', {
      namespace,
      ...(address ? { address } : {}),
      ...(cluster.metallb ? { metallb: metallbPinMode(cluster.metallb) } : {}),
    }));
  }
}
