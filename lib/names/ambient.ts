/**
 * Names and versions of ambient mode (`spec.istio.dataplane: ambient`). Kept free of
 * imports, like objects.ts, so that the planner and `meshgen plan` load no constructs.
 */

/**
 * The Gateway API release installed on every cluster of an ambient mesh (standard
 * channel, vendored in crds/gateway-api/). istiod 1.30.3 needs at least v1.4.0 (it
 * ignores a BackendTLSPolicy CRD older than that: pkg/config/schema/gatewayapi/
 * minimumversions.go) and is built against v1.5.1; meshgen pins v1.4.0, the release whose
 * CRDs it vendors and validates against, which holds all the ambient east-west Gateway uses.
 */
export const GATEWAY_API_VERSION = 'v1.4.0';

/** The kustomization of the Gateway API CRDs (standard channel) at GATEWAY_API_VERSION. */
export const GATEWAY_API_CRDS_KUSTOMIZATION = `github.com/kubernetes-sigs/gateway-api/config/crd?ref=${GATEWAY_API_VERSION}`;

/** The CRD whose presence means the Gateway API is installed. */
export const GATEWAY_CRD_NAME = 'gateways.gateway.networking.k8s.io';

/** The command of Istio's ambient multi-network guide ("Deploy Gateway API CRDs"): installs them unless a Gateway CRD is already there. */
export function gatewayApiCrdsCommand(context: string): string {
  return `kubectl get crd ${GATEWAY_CRD_NAME} --context=${context} > /dev/null 2>&1 || ` +
    `{ kubectl kustomize "${GATEWAY_API_CRDS_KUSTOMIZATION}" | kubectl apply -f - --context=${context}; }`;
}

/** The GatewayClass of ambient east-west gateways (istiod's istio.io-eastwest-controller). */
export const EAST_WEST_GATEWAY_CLASS = 'istio-east-west';

/** ztunnel's HBONE port: the ambient east-west gateway's `mesh` listener. */
export const HBONE_PORT = 15008;

/**
 * The Service label that makes a service reachable from other clusters in ambient
 * mode: the ambient profile's `meshConfig.serviceScopeConfigs` selects services with
 * `istio.io/global In ["true"]` as scope GLOBAL (manifests/helm-profiles/ambient.yaml,
 * Istio 1.30.3; istio.io "Verify the ambient installation": `kubectl label svc
 * helloworld istio.io/global="true"`).
 */
export const GLOBAL_SERVICE_LABEL = 'istio.io/global';
export const GLOBAL_SERVICE_VALUE = 'true';

/** The namespace label that puts a namespace's pods into ambient mode. */
export const DATAPLANE_MODE_LABEL = 'istio.io/dataplane-mode';

/** istiod's env var for ambient multi-network (pilot/pkg/features/ambient.go; default false). */
export const AMBIENT_MULTI_NETWORK_ENV = 'AMBIENT_ENABLE_MULTI_NETWORK';

/** Where the Sail operator's IstioCNI and ZTunnel run (the Sail docs' and the CRDs' defaults). */
export const SAIL_CNI_NAMESPACE = 'istio-cni';
export const SAIL_ZTUNNEL_NAMESPACE = 'ztunnel';
/** The Sail docs' name of the IstioCNI and ZTunnel resources. */
export const SAIL_AMBIENT_RESOURCE_NAME = 'default';
