/** The gateway port of the east-west gateway that carries cross-network traffic (AUTO_PASSTHROUGH). */
export const CROSS_NETWORK_PORT = 15443;

/** One network of values.global.meshNetworks (istio/api MeshNetworks). */
export interface MeshNetwork {
  readonly endpoints: readonly { readonly fromRegistry: string }[];
  readonly gateways?: readonly ({ readonly address: string; readonly port: number } | { readonly registryServiceName: string; readonly port: number })[];
}

/** What mesh-networks needs of a cluster's plan. */
export interface MeshNetworksCluster {
  readonly name: string;
  readonly network: string;
  readonly eastWestGateway: boolean;
  readonly eastWestGatewayAddress?: string;
}

/**
 * values.global.meshNetworks for `spec.meshNetworks: explicit` (the legacy model): per
 * network, its clusters as endpoints (`fromRegistry: <cluster>`) and, when the network
 * has east-west gateways, how to reach them on 15443: the addresses the spec gives,
 * plus `registryServiceName: istio-eastwestgateway.<ns>.svc.cluster.local` when some
 * gateway of the network has no address in the spec (istiod then looks the Service up).
 * Sorted by network, then cluster, then address.
 */
export function planMeshNetworks(clusters: readonly MeshNetworksCluster[], namespace: string): Record<string, MeshNetwork> {
  const byNetwork = new Map<string, MeshNetworksCluster[]>();
  for (const c of clusters) {
    const on = byNetwork.get(c.network);
    if (on) on.push(c);
    else byNetwork.set(c.network, [c]);
  }
  const out: Record<string, MeshNetwork> = {};
  for (const n of [...byNetwork.keys()].sort()) {
    const members = byNetwork.get(n)!.sort((a, b) => (a.name < b.name ? -1 : 1));
    const withGateway = members.filter((c) => c.eastWestGateway);
    const addresses = [...new Set(withGateway.map((c) => c.eastWestGatewayAddress).filter((a): a is string => !!a))].sort();
    const gateways = [
      ...addresses.map((address) => ({ address, port: CROSS_NETWORK_PORT })),
      ...(withGateway.some((c) => !c.eastWestGatewayAddress)
        ? [{ registryServiceName: `istio-eastwestgateway.${namespace}.svc.cluster.local`, port: CROSS_NETWORK_PORT }]
        : []),
    ];
    out[n] = {
      endpoints: members.map((c) => ({ fromRegistry: c.name })),
      ...(gateways.length ? { gateways } : {}),
    };
  }
  return out;
}
