/** File names of a cluster bundle, relative to `<out>/<cluster>/`. Stable: users grep for them. */
export const CLUSTER_FILES = {
  namespace: 'namespace.yaml',
  exposeIstiod: 'expose-istiod.yaml',
  exposeServices: 'expose-services.yaml',
  controlPlane: 'istioctl/control-plane.yaml',
  eastWestGateway: 'istioctl/eastwest-gateway.yaml',
  metallb: 'metallb.yaml',
} as const;

/** The verification bundle `<out>/<cluster>/verify/` (`spec.verify`), with its own kustomization.yaml. */
export const VERIFY_DIR = 'verify';
export const VERIFY_FILES = {
  namespace: `${VERIFY_DIR}/namespace.yaml`,
  helloworld: `${VERIFY_DIR}/helloworld.yaml`,
  client: `${VERIFY_DIR}/client.yaml`,
  job: `${VERIFY_DIR}/verify-job.yaml`,
} as const;

/** Kiali's files (`spec.kiali`) under `<out>/<cluster>/kiali/`, with its own kustomization.yaml. */
export const KIALI_DIR = 'kiali';
export const KIALI_FILES = {
  kiali: `${KIALI_DIR}/kiali.yaml`,
  remoteAccess: `${KIALI_DIR}/remote-access.yaml`,
  prometheusConfig: `${KIALI_DIR}/prometheus-config.yaml`,
  prometheusService: `${KIALI_DIR}/prometheus-federation.yaml`,
} as const;
