import { ClusterInput } from '../helpers';

/**
 * A generated mesh: `networks` networks, `primaries` primaries spread over them; the
 * other clusters are remotes spread over the networks, each with a primary on another
 * network when there is one. generated(12, 3, 3): 3 networks, 3 primaries with 3 remotes each.
 */
export function generated(total: number, networks: number, primaries: number): ClusterInput[] {
  const out: ClusterInput[] = [];
  const prim: ClusterInput[] = [];
  for (let i = 0; i < primaries; i++) {
    const c: ClusterInput = { name: `p${i + 1}`, network: `net${(i % networks) + 1}`, role: 'primary', address: `10.${Math.floor(i / 250)}.${i % 250}.1` };
    prim.push(c);
    out.push(c);
  }
  for (let i = 0; out.length < total; i++) {
    out.push({ name: `r${i + 1}`, network: `net${(i % networks) + 1}`, role: 'remote', primary: prim[(i + 1) % primaries].name });
  }
  return out;
}

/** Edges as Mermaid counts them, from the source text: every link, invisible ones too. */
export const mermaidEdges = (m: string) => m.split('\n').filter((l) => /\s(-->|-\.->|<-\.->|<==>|---|~~~)[\s|]/.test(l)).length;
