import { isIpAddress } from '../names/dns';
import { CaSettings, ClusterRole, EastWestGatewaySettings, IstioSettings, MeshSpec, MetalLbSettings, OverlaySpec } from '../mesh-spec/types';
import { mergeValues } from '../mesh-spec/istio-values';
import { shellQuote } from '../names/shell';
import { valuesWarnings } from './values';
import { MeshNetwork, planMeshNetworks } from './mesh-networks';
import { KialiPlan, planKiali } from './kiali';
import { planVerify, VerifyPlan } from './verify';
import { KarmadaPlan, planKarmada } from './karmada';
import { GitOpsPlan, gitopsWarnings, planGitOps } from './gitops';
import { RemoteSecretPlan, remoteSecretPairs } from './remote-secrets';

/** What one cluster of the mesh gets. Pure data, derived from the spec alone. */
export interface ClusterPlan {
  readonly name: string;
  readonly network: string;
  readonly role: ClusterRole;
  /** kubectl context for commands in the plan. */
  readonly context: string;
  /** Index in the spec file's `spec.clusters`, for error paths. */
  readonly specIndex: number;
  /** For a remote: the primary running its control plane. */
  readonly primary?: string;
  /** For a primary: the remotes it runs the control plane for, sorted. */
  readonly remotes: readonly string[];
  /** Runs istiod (`values.pilot.env.EXTERNAL_ISTIOD: true` when it has remotes). */
  readonly externalIstiod: boolean;
  /** Gets an east-west gateway (other networks reach it, or it exposes istiod). */
  readonly eastWestGateway: boolean;
  /** The east-west gateway's address from the spec, if known. */
  readonly eastWestGatewayAddress?: string;
  /** Gets the istiod-gateway / istiod-vs objects (a primary with remotes). */
  readonly exposeIstiod: boolean;
  /** Gets cross-network-gateway (clusters on other networks reach its services); never in ambient mode. */
  readonly exposeServices: boolean;
  /** For a remote: `/inject/cluster/<c>/net/<n>`. */
  readonly injectionPath?: string;
  /**
   * For a remote: the address of its primary's east-west gateway
   * (values.global.remotePilotAddress), or undefined when the spec does not give it.
   */
  readonly remotePilotAddress?: string;
  /**
   * The other networks, whose clusters reach this one through its east-west gateway, sorted.
   * Made when first read (a mesh with a network per cluster has n * (n - 1) of them).
   */
  readonly reachedFromNetworks: readonly string[];
  /** MetalLB address pool for a local cluster (spec `loadBalancer.metallb`). */
  readonly metallb?: MetalLbSettings;
  /** spec.istio.values with spec.clusters[].istio.values merged over it. @default - none */
  readonly istioValues?: Record<string, unknown>;
  /** The east-west gateway's Service and deployment settings from the spec. @default - none */
  readonly eastWestGatewaySettings?: EastWestGatewaySettings;
  /** Indexes of the spec.overlays aimed at this cluster's bundle (its own and those for every cluster). */
  readonly overlays: readonly number[];
}

export type { RemoteSecretPlan } from './remote-secrets';

/** A remote whose remotePilotAddress cannot be rendered yet. */
export interface MissingAddress {
  /** The remote that needs the address. */
  readonly remote: string;
  /** The primary whose east-west gateway address is missing. */
  readonly primary: string;
  /** The spec path to set, e.g. `spec.clusters[0].eastWestGateway.address`. */
  readonly path: string;
  /** The kubectl command that prints the address once the gateway is installed. */
  readonly command: string;
}

export interface NetworkPlan {
  readonly name: string;
  readonly clusters: readonly string[];
}

