/** The pinned Istio release meshgen renders for when `spec.istio.version` is not set. */
export const DEFAULT_ISTIO_VERSION = '1.30.3';
/** The namespace Istio's control plane runs in when `spec.istio.namespace` is not set. */
export const DEFAULT_ISTIO_NAMESPACE = 'istio-system';
export const MESH_API_VERSION = 'meshgen/v1alpha1';
export const MESH_KIND = 'Mesh';

/** How Istio is installed on each cluster. */
export type Installer = 'istioctl' | 'helm' | 'sail';
export const INSTALLERS: readonly Installer[] = ['istioctl', 'helm', 'sail'];
/** Installers this version of meshgen renders. */
export const SUPPORTED_INSTALLERS: readonly Installer[] = ['istioctl', 'helm', 'sail'];

/** Whether a cluster runs its own control plane (primary) or uses a primary's (remote). */
export type ClusterRole = 'primary' | 'remote';
export const ROLES: readonly ClusterRole[] = ['primary', 'remote'];

/** A validated and defaulted mesh spec: what every later stage works from. */
export interface MeshSpec {
  /** metadata.name: the mesh ID (values.global.meshID). */
  readonly name: string;
  readonly istio: IstioSettings;
  /** Clusters sorted by name, so that the order in the file changes nothing. */
  readonly clusters: readonly ClusterSpec[];
  /** The plug-in CA: one root, an intermediate per cluster. */
  readonly ca: CaSettings;
  /** `spec.gitops` (or the deprecated `spec.argocd`): Argo CD or Flux objects that sync the bundles from Git. @default - none */
  readonly gitops?: GitOpsSettings;
  /** `spec.meshNetworks: explicit`: write values.global.meshNetworks. @default - network labels only */
  readonly meshNetworks?: MeshNetworksMode;
  /** `spec.verify`: the helloworld verification bundles. @default - none */
  readonly verify?: VerifySettings;
  /** `spec.kiali`: Kiali on one cluster, observing every cluster. @default - none */
  readonly kiali?: KialiSettings;
  /** `spec.federation`: the clusters are members of a federation control plane. @default - none */
  readonly federation?: FederationSettings;
  /** `spec.overlays`: JSON patches applied to the rendered objects, in order. @default - none */
  readonly overlays?: readonly OverlaySpec[];
}

/**
 * A tree in the shape of the istiod Helm chart's values (`pilot`, `global`, `meshConfig`,
 * ...; lib/mesh-spec/istio-values.ts checks it against Istio's key names).
 */
export type IstioValues = Readonly<Record<string, unknown>>;

/** `spec.istio.platform`: the Kubernetes platform, as Istio's `global.platform` and profiles name it. */
export type Platform = 'openshift' | 'gke' | 'eks' | 'k3d' | 'k3s' | 'microk8s' | 'minikube';
export const PLATFORMS: readonly Platform[] = ['openshift', 'gke', 'eks', 'k3d', 'k3s', 'microk8s', 'minikube'];

