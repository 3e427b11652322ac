import { didYouMean } from './did-you-mean';
import { IssueSink } from './sink';
import { ClusterSpec, KIALI_AUTHS, KialiAuth, KialiSettings } from './types';

export const KIALI_KEYS = ['cluster', 'auth'];

/** Checks `spec.kiali`; Kiali runs on `cluster` (default: the first primary by name). */
export function checkKiali(c: IssueSink, value: unknown, clusters: readonly ClusterSpec[]): KialiSettings | undefined {
  if (value === undefined || value === null) return undefined;
  const k = c.object('spec.kiali', value, false);
  if (!k) return undefined;
  c.keys('spec.kiali', k, KIALI_KEYS);
  const names = clusters.map((cl) => cl.name).sort();
  const primaries = clusters.filter((cl) => cl.role === 'primary').map((cl) => cl.name).sort();
  let cluster = primaries[0];
  const named = c.string('spec.kiali.cluster', k.cluster, false, primaries[0] ?? 'cluster1');
  if (named !== undefined) {
    if (names.includes(named)) cluster = named;
    else {
      const guess = didYouMean(named, names);
      c.add('spec.kiali.cluster', `"${named}" is not a cluster of this mesh; name the cluster Kiali runs on, one of: ${names.join(', ')}${guess ? `, did you mean "${guess}"?` : ''}`);
    }
  }
  let auth: KialiAuth = 'token';
  const a = c.string('spec.kiali.auth', k.auth, false, 'token');
  if (a !== undefined) {
    if ((KIALI_AUTHS as readonly string[]).includes(a)) auth = a as KialiAuth;
    else {
      const guess = didYouMean(a, KIALI_AUTHS);
      c.add('spec.kiali.auth', `${JSON.stringify(a)} is not one of ${KIALI_AUTHS.join(' | ')}${guess ? `; did you mean "${guess}"?` : ''} (Kiali's auth.strategy; token is the default, anonymous lets anyone in)`);
    }
  }
  if (cluster === undefined) return undefined;
  return { cluster, auth };
}
