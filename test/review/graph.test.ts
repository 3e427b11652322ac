import { planMesh } from '../../lib/plan/planner';
import { MAX_CROSS_NETWORK_EDGES, meshGraph, toDot, toMermaid } from '../../lib/review/graph';
import { ClusterInput, mesh, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

const graphOf = (clusters: ClusterInput[]) => meshGraph(planMesh(mesh(clusters)));

/** n primaries, each on its own network. */
const multiPrimary = (n: number): ClusterInput[] => Array.from({ length: n }, (_, i) => ({
  name: `c${i + 1}`, network: `n${i + 1}`, role: 'primary' as const, address: `10.0.0.${i + 1}`,
}));

describe('toMermaid', () => {
  test('GIVEN three clusters THEN every cluster and gateway is a node, grouped by network', () => {
    const m = toMermaid(graphOf(THREE_CLUSTERS));
    expect(m.split('\n')[0]).toBe('flowchart LR');
    expect(m).toContain('subgraph net_network1["network network1"]');
    expect(m).toContain('subgraph net_network2["network network2"]');
    for (const c of ['cluster1', 'cluster2', 'cluster3']) {
      expect(m).toContain(`c_${c}["${c}<br/>`);
      expect(m).toContain(`gw_${c}{{"east-west gateway<br/>${c}`);
      expect(m).toContain(`c_${c} --- gw_${c}`);
    }
    // cluster3 sits inside network2's subgraph
    const net2 = m.slice(m.indexOf('subgraph net_network2'));
    expect(net2.slice(0, net2.indexOf('  end')).includes('c_cluster3[')).toBe(true);
    expect((m.match(/^\s*subgraph /gm) ?? []).length).toBe((m.match(/^\s*end$/gm) ?? []).length);
  });

  test('THEN primary --> remote control-plane arrows and cross-network paths between gateways', () => {
    const m = toMermaid(graphOf(THREE_CLUSTERS));
    expect(m).toContain('c_cluster1 -->|control plane| c_cluster2');
    expect(m).toContain('c_cluster1 -->|control plane| c_cluster3');
    expect(m).toContain('gw_cluster1 <-.->|mTLS :15443| gw_cluster3');
    expect(m).toContain('gw_cluster2 <-.->|mTLS :15443| gw_cluster3');
    // same network: no cross-network path
    expect(m).not.toContain('gw_cluster1 <-.->|mTLS :15443| gw_cluster2');
  });

  test('GIVEN a primary and a remote on one network THEN the remote has no gateway and nothing crosses networks', () => {
    const m = toMermaid(graphOf([
      { name: 'a', network: 'n', role: 'primary', address: '10.1.1.1' },
      { name: 'b', network: 'n', role: 'remote', primary: 'a' },
    ]));
    expect(m).toContain('gw_a{{');
    expect(m).not.toContain('gw_b');
    expect(m).not.toContain('<-.->');
    expect(m).toContain('c_a -->|control plane| c_b');
  });

  test('GIVEN names with "-" THEN node ids are valid Mermaid ids', () => {
    const m = toMermaid(graphOf([
      { name: 'east-1', network: 'net-a', role: 'primary', address: '10.1.1.1' },
      { name: 'west-1', network: 'net-b', role: 'remote', primary: 'east-1' },
    ]));
    expect(m).toContain('c_east_1 -->|control plane| c_west_1');
    expect(m).toContain('subgraph net_net_a["network net-a"]');
  });

  test('GIVEN more gateway pairs than MAX_CROSS_NETWORK_EDGES THEN the paths go through one hub node (linear in clusters)', () => {
    const n = 20; // 190 pairs
    expect(n * (n - 1) / 2).toBeGreaterThan(MAX_CROSS_NETWORK_EDGES);
    const g = graphOf(multiPrimary(n));
    expect(g.crossNetworkEdges).toEqual([]);
    const m = toMermaid(g);
    expect((m.match(/<-\.->/g) ?? []).length).toBe(n);
    expect(m).toContain('gw_c7 <-.-> cross_network');
    expect(m).toContain('cross_network(("other networks');
  });

  test('THEN the same plan gives the same text, whatever the order of clusters', () => {
    expect(toMermaid(graphOf([...THREE_CLUSTERS].reverse()))).toBe(toMermaid(graphOf(THREE_CLUSTERS)));
    expect(toDot(graphOf([...THREE_CLUSTERS].reverse()))).toBe(toDot(graphOf(THREE_CLUSTERS)));
  });
});

describe('toDot', () => {
  test('GIVEN the seed mesh THEN it is a well-formed digraph: balanced braces, declared nodes, edges between them', () => {
    const dot = toDot(graphOf(SEED_CLUSTERS));
    expect(dot).toMatch(/^digraph "mesh mesh1" \{\n/);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    let depth = 0;
    for (const ch of dot.replace(/"(?:[^"\\]|\\.)*"/g, '""')) {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
    const declared = new Set([...dot.matchAll(/^\s+(\w+) \[label=/gm)].map((m) => m[1]));
    expect([...declared].sort()).toEqual(['c_cluster1', 'c_cluster2', 'gw_cluster1', 'gw_cluster2']);
    const edges = [...dot.matchAll(/^\s+(\w+) -> (\w+)(?: \[[^\]]*\])?;$/gm)].map((m) => [m[1], m[2]]);
    expect(edges.length).toBe(dot.split('\n').filter((l) => l.includes('->')).length);
    for (const [a, b] of edges) {
      expect(declared.has(a)).toBe(true);
      expect(declared.has(b)).toBe(true);
    }
    expect(dot).toContain('c_cluster1 -> c_cluster2 [label="control plane"];');
    expect(dot).toContain('gw_cluster1 -> gw_cluster2 [dir=both, style=dashed, label="mTLS :15443"];');
    expect(dot).toContain('subgraph cluster_net_network1 {');
  });
});
