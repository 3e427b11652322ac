import { HelloworldVerifyJob } from '../../verify/verify-job';
import { Helloworld } from '../../verify/helloworld';
import { MetalLbAddressPool, MetalLbLegacyConfig } from '../../metallb/address-pool';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { CLUSTER_FILES, KIALI_FILES, VERIFY_FILES } from '../../names/bundle-layout';
import { KialiInstance } from '../../kiali/kiali';
import { KialiRemoteAccess } from '../../kiali/remote-access';
import { PrometheusFederationConfig, PrometheusFederationService } from '../../kiali/prometheus-federation';
import { SampleClient } from '../../verify/sample-client';
import { SampleNamespace } from '../../verify/sample-namespace';
import { metallbPinMode } from '../../metallb/service-pin';

/**
 * The parts of a cluster bundle for local clusters, observability and verification:
 * `metallb.yaml` (spec `loadBalancer.metallb`), the `kiali/` bundle (spec `kiali`) and
 * the `verify/` bundle (spec `verify`).
 */
export function addLocalObsFiles(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan): void {
  if (cluster.metallb) {
    const props = { addresses: cluster.metallb.addresses };
    chart.addFile(CLUSTER_FILES.metallb, 'kustomize', cluster.metallb.legacyConfigMap
      ? new MetalLbLegacyConfig(chart, 'MetalLb', props)
      : new MetalLbAddressPool(chart, 'MetalLb', props));
  }
  const kiali = mesh.kiali;
  if (kiali?.cluster === cluster.name) {
    chart.addFile(KIALI_FILES.kiali, 'kiali', new KialiInstance(chart, 'Kiali', {
      clusterName: cluster.name, auth: kiali.auth, namespace: mesh.istio.namespace,
    }));
  } else if (kiali) {
    chart.addFile(KIALI_FILES.remoteAccess, 'kiali', new KialiRemoteAccess(chart, 'KialiRemoteAccess', { namespace: mesh.istio.namespace }));
  }
  const federation = kiali?.federation;
  if (federation && kiali!.cluster === cluster.name && federation.targets.length > 0) {
    chart.addFile(KIALI_FILES.prometheusConfig, 'kiali', new PrometheusFederationConfig(chart, 'PrometheusFederation', {
      targets: federation.targets, namespace: mesh.istio.namespace,
    }));
  } else if (federation && kiali!.cluster !== cluster.name) {
    const address = federation.targets.find((t) => t.cluster === cluster.name)?.address;
    chart.addFile(KIALI_FILES.prometheusService, 'kiali', new PrometheusFederationService(chart, 'PrometheusFederation', {
      namespace: mesh.istio.namespace,
      ...(address ? { address } : {}),
      ...(cluster.metallb ? { metallb: metallbPinMode(cluster.metallb) } : {}),
    }));
  }
  const verify = mesh.verify;
  // With spec.federation.karmada propagating verify, the workload comes from <out>/karmada/verify/.
  if (verify && !mesh.karmada?.verify) {
    const namespace = verify.namespace;
    const here = verify.clusters.find((c) => c.cluster === cluster.name)!;
    chart.addFile(VERIFY_FILES.namespace, 'verify', new SampleNamespace(chart, 'SampleNamespace', { name: namespace }));
    chart.addFile(VERIFY_FILES.helloworld, 'verify', new Helloworld(chart, 'Helloworld', { namespace, versions: here.versions }));
    chart.addFile(VERIFY_FILES.client, 'verify', new SampleClient(chart, 'SampleClient', { name: verify.client, namespace }));
    chart.addFile(VERIFY_FILES.job, 'verify', new HelloworldVerifyJob(chart, 'VerifyJob', {
      cluster: cluster.name, expected: verify.expected, requests: verify.requests, namespace,
    }));
  }
}
