import { CLUSTER_FILES } from '../../names/bundle-layout';
import { CACERTS_SECRET_NAME } from '../../names/objects';
import { MeshPlan } from '../planner';
import { Fact, kubectl, PlanStep, run, step, StepContext } from './step';

/**
 * Every cluster's plug-in CA (the cacerts Secret), before Istio is installed there;
 * with Karmada propagating cacerts, none (lib/plan/steps/karmada.ts waits for it instead).
 */
export function caSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  if (mesh.karmada?.cacerts) return [];
  const ns = mesh.istio.namespace;
  const namespace = (cluster: string): Fact => ({ kind: 'namespace', cluster, name: ns });
  switch (mesh.ca.mode) {
    case 'none':
      return [step({
        id: 'ca',
        title: 'No plug-in CA (spec.ca.mode: none)',
        actions: [],
        note: 'each istiod signs with its own self-signed root, so clusters do not trust each other and cross-cluster mTLS fails; fine for a single cluster only',
        makes: mesh.clusters.map((c): Fact => ({ kind: 'cacerts', cluster: c.name })),
      })];
    case 'cert-manager':
      return mesh.clusters.map((c) => step({
        id: `cacerts.${c.name}`,
        cluster: c.name,
        title: `Let cert-manager issue ${c.name}'s intermediate CA (the ${CACERTS_SECRET_NAME} Secret) from the mesh root`,
        actions: [
          run(...kubectl(c.context, '-n', ns, 'create', 'secret', 'tls', mesh.ca.rootSecretName, '--cert=root-cert.pem', '--key=root-key.pem')),
          // With spec.gitops the bundle brings the Issuer and Certificate before istiod.
          ...(mesh.gitops ? [] : [
            run(...kubectl(c.context, 'apply', '-f', `${ctx.out}/${c.name}/${CLUSTER_FILES.certManager}`)),
            run(...kubectl(c.context, '-n', ns, 'wait', '--for=condition=Ready', `certificate/${CACERTS_SECRET_NAME}`, '--timeout=2m')),
          ]),
        ],
        note: 'needs cert-manager installed in the cluster; root-cert.pem / root-key.pem are your mesh root, kept out of Git' +
          (mesh.gitops ? `; the Issuer and Certificate (${CLUSTER_FILES.certManager}) sync with the bundle, before istiod` : ''),
        needs: [namespace(c.name)],
        makes: [{ kind: 'cacerts', cluster: c.name }],
      }));
    default:
      return mesh.clusters.map((c) => step({
        id: `cacerts.${c.name}`,
        cluster: c.name,
        title: `Create the ${CACERTS_SECRET_NAME} Secret: ${c.name}'s intermediate CA under the mesh root`,
        actions: [run(...kubectl(c.context, 'apply', '-f', ctx.includeSecrets
          ? `${ctx.out}/${c.name}/${CLUSTER_FILES.cacerts}`
          : `${ctx.secretsDir}/${c.name}/${CLUSTER_FILES.cacerts}`))],
        ...(ctx.includeSecrets ? {} : { note: 'holds a private key: it is written outside the bundle by meshgen synth, never commit it' }),
        needs: [namespace(c.name)],
        makes: [{ kind: 'cacerts', cluster: c.name }],
      }));
  }
}
