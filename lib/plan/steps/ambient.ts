import { GATEWAY_API_CRDS_KUSTOMIZATION, GATEWAY_API_VERSION, GATEWAY_CRD_NAME } from '../../names/ambient';
import { AMBIENT_FILES } from '../../names/bundle-layout';
import type { ClusterPlan, MeshPlan } from '../planner';
import { Action, Fact, kubectl, PlanStep, run, runUnless, step, StepContext } from './step';

/** Whether the mesh runs in ambient mode (`spec.istio.dataplane: ambient`). */
export function isAmbient(mesh: MeshPlan): boolean {
  return mesh.istio.dataplane === 'ambient';
}

/** Ambient mode: what a cluster's control plane and its east-west Gateway need first. */
export function gatewayApiCrds(c: ClusterPlan): Fact {
  return { kind: 'gateway-api-crds', cluster: c.name };
}

/**
 * Ambient mode: the Gateway API CRDs on every cluster, before the control plane and the
 * east-west Gateway; Istio's guide step "Deploy Gateway API CRDs", pinned to
 * GATEWAY_API_VERSION, skipped when the cluster has a Gateway CRD already (a newer
 * release stays).
 */
export function gatewayApiCrdSteps(mesh: MeshPlan): PlanStep[] {
  return mesh.clusters.map((c) => step({
    id: `gateway-api-crds.${c.name}`,
    cluster: c.name,
    title: `Install the Gateway API CRDs (${GATEWAY_API_VERSION}, standard channel) unless the cluster has them`,
    actions: [runUnless(kubectl(c.context, 'get', 'crd', GATEWAY_CRD_NAME),
      ['kubectl', 'kustomize', GATEWAY_API_CRDS_KUSTOMIZATION], kubectl(c.context, 'apply', '-f', '-'))],
    note: `Istio ${mesh.istio.version}'s ambient east-west gateway is a Gateway API Gateway; istiod ignores BackendTLSPolicy CRDs older than v1.4.0 and is built against ${GATEWAY_API_VERSION}: ` +
      `check an existing install with kubectl get crd ${GATEWAY_CRD_NAME} -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'`,
    makes: [gatewayApiCrds(c)],
  }));
}

/** The istioctl control-plane step's title in ambient mode: the profile installs istiod, istio-cni and ztunnel. */
export function ambientControlPlaneTitle(c: ClusterPlan): string {
  return `Install the control plane of ${c.name} (profile ambient: istiod with AMBIENT_ENABLE_MULTI_NETWORK, istio-cni, ztunnel)`;
}

/** Sail in ambient mode: the Sail docs apply IstioCNI and ZTunnel (with their namespaces) before Istio. */
export function sailAmbientActions(c: ClusterPlan, ctx: StepContext): Action[] {
  const dir = `${ctx.out}/${c.name}`;
  return [run(...kubectl(c.context, 'apply', '-f', `${dir}/${AMBIENT_FILES.istioCni}`)), run(...kubectl(c.context, 'apply', '-f', `${dir}/${AMBIENT_FILES.ztunnel}`))];
}
