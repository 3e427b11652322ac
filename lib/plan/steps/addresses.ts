import { ClusterPlan, gatewayAddressArgv, MeshPlan } from '../planner';
import { controlPlaneActions, controlPlaneFileOf, sailReadyActions } from './installer';
import { Fact, PlanStep, run, someNames, step, StepContext } from './step';

/** Who carries a cluster's east-west gateway address in their control plane. */
function carriersOf(mesh: MeshPlan, c: ClusterPlan): string[] {
  return mesh.clusters
    .filter((o) => (o.role === 'remote' && o.primary === c.name) || (mesh.meshNetworks !== undefined && o.role === 'primary'))
    .map((o) => o.name);
}

const synthCommand = (ctx: StepContext) => ['meshgen', 'synth', '--spec', ctx.specFile, '--out', ctx.out];

/**
 * For an east-west gateway whose address the spec gives: the address it got must be
 * that one (the bundles carry it: remotes' remotePilotAddress, explicit meshNetworks).
 * When it differs the plan stops: update the spec, synth again, and resume; the
 * control planes that carry the address are installed (or re-installed) after this step.
 */
export function checkAddressStep(mesh: MeshPlan, c: ClusterPlan, ctx: StepContext): PlanStep | undefined {
  if (!c.eastWestGateway || !c.eastWestGatewayAddress) return undefined;
  const field = ctx.field(c, 'eastWestGateway.address');
  const carriers = carriersOf(mesh, c);
  const fix = `update ${field} (${ctx.specFile}) to the address printed and run: meshgen synth --spec ${ctx.specFile} --out ${ctx.out}` +
    (carriers.length ? ` (it is in the control plane of ${someNames(carriers, 'clusters')}, installed or installed again after this step)` : '');
  return step({
    id: `check-address.${c.name}`,
    cluster: c.name,
    title: `Check that ${c.name}'s east-west gateway got the address in the spec (${c.eastWestGatewayAddress})`,
    actions: [{ kind: 'check', argv: gatewayAddressArgv(c.context, mesh.istio.namespace), equals: c.eastWestGatewayAddress, otherwise: fix }],
    note: `if it differs: ${fix}`,
    needs: [{ kind: 'gateway-address', cluster: c.name }],
    makes: [{ kind: 'spec-address', cluster: c.name }],
  });
}

/** The primaries whose east-west gateway address the spec does not give, though remotes need it. */
export function missingPrimaries(mesh: MeshPlan): ClusterPlan[] {
  const names = [...new Set(mesh.missingAddresses.map((m) => m.primary))].sort();
  return names.map((n) => mesh.clusters.find((c) => c.name === n)!);
}

/** A primary whose remotes wait for its gateway's address: print it, and stop for a person to write it into the spec. */
export function setAddressStep(mesh: MeshPlan, p: ClusterPlan, ctx: StepContext): PlanStep {
  const remotes = mesh.missingAddresses.filter((m) => m.primary === p.name).map((m) => m.remote);
  const files = remotes.map((r) => `${ctx.out}/${r}/${controlPlaneFileOf(mesh)}`).join(', ');
  const message = `set ${ctx.field(p, 'eastWestGateway.address')} (${ctx.specFile}) to the address printed: ${files} ${remotes.length === 1 ? 'is' : 'are'} not written until then`;
  return step({
    id: `set-address.${p.name}`,
    cluster: p.name,
    title: `Write the address of ${p.name}'s east-west gateway into the spec (${remotes.join(', ')} ${remotes.length === 1 ? 'needs' : 'need'} it)`,
    actions: [run(...gatewayAddressArgv(p.context, mesh.istio.namespace)), { kind: 'stop', message }],
    note: message,
    needs: [{ kind: 'gateway-address', cluster: p.name }],
    makes: [{ kind: 'address-written', cluster: p.name }],
  });
}

/** After the addresses are written: synth again, so that the remotes' control planes are rendered. */
export function synthAgainStep(mesh: MeshPlan, ctx: StepContext): PlanStep | undefined {
  const primaries = missingPrimaries(mesh);
  if (primaries.length === 0) return undefined;
  const remotes = mesh.missingAddresses.map((m) => m.remote);
  return step({
    id: 'synth-again',
    title: `Render the control plane of ${remotes.join(', ')} with the address${primaries.length === 1 ? '' : 'es'} written above`,
    actions: [run(...synthCommand(ctx))],
    needs: primaries.map((p): Fact => ({ kind: 'address-written', cluster: p.name })),
    makes: primaries.map((p): Fact => ({ kind: 'spec-address', cluster: p.name })),
  });
}

/** With explicit meshNetworks: the clusters whose gateway address is checked or written during the install (none: no re-install). */
export function meshNetworksAddressed(mesh: MeshPlan): string[] {
  if (!mesh.meshNetworks) return [];
  return [
    ...mesh.clusters.filter((c) => c.eastWestGateway && c.eastWestGatewayAddress).map((c) => c.name),
    ...missingPrimaries(mesh).map((c) => c.name),
  ].sort();
}

/**
 * `spec.meshNetworks: explicit`: every primary's control plane carries the east-west
 * gateway addresses (values.global.meshNetworks). Once each address is checked (or
 * written into the spec and synthesized again), install each primary's control plane
 * again so that it runs with the addresses the gateways really have.
 */
export function meshNetworksSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  const addressed = meshNetworksAddressed(mesh);
  if (addressed.length === 0) return [];
  return mesh.clusters.filter((c) => c.role === 'primary').map((p) => step({
    id: `mesh-networks.${p.name}`,
    cluster: p.name,
    title: `Install the control plane of ${p.name} again with the east-west gateway addresses checked above (values.global.meshNetworks)`,
    actions: [...controlPlaneActions(mesh, p, ctx), ...(mesh.istio.installer === 'sail' ? sailReadyActions(mesh, p) : [])],
    note: `nothing changes when every address was as the spec said; after an address was updated and synthesized again, ${p.name}'s istiod routes to the new one only from here`,
    needs: [{ kind: 'control-plane', cluster: p.name }, ...addressed.map((n): Fact => ({ kind: 'spec-address', cluster: n }))],
    makes: [{ kind: 'mesh-networks', cluster: p.name }],
  }));
}
