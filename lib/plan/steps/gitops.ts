import { ARGOCD_FILES, ARGOCD_IN_CLUSTER, argocdRootName, FLUX_FILES, fluxRootName } from '../../names/gitops';
import { GitOpsClusterPlan, SyncUnit, unitKey } from '../gitops';
import { ClusterPlan, gatewayAddressArgv, MeshPlan } from '../planner';
import { missingPrimaries } from './addresses';
import { isAmbient } from './ambient';
import { isRead } from './installer';
import { Action, Fact, kubectl, PlanStep, run, step, StepContext } from './step';

/** How long the plan waits for one sync unit (an Argo CD Application, a Flux Kustomization). */
export const SYNC_WAIT_TIMEOUT_SECONDS = 900;

/** `git add <out>`, commit with `message`, push: what hands the bundles to the controller. */
function pushActions(ctx: StepContext, message: string): Action[] {
  return [run('git', 'add', ctx.out), run('git', 'commit', '-m', message), run('git', 'push')];
}

/**
 * With spec.gitops, before anything is installed: the controller's own set-up (Argo CD:
 * the Application health check in argocd-cm and the clusters registered; Flux: installed
 * on each cluster, or given each cluster's kubeconfig) and the commit that the controller
 * syncs from.
 */
export function gitopsToolSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const g = mesh.gitops!;
  const controller = g.controllerContext;
  const s = g.settings;
  const steps: PlanStep[] = [];
  const access = (cluster: string): Fact => ({ kind: 'gitops-access', cluster });
  if (s.tool === 'argocd') {
    const first = mesh.clusters[0].name;
    steps.push(step({
      id: 'argocd-config',
      title: 'Give Argo CD the health checks the sync waves need (argocd-cm)',
      actions: [run(...kubectl(controller, 'apply', '--server-side', '--field-manager=meshgen', '-f', `${ctx.out}/${first}/${ARGOCD_FILES.config}`))],
      note: 'Argo CD 1.8 removed the health assessment of Applications: without it a child Application is Healthy as soon as it exists and the root\'s sync waves do not wait' +
        (mesh.istio.installer === 'sail' ? '; the Sail Istio check makes istiod\'s Application Healthy only once the Istio resource is Ready' : '') +
        '; server-side apply adds these keys and keeps every other key of argocd-cm (the file is the same in every cluster\'s bundle)' +
        '; the argocd commands below need a logged-in argocd CLI (argocd login)',
      makes: [{ kind: 'gitops-controller' }],
    }));
    for (const c of g.clusters) {
      const cluster = mesh.clusters.find((x) => x.name === c.cluster)!;
      // Argo CD's own cluster is registered already (as in-cluster).
      if (c.destination.server === ARGOCD_IN_CLUSTER || c.destination.name === 'in-cluster') {
        steps[0] = { ...steps[0], makes: [...steps[0].makes, access(c.cluster)] };
        continue;
      }
      steps.push(step({
        id: `argocd-cluster.${c.cluster}`,
        cluster: c.cluster,
        title: `Register ${c.cluster} in Argo CD${c.destination.server ? ` (destination ${c.destination.server})` : ` as ${c.destination.name}`}`,
        actions: [run('argocd', 'cluster', 'add', cluster.context, '--name', c.destination.name ?? c.cluster, '--yes')],
        ...(c.destination.server ? { note: `the Applications name the server ${c.destination.server}: the context's server must be that URL` } : {}),
        makes: [access(c.cluster)],
      }));
    }
  } else {
    const viaKubeconfig = g.clusters.some((c) => c.destination.kubeConfigSecret);
    if (viaKubeconfig) {
      steps.push(step({
        id: 'flux-controller',
        title: `Install Flux where it runs for the clusters it reaches by kubeconfig (context ${controller})`,
        actions: [run('flux', 'install', `--context=${controller}`)],
        note: 'skip it if Flux already runs there',
        makes: [{ kind: 'gitops-controller' }],
      }));
    }
    for (const c of g.clusters) {
      const cluster = mesh.clusters.find((x) => x.name === c.cluster)!;
      const secret = c.destination.kubeConfigSecret;
      steps.push(secret
        ? step({
          id: `flux-kubeconfig.${c.cluster}`,
          cluster: c.cluster,
          title: `Give Flux (context ${controller}) the kubeconfig of ${c.cluster} (Secret ${s.namespace}/${secret})`,
          actions: [run(...kubectl(controller, '-n', s.namespace, 'create', 'secret', 'generic', secret, `--from-file=value=${c.cluster}.kubeconfig`))],
          note: `${c.cluster}.kubeconfig: a kubeconfig for ${c.cluster} that works from inside the Flux cluster (a token, no exec plugin); it holds a credential, never commit it`,
          needs: [{ kind: 'gitops-controller' }],
          makes: [access(c.cluster)],
        })
        : step({
          id: `flux.${c.cluster}`,
          cluster: c.cluster,
          title: `Install Flux on ${c.cluster}`,
          actions: [run('flux', 'install', `--context=${cluster.context}`)],
          note: 'or flux bootstrap with a --path outside the synth output (synth replaces that directory whole)',
          makes: [access(c.cluster), ...(viaKubeconfig ? [] : [{ kind: 'gitops-controller' } as const])],
        }));
    }
  }
  const repoDir = s.path;
  steps.push(step({
    id: 'gitops-commit',
    title: `Commit the bundles to ${s.repoURL} (${s.targetRevision}) as ${repoDir}/`,
    actions: pushActions(ctx, 'meshgen synth'),
    note: `run it in that repository's checkout with the output at ${repoDir}/ (meshgen synth --spec ${ctx.specFile} --out ${repoDir}); ` +
      `${s.tool === 'argocd' ? 'the Applications' : 'the Kustomizations'} sync ${repoDir}/<cluster>; nothing private is in it: ` +
      `what stays manual is ${mesh.ca.mode === 'cert-manager' ? 'the mesh root Secret for cert-manager' : mesh.ca.mode === 'none' ? 'nothing of the CA' : 'the cacerts Secrets'} and the remote secrets (the steps below)`,
    makes: [{ kind: 'gitops-commit' }],
  }));
  return steps;
}

