import { shellQuote } from '../../names/shell';
import { ARGOCD_FILES, ARGOCD_IN_CLUSTER, argocdRootName, FLUX_FILES, fluxRootName } from '../../names/gitops';
import { GitOpsClusterPlan, SyncUnit } from '../gitops';
import { ClusterPlan, gatewayAddressCommand, MeshPlan } from '../planner';
import type { PlanStep, StepOptions } from './steps';

/** How long the plan waits for one sync unit (an Argo CD Application, a Flux Kustomization). */
export const SYNC_WAIT_TIMEOUT_SECONDS = 900;

/**
 * With spec.gitops, before anything is installed: the controller's own set-up (Argo CD:
 * the Application health check in argocd-cm and the clusters registered; Flux: installed
 * on each cluster, or given each cluster's kubeconfig) and the commit that the controller
 * syncs from.
 */
export function gitopsToolSteps(mesh: MeshPlan, out: string, opts: StepOptions): PlanStep[] {
  const g = mesh.gitops!;
  // The controller's context as one shell word (the clusters' contexts are already, see planSteps).
  const controller = shellQuote(g.controllerContext);
  const s = g.settings;
  const steps: PlanStep[] = [];
  if (s.tool === 'argocd') {
    const first = mesh.clusters[0].name;
    steps.push({
      title: 'Give Argo CD the health checks the sync waves need (argocd-cm)',
      commands: [`kubectl --context=${controller} apply --server-side --field-manager=meshgen -f ${out}/${first}/${ARGOCD_FILES.config}`],
      note: 'Argo CD 1.8 removed the health assessment of Applications: without it a child Application is Healthy as soon as it exists and the root\'s sync waves do not wait' +
        (mesh.istio.installer === 'sail' ? '; the Sail Istio check makes istiod\'s Application Healthy only once the Istio resource is Ready' : '') +
        '; server-side apply adds these keys and keeps every other key of argocd-cm (the file is the same in every cluster\'s bundle)' +
        '; the argocd commands below need a logged-in argocd CLI (argocd login)',
    });
    for (const c of g.clusters) {
      const cluster = mesh.clusters.find((x) => x.name === c.cluster)!;
      // Argo CD's own cluster is registered already (as in-cluster).
      if (c.destination.server === ARGOCD_IN_CLUSTER || c.destination.name === 'in-cluster') continue;
      steps.push({
        cluster: c.cluster,
        title: `Register ${c.cluster} in Argo CD${c.destination.server ? ` (destination ${c.destination.server})` : ` as ${c.destination.name}`}`,
        commands: [`argocd cluster add ${cluster.context} --name ${shellQuote(c.destination.name ?? c.cluster)} --yes`],
        ...(c.destination.server ? { note: `the Applications name the server ${c.destination.server}: the context's server must be that URL` } : {}),
      });
    }
  } else {
    if (g.clusters.some((c) => c.destination.kubeConfigSecret)) {
      steps.push({
        title: `Install Flux where it runs for the clusters it reaches by kubeconfig (context ${controller})`,
        commands: [`flux install --context=${controller}`],
        note: 'skip it if Flux already runs there',
      });
    }
    for (const c of g.clusters) {
      const cluster = mesh.clusters.find((x) => x.name === c.cluster)!;
      const secret = c.destination.kubeConfigSecret;
      steps.push(secret
        ? {
          cluster: c.cluster,
          title: `Give Flux (context ${controller}) the kubeconfig of ${c.cluster} (Secret ${s.namespace}/${secret})`,
          commands: [`kubectl --context=${controller} -n ${s.namespace} create secret generic ${secret} --from-file=value=${c.cluster}.kubeconfig`],
          note: `${c.cluster}.kubeconfig: a kubeconfig for ${c.cluster} that works from inside the Flux cluster (a token, no exec plugin); it holds a credential, never commit it`,
        }
        : {
          cluster: c.cluster,
          title: `Install Flux on ${c.cluster}`,
          commands: [`flux install --context=${cluster.context}`],
          note: 'or flux bootstrap with a --path outside the synth output (synth replaces that directory whole)',
        });
    }
  }
  const repoDir = s.path;
  steps.push({
    title: `Commit the bundles to ${s.repoURL} (${s.targetRevision}) as ${repoDir}/`,
    commands: [`git add ${out} && git commit -m "meshgen synth" && git push`],
    note: `run it in that repository's checkout with the output at ${repoDir}/ (meshgen synth --spec ${opts.specFile ?? 'mesh.yaml'} --out ${repoDir}); ` +
      `${s.tool === 'argocd' ? 'the Applications' : 'the Kustomizations'} sync ${repoDir}/<cluster>; nothing private is in it: ` +
      `what stays manual is ${mesh.ca.mode === 'cert-manager' ? 'the mesh root Secret for cert-manager' : mesh.ca.mode === 'none' ? 'nothing of the CA' : 'the cacerts Secrets'} and the remote secrets (the steps below)`,
  });
  return steps;
}

