/** File names of a cluster bundle, relative to `<out>/<cluster>/`. Stable: users grep for them. */
export const CLUSTER_FILES = {
  namespace: 'namespace.yaml',
  cacerts: 'cacerts.yaml',
  certManager: 'cert-manager.yaml',
  exposeIstiod: 'expose-istiod.yaml',
  exposeServices: 'expose-services.yaml',
  remoteSecretReader: 'remote-secret-reader.yaml',
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

/** Files of a bundle with the sail installer (all listed in the kustomization). */
export const SAIL_FILES = {
  /** The Sail operator's `Istio` resource. */
  istio: 'istio.yaml',
  /** The east-west gateway as plain Kubernetes objects. */
  eastWestGateway: 'eastwest-gateway.yaml',
  /** The Sail operator's `IstioCNI` resource and its namespace (spec.istio.cni). */
  istioCni: 'istio-cni.yaml',
} as const;

/** Files of a bundle in ambient mode (`spec.istio.dataplane: ambient`; all listed in the kustomization). */
export const AMBIENT_FILES = {
  /** The east-west gateway: a Gateway API Gateway (class istio-east-west), with every installer. */
  eastWestGateway: 'eastwest-gateway.yaml',
  /** sail: the `istio-cni` namespace and the IstioCNI resource. */
  istioCni: 'istio-cni.yaml',
  /** sail: the `ztunnel` namespace and the ZTunnel resource. */
  ztunnel: 'ztunnel.yaml',
} as const;

/** Directories of a bundle with the helm installer (not in the kustomization). */
export const HELM_DIRS = {
  /** `<chart>.values.yaml` for `helm install -f`. */
  values: 'helm',
} as const;

/** The Karmada control plane's bundle `<out>/karmada/` (`spec.federation.karmada`), applied to the karmada-apiserver. */
export const KARMADA_FILES = {
  /** The Istio namespace, which Karmada propagates to every member. */
  namespace: 'namespace.yaml',
  /** One ClusterOverridePolicy per member: its network label (and a remote's control-plane annotation). */
  networkLabels: 'network-labels.yaml',
  /** The PropagationPolicy `cacerts-propagation`. */
  cacertsPropagation: 'cacerts-propagation.yaml',
  /** Istio's CRDs. */
  istioCrds: 'istio-crds.yaml',
  /** Under verify/: the PropagationPolicies and per-member OverridePolicies of the verification workload. */
  verifyPropagation: `${VERIFY_DIR}/propagation.yaml`,
} as const;

/**
 * The istioctl control-plane file of a revision (`spec.istio.revision` / `spec.istio.canary.revision`):
 * `istioctl/control-plane-<rev>.yaml`, so that two revisions of one cluster have their own file;
 * `istioctl/control-plane.yaml` without a revision.
 */
export function controlPlaneFile(revision?: string): string {
  return revision ? `istioctl/control-plane-${revision}.yaml` : CLUSTER_FILES.controlPlane;
}

/** The revision tags of a cluster (`spec.istio.tags`): one MutatingWebhookConfiguration per tag, as `istioctl tag set` creates. */
export const REVISION_TAGS_FILE = 'istioctl/revision-tags.yaml';

/** The Sail `Istio` resource file of a revision: `istio-<rev>.yaml`, or `istio.yaml` without a revision. */
export function sailIstioFile(revision?: string): string {
  return revision ? `istio-${revision}.yaml` : SAIL_FILES.istio;
}

/** Sail: the IstioRevisionTag resources of `spec.istio.tags`. */
export const SAIL_REVISION_TAGS_FILE = 'istio-revision-tags.yaml';

/** Helm: the revision tags (`spec.istio.tags`) as the istiod chart's revision-tags-mwc.yaml renders them, for `kubectl apply -f`. */
export const HELM_REVISION_TAGS_FILE = `${HELM_DIRS.values}/revision-tags.yaml`;

/**
 * The file that holds a cluster's control plane, per installer and spec.istio.revision
 * (a remote's is not written until its primary's east-west gateway address is known):
 * `istioctl/control-plane[-<rev>].yaml`, `istio[-<rev>].yaml` (sail), `helm/istiod[-<rev>].values.yaml`.
 */
export function controlPlaneFileOf(istio: { readonly installer: string; readonly revision?: string }): string {
  if (istio.installer === 'sail') return sailIstioFile(istio.revision);
  if (istio.installer === 'helm') return `${HELM_DIRS.values}/${istio.revision ? `istiod-${istio.revision}` : 'istiod'}.values.yaml`;
  return controlPlaneFile(istio.revision);
}

