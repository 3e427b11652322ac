import { MeshPlan } from '../plan/planner';

/**
 * The mesh topology as a graph, for review: clusters grouped by network, the
 * control-plane edges from each primary to its remotes, each east-west gateway, and
 * the cross-network paths between gateways. Pure, and sorted: the same plan gives
 * the same text.
 */
export interface MeshGraph {
  readonly meshId: string;
  /** Sorted by name. */
  readonly networks: readonly GraphNetwork[];
  /** Primary -> remote: the remote's control plane runs on the primary. Sorted. */
  readonly controlPlaneEdges: readonly GraphEdge[];
  /** Cluster -> its east-west gateway. Sorted. */
  readonly gatewayEdges: readonly GraphEdge[];
  /**
   * Cross-network paths (mTLS on 15443) between the gateways of clusters on
   * different networks that expose their services, both ways. Empty when
   * `crossNetworkHub` is set.
   */
  readonly crossNetworkEdges: readonly GraphEdge[];
  /**
   * Set when there are more than MAX_CROSS_NETWORK_EDGES gateway pairs: every
   * exposing gateway is then joined to one "other networks" node instead, so the
   * diagram stays within what GitHub's Mermaid renders (500 edges).
   */
  readonly crossNetworkHub?: { readonly id: string; readonly gateways: readonly string[] };
  /** What crosses networks, as the edge label. @default 'mTLS :15443' (sidecar); ambient: 'HBONE :15008' */
  readonly pathLabel?: string;
}

export interface GraphNetwork {
  readonly name: string;
  readonly id: string;
  readonly clusters: readonly GraphCluster[];
}

export interface GraphCluster {
  readonly name: string;
  readonly id: string;
  readonly role: 'primary' | 'remote';
  /** Id of its east-west gateway node, when it has one. */
  readonly gatewayId?: string;
  /** The gateway's address from the spec, when given. */
  readonly gatewayAddress?: string;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
}

/** Above this many gateway pairs the cross-network paths are drawn through one hub node. */
export const MAX_CROSS_NETWORK_EDGES = 100;

/** Node ids: DNS-1123 names with '-' made '_' (injective: names hold no '_'), prefixed by kind. */
const nodeId = (kind: 'c' | 'gw' | 'net', name: string) => `${kind}_${name.replace(/-/g, '_')}`;

/** Builds the topology graph of a planned mesh. */
export function meshGraph(plan: MeshPlan): MeshGraph {
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const networks: GraphNetwork[] = plan.networks.map((n) => ({
    name: n.name,
    id: nodeId('net', n.name),
    clusters: n.clusters.map((name) => {
      const c = byName.get(name)!;
      return {
        name,
        id: nodeId('c', name),
        role: c.role,
        ...(c.eastWestGateway ? { gatewayId: nodeId('gw', name) } : {}),
        ...(c.eastWestGateway && c.eastWestGatewayAddress ? { gatewayAddress: c.eastWestGatewayAddress } : {}),
      };
    }),
  }));
  const controlPlaneEdges = plan.clusters.flatMap((p) => p.remotes.map((r) => ({ from: nodeId('c', p.name), to: nodeId('c', r) })));
  const gatewayEdges = plan.clusters.filter((c) => c.eastWestGateway).map((c) => ({ from: nodeId('c', c.name), to: nodeId('gw', c.name) }));

  // Ambient mode has no expose-services: its east-west gateways carry HBONE on 15008.
  const ambient = plan.istio.dataplane === 'ambient';
  const label = ambient ? { pathLabel: 'HBONE :15008' } : {};
  const exposing = plan.clusters.filter((c) => c.exposeServices || (ambient && c.eastWestGateway));
  let pairs = 0;
  for (let i = 0; i < exposing.length; i++) {
    for (let j = i + 1; j < exposing.length; j++) if (exposing[i].network !== exposing[j].network) pairs++;
  }
  if (pairs > MAX_CROSS_NETWORK_EDGES) {
    return {
      meshId: plan.meshId, networks, controlPlaneEdges, gatewayEdges, crossNetworkEdges: [], ...label,
      crossNetworkHub: { id: 'cross_network', gateways: exposing.map((c) => nodeId('gw', c.name)) },
    };
  }
  const crossNetworkEdges: GraphEdge[] = [];
  for (let i = 0; i < exposing.length; i++) {
    for (let j = i + 1; j < exposing.length; j++) {
      if (exposing[i].network !== exposing[j].network) {
        crossNetworkEdges.push({ from: nodeId('gw', exposing[i].name), to: nodeId('gw', exposing[j].name) });
      }
    }
  }
  return { meshId: plan.meshId, networks, controlPlaneEdges, gatewayEdges, crossNetworkEdges, ...label };
}

