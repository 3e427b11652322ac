/** File names of a cluster bundle, relative to `<out>/<cluster>/`. Stable: users grep for them. */
export const CLUSTER_FILES = {
  namespace: 'namespace.yaml',
  cacerts: 'cacerts.yaml',
  certManager: 'cert-manager.yaml',
  exposeIstiod: 'expose-istiod.yaml',
  exposeServices: 'expose-services.yaml',
  controlPlane: 'istioctl/control-plane.yaml',
  eastWestGateway: 'istioctl/eastwest-gateway.yaml',
} as const;
