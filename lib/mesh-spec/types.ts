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
  /** With the helm installer: write Argo CD Applications (`<cluster>/argocd/`). */
  readonly argocd?: ArgoCdSettings;
  /** `spec.meshNetworks: explicit`: write values.global.meshNetworks. @default - network labels only */
  readonly meshNetworks?: MeshNetworksMode;
  /** `spec.verify`: the helloworld verification bundles. @default - none */
  readonly verify?: VerifySettings;
  /** `spec.kiali`: Kiali on one cluster, observing every cluster. @default - none */
  readonly kiali?: KialiSettings;
  /** `spec.federation`: the clusters are members of a federation control plane. @default - none */
  readonly federation?: FederationSettings;
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

export interface CaSettings {
  /** @default 'generated' */
  readonly mode: CaMode;
  /** The PKI directory, relative to the working directory. @default '.meshgen/pki' */
  readonly dir: string;
  /** RSA key size of new keys. @default 4096 */
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

/** Where Argo CD finds the rendered bundles (spec.argocd). */
export interface ArgoCdSettings {
  /** The Git repository the synth output is committed to. */
  readonly repoURL: string;
  /** Branch, tag or commit of that repository. @default 'HEAD' */
  readonly targetRevision: string;
  /** The output directory inside the repository. @default 'dist' */
  readonly path: string;
  /** The namespace Argo CD runs in (the Applications' namespace). @default 'argocd' */
  readonly namespace: string;
  /** The Argo CD project of the Applications. @default 'default' */
  readonly project: string;
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
}
