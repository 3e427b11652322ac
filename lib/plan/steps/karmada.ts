import { CACERTS_PROPAGATION, CACERTS_SECRET_NAME, cacertsOverrideName, VERIFY_JOB_NAME } from '../../names/objects';
import { CLUSTER_FILES, VERIFY_DIR } from '../../names/bundle-layout';
import { KARMADA_BUNDLE } from '../../mesh-spec/karmada';
import { MeshPlan } from '../planner';
import { Action, Fact, kubectl, pipe, PlanStep, run, step, StepContext, waitEquals, waitFor } from './step';
import { meshInstalledNeeds, verifyWaitSteps } from './verify';

/**
 * With `spec.federation.karmada`, before anything is installed on the members: apply
 * `<out>/karmada` to the karmada-apiserver (server-side: the largest Istio CRD is over
 * the 256 KiB annotation of a client-side apply), the cacerts template and its
 * per-member OverridePolicies out of band, then wait on each member for what Karmada
 * propagates.
 */
export function karmadaControlPlaneSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const k = mesh.karmada;
  if (!k) return [];
  const ns = mesh.istio.namespace;
  const parts = [
    k.namespace ? `namespace ${ns} with a ClusterOverridePolicy per member for its network label` : '',
    k.cacerts ? `the PropagationPolicy ${CACERTS_PROPAGATION}` : '',
    k.istioCrds ? 'Istio\'s CRDs' : '',
  ].filter(Boolean);
  const steps: PlanStep[] = [];
  if (parts.length > 0) {
    steps.push(step({
      id: 'karmada-bundle',
      cluster: KARMADA_BUNDLE,
      title: `Apply the Karmada bundle to the karmada-apiserver: ${parts.join(', ')}`,
      actions: [run(...kubectl(k.context, 'apply', '--server-side', '-k', `${ctx.out}/${KARMADA_BUNDLE}`))],
      note: (k.namespace ? `Karmada propagates every namespace created on the karmada-apiserver to every member; ` : '') +
        (k.istioCrds ? 'server-side apply: the largest Istio CRD is too big for the last-applied annotation of a client-side apply' : 'server-side apply, as for any bundle'),
      makes: [{ kind: 'karmada-bundle' }],
    }));
  }
  if (k.cacerts) {
    const file = ctx.includeSecrets ? `${ctx.out}/${KARMADA_BUNDLE}/${CLUSTER_FILES.cacerts}` : `${ctx.secretsDir}/${KARMADA_BUNDLE}/${CLUSTER_FILES.cacerts}`;
    steps.push(step({
      id: 'karmada-cacerts',
      cluster: KARMADA_BUNDLE,
      title: `Create the ${CACERTS_SECRET_NAME} template and, per member, the OverridePolicy ${cacertsOverrideName('<member>')} giving it its own intermediate CA`,
      actions: [run(...kubectl(k.context, 'apply', '-f', file))],
      note: (ctx.includeSecrets ? 'in the bundle because synth ran with --include-secrets; ' : 'holds private keys: written outside the bundle by meshgen synth, never commit it; ') +
        `the OverridePolicies carry the keys, so allow only mesh admins to read overridepolicies in ${ns} on the karmada-apiserver`,
      needs: parts.length > 0 ? [{ kind: 'karmada-bundle' }] : [],
      makes: [{ kind: 'karmada-cacerts' }],
    }));
  }
  for (const c of mesh.clusters) {
    const actions: Action[] = [];
    const needs: Fact[] = [];
    const makes: Fact[] = [];
    if (k.namespace) {
      actions.push(waitEquals(kubectl(c.context, 'get', 'namespace', ns, '-o', 'jsonpath={.metadata.labels.topology\\.istio\\.io/network}'), c.network));
      needs.push({ kind: 'karmada-bundle' });
      makes.push({ kind: 'namespace', cluster: c.name, name: ns });
    }
    if (k.cacerts) {
      actions.push(
        waitFor(kubectl(c.context, '-n', ns, 'get', 'secret', CACERTS_SECRET_NAME, '-o', 'jsonpath={.data.ca-key\\.pem}'), 'non-empty', 600, 2),
        pipe(kubectl(c.context, '-n', ns, 'get', 'secret', CACERTS_SECRET_NAME, '-o', 'jsonpath={.data.ca-cert\\.pem}'), ['base64', '-d'], ['openssl', 'x509', '-noout', '-subject']),
      );
      needs.push({ kind: 'karmada-cacerts' });
      makes.push({ kind: 'cacerts', cluster: c.name });
    }
    if (actions.length === 0) continue;
    steps.push(step({
      id: `karmada-propagation.${c.name}`,
      cluster: c.name,
      title: `Wait for Karmada to propagate ${[k.namespace ? `${ns} (labelled topology.istio.io/network=${c.network})` : '', k.cacerts ? `${c.name}'s ${CACERTS_SECRET_NAME}` : ''].filter(Boolean).join(' and ')} to member ${c.name}`,
      actions,
      ...(k.cacerts ? { note: `the subject must end with L=${c.name}: ${c.name}'s own intermediate` } : {}),
      needs,
      makes,
    }));
  }
  return steps;
}

/** With `propagate: [verify]`: the verification workload from the karmada-apiserver, then each member's Job. */
export function karmadaVerifySteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const v = mesh.verify;
  const k = mesh.karmada;
  if (!v || !k?.verify) return [];
  const where = (version: string) => v.clusters.filter((c) => c.versions.includes(version as never)).map((c) => c.cluster).join(', ');
  return [
    step({
      id: 'verify-workload',
      cluster: KARMADA_BUNDLE,
      title: `Propagate helloworld (${v.expected.map((e) => `${e} to ${where(e)}`).join(', ')}), ${v.client} and the verification Job to every member`,
      actions: [
        run(...kubectl(k.context, '-n', v.namespace, 'delete', 'job', VERIFY_JOB_NAME, '--ignore-not-found')),
        ...mesh.clusters.map((c) => run(...kubectl(c.context, '-n', v.namespace, 'delete', 'job', VERIFY_JOB_NAME, '--ignore-not-found'))),
        run(...kubectl(k.context, 'apply', '-k', `${ctx.out}/${KARMADA_BUNDLE}/${VERIFY_DIR}`)),
      ],
      note: `the Job is deleted on the karmada-apiserver and on the members first so that it runs again and no earlier run is waited for; OverridePolicies ${VERIFY_JOB_NAME}-<member> give each member's Job its name`,
      needs: meshInstalledNeeds(mesh),
      makes: mesh.clusters.map((c): Fact => ({ kind: 'verify-workload', cluster: c.name })),
    }),
    ...verifyWaitSteps(mesh, true),
  ];
}
