import { EdgeKind, GraphNode, MeshGraph } from './graph';

const CLASSES = [
  '  classDef primary fill:#dbeafe,stroke:#1d4ed8,stroke-width:3px,color:#0b1f4d',
  '  classDef remote fill:#f8fafc,stroke:#64748b,stroke-width:1px,stroke-dasharray:5 3,color:#1e293b',
  '  classDef extra fill:#fef3c7,stroke:#b45309,stroke-width:1px,color:#451a03',
  '  classDef plain fill:#ffffff,stroke:#334155,stroke-width:1px,color:#0f172a',
];

/** How a pull-request comment marks a node: the cluster is new, or its files change. */
export type Highlight = 'added' | 'changed';
const HIGHLIGHT: Record<Highlight, string> = {
  added: '  classDef added fill:#dcfce7,stroke:#15803d,stroke-width:4px,color:#052e16',
  changed: '  classDef changed fill:#fef9c3,stroke:#b45309,stroke-width:4px,color:#422006',
};

const CLASS_OF: Record<GraphNode['kind'], string> = {
  primary: 'primary', remote: 'remote', remotes: 'remote', kiali: 'extra', karmada: 'extra', hub: 'plain', network: 'plain', mesh: 'plain',
};

/** Mermaid label text: plain lines joined by <br/>, with the characters that end a label escaped. */
const label = (lines: readonly string[]) => `"${lines.map((l) => l.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;')).join('<br/>')}"`;

const ARROW: Record<EdgeKind, (l?: string) => string> = {
  'control-plane': (l) => `-->${l ? `|${label([l])}|` : ''}`,
  'reads': (l) => `-.->${l ? `|${label([l])}|` : ''}`,
  'reads-both': (l) => `<-.->${l ? `|${label([l])}|` : ''}`,
  'cross-network': (l) => `<==>${l ? `|${label([l])}|` : ''}`,
  'runs': (l) => `---${l ? `|${label([l])}|` : ''}`,
  'propagates': (l) => `-->${l ? `|${label([l])}|` : ''}`,
  'order': () => '~~~',
};

const node = (n: GraphNode, indent: string) => `${indent}${n.id}[${label(n.label)}]:::${CLASS_OF[n.kind]}`;

/**
 * Mermaid flowchart (GitHub renders it in a ```mermaid block), left to right: one box per network,
 * top to bottom in name order, then a drawn legend, primaries left of their remotes. Ends with a newline.
 */
export function toMermaid(g: MeshGraph, highlight?: ReadonlyMap<string, Highlight>): string {
  // Left to right: primaries in the first rank, their remotes in the next, so a mesh grows downwards
  // (readable text at GitHub's 840 px) instead of sideways. Networks are boxes; Mermaid orders them.
  const lines = ['flowchart LR', ...CLASSES];

  lines.push(
    '  subgraph legend["legend"]',
    '    direction LR',
    `    legend_primary[${label(['primary', 'runs istiod'])}]:::primary`,
    `    legend_remote[${label(['remote', 'istiod on its primary'])}]:::remote`,
    `    legend_primary ${ARROW['control-plane']('control plane, reads')} legend_remote`,
    `    legend_primary ${ARROW.reads('reads (remote secret)')} legend_other`,
    `    legend_other[${label(['another cluster'])}]:::plain`,
    '  end',
  );
  // Mermaid's left-to-right layout stacks boxes declared later above those declared earlier: the legend is
  // declared first and networks in reverse name order, so it reads networks in name order, then the legend, downwards.
  for (const n of [...g.networks].reverse()) {
    if (n.nodes.length === 0) {
      lines.push(node({ id: n.id, kind: 'network', label: n.label }, '  '));
      continue;
    }
    // A network whose clusters link only among themselves is laid out on its own, top to bottom unless told.
    lines.push(`  subgraph ${n.id}[${label(n.label)}]`, '    direction LR');
    for (const c of n.nodes) lines.push(node(c, '    '));
    lines.push('  end');
  }
  for (const n of g.nodes) lines.push(node(n, '  '));

  // Invisible ordering links would put the networks side by side in a left-to-right chart: skipped.
  for (const e of g.edges.filter((x) => x.kind !== 'order')) lines.push(`  ${e.from} ${ARROW[e.kind](e.label)} ${e.to}`);
  // A pull-request comment marks the nodes a change adds or changes (classes after the node's own win).
  for (const kind of ['added', 'changed'] as const) {
    const ids = [...(highlight ?? [])].filter(([, k]) => k === kind).map(([id]) => id).sort();
    if (ids.length > 0) lines.push(HIGHLIGHT[kind], `  class ${ids.join(',')} ${kind}`);
  }
  return lines.join('\n') + '\n';
}
