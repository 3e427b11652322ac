import { ClusterPlan, MeshPlan } from '../plan/planner';
import { remoteSecretReaders } from '../plan/remote-secrets';
import { someNames } from '../plan/steps/step';

/**
 * The mesh topology as a graph, for review. Pure and sorted: the same plan gives the
 * same graph. Renderers (graph-mermaid.ts, graph-dot.ts) only choose syntax; every
 * node and edge, and so the edge count, is decided here.
 *
 * How much is drawn depends on the size of the mesh (see {@link GraphLevel}); at every
 * size the graph has at most {@link MAX_EDGES} edges (GitHub's Mermaid refuses more).
 */
export interface MeshGraph {
  readonly meshId: string;
  readonly level: GraphLevel;
  readonly counts: { readonly clusters: number; readonly primaries: number; readonly remotes: number; readonly networks: number };
  /** Sorted by name: drawn top to bottom in this order. Empty at level `overview`. */
  readonly networks: readonly GraphNetwork[];
  /** Nodes outside the networks (the mesh at level `overview`, the mTLS hub, Karmada). Sorted by id. */
  readonly nodes: readonly GraphNode[];
  /** Every edge drawn, invisible ordering links included (they count against the limit too). */
  readonly edges: readonly GraphEdge[];
}

/**
 * - `full`: every cluster a node (at most {@link FULL_MAX_CLUSTERS} clusters and {@link FULL_MAX_EDGES} edges);
 * - `summary`: every primary a node, the remotes of a network one counted node;
 * - `networks`: every network one node, with its counts;
 * - `overview`: one node for the whole mesh (more than {@link NETWORKS_MAX} networks).
 */
export type GraphLevel = 'full' | 'summary' | 'networks' | 'overview';

export interface GraphNetwork {
  readonly name: string;
  readonly id: string;
  /** The network's nodes; empty at level `networks`, where the network is itself a node. */
  readonly nodes: readonly GraphNode[];
  /** The network's label lines (name and, at level `networks`, its counts). */
  readonly label: readonly string[];
}

export type NodeKind = 'primary' | 'remote' | 'remotes' | 'network' | 'mesh' | 'kiali' | 'karmada' | 'hub';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Label lines, plain text (renderers escape). */
  readonly label: readonly string[];
}

/**
 * - `control-plane`: primary -> remote (or its counted remotes), its istiod serves them;
 * - `reads` / `reads-both`: a primary's istiod reads a cluster's API server (remote secret);
 * - `cross-network`: east-west mTLS on 15443 between two networks (or a network and the hub);
 * - `runs`: a cluster -> the Kiali it runs;  `propagates`: Karmada -> a network's members;
 * - `order`: invisible, keeps networks in a stable top-to-bottom order.
 */
export type EdgeKind = 'control-plane' | 'reads' | 'reads-both' | 'cross-network' | 'runs' | 'propagates' | 'order';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

/** GitHub's Mermaid refuses to draw more edges than this ("Edge limit exceeded"). */
export const MAX_EDGES = 500;
/** Edges the drawn legend takes (its two sample edges). */
export const LEGEND_EDGES = 2;
/** Above this many clusters the diagram summarises (measured: at 12 clusters a full picture is still legible at 840 px; 30 is the most that stays so). */
export const FULL_MAX_CLUSTERS = 30;
/** A full picture with more edges than this is a tangle: summarise instead. */
export const FULL_MAX_EDGES = 60;
/** With more networks than this, the network pairs are joined through one hub node instead of pairwise. */
export const PAIRWISE_MAX_NETWORKS = 5;
/** The summary draws primaries one by one up to this many (measured in Chromium: 20 primaries is about 4,000 px tall at 840 px wide). */
export const SUMMARY_MAX_PRIMARIES = 20;
/** Networks are drawn as boxes (full, summary) up to this many (Mermaid 11's layout fails from 19 boxes with edges between them). */
export const SUMMARY_MAX_NETWORKS = 12;
/** Networks drawn one by one (one node each) up to this many; beyond, one overview node. */
export const NETWORKS_MAX = 30;

