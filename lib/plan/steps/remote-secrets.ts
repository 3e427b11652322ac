import { ClusterPlan, MeshPlan } from '../planner';
import { DEFAULT_SECRETS_DIR } from '../../names/defaults';
import { clustersReadBy, isReadByPrimary, remoteSecretCount, remoteSecretReaders } from '../remote-secrets';
import { Fact, kubectl, PlanStep, run, someNames, step, StepContext, waitFor } from './step';

/** The label of every remote secret (istio's pkg/kube/multicluster MultiClusterSecretLabel). */
const MULTICLUSTER_SECRET_SELECTOR = 'istio/multiCluster=true';

/**
 * Remote secrets, linear in the size of the mesh: one `meshgen remote-secret --all`
 * that reads every reader token once and writes `<secrets>/<primary>/istio-remote-secret-<cluster>.yaml`,
 * then one apply per reading primary.
 */
export function remoteSecretSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  // the pairs are primaries x clusters, the steps are not (lib/plan/remote-secrets.ts)
  const pairs = remoteSecretCount(mesh);
  if (pairs === 0) return [];
  const targets = mesh.clusters.filter((c) => isReadByPrimary(mesh, c)).map((c) => c.name);
  const readers = remoteSecretReaders(mesh);
  const byName = new Map(mesh.clusters.map((c) => [c.name, c]));
  const secretsOut = ctx.secretsDir === DEFAULT_SECRETS_DIR ? [] : ['--secrets-out', ctx.secretsDir];
  const steps: PlanStep[] = [step({
    id: 'remote-secrets',
    title: `Write the remote secrets of ${someNames(targets, 'clusters')} for the primaries that read them`,
    actions: [run('meshgen', 'remote-secret', '--all', '--spec', ctx.specFile, ...secretsOut)],
    note: `reads each cluster's reader token (${ctx.out}/<cluster>/remote-secret-reader.yaml, applied above) through its spec context with the kubeconfig kubectl uses ($KUBECONFIG or ~/.kube/config; --kubeconfig to choose); ` +
      `writes ${ctx.secretsDir}/<primary>/istio-remote-secret-<cluster>.yaml (credentials: never commit them)`,
    needs: targets.map((t): Fact => ({ kind: 'reader-token', cluster: t })),
    makes: [{ kind: 'remote-secret-files' }],
  })];
  for (const r of readers) {
    const reader = byName.get(r)!;
    const read = pairs <= 25 ? clustersReadBy(mesh, r) : [];
    steps.push(step({
      id: `remote-secrets.${r}`,
      cluster: r,
      title: `Give ${r}'s istiod access to the API server of ${read.length ? read.join(', ') : `the ${mesh.clusters.length - 1} clusters it reads`} (remote secrets)`,
      actions: [run(...kubectl(reader.context, 'apply', '-f', `${ctx.secretsDir}/${r}`, '-l', MULTICLUSTER_SECRET_SELECTOR))],
      needs: [{ kind: 'remote-secret-files' }, { kind: 'control-plane', cluster: r }],
      makes: [
        ...reader.remotes.map((t): Fact => ({ kind: 'remote-secret', of: t, on: r })),
        { kind: 'remote-secrets', on: r },
      ],
    }));
  }
  return steps;
}

/**
 * For a remote: wait until its primary's istiod, now reading it through the remote
 * secret, has given the remote's injection webhook its caBundle. Before that no pod
 * (the east-west gateway's included) can be created there.
 */
export function injectionWebhookStep(c: ClusterPlan): PlanStep {
  return step({
    id: `injection-webhook.${c.name}`,
    cluster: c.name,
    title: `Wait for ${c.primary}'s istiod to give ${c.name}'s injection webhook its caBundle`,
    actions: [waitFor(kubectl(c.context, 'get', 'mutatingwebhookconfigurations', '-l', 'app=sidecar-injector',
      '-o', 'jsonpath={.items[*].webhooks[*].clientConfig.caBundle}'), 'non-empty', 300)],
    note: `until then no pod can be created in ${c.name}'s injected namespaces (x509 errors), so its east-west gateway comes after this step`,
    needs: [
      { kind: 'remote-secret', of: c.name, on: c.primary! },
      { kind: 'control-plane', cluster: c.name },
      { kind: 'istiod-exposed', cluster: c.primary! },
    ],
    makes: [{ kind: 'webhook-cabundle', cluster: c.name }],
  });
}
