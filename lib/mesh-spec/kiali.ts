import { didYouMean } from './did-you-mean';
import { addressProblem, parseIp } from '../names/dns';
import { parseIpRange } from './ip-range';
import { describeValue } from '../errors';
import { IssueSink } from './sink';
import { ClusterSpec, KIALI_AUTHS, KialiAuth, KialiSettings } from './types';
import { child } from './text';

export const KIALI_KEYS = ['cluster', 'auth', 'federation'];

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
  const federation = checkFederation(c, k.federation, clusters, cluster);
  return { cluster, auth, ...(federation ? { federation } : {}) };
}

/**
 * Checks `spec.kiali.federation`: keys are the other clusters, values the address of
 * their Prometheus (an IP or hostname). On a cluster with MetalLB the address must be in
 * its pool: meshgen pins the Service to it.
 */
function checkFederation(c: IssueSink, value: unknown, clusters: readonly ClusterSpec[], home: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  const f = c.object('spec.kiali.federation', value, false);
  if (!f) return undefined;
  const byName = new Map(clusters.map((cl) => [cl.name, cl]));
  const others = clusters.map((cl) => cl.name).filter((n) => n !== home).sort();
  const out: Record<string, string> = {};
  for (const [name, address] of Object.entries(f).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const p = child('spec.kiali.federation', name);
    if (name === home) {
      c.add(p, `"${name}" runs Kiali and the federating Prometheus itself; list only the other clusters (${others.join(', ') || 'none'})`);
      continue;
    }
    const cl = byName.get(name);
    if (!cl) {
      const guess = didYouMean(name, others);
      c.add(p, `"${name}" is not a cluster of this mesh; list the other clusters' Prometheus addresses, one of: ${others.join(', ')}${guess ? `, did you mean "${guess}"?` : ''}`);
      continue;
    }
    if (typeof address !== 'string') {
      c.add(p, `must be the address of ${name}'s Prometheus (an IP or hostname), got ${describeValue(address)}`);
      continue;
    }
    const problem = addressProblem(address);
    if (problem) {
      c.add(p, `${JSON.stringify(address)} ${problem}; give the address of ${name}'s prometheus-federation LoadBalancer, e.g. 172.18.255.231`);
      continue;
    }
    const ip = parseIp(address);
    if (ip && cl.metallb) {
      const inPool = cl.metallb.addresses.some((a) => {
        const r = parseIpRange(a)!;
        return r.family === ip.family && r.first <= ip.value && ip.value <= r.last;
      });
      if (!inPool) {
        c.add(p, `${JSON.stringify(address)} is not in ${name}'s MetalLB pool (${cl.metallb.addresses.join(', ')}); pick a free address of spec.clusters[${cl.index}].loadBalancer.metallb.addresses`);
        continue;
      }
    }
    out[name] = address;
  }
  return out;
}
