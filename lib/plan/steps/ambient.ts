import { AMBIENT_FILES } from '../../names/bundle-layout';
import { GATEWAY_API_VERSION, gatewayApiCrdsCommand } from '../../names/ambient';
import { ClusterPlan, gatewayAddressCommand, MeshPlan } from '../planner';
import type { PlanStep } from './steps';

/** Whether the mesh runs in ambient mode (`spec.istio.dataplane: ambient`). */
export function isAmbient(mesh: MeshPlan): boolean {
  return mesh.istio.dataplane === 'ambient';
}

/**
 * Ambient mode: the Gateway API CRDs on every cluster, before the control plane and the
 * east-west Gateway; Istio's guide step "Deploy Gateway API CRDs", pinned to
 * GATEWAY_API_VERSION.
 */
export function gatewayApiCrdSteps(mesh: MeshPlan): PlanStep[] {
  return mesh.clusters.map((c) => ({
    cluster: c.name,
    title: `Install the Gateway API CRDs (${GATEWAY_API_VERSION}, standard channel) unless the cluster has them`,
    commands: [gatewayApiCrdsCommand(c.context)],
    note: `Istio ${mesh.istio.version}'s ambient east-west gateway is a Gateway API Gateway; istiod ignores BackendTLSPolicy CRDs older than v1.4.0 and is built against ${GATEWAY_API_VERSION}: check an existing install with kubectl get crd gateways.gateway.networking.k8s.io -o jsonpath='{.metadata.annotations.gateway\\.networking\\.k8s\\.io/bundle-version}'`,
  }));
}

/** The istioctl control-plane step's title in ambient mode: the profile installs istiod, istio-cni and ztunnel. */
export function ambientControlPlaneTitle(c: ClusterPlan): string {
  return `Install the control plane of ${c.name} (profile ambient: istiod with AMBIENT_ENABLE_MULTI_NETWORK, istio-cni, ztunnel)`;
}

/**
 * The "Apply the bundle" step in ambient mode, with every installer: the east-west
 * gateway is the bundle's Gateway (istiod deploys it), then its address is awaited.
 */
export function ambientBundleStep(
  mesh: MeshPlan, c: ClusterPlan, out: string,
  field: (c: ClusterPlan, f: string) => string = (cl, f) => `spec.clusters[${cl.specIndex}].${f}`,
): PlanStep {
  const ns = mesh.istio.namespace;
  const read = mesh.remoteSecrets.some((s) => s.target === c.name);
  const parts = [
    c.eastWestGateway ? `the east-west gateway (${AMBIENT_FILES.eastWestGateway}: Gateway class istio-east-west, HBONE on 15008)` : '',
    read ? 'the reader token Secret for remote secrets' : '',
  ].filter(Boolean);
  return {
    cluster: c.name,
    title: `Apply the bundle${parts.length ? `: ${parts.join('; ')}` : ''}${c.eastWestGateway ? '; wait for the gateway\'s address' : ''}`,
    commands: [
      `kubectl --context=${c.context} apply -k ${out}/${c.name}`,
      ...(c.eastWestGateway
        ? [`until [ -n "$(${gatewayAddressCommand(c.context, ns)})" ]; do sleep 5; done`, gatewayAddressCommand(c.context, ns)]
        : []),
    ],
    ...(c.eastWestGateway && c.eastWestGatewayAddress
      ? { note: `the spec says ${c.eastWestGatewayAddress}; if the address printed differs, update ${field(c, 'eastWestGateway.address')} and synth again` }
      : {}),
  };
}
