import { METALLB_NAMESPACE } from '../metallb/address-pool';
import { VERIFY_DIR } from '../render/files';
import { CLUSTER_FILES } from '../render/files';
import { VERIFY_JOB_NAME } from '../verify/verify-job';
import { ClusterPlan, MeshPlan } from './planner';
import { PlanStep } from './steps';

/** The MetalLB release whose CRDs are vendored in crds/metallb (see NOTICE). */
export const METALLB_VERSION = 'v0.16.1';

/**
 * For a cluster with `loadBalancer.metallb`: install MetalLB and its address pool
 * before Istio, so that the east-west gateway's LoadBalancer Service gets an address.
 */
export function metallbSteps(c: ClusterPlan, out: string): PlanStep[] {
  if (!c.metallb) return [];
  const apply = `kubectl --context=${c.context} apply -f ${out}/${c.name}/${CLUSTER_FILES.metallb}`;
  if (c.metallb.legacyConfigMap) {
    return [{
      cluster: c.name,
      title: `Give MetalLB (before 0.13) on ${c.name} its address pool ${c.metallb.addresses.join(', ')}`,
      commands: [apply],
      note: `install MetalLB first, e.g. minikube addons enable metallb -p ${c.context}; it reads the ${METALLB_NAMESPACE}/config ConfigMap`,
    }];
  }
  return [{
    cluster: c.name,
    title: `Install MetalLB ${METALLB_VERSION} on ${c.name} with the address pool ${c.metallb.addresses.join(', ')}`,
    commands: [
      `kubectl --context=${c.context} apply -f https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-native.yaml`,
      `kubectl --context=${c.context} -n ${METALLB_NAMESPACE} wait --for=condition=ready pod --selector=app=metallb --timeout=180s`,
      apply,
    ],
    note: `the range must be free on docker network "${c.metallb.dockerNetwork}": docker network inspect ${c.metallb.dockerNetwork} -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}'`,
  }];
}

/**
 * With `spec.verify`: deploy the verification bundles on every cluster, then wait for
 * each cluster's Job, which fails unless it saw every helloworld version.
 */
export function verifySteps(mesh: MeshPlan, out: string): PlanStep[] {
  const v = mesh.verify;
  if (!v) return [];
  const where = (version: string) => v.clusters.filter((c) => c.versions.includes(version as never)).map((c) => c.cluster).join(', ');
  const steps: PlanStep[] = [{
    title: `Deploy helloworld (${v.expected.map((e) => `${e} on ${where(e)}`).join(', ')}), ${v.client} and the verification Job on every cluster`,
    commands: mesh.clusters.flatMap((c) => [
      `kubectl --context=${c.context} -n ${v.namespace} delete job ${VERIFY_JOB_NAME} --ignore-not-found`,
      `kubectl --context=${c.context} apply -k ${out}/${c.name}/${VERIFY_DIR}`,
    ]),
    note: 'the Job is deleted first so that it runs again (a Job runs once)',
  }];
  for (const c of mesh.clusters) {
    steps.push({
      cluster: c.name,
      title: `Verify: ${c.name} reaches helloworld ${v.expected.join(' and ')} (${v.requests} calls through the mesh)`,
      commands: [`kubectl --context=${c.context} -n ${v.namespace} wait --for=condition=complete job/${VERIFY_JOB_NAME} --timeout=600s`],
      note: `on failure or timeout: kubectl --context=${c.context} -n ${v.namespace} logs job/${VERIFY_JOB_NAME} -c verify`,
    });
  }
  return steps;
}
