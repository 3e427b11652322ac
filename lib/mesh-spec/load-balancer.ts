import { parseIpRange, rangesOverlap } from './ip-range';
import { describeValue } from '../errors';
import { IssueSink } from './sink';
import { ClusterSpec, MetalLbSettings } from './types';

export const LOAD_BALANCER_KEYS = ['metallb'];
export const METALLB_KEYS = ['addresses', 'dockerNetwork', 'legacyConfigMap'];
/** kind puts its nodes on the docker network `kind`. */
export const DEFAULT_DOCKER_NETWORK = 'kind';
export const DOCKER_NETWORK = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Checks `spec.clusters[i].loadBalancer`; returns its MetalLB settings when valid. */
export function checkLoadBalancer(c: IssueSink, path: string, value: unknown): MetalLbSettings | undefined {
  const lb = c.object(path, value, false);
  if (!lb) return undefined;
  c.keys(path, lb, LOAD_BALANCER_KEYS);
  const p = `${path}.metallb`;
  const m = c.object(p, lb.metallb, true);
  if (!m) return undefined;
  c.keys(p, m, METALLB_KEYS);
  let ok = true;
  const addresses: string[] = [];
  if (!Array.isArray(m.addresses) || m.addresses.length === 0) {
    c.add(`${p}.addresses`, `${m.addresses === undefined ? 'is required' : `must be a non-empty list, got ${describeValue(m.addresses)}`}; list the ranges MetalLB may hand out, e.g. addresses: ["172.18.255.200-172.18.255.250"]`);
    ok = false;
  } else {
    m.addresses.forEach((a: unknown, i: number) => {
      const ap = `${p}.addresses[${i}]`;
      if (typeof a !== 'string') {
        c.add(ap, `must be a string, got ${describeValue(a)}; quote it, e.g. "172.18.255.200-172.18.255.250"`);
        ok = false;
      } else if (!parseIpRange(a)) {
        c.add(ap, `${JSON.stringify(a)} is neither a CIDR nor a range of one address family; write e.g. "172.18.255.200-172.18.255.250" or "172.18.255.192/27"`);
        ok = false;
      } else addresses.push(a);
    });
  }
  const network = c.string(`${p}.dockerNetwork`, m.dockerNetwork, false, DEFAULT_DOCKER_NETWORK);
  if (network !== undefined && !DOCKER_NETWORK.test(network)) {
    c.add(`${p}.dockerNetwork`, `${JSON.stringify(network)} is not a docker network name; use the name \`docker network ls\` prints (e.g. kind)`);
    ok = false;
  }
  let legacy = false;
  if (m.legacyConfigMap !== undefined) {
    if (typeof m.legacyConfigMap !== 'boolean') {
      c.add(`${p}.legacyConfigMap`, `must be true or false, got ${describeValue(m.legacyConfigMap)}`);
      ok = false;
    } else legacy = m.legacyConfigMap;
  }
  if (!ok) return undefined;
  return { addresses, dockerNetwork: network ?? DEFAULT_DOCKER_NETWORK, legacyConfigMap: legacy };
}

/**
 * MetalLB of clusters on one docker network answer ARP for the same L2 segment: two
 * clusters handing out the same address break both. Reports every overlapping pair
 * (also within one cluster), naming both paths.
 */
export function checkAddressOverlaps(c: IssueSink, clusters: readonly ClusterSpec[]): void {
  const entries = [...clusters].sort((a, b) => a.index - b.index).flatMap((cl) => (cl.metallb?.addresses ?? []).map((text, i) => ({
    path: `spec.clusters[${cl.index}].loadBalancer.metallb.addresses[${i}]`,
    cluster: cl.name,
    network: cl.metallb!.dockerNetwork,
    text,
    range: parseIpRange(text)!,
  })));
  for (let j = 1; j < entries.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = entries[i];
      const b = entries[j];
      if (a.network !== b.network || !rangesOverlap(a.range, b.range)) continue;
      c.add(b.path, `${JSON.stringify(b.text)} overlaps ${a.path} (${JSON.stringify(a.text)}${a.cluster === b.cluster ? '' : ` of cluster ${a.cluster}`}) on docker network "${b.network}"; give each cluster its own range (or set dockerNetwork if they are on different networks)`);
    }
  }
}
