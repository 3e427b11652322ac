import { EdgeKind, GraphNode, MeshGraph } from './graph';

const FONT = 'Helvetica';
const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const label = (lines: readonly string[]) => q(lines.join('\n')).replace(/\n/g, '\\n');

const NODE_STYLE: Record<GraphNode['kind'], string> = {
  primary: 'style="rounded,filled,bold", fillcolor="#dbeafe", color="#1d4ed8", penwidth=2',
  remote: 'style="rounded,filled,dashed", fillcolor="#f8fafc", color="#64748b"',
  remotes: 'style="rounded,filled,dashed", fillcolor="#f8fafc", color="#64748b"',
  kiali: 'style="rounded,filled", fillcolor="#fef3c7", color="#b45309"',
  karmada: 'style="rounded,filled", fillcolor="#fef3c7", color="#b45309"',
  hub: 'style="rounded"', network: 'style="rounded"', mesh: 'style="rounded"',
};

const EDGE_STYLE: Record<EdgeKind, string> = {
  'control-plane': '',
  'reads': 'style=dashed',
  'reads-both': 'style=dashed, dir=both',
  'cross-network': 'style=bold, dir=both, color="#1d4ed8"',
  'runs': 'arrowhead=none',
  'propagates': '',
  'order': 'style=invis',
};

/**
 * Graphviz DOT digraph (`dot -Tsvg`): one font throughout, edge labels drawn on their
 * edge (`decorate`), one cluster per network stacked top to bottom. Edges to a network
 * end at its first node, clipped at the network's border (`compound`). Ends with a newline.
 */
export function toDot(g: MeshGraph): string {
  const lines = [
    `digraph ${q(`mesh ${g.meshId}`)} {`,
    `  graph [fontname=${q(FONT)}, rankdir=TB, compound=true, newrank=true, nodesep=0.4, ranksep=0.6];`,
    `  node [fontname=${q(FONT)}, fontsize=12, shape=box];`,
    `  edge [fontname=${q(FONT)}, fontsize=10, decorate=true];`,
  ];
  const anchor = new Map<string, { node: string; cluster?: string }>();
  for (const n of g.networks) {
    if (n.nodes.length === 0) {
      lines.push(`  ${n.id} [label=${label(n.label)}, ${NODE_STYLE.network}];`);
      anchor.set(n.id, { node: n.id });
      continue;
    }
    lines.push(`  subgraph cluster_${n.id} {`, `    label=${label(n.label)};`, '    style=rounded;');
    for (const c of n.nodes) lines.push(`    ${c.id} [label=${label(c.label)}, ${NODE_STYLE[c.kind]}];`);
    lines.push('  }');
    anchor.set(n.id, { node: n.nodes[0].id, cluster: `cluster_${n.id}` });
  }
  for (const n of g.nodes) lines.push(`  ${n.id} [label=${label(n.label)}, ${NODE_STYLE[n.kind]}];`);
  for (const e of g.edges) {
    const from = anchor.get(e.from);
    const to = anchor.get(e.to);
    const attrs = [
      EDGE_STYLE[e.kind],
      e.label ? `label=${q(e.label)}` : '',
      from?.cluster ? `ltail=${from.cluster}` : '',
      to?.cluster ? `lhead=${to.cluster}` : '',
    ].filter((a) => a !== '');
    lines.push(`  ${from?.node ?? e.from} -> ${to?.node ?? e.to}${attrs.length > 0 ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
