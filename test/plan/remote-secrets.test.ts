import * as fc from 'fast-check';
import { planMesh } from '../../lib/plan/planner';
import { clustersReadBy, isReadByPrimary, remoteSecretCount, remoteSecretPairs, remoteSecretReaders } from '../../lib/plan/remote-secrets';
import { ClusterInput, mesh } from '../helpers';

/** The planner before it was made linear: every network and every pair spelled out by scanning. */
function quadraticReference(clusters: readonly { name: string; network: string; role: string }[]) {
  const names = [...clusters].sort((a, b) => (a.name < b.name ? -1 : 1));
  const networks = [...new Set(names.map((c) => c.network))].sort();
  return {
    networks: networks.map((n) => ({ name: n, clusters: names.filter((c) => c.network === n).map((c) => c.name) })),
    reachedFromNetworks: Object.fromEntries(names.map((c) => [c.name, networks.filter((n) => n !== c.network)])),
    remoteSecrets: names.filter((r) => r.role === 'primary').flatMap((r) => names.filter((t) => t.name !== r.name).map((t) => ({ reader: r.name, target: t.name }))),
  };
}

/** n clusters, each on its own network (the shape whose plan was quadratic), every third a primary. */
function manyNetworks(n: number): ClusterInput[] {
  return Array.from({ length: n }, (_, i): ClusterInput => (i % 3 === 0
    ? { name: `c${String(i).padStart(3, '0')}`, network: `net${i}`, role: 'primary', address: `10.0.${i}.1` }
    : { name: `c${String(i).padStart(3, '0')}`, network: `net${i}`, role: 'remote', primary: `c${String(i - (i % 3)).padStart(3, '0')}` }));
}

describe('remote secrets without the pairs', () => {
  test('GIVEN 120 clusters on 120 networks THEN the plan holds the networks, the other networks and the pairs the scanning planner made', () => {
    const clusters = manyNetworks(120);
    const plan = planMesh(mesh(clusters));
    const ref = quadraticReference(clusters);
    expect(plan.networks).toEqual(ref.networks);
    for (const c of plan.clusters) expect(c.reachedFromNetworks).toEqual(ref.reachedFromNetworks[c.name]);
    expect(plan.remoteSecrets).toEqual(ref.remoteSecrets);
    expect(plan.remoteSecrets).toHaveLength(40 * 119);
    // made when read, and then the same array each time; JSON has it like any other field
    expect(plan.remoteSecrets).toBe(plan.remoteSecrets);
    const json = JSON.parse(JSON.stringify(plan));
    expect(json.remoteSecrets).toEqual(ref.remoteSecrets);
    expect(json.clusters[1].reachedFromNetworks).toEqual(ref.reachedFromNetworks[plan.clusters[1].name]);
    expect(Object.keys(plan).indexOf('remoteSecrets')).toBe(Object.keys(plan).indexOf('networks') + 1);
  });

  test('GIVEN any mesh THEN readers, targets and counts agree with the pairs', () => {
    const arb = fc.array(fc.record({ network: fc.integer({ min: 0, max: 5 }), primary: fc.boolean(), owner: fc.nat() }), { minLength: 1, maxLength: 14 })
      .map((xs) => {
        const out: ClusterInput[] = [];
        xs.forEach((x, i) => {
          const primaries = out.filter((c) => c.role === 'primary');
          const name = `c${i}`;
          out.push(i === 0 || x.primary
            ? { name, network: `n${x.network}`, role: 'primary', address: `10.1.${i}.1` }
            : { name, network: `n${x.network}`, role: 'remote', primary: primaries[x.owner % primaries.length].name });
        });
        return out;
      });
    fc.assert(fc.property(arb, (clusters) => {
      const plan = planMesh(mesh(clusters));
      const pairs = remoteSecretPairs(plan);
      expect(plan.remoteSecrets).toEqual(pairs);
      expect(pairs).toEqual(quadraticReference(clusters).remoteSecrets);
      expect(remoteSecretCount(plan)).toBe(pairs.length);
      expect(remoteSecretReaders(plan)).toEqual([...new Set(pairs.map((p) => p.reader))]);
      for (const c of plan.clusters) {
        expect(isReadByPrimary(plan, c)).toBe(pairs.some((p) => p.target === c.name));
        if (c.role === 'primary' && plan.clusters.length > 1) expect(clustersReadBy(plan, c.name)).toEqual(pairs.filter((p) => p.reader === c.name).map((p) => p.target));
      }
    }), { numRuns: 60 });
  });

  test('GIVEN a single cluster THEN nobody reads anybody', () => {
    const plan = planMesh(mesh([{ name: 'solo', network: 'n', role: 'primary' }]));
    expect(remoteSecretReaders(plan)).toEqual([]);
    expect(remoteSecretCount(plan)).toBe(0);
    expect(isReadByPrimary(plan, plan.clusters[0])).toBe(false);
    expect(plan.clusters[0].reachedFromNetworks).toEqual([]);
  });
});