/** Node ids: DNS-1123 names with '-' made '_' (injective: names hold no '_'), prefixed by kind. */
export const nodeId = (kind: 'c' | 'net' | 'rs', name: string) => `${kind}_${name.replace(/-/g, '_')}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const primariesText = (n: number) => `${n} primar${n === 1 ? 'y' : 'ies'}`;
const GATEWAY_PORT = '15443';
const ISTIOD_PORT = '15012';

/** Builds the topology graph of a planned mesh, at the most detailed level that stays readable. */
export function meshGraph(plan: MeshPlan): MeshGraph {
  const primaries = plan.clusters.filter((c) => c.role === 'primary');
  const counts = { clusters: plan.clusters.length, primaries: primaries.length, remotes: plan.clusters.length - primaries.length, networks: plan.networks.length };
  const base = { meshId: plan.meshId, counts };
  if (plan.clusters.length <= FULL_MAX_CLUSTERS && plan.networks.length <= SUMMARY_MAX_NETWORKS) {
    const g = fullGraph(plan);
    if (g.edges.length <= FULL_MAX_EDGES) return { ...base, level: 'full', ...g };
  }
  if (primaries.length <= SUMMARY_MAX_PRIMARIES && plan.networks.length <= SUMMARY_MAX_NETWORKS) {
    const g = summaryGraph(plan);
    if (g.edges.length <= MAX_EDGES - LEGEND_EDGES) return { ...base, level: 'summary', ...g };
  }
  if (plan.networks.length <= NETWORKS_MAX) return { ...base, level: 'networks', ...networksGraph(plan) };
  return { ...base, level: 'overview', ...overviewGraph(plan) };
}

type Parts = Pick<MeshGraph, 'networks' | 'nodes' | 'edges'>;

/** The cross-network line of a network's box: which networks it reaches through the east-west gateways. */
function crossLine(plan: MeshPlan, net: string): string[] {
  if (plan.networks.length < 2) return [];
  const others = plan.networks.map((n) => n.name).filter((n) => n !== net);
  const label = plan.istio.dataplane === 'ambient' ? 'HBONE :15008' : `mTLS :${GATEWAY_PORT}`;
  // One line: Mermaid leaves room for one line of a box's title.
  return [`${label} with ${others.length > 3 ? `the ${others.length} other networks` : others.join(', ')}`];
}

/**
 * The invisible chain that stacks networks in name order (DOT), and, when networks are nodes
 * (level `networks`), the cross-network paths as edges. Where networks are boxes, each box's
 * title says which networks it reaches ({@link crossLine}): an edge between two boxes puts them in
 * different ranks of Mermaid's layout and widens the picture.
 */
function networkEdges(plan: MeshPlan, asEdges = false): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const first = (n: string) => nodeId('net', n);
  const nets = plan.networks.map((n) => n.name);
  const edges: GraphEdge[] = [];
  for (let i = 1; i < nets.length; i++) edges.push({ from: first(nets[i - 1]), to: first(nets[i]), kind: 'order' });
  // The planner gives every cluster a gateway as soon as there are two networks: every network reaches every other.
  // Ambient mode has no expose-services: its east-west gateways carry HBONE on 15008.
  const label = plan.istio.dataplane === 'ambient' ? 'HBONE :15008' : `mTLS :${GATEWAY_PORT}`;
  if (nets.length < 2 || !asEdges) return { nodes: [], edges };
  if (nets.length <= PAIRWISE_MAX_NETWORKS) {
    for (let i = 0; i < nets.length; i++) {
      for (let j = i + 1; j < nets.length; j++) edges.push({ from: first(nets[i]), to: first(nets[j]), kind: 'cross-network', label });
    }
    return { nodes: [], edges };
  }
  // Beyond that a note, not edges: n edges into one hub cross every other edge.
  const hub: GraphNode = { id: 'cross_network', kind: 'hub', label: [`${nets.length} networks, east-west gateways`, `every network reaches every other (${label})`] };
  return { nodes: [hub], edges };
}

/**
 * The Karmada control plane: with edges to the networks where they are nodes; where networks are
 * boxes its label says it (an edge into a box sets the box aside in Mermaid's layout: 1,467 px wide
 * for the two-cluster Karmada example, 10 px text).
 */
function karmadaParts(plan: MeshPlan, asEdges = false): { nodes: GraphNode[]; edges: GraphEdge[] } {
  if (!plan.karmada) return { nodes: [], edges: [] };
  const label = ['Karmada control plane', `context ${plan.karmada.context}`, ...(asEdges ? [] : [`propagates to the members of ${plural(plan.networks.length, 'network')}`])];
  const node: GraphNode = { id: 'karmada', kind: 'karmada', label };
  if (!asEdges) return { nodes: [node], edges: [] };
  return { nodes: [node], edges: plan.networks.map((n) => ({ from: node.id, to: nodeId('net', n.name), kind: 'propagates' as const, label: 'propagates' })) };
}

/** What a cluster is: a primary (of how many remotes), or a remote and where its istiod runs. */
function roleLines(c: ClusterPlan, byName: ReadonlyMap<string, ClusterPlan>): string[] {
  if (c.role === 'primary') return [c.remotes.length > 0 ? `primary of ${plural(c.remotes.length, 'remote')}` : 'primary'];
  const p = c.primary ? byName.get(c.primary) : undefined;
  if (!p) return ['remote'];
  return p.network === c.network ? [`remote of ${p.name}`] : [`remote of ${p.name}`, `istiod via its gateway :${ISTIOD_PORT}`];
}

/** The gateway line of a cluster's label: its address, or that the address a remote needs is missing. */
function gatewayLine(c: ClusterPlan): string {
  if (c.eastWestGatewayAddress) return `east-west gateway ${c.eastWestGatewayAddress}`;
  return c.exposeIstiod ? 'east-west gateway (address not set)' : 'east-west gateway';
}

function fullGraph(plan: MeshPlan): Parts {
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const secrets = new Set(plan.remoteSecrets.map((s) => `${s.reader}>${s.target}`));
  const edges: GraphEdge[] = [];
  for (const r of plan.clusters) {
    if (!r.primary) continue;
    const p = byName.get(r.primary)!;
    // The path (through the primary's gateway across networks) is in the remote's label: an edge label
    // is a box of its own in Mermaid's layout and widens the picture. The legend says a primary reads its remotes.
    const reads = secrets.delete(`${p.name}>${r.name}`);
    edges.push({ from: nodeId('c', p.name), to: nodeId('c', r.name), kind: 'control-plane', ...(reads ? {} : { label: 'no remote secret' }) });
  }
  // A primary that reads other primaries says so in its label ("reads p2, p3 and their remotes"): an edge
  // between two primaries puts them in different ranks of a left-to-right chart and doubles its width.
  const readsLine = new Map<string, string>();
  for (const reader of plan.clusters.filter((c) => c.role === 'primary')) {
    const read = plan.clusters.filter((p) => p.role === 'primary' && p.name !== reader.name && secrets.has(`${reader.name}>${p.name}`));
    if (read.length === 0) continue;
    const all = read.every((p) => p.remotes.every((r) => secrets.has(`${reader.name}>${r}`)));
    for (const p of read) {
      secrets.delete(`${reader.name}>${p.name}`);
      if (all) for (const r of p.remotes) secrets.delete(`${reader.name}>${r}`);
    }
    const remotes = read.some((p) => p.remotes.length > 0) && all ? (read.length === 1 ? ' and its remotes' : ' and their remotes') : '';
    readsLine.set(reader.name, `reads ${someNames(read.map((p) => p.name), 'primaries', 3)}${remotes}`);
  }
  for (const s of [...secrets].sort()) {
    const [reader, target] = s.split('>');
    if (!secrets.has(s)) continue;
    secrets.delete(s);
    const both = secrets.delete(`${target}>${reader}`);
    edges.push({ from: nodeId('c', reader), to: nodeId('c', target), kind: both ? 'reads-both' : 'reads' });
  }
  const networks: GraphNetwork[] = plan.networks.map((n) => ({
    name: n.name,
    id: nodeId('net', n.name),
    label: [[`network ${n.name}`, ...crossLine(plan, n.name)].join(' · ')],
    nodes: [
      ...n.clusters.map((name): GraphNode => {
        const c = byName.get(name)!;
        const gateway = c.eastWestGateway && (c.role === 'primary' || c.eastWestGatewayAddress) ? [gatewayLine(c)] : [];
        return { id: nodeId('c', name), kind: c.role, label: [name, ...roleLines(c, byName), ...(readsLine.has(name) ? [readsLine.get(name)!] : []), ...gateway] };
      }),
      ...(plan.kiali && byName.get(plan.kiali.cluster)?.network === n.name
        ? [{ id: 'kiali', kind: 'kiali' as const, label: ['Kiali', `reads ${plural(plan.kiali.remotes.length, 'other cluster')}`] }]
        : []),
    ],
  }));
  const net = networkEdges(plan);
  const karmada = karmadaParts(plan);
  const kiali = plan.kiali ? [{ from: nodeId('c', plan.kiali.cluster), to: 'kiali', kind: 'runs' as const, label: 'runs' }] : [];
  return { networks, nodes: sortNodes([...net.nodes, ...karmada.nodes]), edges: [...net.edges, ...edges, ...kiali, ...karmada.edges] };
}

function summaryGraph(plan: MeshPlan): Parts {
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const readsOf = new Map<string, number>();
  for (const r of remoteSecretReaders(plan)) readsOf.set(r, plan.clusters.length - 1);
  const kialiOn = plan.kiali ? byName.get(plan.kiali.cluster) : undefined;
  const networks: GraphNetwork[] = plan.networks.map((n) => {
    const members = n.clusters.map((c) => byName.get(c)!);
    const remotes = members.filter((c) => c.role === 'remote').length;
    return {
      name: n.name,
      id: nodeId('net', n.name),
      label: [[`network ${n.name}`, ...crossLine(plan, n.name)].join(' · ')],
      nodes: [
        ...members.filter((c) => c.role === 'primary').map((c): GraphNode => ({
          id: nodeId('c', c.name), kind: 'primary',
          label: [c.name, `primary of ${plural(c.remotes.length, 'remote')}`, `reads ${plural(readsOf.get(c.name) ?? 0, 'cluster')}`, ...(c.eastWestGateway ? [gatewayLine(c)] : [])],
        })),
        ...(remotes > 0 ? [{ id: nodeId('rs', n.name), kind: 'remotes' as const, label: [plural(remotes, 'remote'), `on network ${n.name}`] }] : []),
        ...(kialiOn?.network === n.name ? [{ id: 'kiali', kind: 'kiali' as const, label: ['Kiali', `on ${kialiOn.name}`, `reads ${plural(plan.kiali!.remotes.length, 'other cluster')}`] }] : []),
      ],
    };
  });
  const edges: GraphEdge[] = [];
  for (const p of plan.clusters) {
    const perNetwork = new Map<string, number>();
    for (const r of p.remotes) perNetwork.set(byName.get(r)!.network, (perNetwork.get(byName.get(r)!.network) ?? 0) + 1);
    for (const [net, k] of [...perNetwork].sort(([a], [b]) => (a < b ? -1 : 1))) {
      edges.push({ from: nodeId('c', p.name), to: nodeId('rs', net), kind: 'control-plane', label: net === p.network ? `${k}` : `${k} via :${ISTIOD_PORT}` });
    }
  }
  const net = networkEdges(plan);
  const karmada = karmadaParts(plan);
  const kiali = kialiOn ? [{ from: kialiOn.role === 'primary' ? nodeId('c', kialiOn.name) : nodeId('rs', kialiOn.network), to: 'kiali', kind: 'runs' as const, label: 'runs' }] : [];
  return { networks, nodes: sortNodes([...net.nodes, ...karmada.nodes]), edges: [...net.edges, ...edges, ...kiali, ...karmada.edges] };
}

function networksGraph(plan: MeshPlan): Parts {
  const byName = new Map(plan.clusters.map((c) => [c.name, c]));
  const networks: GraphNetwork[] = plan.networks.map((n) => {
    const p = n.clusters.filter((c) => byName.get(c)!.role === 'primary').length;
    return { name: n.name, id: nodeId('net', n.name), nodes: [], label: [`network ${n.name}`, `${primariesText(p)}, ${plural(n.clusters.length - p, 'remote')}`] };
  });
  const net = networkEdges(plan, true);
  const karmada = karmadaParts(plan, true);
  const kialiNet = plan.kiali ? byName.get(plan.kiali.cluster)?.network : undefined;
  const kiali: GraphNode[] = plan.kiali ? [{ id: 'kiali', kind: 'kiali', label: ['Kiali', `on ${plan.kiali.cluster}`] }] : [];
  const kialiEdge = kialiNet ? [{ from: nodeId('net', kialiNet), to: 'kiali', kind: 'runs' as const, label: 'runs' }] : [];
  return { networks, nodes: sortNodes([...net.nodes, ...karmada.nodes, ...kiali]), edges: [...net.edges, ...kialiEdge, ...karmada.edges] };
}

function overviewGraph(plan: MeshPlan): Parts {
  const primaries = plan.clusters.filter((c) => c.role === 'primary').length;
  const mesh: GraphNode = {
    id: 'mesh', kind: 'mesh',
    label: [`mesh ${plan.meshId}`, `${plural(plan.clusters.length, 'cluster')} on ${plural(plan.networks.length, 'network')}`,
      `${primariesText(primaries)}, ${plural(plan.clusters.length - primaries, 'remote')}`, 'see the table of networks'],
  };
  const extra: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  if (plan.kiali) {
    extra.push({ id: 'kiali', kind: 'kiali', label: ['Kiali', `on ${plan.kiali.cluster}`] });
    edges.push({ from: mesh.id, to: 'kiali', kind: 'runs', label: 'runs' });
  }
  if (plan.karmada) {
    extra.push({ id: 'karmada', kind: 'karmada', label: ['Karmada control plane', `context ${plan.karmada.context}`] });
    edges.push({ from: 'karmada', to: mesh.id, kind: 'propagates', label: 'propagates' });
  }
  return { networks: [], nodes: sortNodes([mesh, ...extra]), edges };
}

const sortNodes = (nodes: GraphNode[]) => nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
