import { CLUSTER_FILES } from '../../names/bundle-layout';
import { MeshPlan } from '../planner';
import { kubectl, PlanStep, run, step, StepContext } from './step';

/**
 * The Istio namespace on every cluster, labelled with its network (and, on a remote,
 * annotated with its control-plane cluster); with Karmada propagating it, none
 * (lib/plan/steps/karmada.ts waits for it instead).
 */
export function namespaceSteps(mesh: MeshPlan, ctx: StepContext): PlanStep[] {
  if (mesh.karmada?.namespace) return [];
  const ns = mesh.istio.namespace;
  return mesh.clusters.map((c) => step({
    id: `namespace.${c.name}`,
    cluster: c.name,
    title: `Create namespace ${ns} labelled topology.istio.io/network=${c.network}` +
      (c.primary ? ` and annotated topology.istio.io/controlPlaneClusters=${c.primary}` : ''),
    actions: [run(...kubectl(c.context, 'apply', '-f', `${ctx.out}/${c.name}/${CLUSTER_FILES.namespace}`))],
    makes: [{ kind: 'namespace', cluster: c.name, name: ns }],
  }));
}