/** After the missing addresses are written (synthAgainStep): push, so that the remotes' roots pick up their istiod. */
export function gitopsSynthAgainStep(again: PlanStep, ctx: StepContext): PlanStep {
  return step({
    ...again,
    title: `${again.title}, and push them`,
    actions: [...again.actions, ...pushActions(ctx, 'meshgen synth: remote control planes')],
    note: 'the root objects pick up the new control planes after the push',
  });
}

/** The context the cluster's Flux objects are applied to: the cluster's own, or the controller's (kubeconfig Secret). */
function fluxContextOf(mesh: MeshPlan, plan: GitOpsClusterPlan, c: ClusterPlan): string {
  return plan.destination.kubeConfigSecret ? mesh.gitops!.controllerContext : c.context;
}

/**
 * With spec.gitops, instead of installing a cluster: point the controller at the cluster's
 * root object, then wait for each sync unit in order (the order the Argo CD sync waves and
 * the Flux dependsOn chains follow), then read the east-west gateway's address. A remote
 * waits here only for the units its primary's istiod does not serve (see gitopsRemoteSteps).
 */
export function gitopsClusterSteps(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep[] {
  const g = mesh.gitops!;
  const s = g.settings;
  const plan = g.clusters.find((x) => x.cluster === c.name)!;
  const fluxContext = fluxContextOf(mesh, plan, c);
  const needs: Fact[] = [
    { kind: 'gitops-access', cluster: c.name }, { kind: 'gitops-commit' },
    { kind: 'namespace', cluster: c.name, name: mesh.istio.namespace }, { kind: 'cacerts', cluster: c.name },
    ...(isAmbient(mesh) ? [{ kind: 'gateway-api-crds', cluster: c.name } as const] : []),
    ...(c.metallb ? [{ kind: 'load-balancer', cluster: c.name } as const] : []),
  ];
  const makes: Fact[] = [{ kind: 'gitops-root', cluster: c.name }];
  const steps: PlanStep[] = [];
  if (s.tool === 'argocd') {
    steps.push(step({
      id: `gitops-root.${c.name}`,
      cluster: c.name,
      title: `Point Argo CD at ${c.name}'s root Application ${argocdRootName(c.name)} (app of apps)`,
      actions: [run(...kubectl(g.controllerContext, 'apply', '-f', `${ctx.out}/${c.name}/${ARGOCD_FILES.root}`))],
      note: `it syncs ${s.path}/${c.name}/${ARGOCD_FILES.appsDir}: ${plan.units.map((u, i) => `wave ${i} ${u.name}`).join(', ')}; each wave starts once the ones before are Healthy`,
      needs: [{ kind: 'gitops-controller' }, ...needs],
      makes,
    }));
  } else {
    steps.push(step({
      id: `gitops-root.${c.name}`,
      cluster: c.name,
      title: `Point Flux at ${c.name}'s root Kustomization ${fluxRootName(c.name)}`,
      actions: [run(...kubectl(fluxContext, 'apply', '-f', `${ctx.out}/${c.name}/${FLUX_FILES.root}`))],
      note: `it syncs ${s.path}/${c.name}/${FLUX_FILES.dir}: ${plan.units.map((u) => u.name).join(' -> ')} (each dependsOn the one before)`,
      needs,
      makes,
    }));
  }
  // A remote's istiod and gateway are served by its primary's istiod, which reads the
  // remote only once it has the remote secret: their waits come after the remote secrets.
  const units = unitsOf(plan);
  const now = c.role === 'remote' ? units.slice(0, firstServedUnit(units)) : units;
  now.forEach((u, i) => steps.push(waitStep(mesh, c, units, i, fluxContext, i === 0)));
  if (c.role === 'primary') steps.push(...addressSteps(mesh, c, ctx));
  return steps;
}

/** The cluster's sync units, in the order the plan waits for them. */
function unitsOf(plan: GitOpsClusterPlan): readonly SyncUnit[] {
  return plan.units;
}

/** Index of a remote's first unit that needs its primary to read it (istiod, or the gateway). */
function firstServedUnit(units: readonly SyncUnit[]): number {
  const i = units.findIndex((u) => u.kind === 'istiod' || u.kind === 'istio-eastwestgateway');
  return i < 0 ? units.length : i;
}

/**
 * With spec.gitops, after the remote secrets: wait for each remote's istiod and east-west
 * gateway, which its primary's istiod serves (injection, the Istio resource's readiness)
 * now that it reads the remote.
 */
export function gitopsRemoteSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const g = mesh.gitops!;
  const steps: PlanStep[] = [];
  const missing = new Set(missingPrimaries(mesh).map((p) => p.name));
  for (const c of mesh.clusters.filter((x) => x.role === 'remote')) {
    const plan = g.clusters.find((x) => x.cluster === c.name)!;
    const fluxContext = fluxContextOf(mesh, plan, c);
    const units = unitsOf(plan);
    const first = firstServedUnit(units);
    for (let i = first; i < units.length; i++) {
      const u = units[i];
      const wait = waitStep(mesh, c, units, i, fluxContext, false);
      const notes = [
        i === first ? `${c.primary}'s istiod reads ${c.name} now (remote secret above) and serves it` : undefined,
        u.kind === 'istio-eastwestgateway'
          ? `its pod is injected by ${c.primary}'s istiod; one created before the remote secret may need: kubectl --context=${c.context} -n ${mesh.istio.namespace} rollout restart deployment/istio-eastwestgateway`
          : undefined,
        wait.note,
      ].filter((n): n is string => n !== undefined);
      const needs: Fact[] = i === first
        ? [...wait.needs, { kind: 'remote-secret', of: c.name, on: c.primary! }, ...(missing.has(c.primary!) ? [{ kind: 'spec-address', cluster: c.primary! } as const] : [])]
        : [...wait.needs];
      steps.push(step({ ...wait, needs, ...(notes.length ? { note: notes.join('; ') } : {}) }));
    }
    if (first < units.length) steps.push(...addressSteps(mesh, c, ctx));
  }
  return steps;
}

