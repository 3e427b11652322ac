import { KIALI_REMOTE_ACCESS, kialiSecretName, PROMETHEUS_FEDERATION_SERVICE } from '../../names/objects';
import { KIALI_DIR } from '../../names/bundle-layout';
import { ClusterPlan, MeshPlan } from '../planner';
import { Action, Fact, kubectl, pipe, PlanStep, run, step, StepContext } from './step';

/**
 * `meshgen kiali-secret` for `remote`, applied on the Kiali cluster: it reads the
 * remote's `kiali-remote-access` token through the remote's kubectl context and prints
 * `kiali-remote-cluster-secret-<remote>` (the format of Kiali's
 * kiali-prepare-remote-cluster.sh).
 */
export function kialiSecretAction(remote: ClusterPlan, kiali: ClusterPlan, namespace: string): Action {
  return pipe(
    ['meshgen', 'kiali-secret', '--cluster', remote.name, `--context=${remote.context}`, ...(namespace === 'istio-system' ? [] : ['--namespace', namespace])],
    kubectl(kiali.context, 'apply', '-f', '-'),
  );
}

/**
 * With `spec.kiali`: Prometheus and the Kiali operator on the Kiali cluster, the
 * remote-access RBAC and token on every other cluster, a Kiali secret per other
 * cluster, then the Kiali resource.
 */
export function kialiSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const kp = mesh.kiali;
  if (!kp) return [];
  const ns = mesh.istio.namespace;
  const byName = new Map(mesh.clusters.map((c) => [c.name, c]));
  const home = byName.get(kp.cluster)!;
  const release = mesh.istio.version.split('.').slice(0, 2).join('.');
  const addon = (context: string) => run(...kubectl(context, 'apply', '-f', `https://raw.githubusercontent.com/istio/istio/release-${release}/samples/addons/prometheus.yaml`));
  const namespace = (cluster: string): Fact => ({ kind: 'namespace', cluster, name: ns });
  const fed = kp.federation;
  const federated = fed?.targets.map((t) => t.cluster) ?? [];
  const steps: PlanStep[] = [step({
    id: 'kiali-prometheus',
    cluster: home.name,
    title: `Install Istio's Prometheus addon and the Kiali operator on ${home.name}`,
    actions: [
      addon(home.context),
      run('helm', 'upgrade', '--install', `--kube-context=${home.context}`, '--namespace', 'kiali-operator', '--create-namespace',
        '--repo', 'https://kiali.org/helm-charts', 'kiali-operator', 'kiali-operator'),
    ],
    note: federated.length
      ? `Kiali queries this Prometheus (http://prometheus.${ns}:9090); ${ctx.out}/${home.name}/${KIALI_DIR}/prometheus-config.yaml replaces the addon's scrape jobs with its own pods and federate-${federated.join(', federate-')}`
      : `Kiali queries this Prometheus (http://prometheus.${ns}:9090); without spec.kiali.federation it holds the metrics of ${home.name} only`,
    needs: [namespace(home.name)],
    makes: [{ kind: 'prometheus', cluster: home.name }, { kind: 'kiali-operator', cluster: home.name }],
  })];
  for (const name of kp.remotes) {
    const remote = byName.get(name)!;
    const missing = fed?.missing.includes(name);
    steps.push(step({
      id: `kiali-access.${remote.name}`,
      cluster: remote.name,
      title: `Let Kiali read ${remote.name}: ServiceAccount, view-only ClusterRole and token ${KIALI_REMOTE_ACCESS}` +
        (fed ? `; expose its Prometheus addon as ${PROMETHEUS_FEDERATION_SERVICE}` : ''),
      actions: [
        ...(fed ? [addon(remote.context)] : []),
        run(...kubectl(remote.context, 'apply', '-k', `${ctx.out}/${remote.name}/${KIALI_DIR}`)),
        ...(missing ? [run(...kubectl(remote.context, '-n', ns, 'get', 'svc', PROMETHEUS_FEDERATION_SERVICE, '-o',
          'jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'))] : []),
      ],
      ...(missing ? { note: `set spec.kiali.federation.${name} to the address printed and synth again: ${home.name}'s Prometheus federates ${name} only then` } : {}),
      needs: [namespace(remote.name), ...(fed && remote.metallb ? [{ kind: 'load-balancer', cluster: remote.name } as const] : [])],
      makes: [{ kind: 'kiali-access', cluster: remote.name }, ...(fed ? [{ kind: 'prometheus', cluster: remote.name } as const] : [])],
    }));
    steps.push(step({
      id: `kiali-secret.${remote.name}`,
      cluster: home.name,
      title: `Give Kiali on ${home.name} the secret ${kialiSecretName(remote.name)} for ${remote.name}`,
      actions: [kialiSecretAction(remote, home, ns)],
      note: `the API server of ${remote.name} (the server of kubectl context ${remote.context}; else pass --server) must be reachable from ${home.name}'s pods; ` +
        `or write every Kiali secret at once with: meshgen kiali-secret --all --spec ${ctx.specFile}`,
      needs: [{ kind: 'kiali-access', cluster: remote.name }, namespace(home.name)],
      makes: [{ kind: 'kiali-secret', of: remote.name, on: home.name }],
    }));
  }
  steps.push(step({
    id: 'kiali',
    cluster: home.name,
    title: `Install Kiali on ${home.name} (auth strategy ${kp.auth})`,
    actions: [
      run(...kubectl(home.context, 'apply', '-k', `${ctx.out}/${home.name}/${KIALI_DIR}`)),
      run(...kubectl(home.context, '-n', ns, 'wait', '--for=condition=Successful', 'kiali/kiali', '--timeout=600s')),
    ],
    ...(kp.auth === 'anonymous' ? { note: 'auth strategy anonymous: anyone who reaches the Kiali service can see and change the mesh' } : {}),
    needs: [
      { kind: 'prometheus', cluster: home.name }, { kind: 'kiali-operator', cluster: home.name }, { kind: 'control-plane', cluster: home.name },
      ...kp.remotes.map((r): Fact => ({ kind: 'kiali-secret', of: r, on: home.name })),
    ],
    makes: [{ kind: 'kiali', cluster: home.name }],
  }));
  return steps;
}
