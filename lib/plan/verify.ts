import { VerifyClient, VerifySettings } from '../mesh-spec/types';

/** Istio's samples run in the namespace `sample`. */
export const VERIFY_NAMESPACE = 'sample';
export type HelloworldVersion = 'v1' | 'v2';

/** The verification of one cluster: what runs there and what its Job must see. */
export interface ClusterVerifyPlan {
  readonly cluster: string;
  /** helloworld versions deployed on this cluster, sorted (may be empty: Service only). */
  readonly versions: readonly HelloworldVersion[];
}

/** The helloworld verification across the mesh (`spec.verify`). */
export interface VerifyPlan {
  readonly namespace: string;
  readonly client: VerifyClient;
  readonly requests: number;
  /**
   * The versions every cluster's Job must see: all versions deployed anywhere. Every
   * cluster's istiod (its own, or its primary's) reads every cluster of the mesh, so
   * each sees every endpoint, across networks through the east-west gateways.
   */
  readonly expected: readonly HelloworldVersion[];
  /** Sorted by cluster name; every cluster of the mesh. */
  readonly clusters: readonly ClusterVerifyPlan[];
}

/** Decides which helloworld version runs where and what each cluster must see. Pure. */
export function planVerify(settings: VerifySettings, clusterNames: readonly string[]): VerifyPlan {
  const versionsOn = (name: string): HelloworldVersion[] =>
    (['v1', 'v2'] as const).filter((v) => settings.helloworld[v].includes(name));
  const clusters = [...clusterNames].sort().map((cluster) => ({ cluster, versions: versionsOn(cluster) }));
  const expected = (['v1', 'v2'] as const).filter((v) => settings.helloworld[v].length > 0);
  return { namespace: VERIFY_NAMESPACE, client: settings.client, requests: settings.requests, expected, clusters };
}