/** The whole mesh: which cluster gets which part. */
export interface MeshPlan {
  readonly meshId: string;
  readonly istio: IstioSettings;
  readonly ca: CaSettings;
  /** Sorted by name. */
  readonly clusters: readonly ClusterPlan[];
  /** Sorted by name. */
  readonly networks: readonly NetworkPlan[];
  /**
   * Sorted by reader, then target. Made when first read: a multi-primary mesh of n clusters has
   * n * (n - 1); lib/plan/remote-secrets.ts answers who reads whom without them.
   */
  readonly remoteSecrets: readonly RemoteSecretPlan[];
  /** Remotes whose control-plane config cannot be rendered until an address is known. */
  readonly missingAddresses: readonly MissingAddress[];
  /** Hostname addresses used as remotePilotAddress (see warnings). */
  readonly warnings: readonly string[];
  /** values.global.meshNetworks for every primary (`spec.meshNetworks: explicit`). */
  readonly meshNetworks?: Record<string, MeshNetwork>;
  /** The helloworld verification (`spec.verify`). */
  readonly verify?: VerifyPlan;
  /** Kiali across the mesh (`spec.kiali`). */
  readonly kiali?: KialiPlan;
  /** The Karmada control plane the mesh's shared objects are propagated from (`spec.federation.karmada`). */
  readonly karmada?: KarmadaPlan;
  /** The Argo CD / Flux sync order per cluster (`spec.gitops`). */
  readonly gitops?: GitOpsPlan;
  /** `spec.overlays`, applied to the rendered objects (lib/render/overlays.ts). */
  readonly overlays?: readonly OverlaySpec[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The kubectl command (argv) that prints a cluster's east-west gateway address (IP or hostname). */
export function gatewayAddressArgv(context: string, namespace: string): string[] {
  return ['kubectl', `--context=${context}`, '-n', namespace, 'get', 'svc', 'istio-eastwestgateway', '-o',
    'jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'];
}

/** gatewayAddressArgv as one line of shell, every argument quoted where it must be. */
export function gatewayAddressCommand(context: string, namespace: string): string {
  return gatewayAddressArgv(context, namespace).map(shellQuote).join(' ');
}

/**
 * Decides, for every cluster, which parts of the multicluster install it gets.
 * Pure: no constructs, no I/O. The result does not depend on the order of clusters
 * in the spec.
 */
export function planMesh(spec: MeshSpec): MeshPlan {
  const clusters = [...spec.clusters].sort((a, b) => byString(a.name, b.name));
  const byName = new Map(clusters.map((c) => [c.name, c]));
  const networkNames = [...new Set(clusters.map((c) => c.network))].sort(byString);
  const ns = spec.istio.namespace;
  // Ambient mode shares services across networks through the east-west gateway's HBONE
  // listener and the istio.io/global label: no cross-network-gateway (AUTO_PASSTHROUGH).
  const ambient = spec.istio.dataplane === 'ambient';

  const remotesOf = new Map<string, string[]>();
  for (const c of clusters) {
    if (c.role === 'remote' && c.primary) {
      const list = remotesOf.get(c.primary) ?? [];
      list.push(c.name);
      remotesOf.set(c.primary, list);
    }
  }

  const missing: MissingAddress[] = [];
  const warnings: string[] = [];
  const manyNetworks = networkNames.length > 1;
  const plans: ClusterPlan[] = clusters.map((c) => {
    const remotes = (remotesOf.get(c.name) ?? []).sort(byString);
    const exposeIstiod = c.role === 'primary' && remotes.length > 0;
    const exposeServices = manyNetworks && !ambient;
    let remotePilotAddress: string | undefined;
    let injectionPath: string | undefined;
    if (c.role === 'remote' && c.primary) {
      const primary = byName.get(c.primary)!;
      injectionPath = `/inject/cluster/${c.name}/net/${c.network}`;
      remotePilotAddress = primary.eastWestGatewayAddress;
      if (remotePilotAddress === undefined) {
        missing.push({
          remote: c.name,
          primary: primary.name,
          path: `spec.clusters[${primary.index}].eastWestGateway.address`,
          command: gatewayAddressCommand(primary.context, ns),
        });
      }
    }
    const plan: ClusterPlan = {
      name: c.name,
      network: c.network,
      role: c.role,
      context: c.context,
      specIndex: c.index,
      ...(c.primary ? { primary: c.primary } : {}),
      remotes,
      externalIstiod: exposeIstiod,
      eastWestGateway: manyNetworks || exposeIstiod,
      ...(c.eastWestGatewayAddress ? { eastWestGatewayAddress: c.eastWestGatewayAddress } : {}),
      exposeIstiod,
      exposeServices,
      ...(injectionPath ? { injectionPath } : {}),
      ...(remotePilotAddress ? { remotePilotAddress } : {}),
      reachedFromNetworks: [],
      ...(c.metallb ? { metallb: c.metallb } : {}),
      ...(spec.istio.values || c.istioValues ? { istioValues: mergeValues(spec.istio.values, c.istioValues) } : {}),
      ...(c.eastWestGatewaySettings ? { eastWestGatewaySettings: c.eastWestGatewaySettings } : {}),
      overlays: (spec.overlays ?? []).filter((o) => o.cluster === undefined || o.cluster === c.name).map((o) => o.index),
    };
    return madeWhenRead(plan, 'reachedFromNetworks', () => networkNames.filter((n) => n !== c.network));
  });
  warnings.push(...valuesWarnings(plans));

  for (const p of plans) {
    if (p.exposeIstiod && p.eastWestGatewayAddress && !isIpAddress(p.eastWestGatewayAddress)) {
      warnings.push(
        `spec.clusters[${p.specIndex}].eastWestGateway.address: "${p.eastWestGatewayAddress}" is a hostname; ` +
        `${p.remotes.join(', ')} get${p.remotes.length === 1 ? 's' : ''} it as remotePilotAddress, which Istio's remote profile writes into the istiod-remote Endpoints (IP only): ` +
        'with a hostname it falls back to an ExternalName Service and remote installs have been reported to fail (istio/istio#24155, #35363); ' +
        'give the east-west gateway a static IP where your cloud allows it',
      );
    }
  }

  if (ambient) warnings.push(...ambientSharedNetworkWarnings(plans));
  if (spec.ca.mode === 'none' && plans.length > 1) {
    warnings.push('spec.ca.mode: none: each istiod signs with its own self-signed root, so the clusters will not trust each other and cross-cluster mTLS fails; use mode: generated (the default) for a shared root');
  }

  warnings.push(...gitopsWarnings(spec));
  const gitops = planGitOps(spec, plans);

  const members = new Map<string, string[]>(networkNames.map((n) => [n, []]));
  for (const p of plans) members.get(p.network)!.push(p.name);

  const mesh: MeshPlan = {
    meshId: spec.name,
    istio: spec.istio,
    ca: spec.ca,
    clusters: plans,
    networks: networkNames.map((n) => ({ name: n, clusters: members.get(n)! })),
    remoteSecrets: [],
    missingAddresses: missing,
    warnings,
    ...(spec.meshNetworks === 'explicit' ? { meshNetworks: planMeshNetworks(plans, ns) } : {}),
    ...(spec.verify ? { verify: planVerify(spec.verify, plans.map((p) => p.name)) } : {}),
    ...(spec.kiali ? { kiali: planKiali(spec.kiali, plans.map((p) => p.name)) } : {}),
    ...(spec.federation?.karmada ? { karmada: planKarmada(spec.federation.karmada) } : {}),
    ...(gitops ? { gitops } : {}),
    ...(spec.overlays ? { overlays: spec.overlays } : {}),
  };
  // Every primary reads every other cluster of the mesh (lib/plan/remote-secrets.ts).
  return madeWhenRead(mesh, 'remoteSecrets', () => remoteSecretPairs(mesh));
}

/**
 * Makes `obj[key]` (already there, so the keys keep their order) a value computed when first
 * read and then kept: still an enumerable property, so JSON, spreads and deep equality see it.
 */
function madeWhenRead<T extends object, K extends keyof T>(obj: T, key: K, make: () => T[K]): T {
  let value: T[K] | undefined;
  return Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get: () => (value ??= make()),
  });
}

/** Istio 1.30's ambient multicluster on one network is "untested, and may be broken" (istio.io docs/ambient/install/multicluster). */
function ambientSharedNetworkWarnings(plans: readonly ClusterPlan[]): string[] {
  const out: string[] = [];
  const byNetwork = new Map<string, ClusterPlan[]>();
  for (const p of plans) {
    const on = byNetwork.get(p.network);
    if (on) on.push(p);
    else byNetwork.set(p.network, [p]);
  }
  for (const network of [...byNetwork.keys()].sort(byString)) {
    const on = byNetwork.get(network)!;
    if (on.length < 2) continue;
    out.push(
      `spec.clusters[${on[1].specIndex}].network: "${network}" is shared by ${on.map((p) => p.name).join(', ')}; ` +
      'Istio 1.30 supports ambient multicluster only with each cluster on its own network (single-network ambient multicluster is untested upstream); give each cluster its own network or use dataplane: sidecar',
    );
  }
  return out;
}
