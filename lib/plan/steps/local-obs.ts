import { KIALI_REMOTE_ACCESS, kialiSecretName, METALLB_NAMESPACE, PROMETHEUS_FEDERATION_SERVICE, VERIFY_JOB_NAME } from '../../names/objects';
import { CLUSTER_FILES, KIALI_DIR, VERIFY_DIR } from '../../names/bundle-layout';
import { ClusterPlan, MeshPlan } from '../planner';
import type { PlanStep } from './steps';

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

/**
 * `meshgen kiali-secret` for `remote`, applied on the Kiali cluster: it reads the
 * remote's `kiali-remote-access` token through the remote's kubectl context and prints
 * `kiali-remote-cluster-secret-<remote>` (the format of Kiali's
 * kiali-prepare-remote-cluster.sh).
 */
export function kialiSecretCommands(remote: ClusterPlan, kiali: ClusterPlan, namespace: string): string[] {
  return [
    `meshgen kiali-secret --cluster ${remote.name} --context=${remote.context}${namespace === 'istio-system' ? '' : ` --namespace ${namespace}`} | kubectl --context=${kiali.context} apply -f -`,
  ];
}

/**
 * With `spec.kiali`: Prometheus and the Kiali operator on the Kiali cluster, the
 * remote-access RBAC and token on every other cluster, a Kiali secret per other
 * cluster, then the Kiali resource.
 */
export function kialiSteps(mesh: MeshPlan, out: string, specFile = 'mesh.yaml'): PlanStep[] {
  const kp = mesh.kiali;
  if (!kp) return [];
  const ns = mesh.istio.namespace;
  const byName = new Map(mesh.clusters.map((c) => [c.name, c]));
  const home = byName.get(kp.cluster)!;
  const release = mesh.istio.version.split('.').slice(0, 2).join('.');
  const addon = (context: string) => `kubectl --context=${context} apply -f https://raw.githubusercontent.com/istio/istio/release-${release}/samples/addons/prometheus.yaml`;
  const fed = kp.federation;
  const federated = fed?.targets.map((t) => t.cluster) ?? [];
  const steps: PlanStep[] = [{
    cluster: home.name,
    title: `Install Istio's Prometheus addon and the Kiali operator on ${home.name}`,
    commands: [
      addon(home.context),
      `helm upgrade --install --kube-context=${home.context} --namespace kiali-operator --create-namespace --repo https://kiali.org/helm-charts kiali-operator kiali-operator`,
    ],
    note: federated.length
      ? `Kiali queries this Prometheus (http://prometheus.${ns}:9090); ${out}/${home.name}/${KIALI_DIR}/prometheus-config.yaml replaces the addon's scrape jobs with its own pods and federate-${federated.join(', federate-')}`
      : `Kiali queries this Prometheus (http://prometheus.${ns}:9090); without spec.kiali.federation it holds the metrics of ${home.name} only`,
  }];
  for (const name of kp.remotes) {
    const remote = byName.get(name)!;
    const missing = fed?.missing.includes(name);
    steps.push({
      cluster: remote.name,
      title: `Let Kiali read ${remote.name}: ServiceAccount, view-only ClusterRole and token ${KIALI_REMOTE_ACCESS}` +
        (fed ? `; expose its Prometheus addon as ${PROMETHEUS_FEDERATION_SERVICE}` : ''),
      commands: [
        ...(fed ? [addon(remote.context)] : []),
        `kubectl --context=${remote.context} apply -k ${out}/${remote.name}/${KIALI_DIR}`,
        ...(missing ? [`kubectl --context=${remote.context} -n ${ns} get svc ${PROMETHEUS_FEDERATION_SERVICE} -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'`] : []),
      ],
      ...(missing ? { note: `set spec.kiali.federation.${name} to the address printed and synth again: ${home.name}'s Prometheus federates ${name} only then` } : {}),
    });
    steps.push({
      cluster: home.name,
      title: `Give Kiali on ${home.name} the secret ${kialiSecretName(remote.name)} for ${remote.name}`,
      commands: kialiSecretCommands(remote, home, ns),
      note: `the API server of ${remote.name} (the server of kubectl context ${remote.context}; else pass --server) must be reachable from ${home.name}'s pods; ` +
        `or write every Kiali secret at once with: meshgen kiali-secret --all --spec ${specFile}`,
    });
  }
  steps.push({
    cluster: home.name,
    title: `Install Kiali on ${home.name} (auth strategy ${kp.auth})`,
    commands: [
      `kubectl --context=${home.context} apply -k ${out}/${home.name}/${KIALI_DIR}`,
      `kubectl --context=${home.context} -n ${ns} wait --for=condition=Successful kiali/kiali --timeout=600s`,
    ],
    ...(kp.auth === 'anonymous' ? { note: 'auth strategy anonymous: anyone who reaches the Kiali service can see and change the mesh' } : {}),
  });
  return steps;
}
