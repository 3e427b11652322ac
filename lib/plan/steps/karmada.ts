import { CACERTS_PROPAGATION, CACERTS_SECRET_NAME, cacertsOverrideName, VERIFY_JOB_NAME } from '../../names/objects';
import { CLUSTER_FILES, VERIFY_DIR } from '../../names/bundle-layout';
import { KARMADA_BUNDLE } from '../../mesh-spec/karmada';
import { MeshPlan } from '../planner';
import type { PlanStep, StepOptions } from './steps';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';

/**
 * With `spec.federation.karmada`, before anything is installed on the members: apply
 * `<out>/karmada` to the karmada-apiserver (server-side: the largest Istio CRD is over
 * the 256 KiB annotation of a client-side apply), the cacerts template and its
 * per-member OverridePolicies out of band, then wait on each member for what Karmada
 * propagates.
 */
export function karmadaControlPlaneSteps(mesh: MeshPlan, out: string, opts: StepOptions): PlanStep[] {
  const k = mesh.karmada;
  if (!k) return [];
  const ns = mesh.istio.namespace;
  const kubectl = `kubectl --context=${k.context}`;
  const parts = [
    k.namespace ? `namespace ${ns} with a ClusterOverridePolicy per member for its network label` : '',
    k.cacerts ? `the PropagationPolicy ${CACERTS_PROPAGATION}` : '',
    k.istioCrds ? 'Istio\'s CRDs' : '',
  ].filter(Boolean);
  const steps: PlanStep[] = [];
  if (parts.length > 0) {
    steps.push({
      cluster: KARMADA_BUNDLE,
      title: `Apply the Karmada bundle to the karmada-apiserver: ${parts.join(', ')}`,
      commands: [`${kubectl} apply --server-side -k ${out}/${KARMADA_BUNDLE}`],
      note: (k.namespace ? `Karmada propagates every namespace created on the karmada-apiserver to every member; ` : '') +
        (k.istioCrds ? 'server-side apply: the largest Istio CRD is too big for the last-applied annotation of a client-side apply' : 'server-side apply, as for any bundle'),
    });
  }
  if (k.cacerts) {
    const secrets = (opts.secretsDir ?? DEFAULT_SECRETS_DIR).replace(/\/+$/, '');
    const file = opts.includeSecrets ? `${out}/${KARMADA_BUNDLE}/${CLUSTER_FILES.cacerts}` : `${secrets}/${KARMADA_BUNDLE}/${CLUSTER_FILES.cacerts}`;
    steps.push({
      cluster: KARMADA_BUNDLE,
      title: `Create the ${CACERTS_SECRET_NAME} template and, per member, the OverridePolicy ${cacertsOverrideName('<member>')} giving it its own intermediate CA`,
      commands: [`${kubectl} apply -f ${file}`],
      note: (opts.includeSecrets ? 'in the bundle because synth ran with --include-secrets; ' : 'holds private keys: written outside the bundle by meshgen synth, never commit it; ') +
        `the OverridePolicies carry the keys, so allow only mesh admins to read overridepolicies in ${ns} on the karmada-apiserver`,
    });
  }
  for (const c of mesh.clusters) {
    const m = `kubectl --context=${c.context}`;
    const commands: string[] = [];
    if (k.namespace) {
      commands.push(`until [ "$(${m} get namespace ${ns} -o jsonpath='{.metadata.labels.topology\\.istio\\.io/network}')" = ${c.network} ]; do sleep 2; done`);
    }
    if (k.cacerts) {
      commands.push(
        `until ${m} -n ${ns} get secret ${CACERTS_SECRET_NAME} -o jsonpath='{.data.ca-key\\.pem}' | grep -q .; do sleep 2; done`,
        `${m} -n ${ns} get secret ${CACERTS_SECRET_NAME} -o jsonpath='{.data.ca-cert\\.pem}' | base64 -d | openssl x509 -noout -subject`,
      );
    }
    if (commands.length === 0) continue;
    steps.push({
      cluster: c.name,
      title: `Wait for Karmada to propagate ${[k.namespace ? `${ns} (labelled topology.istio.io/network=${c.network})` : '', k.cacerts ? `${c.name}'s ${CACERTS_SECRET_NAME}` : ''].filter(Boolean).join(' and ')} to member ${c.name}`,
      commands,
      ...(k.cacerts ? { note: `the subject must end with L=${c.name}: ${c.name}'s own intermediate` } : {}),
    });
  }
  return steps;
}

/** With `propagate: [verify]`: the verification workload from the karmada-apiserver, then each member's Job. */
export function karmadaVerifySteps(mesh: MeshPlan, out: string): PlanStep[] {
  const v = mesh.verify;
  const k = mesh.karmada;
  if (!v || !k?.verify) return [];
  const where = (version: string) => v.clusters.filter((c) => c.versions.includes(version as never)).map((c) => c.cluster).join(', ');
  const steps: PlanStep[] = [{
    cluster: KARMADA_BUNDLE,
    title: `Propagate helloworld (${v.expected.map((e) => `${e} to ${where(e)}`).join(', ')}), ${v.client} and the verification Job to every member`,
    commands: [
      `kubectl --context=${k.context} -n ${v.namespace} delete job ${VERIFY_JOB_NAME} --ignore-not-found`,
      ...mesh.clusters.map((c) => `kubectl --context=${c.context} -n ${v.namespace} delete job ${VERIFY_JOB_NAME} --ignore-not-found`),
      `kubectl --context=${k.context} apply -k ${out}/${KARMADA_BUNDLE}/${VERIFY_DIR}`,
    ],
    note: `the Job is deleted on the karmada-apiserver and on the members first so that it runs again and no earlier run is waited for; OverridePolicies ${VERIFY_JOB_NAME}-<member> give each member's Job its name`,
  }];
  for (const c of mesh.clusters) {
    steps.push({
      cluster: c.name,
      title: `Verify: ${c.name} reaches helloworld ${v.expected.join(' and ')} (${v.requests} calls through the mesh)`,
      commands: [
        `until kubectl --context=${c.context} -n ${v.namespace} get job/${VERIFY_JOB_NAME} >/dev/null 2>&1; do sleep 2; done`,
        `kubectl --context=${c.context} -n ${v.namespace} wait --for=condition=complete job/${VERIFY_JOB_NAME} --timeout=600s`,
      ],
      note: `on failure or timeout: kubectl --context=${c.context} -n ${v.namespace} logs job/${VERIFY_JOB_NAME} -c verify`,
    });
  }
  return steps;
}
