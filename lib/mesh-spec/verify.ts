import { didYouMean } from './did-you-mean';
import { describeValue } from '../errors';
import { IssueSink } from './sink';
import { ClusterSpec, VERIFY_CLIENTS, VerifyClient, VerifySettings } from './types';

export const VERIFY_KEYS = ['helloworld', 'client', 'requests'];
export const HELLOWORLD_KEYS = ['v1', 'v2'];
export const DEFAULT_VERIFY_REQUESTS = 20;

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Checks `spec.verify`. Without `helloworld`, v1 runs on the first cluster by name and
 * v2 on the second (both on the only cluster of a one-cluster mesh).
 */
export function checkVerify(c: IssueSink, value: unknown, clusters: readonly ClusterSpec[]): VerifySettings | undefined {
  if (value === undefined || value === null) return undefined;
  const v = c.object('spec.verify', value, false);
  if (!v) return undefined;
  c.keys('spec.verify', v, VERIFY_KEYS);
  const names = clusters.map((cl) => cl.name).sort(byString);

  let client: VerifyClient = 'curl';
  const clientRaw = c.string('spec.verify.client', v.client, false, 'curl');
  if (clientRaw !== undefined) {
    if ((VERIFY_CLIENTS as readonly string[]).includes(clientRaw)) client = clientRaw as VerifyClient;
    else c.add('spec.verify.client', `${JSON.stringify(clientRaw)} is not one of ${VERIFY_CLIENTS.join(' | ')} (Istio's samples/curl, or samples/sleep before Istio 1.24)`);
  }

  let requests = DEFAULT_VERIFY_REQUESTS;
  if (v.requests !== undefined) {
    if (typeof v.requests !== 'number' || !Number.isInteger(v.requests) || v.requests < 1 || v.requests > 1000) {
      c.add('spec.verify.requests', `${describeValue(v.requests)} is not a whole number from 1 to 1000; set how many calls each cluster's Job makes, e.g. requests: ${DEFAULT_VERIFY_REQUESTS}`);
    } else requests = v.requests;
  }

  const defaults = { v1: names.slice(0, 1), v2: names.slice(names.length > 1 ? 1 : 0, names.length > 1 ? 2 : 1) };
  const hw = c.object('spec.verify.helloworld', v.helloworld, false);
  if (!hw) return { helloworld: defaults, client, requests };
  c.keys('spec.verify.helloworld', hw, HELLOWORLD_KEYS);
  const versions: Record<'v1' | 'v2', string[]> = { v1: [], v2: [] };
  for (const version of ['v1', 'v2'] as const) {
    const p = `spec.verify.helloworld.${version}`;
    const list = hw[version];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      c.add(p, `must be a list of cluster names, got ${describeValue(list)}; e.g. ${version}: [${names[0] ?? 'cluster1'}]`);
      continue;
    }
    list.forEach((name: unknown, i: number) => {
      if (typeof name !== 'string') {
        c.add(`${p}[${i}]`, `must be a cluster name, got ${describeValue(name)}`);
      } else if (!names.includes(name)) {
        const guess = didYouMean(name, names);
        c.add(`${p}[${i}]`, `"${name}" is not a cluster of this mesh; name one of: ${names.join(', ')}${guess ? `, did you mean "${guess}"?` : ''}`);
      } else if (versions[version].includes(name)) {
        c.add(`${p}[${i}]`, `"${name}" is listed twice; remove one`);
      } else versions[version].push(name);
    });
  }
  if (versions.v1.length === 0 && versions.v2.length === 0) {
    c.add('spec.verify.helloworld', `runs no version anywhere; list clusters under v1 and/or v2, e.g. v1: [${names[0] ?? 'cluster1'}]`);
  }
  return { helloworld: { v1: versions.v1.sort(byString), v2: versions.v2.sort(byString) }, client, requests };
}
