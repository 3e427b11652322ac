import { isIpAddress } from '../names/dns';
import { CaSettings, ClusterRole, IstioSettings, MeshSpec, MetalLbSettings } from '../mesh-spec/types';
import { shellQuote } from '../names/shell';
import { MeshNetwork, planMeshNetworks } from './mesh-networks';
import { KialiPlan, planKiali } from './kiali';
import { planVerify, VerifyPlan } from './verify';
import { KarmadaPlan, planKarmada } from './karmada';

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
  /** Gets cross-network-gateway (clusters on other networks reach its services). */
  readonly exposeServices: boolean;
  /** For a remote: `/inject/cluster/<c>/net/<n>`. */
  readonly injectionPath?: string;
  /**
   * For a remote: the address of its primary's east-west gateway
   * (values.global.remotePilotAddress), or undefined when the spec does not give it.
   */
  readonly remotePilotAddress?: string;
  /** Clusters on other networks that reach this one through its east-west gateway, sorted. */
  readonly reachedFromNetworks: readonly string[];
  /** MetalLB address pool for a local cluster (spec `loadBalancer.metallb`). */
  readonly metallb?: MetalLbSettings;
}

/** A remote secret: `reader` (a primary's istiod) reads the API server of `target`. */
export interface RemoteSecretPlan {
  readonly reader: string;
  readonly target: string;
}

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
  /** Sorted by reader, then target. */
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
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The kubectl command that prints a cluster's east-west gateway address (IP or hostname).
 * @param context the kubectl context as a shell word (`shellQuote(c.context)`)
 */
export function gatewayAddressCommand(context: string, namespace: string): string {
  return `kubectl --context=${context} -n ${namespace} get svc istio-eastwestgateway -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'`;
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
  const plans: ClusterPlan[] = clusters.map((c) => {
    const remotes = (remotesOf.get(c.name) ?? []).sort(byString);
    const otherNetworks = networkNames.filter((n) => n !== c.network);
    const exposeIstiod = c.role === 'primary' && remotes.length > 0;
    const exposeServices = otherNetworks.length > 0;
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
          command: gatewayAddressCommand(shellQuote(primary.context), ns),
        });
      }
    }
    return {
      name: c.name,
      network: c.network,
      role: c.role,
      context: c.context,
      specIndex: c.index,
      ...(c.primary ? { primary: c.primary } : {}),
      remotes,
      externalIstiod: exposeIstiod,
      eastWestGateway: exposeServices || exposeIstiod,
      ...(c.eastWestGatewayAddress ? { eastWestGatewayAddress: c.eastWestGatewayAddress } : {}),
      exposeIstiod,
      exposeServices,
      ...(injectionPath ? { injectionPath } : {}),
      ...(remotePilotAddress ? { remotePilotAddress } : {}),
      reachedFromNetworks: otherNetworks,
      ...(c.metallb ? { metallb: c.metallb } : {}),
    };
  });

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

  if (spec.ca.mode === 'none' && plans.length > 1) {
    warnings.push('spec.ca.mode: none: each istiod signs with its own self-signed root, so the clusters will not trust each other and cross-cluster mTLS fails; use mode: generated (the default) for a shared root');
  }

  // Every primary reads every other cluster of the mesh (its remotes, and in a
  // multi-primary mesh every other primary and remote).
  const remoteSecrets: RemoteSecretPlan[] = [];
  for (const reader of plans.filter((p) => p.role === 'primary')) {
    for (const target of plans) {
      if (target.name !== reader.name) remoteSecrets.push({ reader: reader.name, target: target.name });
    }
  }

  return {
    meshId: spec.name,
    istio: spec.istio,
    ca: spec.ca,
    clusters: plans,
    networks: networkNames.map((n) => ({ name: n, clusters: plans.filter((p) => p.network === n).map((p) => p.name) })),
    remoteSecrets,
    missingAddresses: missing,
    warnings,
    ...(spec.meshNetworks === 'explicit' ? { meshNetworks: planMeshNetworks(plans, ns) } : {}),
    ...(spec.verify ? { verify: planVerify(spec.verify, plans.map((p) => p.name)) } : {}),
    ...(spec.kiali ? { kiali: planKiali(spec.kiali, plans.map((p) => p.name)) } : {}),
    ...(spec.federation?.karmada ? { karmada: planKarmada(spec.federation.karmada) } : {}),
  };
}
