import { HelloworldVerifyJob } from '../../verify/verify-job';
import { injectionRevOf } from '../../plan/revisions';
import { Helloworld } from '../../verify/helloworld';
import { ClusterPlan, MeshPlan } from '../../plan/planner';
import { BundleChart } from '../bundle-chart';
import { VERIFY_FILES } from '../../names/bundle-layout';
import { SampleClient } from '../../verify/sample-client';
import { SampleNamespace } from '../../verify/sample-namespace';

/**
 * The `verify/` files of a cluster (spec `verify`): the sample namespace, the helloworld
 * versions this cluster runs, the client and the Job that calls helloworld across the
 * mesh. With spec.federation.karmada propagating verify, the workload comes from
 * `<out>/karmada/verify/` instead and nothing is added here.
 */
export function addVerify(chart: BundleChart, mesh: MeshPlan, cluster: ClusterPlan): void {
  const verify = mesh.verify;
  if (!verify || mesh.karmada?.verify) return;
  const namespace = verify.namespace;
  const here = verify.clusters.find((c) => c.cluster === cluster.name)!;
  // Ambient mode: the namespace is ambient, helloworld's Service global, the Job sidecar-less.
  const ambient = mesh.istio.dataplane === 'ambient';
  const rev = injectionRevOf(mesh.istio);
  chart.addFile(VERIFY_FILES.namespace, 'verify', new SampleNamespace(chart, 'SampleNamespace', { name: namespace, ...(ambient ? { dataplane: 'ambient' as const } : {}), ...(rev ? { rev } : {}) }));
  chart.addFile(VERIFY_FILES.helloworld, 'verify', new Helloworld(chart, 'Helloworld', { namespace, versions: here.versions, ...(ambient ? { global: true } : {}) }));
  chart.addFile(VERIFY_FILES.client, 'verify', new SampleClient(chart, 'SampleClient', { name: verify.client, namespace }));
  chart.addFile(VERIFY_FILES.job, 'verify', new HelloworldVerifyJob(chart, 'VerifyJob', {
    cluster: cluster.name, expected: verify.expected, requests: verify.requests, namespace, ...(ambient ? { ambient } : {}),
  }));
}
