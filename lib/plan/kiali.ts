import { KialiAuth, KialiSettings } from '../spec/types';

/** Kiali across the mesh: where it runs and which clusters it reads remotely. */
export interface KialiPlan {
  /** The cluster running Kiali. */
  readonly cluster: string;
  readonly auth: KialiAuth;
  /** Every other cluster, sorted: each gets Kiali's remote-access RBAC and token Secret. */
  readonly remotes: readonly string[];
}

/** Pure: Kiali reads every cluster of the mesh; all but its own are remote to it. */
export function planKiali(settings: KialiSettings, clusterNames: readonly string[]): KialiPlan {
  return {
    cluster: settings.cluster,
    auth: settings.auth,
    remotes: [...clusterNames].filter((n) => n !== settings.cluster).sort(),
  };
}
