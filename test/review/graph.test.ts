import { planMesh } from '../../lib/plan/planner';
import { FULL_MAX_CLUSTERS, LEGEND_EDGES, MAX_EDGES, meshGraph } from '../../lib/review/graph';
import { toDot } from '../../lib/review/graph-dot';
import { toMermaid } from '../../lib/review/graph-mermaid';
import { ClusterInput, mesh, meshInput, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { generated, mermaidEdges } from './meshes';

const graphOf = (clusters: ClusterInput[]) => meshGraph(planMesh(mesh(clusters)));

const dotEdges = (d: string) => d.split('\n').filter((l) => / -> /.test(l)).length;

describe('meshGraph', () => {
  test('GIVEN three clusters THEN every cluster is a node with its gateway address folded in, grouped by network', () => {
    const g = graphOf(THREE_CLUSTERS);
    expect(g.level).toBe('full');
    expect(g.networks.map((n) => n.name)).toEqual(['network1', 'network2']);
    expect(g.networks[0].nodes.map((n) => [n.id, n.kind])).toEqual([['c_cluster1', 'primary'], ['c_cluster2', 'remote']]);
    expect(g.networks[0].nodes[0].label).toEqual(['cluster1', 'primary of 2 remotes', 'east-west gateway 34.75.71.237']);
    expect(g.networks[1].nodes[0].label).toContain('cluster3');
  });

  test('THEN each network box says which networks it reaches, and the remote across networks is served through the primary\'s gateway', () => {
    const g = graphOf(THREE_CLUSTERS);
    // an edge between two boxes would put them side by side in Mermaid's left-to-right layout: the box title says it
    expect(g.networks.map((n) => n.label)).toEqual([['network network1 · mTLS :15443 with network2'], ['network network2 · mTLS :15443 with network1']]);
    expect(g.edges.filter((e) => e.kind === 'cross-network')).toEqual([]);
    expect(g.networks[1].nodes[0].label).toEqual(['cluster3', 'remote of cluster1', 'istiod via its gateway :15012']);
    // unlabelled: the legend says a control-plane edge also reads (an edge label widens the picture)
    expect(g.edges.filter((e) => e.kind === 'control-plane')).toEqual([
      { from: 'c_cluster1', to: 'c_cluster2', kind: 'control-plane' },
      { from: 'c_cluster1', to: 'c_cluster3', kind: 'control-plane' },
    ]);
  });

  test('GIVEN two primaries THEN each says in its label whom it reads (an edge between primaries doubles the width)', () => {
    const g = graphOf([
      { name: 'a', network: 'n1', role: 'primary', address: '10.0.0.1' },
      { name: 'b', network: 'n2', role: 'primary', address: '10.0.0.2' },
      { name: 'c', network: 'n2', role: 'remote', primary: 'b' },
    ]);
    // a reads b and b's remote c
    expect(g.networks[0].nodes[0].label).toEqual(['a', 'primary', 'reads b and its remotes', 'east-west gateway 10.0.0.1']);
    expect(g.networks[1].nodes[0].label).toEqual(['b', 'primary of 1 remote', 'reads a', 'east-west gateway 10.0.0.2']);
    expect(g.edges.filter((e) => e.kind === 'reads' || e.kind === 'reads-both')).toEqual([]);
  });

  test('GIVEN a 12-cluster mesh (3 networks, 3 primaries with 3 remotes each) THEN the full picture with the 9 control-plane edges only', () => {
    const g = graphOf(generated(12, 3, 3));
    expect(g.level).toBe('full');
    expect(g.edges.filter((e) => e.kind === 'order')).toHaveLength(2);
    expect(g.edges.filter((e) => e.kind === 'control-plane')).toHaveLength(9);
    expect(g.edges.length).toBe(2 + 9);
    expect(g.networks[0].nodes[0].label).toContain('reads p2, p3 and their remotes');
  });

  test('GIVEN more than FULL_MAX_CLUSTERS clusters THEN a summary: primaries and counted remotes per network', () => {
    const g = graphOf(generated(50, 5, 5));
    expect(g.counts).toEqual({ clusters: 50, primaries: 5, remotes: 45, networks: 5 });
    expect(g.level).toBe('summary');
    expect(g.networks[0].nodes.map((n) => n.id)).toEqual(['c_p1', 'rs_net1']);
    expect(g.networks[0].nodes[1].label[0]).toBe('9 remotes');
    expect(graphOf(generated(FULL_MAX_CLUSTERS, 3, 3)).level).toBe('full');
  });

  test('GIVEN many networks THEN one node per network and a note that every network reaches every other (no quadratic edges)', () => {
    const g = graphOf(generated(20, 20, 20));
    expect(g.level).toBe('networks');
    expect(g.edges.filter((e) => e.kind === 'cross-network')).toHaveLength(0);
    expect(g.nodes.find((n) => n.id === 'cross_network')?.label).toEqual(['20 networks, east-west gateways', 'every network reaches every other (mTLS :15443)']);
  });

  test('GIVEN Kiali and Karmada THEN both are nodes: Kiali run by its cluster, Karmada propagating to every network', () => {
    const input = meshInput(THREE_CLUSTERS);
    input.spec.kiali = { cluster: 'cluster1' };
    input.spec.federation = { karmada: { context: 'karmada-apiserver' } };
    const g = meshGraph(planMesh(validateMeshSpec(input)));
    expect(g.networks[0].nodes.find((n) => n.id === 'kiali')?.label).toEqual(['Kiali', 'reads 2 other clusters']);
    expect(g.edges).toContainEqual({ from: 'c_cluster1', to: 'kiali', kind: 'runs', label: 'runs' });
    // networks are boxes: the label says what an edge into a box would (it sets the box aside in Mermaid's layout)
    expect(g.nodes.find((n) => n.id === 'karmada')?.label).toEqual(['Karmada control plane', 'context karmada-apiserver', 'propagates to the members of 2 networks']);
    expect(g.edges.filter((e) => e.kind === 'propagates')).toEqual([]);
  });

  test('THEN the same plan gives the same graph, whatever the order of clusters', () => {
    const shuffled = [...generated(50, 5, 5)].reverse();
    expect(toMermaid(meshGraph(planMesh(mesh(shuffled))))).toBe(toMermaid(graphOf(generated(50, 5, 5))));
    expect(toDot(graphOf([...THREE_CLUSTERS].reverse()))).toBe(toDot(graphOf(THREE_CLUSTERS)));
  });
});

describe('never more than 500 edges, counted from the source', () => {
  const shapes: [string, number, number, number][] = [];
  for (const n of [12, 50, 200, 1000]) {
    shapes.push([`${n} clusters, a primary and 3 remotes per network`, n, Math.ceil(n / 4), Math.ceil(n / 4)]);
    shapes.push([`${n} clusters, all primaries, each on its own network`, n, n, n]);
    shapes.push([`${n} clusters on 10 networks, 10 primaries`, n, 10, 10]);
    shapes.push([`${n} clusters on 3 networks, 60 primaries`, n, 3, Math.min(60, n)]);
  }
  test.each(shapes)('GIVEN %s THEN the Mermaid and DOT sources stay within the limit', (_, total, networks, primaries) => {
    const g = graphOf(generated(total, networks, primaries));
    const m = toMermaid(g);
    expect(mermaidEdges(m)).toBeLessThanOrEqual(MAX_EDGES);
    expect(mermaidEdges(m)).toBe(g.edges.filter((e) => e.kind !== 'order').length + LEGEND_EDGES);
    expect(dotEdges(toDot(g))).toBe(g.edges.length);
    expect(m.length).toBeLessThan(50_000); // Mermaid's maxTextSize
    if (total > FULL_MAX_CLUSTERS) expect(g.level).not.toBe('full');
  });
});

describe('toMermaid', () => {
  test('GIVEN three clusters THEN left to right, the legend first and one subgraph per network in reverse (Mermaid stacks later ones on top), classDef-styled nodes', () => {
    const m = toMermaid(graphOf(THREE_CLUSTERS));
    const lines = m.split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(m).toMatch(/^ {2}classDef primary /m);
    expect(m).toMatch(/^ {2}classDef remote /m);
    expect(m).toContain('  subgraph legend["legend"]');
    expect(m).toContain('    c_cluster1["cluster1<br/>primary of 2 remotes<br/>east-west gateway 34.75.71.237"]:::primary');
    expect(m).toContain('    c_cluster3["cluster3<br/>remote of cluster1<br/>istiod via its gateway :15012"]:::remote');
    expect(m.indexOf('subgraph net_network2')).toBeLessThan(m.indexOf('subgraph net_network1'));
    expect(m.indexOf('subgraph legend')).toBeLessThan(m.indexOf('subgraph net_network2')); // declared first: drawn at the bottom
    expect(m).not.toContain('~~~');
    expect(m).toContain('  subgraph net_network1["network network1 · mTLS :15443 with network2"]');
    expect(m).toContain('  c_cluster1 --> c_cluster3');
    expect((m.match(/^\s*subgraph /gm) ?? []).length).toBe((m.match(/^\s*end$/gm) ?? []).length);
  });

  test('GIVEN a label with Mermaid syntax characters THEN they are escaped', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.federation = { karmada: { context: 'a"b<c>' } };
    const m = toMermaid(meshGraph(planMesh(validateMeshSpec(input))));
    expect(m).toContain('context a#quot;b#lt;c#gt;');
  });
});

