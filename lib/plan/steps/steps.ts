import { ClusterPlan, MeshPlan } from '../planner';
import { checkAddressStep, meshNetworksSteps, missingPrimaries, setAddressStep, synthAgainStep } from './addresses';
import { gatewayApiCrdSteps, isAmbient } from './ambient';
import { caSteps } from './ca';
import { gitopsClusterSteps, gitopsRemoteSteps, gitopsSynthAgainStep, gitopsToolSteps } from './gitops';
import { bundleStep, controlPlaneSteps, gatewaySteps, readerTokenStep } from './installer';
import { karmadaControlPlaneSteps, karmadaVerifySteps } from './karmada';
import { kialiSteps } from './kiali';
import { metallbSteps } from './metallb';
import { namespaceSteps } from './namespaces';
import { orderSteps } from './order';
import { injectionWebhookStep, remoteSecretSteps } from './remote-secrets';
import { PlanStep, StepOptions, stepContext } from './step';
import { toolSteps } from './tools';
import { remoteClustersStep, verifySteps } from './verify';
import { customizationText } from '../customizations';

/**
 * The ordered steps that install the mesh from its bundles. Steps are built in the
 * order of the runbooks (tools, namespaces, CA; each primary; each remote's control
 * plane; the remote secrets; each remote's east-west gateway; verification), then
 * ordered by what each needs and makes (orderSteps), which keeps that order wherever
 * it is valid and proves it.
 */
export function planSteps(mesh: MeshPlan, opts: StepOptions = {}): PlanStep[] {
  const ctx = stepContext(opts);
  if (mesh.gitops) return gitopsPlanSteps(mesh, opts);
  const sail = mesh.istio.installer === 'sail';
  // The bundle holds the east-west gateway with Sail and, in ambient mode, with every installer.
  const gatewayInBundle = sail || isAmbient(mesh);
  const steps: PlanStep[] = [
    ...toolSteps(mesh),
    ...karmadaControlPlaneSteps(mesh, ctx),
    ...namespaceSteps(mesh, ctx),
    ...caSteps(mesh, ctx),
    ...(isAmbient(mesh) ? gatewayApiCrdSteps(mesh) : []),
  ];
  const missing = new Set(missingPrimaries(mesh).map((c) => c.name));
  const addressSteps = (c: ClusterPlan) => {
    const check = checkAddressStep(mesh, c, ctx);
    if (check) steps.push(check);
    if (missing.has(c.name)) steps.push(setAddressStep(mesh, c, ctx));
  };
  const primaries = mesh.clusters.filter((c) => c.role === 'primary');
  const remotes = mesh.clusters.filter((c) => c.role === 'remote');
  for (const p of primaries) {
    steps.push(...metallbSteps(p, ctx), ...controlPlaneSteps(mesh, p, ctx));
    if (gatewayInBundle) steps.push(bundleStep(mesh, p, ctx), ...gatewaySteps(mesh, p, ctx));
    else steps.push(...gatewaySteps(mesh, p, ctx));
    addressSteps(p);
    if (!gatewayInBundle) steps.push(bundleStep(mesh, p, ctx));
  }
  const synthAgain = synthAgainStep(mesh, ctx);
  if (synthAgain) steps.push(synthAgain);
  for (const r of remotes) {
    steps.push(...metallbSteps(r, ctx), ...controlPlaneSteps(mesh, r, ctx));
    steps.push(sail ? readerTokenStep(mesh, r, ctx) : bundleStep(mesh, r, ctx));
  }
  steps.push(...remoteSecretSteps(mesh, ctx));
  for (const r of remotes) {
    steps.push(injectionWebhookStep(r));
    if (sail) steps.push(bundleStep(mesh, r, ctx));
    steps.push(...gatewaySteps(mesh, r, ctx));
    addressSteps(r);
  }
  steps.push(...meshNetworksSteps(mesh, ctx));
  steps.push(remoteClustersStep(mesh), ...kialiSteps(mesh, ctx), ...verifySteps(mesh, ctx), ...karmadaVerifySteps(mesh, ctx));
  return orderSteps(steps);
}

/**
 * With spec.gitops: the controller installs each cluster from the pushed bundles; the plan
 * sets the controller up, points it at each cluster's root and waits for the sync units
 * (a remote's istiod and gateway after the remote secrets, since its primary serves them).
 */
function gitopsPlanSteps(mesh: MeshPlan, opts: StepOptions): PlanStep[] {
  const ctx = stepContext(opts);
  const steps: PlanStep[] = [
    ...toolSteps(mesh),
    ...gitopsToolSteps(mesh, ctx),
    ...karmadaControlPlaneSteps(mesh, ctx),
    ...namespaceSteps(mesh, ctx),
    ...caSteps(mesh, ctx),
    ...(isAmbient(mesh) ? gatewayApiCrdSteps(mesh) : []),
  ];
  const missing = new Set(missingPrimaries(mesh).map((c) => c.name));
  for (const p of mesh.clusters.filter((c) => c.role === 'primary')) {
    steps.push(...metallbSteps(p, ctx), ...gitopsClusterSteps(mesh, p, ctx));
    if (missing.has(p.name)) steps.push(setAddressStep(mesh, p, ctx));
  }
  const synthAgain = synthAgainStep(mesh, ctx);
  if (synthAgain) steps.push(gitopsSynthAgainStep(synthAgain, ctx));
  for (const r of mesh.clusters.filter((c) => c.role === 'remote')) steps.push(...metallbSteps(r, ctx), ...gitopsClusterSteps(mesh, r, ctx));
  steps.push(...remoteSecretSteps(mesh, ctx), ...gitopsRemoteSteps(mesh, ctx));
  steps.push(remoteClustersStep(mesh), ...kialiSteps(mesh, ctx), ...verifySteps(mesh, ctx), ...karmadaVerifySteps(mesh, ctx));
  return orderSteps(steps);
}

/** The plan as text: numbered steps, the cluster in brackets, commands indented. */
export function formatPlan(mesh: MeshPlan, steps: readonly PlanStep[]): string {
  const lines = [
    `Plan for mesh ${mesh.meshId}: Istio ${mesh.istio.version} with ${mesh.istio.installer}, ` +
    `${mesh.clusters.length} cluster${mesh.clusters.length === 1 ? '' : 's'} on ${mesh.networks.length} network${mesh.networks.length === 1 ? '' : 's'}`,
    '',
    ...customizationText(mesh),
  ];
  const width = String(steps.length).length;
  steps.forEach((s, i) => {
    lines.push(`${String(i + 1).padStart(width)}. [${s.cluster ?? 'all'}] ${s.title}`);
    for (const cmd of s.commands) lines.push(`${' '.repeat(width + 2)}  $ ${cmd}`);
    if (s.note) lines.push(`${' '.repeat(width + 2)}  # ${s.note}`);
  });
  return lines.join('\n') + '\n';
}