/** Read the gateway's address once its unit is healthy (a primary whose remotes wait for it: see setAddressStep). */
function addressSteps(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep[] {
  if (!c.eastWestGateway) return [];
  const field = ctx.field(c, 'eastWestGateway.address');
  const note = c.eastWestGatewayAddress
    ? `the spec says ${c.eastWestGatewayAddress}; if the address printed differs, update ${field}, synth again and push`
    : undefined;
  return [step({
    id: `gateway-address.${c.name}`,
    cluster: c.name,
    title: `Read the address of ${c.name}'s east-west gateway`,
    actions: [run(...gatewayAddressArgv(c.context, mesh.istio.namespace))],
    ...(note ? { note } : {}),
    needs: [{ kind: 'east-west-gateway', cluster: c.name }],
    makes: [{ kind: 'gateway-address', cluster: c.name }],
  })];
}

/** What a sync unit, once synced and healthy, makes true on its cluster (the facts the other steps need). */
function unitFacts(mesh: MeshPlan, c: ClusterPlan, units: readonly SyncUnit[], u: SyncUnit): Fact[] {
  const gatewayUnit = units.some((x) => x.kind === 'istio-eastwestgateway');
  switch (u.kind) {
    case 'sail-operator':
      return [{ kind: 'sail-operator', cluster: c.name }, { kind: 'crds', cluster: c.name }];
    case 'istio-base':
      return [{ kind: 'crds', cluster: c.name }];
    case 'mesh-bundle':
      return [
        { kind: 'bundle', cluster: c.name },
        ...(isRead(mesh, c) ? [{ kind: 'reader-token', cluster: c.name } as const] : []),
        ...(c.exposeIstiod ? [{ kind: 'istiod-exposed', cluster: c.name } as const] : []),
        ...(c.eastWestGateway && !gatewayUnit ? [{ kind: 'east-west-gateway', cluster: c.name } as const] : []),
      ];
    case 'istiod':
      return [{ kind: 'control-plane', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name }];
    case 'istio-eastwestgateway':
      return [{ kind: 'east-west-gateway', cluster: c.name }];
    case 'istio-cni':
      return [{ kind: 'istio-cni', cluster: c.name }];
    case 'ztunnel':
    case 'revision-tags':
      return [];
  }
}

/** Waits for one sync unit: `argocd app wait`, or kubectl wait on the Flux Kustomization's Ready condition. */
function waitStep(mesh: MeshPlan, c: ClusterPlan, units: readonly SyncUnit[], index: number, fluxContext: string, first: boolean): PlanStep {
  const s = mesh.gitops!.settings;
  const timeout = SYNC_WAIT_TIMEOUT_SECONDS;
  const u = units[index];
  const hasIstiod = units.some((x) => x.kind === 'istiod');
  const { name, description } = u;
  const needs: Fact[] = [
    { kind: 'gitops-root', cluster: c.name },
    ...(index > 0 ? [{ kind: 'synced', cluster: c.name, name: units[index - 1].name } as const] : []),
    // the gateway's pods are injected: the cluster's webhook must have its caBundle (istiod's unit)
    ...(u.kind === 'istio-eastwestgateway' && hasIstiod ? [{ kind: 'webhook-cabundle', cluster: c.name } as const] : []),
  ];
  const makes: Fact[] = [{ kind: 'synced', cluster: c.name, name }, ...unitFacts(mesh, c, units, u)];
  // A remote whose istiod is not rendered yet (its primary's address is missing): after synth
  // again and the push its istiod syncs in the wave before the gateway, so a Healthy gateway means both.
  if (u.kind === 'istio-eastwestgateway' && !hasIstiod) makes.push({ kind: 'control-plane', cluster: c.name }, { kind: 'webhook-cabundle', cluster: c.name });
  const id = `sync-${unitKey(u)}.${c.name}`;
  if (s.tool === 'argocd') {
    return step({
      id,
      cluster: c.name,
      title: `Wait for ${name}: ${description}`,
      actions: [run('argocd', 'app', 'wait', name, '--sync', '--health', '--timeout', String(timeout))],
      needs,
      makes,
    });
  }
  // Flux: the bundle's Kustomization has the cacerts Secret as a health check, so istiod's
  // Kustomization (dependsOn it) does not start without it.
  const notes = [
    first ? `flux get kustomizations --context=${fluxContext} -n ${s.namespace} shows every unit's state` : undefined,
    u.kind === 'istiod' && mesh.ca.mode !== 'none' ? `it starts only once the cacerts Secret exists in ${mesh.istio.namespace} (the bundle's health check)` : undefined,
  ].filter((n): n is string => n !== undefined);
  return step({
    id,
    cluster: c.name,
    title: `Wait for ${name}: ${description}`,
    actions: [run(...kubectl(fluxContext, '-n', s.namespace, 'wait', `kustomization/${name}`, '--for=condition=Ready', `--timeout=${timeout}s`))],
    ...(notes.length ? { note: notes.join('; ') } : {}),
    needs,
    makes,
  });
}