describe('toDot', () => {
  test('GIVEN the seed mesh THEN a well-formed digraph in one font, edges labelled on the edge, network edges clipped at the cluster', () => {
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
    const fonts = new Set([...dot.matchAll(/fontname="([^"]+)"/g)].map((m) => m[1]));
    expect([...fonts]).toEqual(['Helvetica']);
    expect(dot).toContain('edge [fontname="Helvetica", fontsize=10, decorate=true];');
    const declared = new Set([...dot.matchAll(/^\s+(\w+) \[label=/gm)].map((m) => m[1]));
    expect([...declared].sort()).toEqual(['c_cluster1', 'c_cluster2']);
    for (const [, a, b] of dot.matchAll(/^\s+(\w+) -> (\w+)/gm)) {
      expect(declared.has(a)).toBe(true);
      expect(declared.has(b)).toBe(true);
    }
    expect(dot).toContain('  c_cluster1 -> c_cluster2;');
    expect(dot).toContain('label="network network1 · mTLS :15443 with network2";');
    // networks stacked in name order by an invisible edge clipped at the clusters
    expect(dot).toContain('c_cluster1 -> c_cluster2 [style=invis, ltail=cluster_net_network1, lhead=cluster_net_network2];');
    expect(dot).toContain('subgraph cluster_net_network1 {');
  });
});