/** Mermaid flowchart (GitHub renders it in a ```mermaid block). Ends with a newline. */
export function toMermaid(g: MeshGraph): string {
  const lines = ['flowchart LR'];
  for (const n of g.networks) {
    lines.push(`  subgraph ${n.id}["network ${n.name}"]`);
    for (const c of n.clusters) {
      lines.push(`    ${c.id}["${c.name}<br/>${c.role}"]`);
      if (c.gatewayId) lines.push(`    ${c.gatewayId}{{"east-west gateway<br/>${c.name}${c.gatewayAddress ? `<br/>${c.gatewayAddress}` : ''}"}}`);
    }
    lines.push('  end');
  }
  const path = g.pathLabel ?? 'mTLS :15443';
  if (g.crossNetworkHub) lines.push(`  ${g.crossNetworkHub.id}(("other networks<br/>${path}"))`);
  for (const e of g.gatewayEdges) lines.push(`  ${e.from} --- ${e.to}`);
  for (const e of g.controlPlaneEdges) lines.push(`  ${e.from} -->|control plane| ${e.to}`);
  for (const e of g.crossNetworkEdges) lines.push(`  ${e.from} <-.->|${path}| ${e.to}`);
  for (const gw of g.crossNetworkHub?.gateways ?? []) lines.push(`  ${gw} <-.-> ${g.crossNetworkHub!.id}`);
  return lines.join('\n') + '\n';
}

/** Graphviz DOT digraph (`dot -Tsvg`): one cluster subgraph per network. Ends with a newline. */
export function toDot(g: MeshGraph): string {
  const q = (s: string) => `"${s.replace(/"/g, '\\"')}"`;
  const lines = [`digraph ${q(`mesh ${g.meshId}`)} {`, '  rankdir=LR;', '  node [fontname="Helvetica"];'];
  for (const n of g.networks) {
    lines.push(`  subgraph cluster_${n.id} {`, `    label=${q(`network ${n.name}`)};`);
    for (const c of n.clusters) {
      lines.push(`    ${c.id} [label=${q(`${c.name}\\n${c.role}`)}, shape=box];`);
      if (c.gatewayId) lines.push(`    ${c.gatewayId} [label=${q(`east-west gateway\\n${c.name}${c.gatewayAddress ? `\\n${c.gatewayAddress}` : ''}`)}, shape=hexagon];`);
    }
    lines.push('  }');
  }
  const path = g.pathLabel ?? 'mTLS :15443';
  if (g.crossNetworkHub) lines.push(`  ${g.crossNetworkHub.id} [label="other networks\\n${path}", shape=circle];`);
  for (const e of g.gatewayEdges) lines.push(`  ${e.from} -> ${e.to} [arrowhead=none];`);
  for (const e of g.controlPlaneEdges) lines.push(`  ${e.from} -> ${e.to} [label="control plane"];`);
  for (const e of g.crossNetworkEdges) lines.push(`  ${e.from} -> ${e.to} [dir=both, style=dashed, label="${path}"];`);
  for (const gw of g.crossNetworkHub?.gateways ?? []) lines.push(`  ${gw} -> ${g.crossNetworkHub!.id} [dir=both, style=dashed];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
