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
export const SUPPORTED_INSTALLERS: readonly Installer[] = ['istioctl'];

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
  /** `spec.meshNetworks: explicit`: write values.global.meshNetworks. @default - network labels only */
  readonly meshNetworks?: MeshNetworksMode;
  /** `spec.verify`: the helloworld verification bundles. @default - none */
  readonly verify?: VerifySettings;
  /** `spec.kiali`: Kiali on one cluster, observing every cluster. @default - none */
  readonly kiali?: KialiSettings;
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
