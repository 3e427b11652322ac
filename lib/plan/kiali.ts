import { KialiAuth, KialiSettings } from '../mesh-spec/types';

/** Kiali across the mesh: where it runs and which clusters it reads remotely. */
export interface KialiPlan {
  /** The cluster running Kiali. */
  readonly cluster: string;
  readonly auth: KialiAuth;
  /** Every other cluster, sorted: each gets Kiali's remote-access RBAC and token Secret. */
  readonly remotes: readonly string[];
  /**
   * With `federation` in the spec: the clusters whose Prometheus the Kiali cluster's
   * federates (sorted, with their address), and those still without an address.
   */
  readonly federation?: { readonly targets: readonly { readonly cluster: string; readonly address: string }[]; readonly missing: readonly string[] };
}

/** Pure: Kiali reads every cluster of the mesh; all but its own are remote to it. */
export function planKiali(settings: KialiSettings, clusterNames: readonly string[]): KialiPlan {
  const remotes = [...clusterNames].filter((n) => n !== settings.cluster).sort();
  const f = settings.federation;
  return {
    cluster: settings.cluster,
    auth: settings.auth,
    remotes,
    ...(f ? {
      federation: {
        targets: remotes.filter((r) => f[r] !== undefined).map((cluster) => ({ cluster, address: f[cluster] })),
        missing: remotes.filter((r) => f[r] === undefined),
      },
    } : {}),
  };
}
