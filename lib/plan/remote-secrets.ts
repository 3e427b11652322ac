import type { ClusterRole } from '../mesh-spec/types';

/*
 * Who reads whom through a remote secret. The one rule: every primary reads every other
 * cluster of the mesh (its remotes and, in a multi-primary mesh, every other primary and
 * remote). A multi-primary mesh of n clusters has n * (n - 1) such pairs, so what synth and
 * the steps need (the readers, whether a cluster is read, how many each reads) is answered
 * from the clusters here, in time linear in the mesh; the pairs themselves
 * (MeshPlan.remoteSecrets) are spelled out only when something reads them.
 */

/** A remote secret: `reader` (a primary's istiod) reads the API server of `target`. */
export interface RemoteSecretPlan {
  readonly reader: string;
  readonly target: string;
}

/** What the rule needs of a mesh plan: its clusters, sorted by name. */
export interface RemoteSecretMesh {
  readonly clusters: readonly { readonly name: string; readonly role: ClusterRole }[];
}

const primaryCounts = new WeakMap<object, number>();

function primaryCount(mesh: RemoteSecretMesh): number {
  let n = primaryCounts.get(mesh.clusters);
  if (n === undefined) {
    n = 0;
    for (const c of mesh.clusters) if (c.role === 'primary') n++;
    primaryCounts.set(mesh.clusters, n);
  }
  return n;
}

/** The primaries that read some cluster (all of them, when the mesh has another cluster), sorted. */
export function remoteSecretReaders(mesh: RemoteSecretMesh): string[] {
  return mesh.clusters.length > 1 ? mesh.clusters.filter((c) => c.role === 'primary').map((c) => c.name) : [];
}

/** Whether some primary reads `cluster` (its bundle then holds the reader token Secret). */
export function isReadByPrimary(mesh: RemoteSecretMesh, cluster: { readonly role: ClusterRole }): boolean {
  return primaryCount(mesh) - (cluster.role === 'primary' ? 1 : 0) > 0;
}

/** The clusters a primary reads, sorted: every other cluster of the mesh. */
export function clustersReadBy(mesh: RemoteSecretMesh, reader: string): string[] {
  return mesh.clusters.filter((c) => c.name !== reader).map((c) => c.name);
}

/** How many remote secrets the mesh has: primaries * (clusters - 1). */
export function remoteSecretCount(mesh: RemoteSecretMesh): number {
  return mesh.clusters.length > 1 ? primaryCount(mesh) * (mesh.clusters.length - 1) : 0;
}

/** Every remote secret, sorted by reader, then target. */
export function remoteSecretPairs(mesh: RemoteSecretMesh): RemoteSecretPlan[] {
  const out: RemoteSecretPlan[] = [];
  for (const reader of remoteSecretReaders(mesh)) {
    for (const target of mesh.clusters) if (target.name !== reader) out.push({ reader, target: target.name });
  }
  return out;
}