/**
 * With spec.gitops, instead of installing a cluster: point the controller at the cluster's
 * root object, then wait for each sync unit in order (the order the Argo CD sync waves and
 * the Flux dependsOn chains follow), then read the east-west gateway's address.
 */
/** How a step names a field of a cluster in the spec (StepOptions.clusterField, or its default). */
export type ClusterField = (cluster: ClusterPlan, field: string) => string;

export function gitopsClusterSteps(mesh: MeshPlan, c: ClusterPlan, out: string, specFile: string, field: ClusterField): PlanStep[] {
  const g = mesh.gitops!;
  // The controller's context as one shell word (the clusters' contexts are already, see planSteps).
  const controller = shellQuote(g.controllerContext);
  const s = g.settings;
  const plan = g.clusters.find((x) => x.cluster === c.name)!;
  const steps: PlanStep[] = [];
  const missing = mesh.missingAddresses.find((m) => m.remote === c.name);
  if (missing) {
    steps.push({
      cluster: c.name,
      title: `Render ${c.name}'s control plane once ${missing.primary}'s east-west gateway has an address, and push it`,
      commands: [missing.command, `meshgen synth --spec ${specFile} --out ${out}`, `git add ${out} && git commit -m "meshgen synth: ${c.name} control plane" && git push`],
      note: `set ${field(mesh.clusters.find((x) => x.name === missing.primary)!, 'eastWestGateway.address')} in ${specFile} to the address printed first; until then ${plan.cluster}-istiod is not written, and the root picks it up after the push`,
    });
  }
  const fluxContext = plan.destination.kubeConfigSecret ? controller : c.context;
  if (s.tool === 'argocd') {
    steps.push({
      cluster: c.name,
      title: `Point Argo CD at ${c.name}'s root Application ${argocdRootName(c.name)} (app of apps)`,
      commands: [`kubectl --context=${controller} apply -f ${out}/${c.name}/${ARGOCD_FILES.root}`],
      note: `it syncs ${s.path}/${c.name}/${ARGOCD_FILES.appsDir}: ${plan.units.map((u, i) => `wave ${i} ${u.name}`).join(', ')}; each wave starts once the ones before are Healthy`,
    });
  } else {
    steps.push({
      cluster: c.name,
      title: `Point Flux at ${c.name}'s root Kustomization ${fluxRootName(c.name)}`,
      commands: [`kubectl --context=${fluxContext} apply -f ${out}/${c.name}/${FLUX_FILES.root}`],
      note: `it syncs ${s.path}/${c.name}/${FLUX_FILES.dir}: ${plan.units.map((u) => u.name).join(' -> ')} (each dependsOn the one before)`,
    });
  }
  // A remote's istiod and gateway are served by its primary's istiod, which reads the
  // remote only once it has the remote secret: their waits come after the remote secrets.
  const now = c.role === 'remote' ? plan.units.slice(0, firstServedUnit(plan)) : plan.units;
  now.forEach((u, i) => steps.push(waitStep(mesh, c, u, fluxContext, i === 0)));
  if (c.role === 'primary') steps.push(...addressSteps(mesh, c, field));
  return steps;
}