/** One RFC 6902 operation of an overlay. */
export interface JsonPatchOp {
  readonly op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** `spec.overlays[i]`: a JSON patch for one rendered object. */
export interface OverlaySpec {
  /** Index in `spec.overlays`, for error paths. */
  readonly index: number;
  /** The cluster whose bundle holds the object. @default - every cluster's bundle */
  readonly cluster?: string;
  readonly kind: string;
  readonly name: string;
  /** @default - any namespace (the object must then be the only one of that kind and name) */
  readonly namespace?: string;
  readonly patch: readonly JsonPatchOp[];
}

/** `spec.clusters[i].eastWestGateway.service`: the gateway's Kubernetes Service. */
export interface EastWestGatewayService {
  /** @default 'LoadBalancer' */
  readonly type?: 'LoadBalancer' | 'NodePort';
  readonly annotations?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly loadBalancerSourceRanges?: readonly string[];
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
}

/** `spec.clusters[i].eastWestGateway` besides its address: how the gateway is deployed. */
export interface EastWestGatewaySettings {
  readonly service?: EastWestGatewayService;
  /** The minimum number of gateway pods (the HorizontalPodAutoscaler's minReplicas). @default 1 */
  readonly replicas?: number;
  /** The istio-proxy container's resources (requests/limits). @default - Istio's */
  readonly resources?: Readonly<Record<string, unknown>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly Readonly<Record<string, unknown>>[];
}

/** `spec.federation`: where the mesh's shared objects are propagated from (lib/spec/karmada.ts). */
export interface FederationSettings {
  readonly karmada?: KarmadaSettings;
}

/** What the Karmada control plane propagates to the members instead of each member bundle holding it. */
export type KarmadaPropagated = 'namespace' | 'cacerts' | 'verify';
export const KARMADA_PROPAGATED: readonly KarmadaPropagated[] = ['namespace', 'cacerts', 'verify'];

/**
 * How the ClusterOverridePolicies set `topology.istio.io/network` on each member's
 * istio-system: `labelsOverrider` adds the one label; `plaintext` is the Karmada
 * guide's `add` on `/metadata/labels`, which replaces every label of the namespace.
 */
export type KarmadaNetworkLabel = 'labelsOverrider' | 'plaintext';
export const KARMADA_NETWORK_LABELS: readonly KarmadaNetworkLabel[] = ['labelsOverrider', 'plaintext'];

/** `spec.federation.karmada`: the clusters are Karmada members of the same names. */
export interface KarmadaSettings {
  /** kubectl context of the karmada-apiserver. @default 'karmada-apiserver' */
  readonly context: string;
  /** What the Karmada control plane propagates, sorted. @default namespace, cacerts (with a plug-in CA in files), verify (with spec.verify) */
  readonly propagate: readonly KarmadaPropagated[];
  /** @default 'labelsOverrider' */
  readonly networkLabel: KarmadaNetworkLabel;
  /** Put Istio's CRDs on the karmada-apiserver. @default true */
  readonly istioCrds: boolean;
}

/**
 * How the clusters get a common root of trust (the `cacerts` secret istiod reads):
 * - `generated`: meshgen makes a root and an intermediate per cluster, once, in `dir`;
 * - `provided`: the user's own root (`rootCert`/`rootKey`) or ready-made per-cluster
 *   intermediates (`intermediates`), imported into `dir` and checked;
 * - `cert-manager`: a CA Issuer and a Certificate per cluster; no key in any file;
 * - `none`: istiod's self-signed CA (clusters will not trust each other).
 */
export type CaMode = 'generated' | 'provided' | 'cert-manager' | 'none';
export const CA_MODES: readonly CaMode[] = ['generated', 'provided', 'cert-manager', 'none'];
export type CaKeyAlgorithm = 'rsa' | 'ecdsa-p256';
export const CA_KEY_ALGORITHMS: readonly CaKeyAlgorithm[] = ['rsa', 'ecdsa-p256'];

export interface CaSettings {
  /** @default 'generated' */
  readonly mode: CaMode;
  /** The PKI directory, relative to the working directory. @default '.meshgen/pki' */
  readonly dir: string;
  /**
   * The kind of new keys: `rsa` (keySize bits, as Istio's tools/certs) or `ecdsa-p256`
   * (NIST P-256: a key in milliseconds instead of seconds). @default 'rsa'
   */
  readonly keyAlgorithm: CaKeyAlgorithm;
  /** RSA key size of new keys (rsa only). @default 4096 */
  readonly keySize: number;
  /** Lifetime of a generated root, in days. @default 3650 */
  readonly rootDays: number;
  /** Lifetime of a generated intermediate, in days. @default 730 */
  readonly intermediateDays: number;
  /** provided: path of the user's root certificate. */
  readonly rootCert?: string;
  /** provided: path of the user's root private key. */
  readonly rootKey?: string;
  /**
   * provided: a directory with one sub-directory per cluster holding ca-cert.pem,
   * ca-key.pem, cert-chain.pem and root-cert.pem.
   */
  readonly intermediates?: string;
  /** cert-manager: the kubernetes.io/tls Secret holding the root. @default 'meshgen-root-ca' */
  readonly rootSecretName: string;
  /**
   * generated/provided: PEM files of roots every primary trusts besides the mesh root,
   * during a root rotation (meshConfig.caCertificates, ISTIO_MULTIROOT_MESH; see
   * lib/istio/multi-root.ts).
   * @default - none: only the mesh root, nothing multi-root is written
   */
  readonly additionalRoots?: readonly string[];
}

/** The GitOps controller that syncs the bundles from Git (`spec.gitops.tool`). */
export type GitOpsTool = 'argocd' | 'flux';
export const GITOPS_TOOLS: readonly GitOpsTool[] = ['argocd', 'flux'];

/** Where one cluster's objects go (`spec.gitops.destinations.<cluster>`). */
export interface GitOpsDestination {
  /** argocd: `spec.destination.name`, the cluster as registered in Argo CD. @default the cluster name */
  readonly name?: string;
  /** argocd: `spec.destination.server`, the cluster's API server URL (instead of name). */
  readonly server?: string;
  /**
   * flux: a Secret (in the Flux namespace) holding a kubeconfig for the cluster; Flux then
   * runs elsewhere and applies to the cluster through it (`spec.kubeConfig.secretRef`).
   * @default - Flux runs in the cluster itself
   */
  readonly kubeConfigSecret?: string;
}

/** `spec.gitops`: the Git repository the synth output is committed to, and the controller that syncs it. */
export interface GitOpsSettings {
  readonly tool: GitOpsTool;
  /** The Git repository the synth output is committed to. */
  readonly repoURL: string;
  /** argocd: branch, tag or commit (default `HEAD`); flux: branch (default `main`), `refs/...` or a commit SHA. */
  readonly targetRevision: string;
  /** The output directory inside the repository. @default 'dist' */
  readonly path: string;
  /** The namespace the controller runs in (where its objects live). @default 'argocd' | 'flux-system' */
  readonly namespace: string;
  /** argocd: the Argo CD project of the Applications. @default 'default' */
  readonly project: string;
  /**
   * The kubectl context of the cluster the controller runs in, for `meshgen plan`: Argo CD's;
   * Flux's when it applies to clusters through destinations.kubeConfigSecret.
   * @default the first primary's context
   */
  readonly context?: string;
  /** flux: the Secret with the Git credentials (`GitRepository.spec.secretRef`). @default - a public repository */
  readonly secretName?: string;
  /** Per cluster, where its objects go; clusters not listed get the defaults. */
  readonly destinations: Readonly<Record<string, GitOpsDestination>>;
  /** Set when the settings came from the deprecated `spec.argocd`. */
  readonly fromDeprecatedArgocd?: boolean;
}

/** How users log into Kiali (the Kiali CR's spec.auth.strategy; openshift is not offered). */
export type KialiAuth = 'token' | 'anonymous' | 'openid' | 'header';
export const KIALI_AUTHS: readonly KialiAuth[] = ['token', 'anonymous', 'openid', 'header'];

export interface KialiSettings {
  /** The cluster Kiali runs on. @default the first primary by name */
  readonly cluster: string;
  /** @default 'token' (anonymous only when asked) */
  readonly auth: KialiAuth;
  /**
   * Prometheus federation into the Kiali cluster's Prometheus: cluster name -> the
   * address of that cluster's `prometheus-federation` LoadBalancer Service; undefined
   * when `federation` is not set (no federation at all).
   */
  readonly federation?: Readonly<Record<string, string>>;
}

/** How istiod learns which network a cluster is on (see lib/spec/local-obs.ts). */
export type MeshNetworksMode = 'labels' | 'explicit';
export const MESH_NETWORKS_MODES: readonly MeshNetworksMode[] = ['labels', 'explicit'];

/** The in-mesh client the verification calls helloworld from (Istio's samples/curl or samples/sleep). */
export type VerifyClient = 'curl' | 'sleep';
export const VERIFY_CLIENTS: readonly VerifyClient[] = ['curl', 'sleep'];

export interface VerifySettings {
  /** The clusters running helloworld v1 and v2, each sorted by name. */
  readonly helloworld: { readonly v1: readonly string[]; readonly v2: readonly string[] };
  /** @default 'curl' */
  readonly client: VerifyClient;
  /** How many times each cluster's Job calls helloworld. @default 20 */
  readonly requests: number;
}

/** MetalLB on a local (kind, minikube) cluster: the addresses LoadBalancer Services get. */
export interface MetalLbSettings {
  /** IPv4/IPv6 ranges (`a-b`) or CIDRs, as written in the spec. */
  readonly addresses: readonly string[];
  /** The docker network the cluster's nodes are on; ranges must not overlap within one. @default 'kind' */
  readonly dockerNetwork: string;
  /** Write the pre-0.13 `metallb-system/config` ConfigMap instead of IPAddressPool + L2Advertisement. @default false */
  readonly legacyConfigMap: boolean;
}

export interface IstioSettings {
  /** Istio release, e.g. `1.30.3`. @default DEFAULT_ISTIO_VERSION */
  readonly version: string;
  /** @default 'istioctl' */
  readonly installer: Installer;
  /** @default 'istio-system' */
  readonly namespace: string;
  /**
   * `spec.istio.dataplane`: sidecars, or ambient (ztunnel + istio-cni, Istio's ambient
   * multi-primary multi-network install; see lib/mesh-spec/dataplane.ts).
   * @default - sidecar (the field is only set for ambient)
   */
  readonly dataplane?: Dataplane;
  /** `spec.istio.values`: merged under what meshgen sets, on every cluster. @default - none */
  readonly values?: IstioValues;
  /** `spec.istio.cni`: install the Istio CNI node agent. @default false (true with platform openshift) */
  readonly cni?: boolean;
  /** `spec.istio.platform` (global.platform). @default - vanilla Kubernetes */
  readonly platform?: Platform;
  /** `spec.istio.revision`: the control plane's revision name. @default - none (the default revision) */
  readonly revision?: string;
  /** `spec.istio.canary`: a second control plane beside the current one during an upgrade. @default - none */
  readonly canary?: CanarySettings;
  /** `spec.istio.tags`: revision tag -> revision, keys sorted. @default - none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** `spec.istio.canary`: the release an upgrade goes to, under its own revision. */
export interface CanarySettings {
  /** Istio release of the canary, newer than spec.istio.version and at most one minor ahead. */
  readonly version: string;
  /** The canary's revision name, e.g. `1-30-3`. */
  readonly revision: string;
}

/** How workloads join the mesh: an Envoy sidecar per pod, or ambient mode's node proxy (ztunnel). */
export type Dataplane = 'sidecar' | 'ambient';
export const DATAPLANES: readonly Dataplane[] = ['sidecar', 'ambient'];

export interface ClusterSpec {
  /** DNS-1123 label; the Istio cluster ID (values.global.multiCluster.clusterName). */
  readonly name: string;
  /** The network (topology.istio.io/network) the cluster's pods are on. */
  readonly network: string;
  readonly role: ClusterRole;
  /** For a remote: the primary that runs its control plane. */
  readonly primary?: string;
  /** The kubectl context used in `meshgen plan` commands. @default the cluster name */
  readonly context: string;
  /** The east-west gateway's load-balancer address, when known. */
  readonly eastWestGatewayAddress?: string;
  /** Index of this cluster in the spec file's `spec.clusters`, for error paths. */
  readonly index: number;
  /** `loadBalancer.metallb`: MetalLB address pool for a local cluster. @default - none */
  readonly metallb?: MetalLbSettings;
  /** `istio.values`: merged over spec.istio.values for this cluster. @default - none */
  readonly istioValues?: IstioValues;
  /** `eastWestGateway` Service and deployment settings. @default - Istio's sample gateway */
  readonly eastWestGatewaySettings?: EastWestGatewaySettings;
}
