import { CLUSTER_FILES } from '../../names/bundle-layout';
import { METALLB_NAMESPACE } from '../../names/objects';
import { ClusterPlan } from '../planner';
import { kubectl, PlanStep, run, step, StepContext } from './step';

/** The MetalLB release whose CRDs are vendored in crds/metallb (see NOTICE). */
export const METALLB_VERSION = 'v0.16.1';

/**
 * For a cluster with `loadBalancer.metallb`: install MetalLB and its address pool
 * before Istio, so that the east-west gateway's LoadBalancer Service gets an address.
 */
export function metallbSteps(c: ClusterPlan, ctx: StepContext): PlanStep[] {
  if (!c.metallb) return [];
  const apply = run(...kubectl(c.context, 'apply', '-f', `${ctx.out}/${c.name}/${CLUSTER_FILES.metallb}`));
  const makes = [{ kind: 'load-balancer', cluster: c.name } as const];
  if (c.metallb.legacyConfigMap) {
    return [step({
      id: `metallb.${c.name}`,
      cluster: c.name,
      title: `Give MetalLB (before 0.13) on ${c.name} its address pool ${c.metallb.addresses.join(', ')}`,
      actions: [apply],
      note: `install MetalLB first, e.g. minikube addons enable metallb -p ${c.context}; it reads the ${METALLB_NAMESPACE}/config ConfigMap`,
      makes,
    })];
  }
  return [step({
    id: `metallb.${c.name}`,
    cluster: c.name,
    title: `Install MetalLB ${METALLB_VERSION} on ${c.name} with the address pool ${c.metallb.addresses.join(', ')}`,
    actions: [
      run(...kubectl(c.context, 'apply', '-f', `https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-native.yaml`)),
      run(...kubectl(c.context, '-n', METALLB_NAMESPACE, 'wait', '--for=condition=ready', 'pod', '--selector=app=metallb', '--timeout=180s')),
      apply,
    ],
    note: `the range must be free on docker network "${c.metallb.dockerNetwork}": docker network inspect ${c.metallb.dockerNetwork} -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}'`,
    makes,
  })];
}