/** Index of a remote's first unit that needs its primary to read it (istiod, or the gateway). */
function firstServedUnit(plan: GitOpsClusterPlan): number {
  const i = plan.units.findIndex((u) => u.kind === 'istiod' || u.kind === 'istio-eastwestgateway');
  return i < 0 ? plan.units.length : i;
}

/**
 * With spec.gitops, after the remote secrets: wait for each remote's istiod and east-west
 * gateway, which its primary's istiod serves (injection, the Istio resource's readiness)
 * now that it reads the remote.
 */
export function gitopsRemoteSteps(mesh: MeshPlan, field: ClusterField): PlanStep[] {
  const g = mesh.gitops!;
  // The controller's context as one shell word (the clusters' contexts are already, see planSteps).
  const controller = shellQuote(g.controllerContext);
  const steps: PlanStep[] = [];
  for (const c of mesh.clusters.filter((x) => x.role === 'remote')) {
    const plan = g.clusters.find((x) => x.cluster === c.name)!;
    const fluxContext = plan.destination.kubeConfigSecret ? controller : c.context;
    const later = plan.units.slice(firstServedUnit(plan));
    later.forEach((u, i) => {
      const step = waitStep(mesh, c, u, fluxContext, false);
      const notes = [
        i === 0 ? `${c.primary}'s istiod reads ${c.name} now (remote secret above) and serves it` : undefined,
        u.kind === 'istio-eastwestgateway'
          ? `its pod is injected by ${c.primary}'s istiod; one created before the remote secret may need: kubectl --context=${c.context} -n ${mesh.istio.namespace} rollout restart deployment/istio-eastwestgateway`
          : undefined,
        step.note,
      ].filter((n): n is string => n !== undefined);
      steps.push({ ...step, ...(notes.length ? { note: notes.join('; ') } : {}) });
    });
    if (later.length > 0) steps.push(...addressSteps(mesh, c, field));
  }
  return steps;
}

function addressSteps(mesh: MeshPlan, c: ClusterPlan, clusterField: ClusterField): PlanStep[] {
  if (!c.eastWestGateway) return [];
  const field = clusterField(c, 'eastWestGateway.address');
  const note = c.eastWestGatewayAddress
    ? `the spec says ${c.eastWestGatewayAddress}; if the address printed differs, update ${field}, synth again and push`
    : c.remotes.length ? `${c.remotes.join(', ')} need${c.remotes.length === 1 ? 's' : ''} it: set ${field}, synth again and push` : undefined;
  return [{
    cluster: c.name,
    title: `Read the address of ${c.name}'s east-west gateway`,
    commands: [gatewayAddressCommand(c.context, mesh.istio.namespace)],
    ...(note ? { note } : {}),
  }];
}

/** Waits for one sync unit: `argocd app wait`, or kubectl wait on the Flux Kustomization's Ready condition. */
function waitStep(mesh: MeshPlan, c: ClusterPlan, u: SyncUnit, fluxContext: string, first: boolean): PlanStep {
  const s = mesh.gitops!.settings;
  const timeout = SYNC_WAIT_TIMEOUT_SECONDS;
  const { name, description } = u;
  if (s.tool === 'argocd') {
    return {
      cluster: c.name,
      title: `Wait for ${name}: ${description}`,
      commands: [`argocd app wait ${name} --sync --health --timeout ${timeout}`],
    };
  }
  // Flux: the bundle's Kustomization has the cacerts Secret as a health check, so istiod's
  // Kustomization (dependsOn it) does not start without it.
  const notes = [
    first ? `flux get kustomizations --context=${fluxContext} -n ${s.namespace} shows every unit's state` : undefined,
    u.kind === 'istiod' && mesh.ca.mode !== 'none' ? `it starts only once the cacerts Secret exists in ${mesh.istio.namespace} (the bundle's health check)` : undefined,
  ].filter((n): n is string => n !== undefined);
  return {
    cluster: c.name,
    title: `Wait for ${name}: ${description}`,
    commands: [
      `kubectl --context=${fluxContext} -n ${s.namespace} wait kustomization/${name} --for=condition=Ready --timeout=${timeout}s`,
    ],
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}
