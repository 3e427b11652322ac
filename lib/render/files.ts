/** File names of a cluster bundle, relative to `<out>/<cluster>/`. Stable: users grep for them. */
export const CLUSTER_FILES = {
  namespace: 'namespace.yaml',
  exposeIstiod: 'expose-istiod.yaml',
  exposeServices: 'expose-services.yaml',
  remoteSecretReader: 'remote-secret-reader.yaml',
  controlPlane: 'istioctl/control-plane.yaml',
  eastWestGateway: 'istioctl/eastwest-gateway.yaml',
} as const;
