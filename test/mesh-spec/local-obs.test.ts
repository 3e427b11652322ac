import { SpecError } from '../../lib/errors';
import { parseIpRange, rangesOverlap } from '../../lib/mesh-spec/ip-range';
import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { meshInput, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateMeshSpec(input);
  } catch (e) {
    if (e instanceof SpecError) return [...e.issues];
    throw e;
  }
  throw new Error('expected the spec to be rejected');
}

function withSpec(patch: Record<string, unknown>, clusters = SEED_CLUSTERS): any {
  const input = meshInput(clusters);
  Object.assign(input.spec, patch);
  return input;
}

function withMetallb(metallbs: (Record<string, unknown> | undefined)[], clusters = SEED_CLUSTERS): any {
  const input = meshInput(clusters);
  metallbs.forEach((m, i) => { if (m) input.spec.clusters[i].loadBalancer = { metallb: m }; });
  return input;
}

describe('spec.verify', () => {
  test('GIVEN no verify THEN the spec has none (nothing is rendered for it)', () => {
    expect(validateMeshSpec(meshInput(SEED_CLUSTERS)).verify).toBeUndefined();
  });

  test('GIVEN verify: {} THEN v1 on the first cluster by name, v2 on the second, curl, 20 calls', () => {
    const input = withSpec({ verify: {} }, [...THREE_CLUSTERS].reverse());
    expect(validateMeshSpec(input).verify).toEqual({ helloworld: { v1: ['cluster1'], v2: ['cluster2'] }, client: 'curl', requests: 20 });
  });

  test('GIVEN a one-cluster mesh THEN both versions run on it', () => {
    const input = withSpec({ verify: {} }, [{ name: 'solo', network: 'n', role: 'primary' }]);
    expect(validateMeshSpec(input).verify!.helloworld).toEqual({ v1: ['solo'], v2: ['solo'] });
  });

  test('GIVEN explicit placement, client and requests THEN they are kept, sorted', () => {
    const input = withSpec({ verify: { client: 'sleep', requests: 50, helloworld: { v1: ['cluster3', 'cluster1'] } } }, THREE_CLUSTERS);
    expect(validateMeshSpec(input).verify).toEqual({ helloworld: { v1: ['cluster1', 'cluster3'], v2: [] }, client: 'sleep', requests: 50 });
  });

  test('fails on an unknown cluster with a did-you-mean, naming the path', () => {
    expect(issuesOf(withSpec({ verify: { helloworld: { v1: ['cluster1'], v2: ['clustr2'] } } }))).toEqual([{
      path: 'spec.verify.helloworld.v2[0]',
      message: '"clustr2" is not a cluster of this mesh; name one of: cluster1, cluster2, did you mean "cluster2"?',
    }]);
  });

  test('fails on a bad client, a bad request count, an unknown key and an empty placement', () => {
    const issues = issuesOf(withSpec({ verify: { client: 'wget', requests: 0, helloword: {}, helloworld: { v1: [] } } }));
    expect(issues.map((i) => i.path)).toEqual(['spec.verify.helloword', 'spec.verify.client', 'spec.verify.requests', 'spec.verify.helloworld']);
    expect(issues[0].message).toContain('did you mean "helloworld"?');
    expect(issues[1].message).toContain('is not one of curl | sleep');
    expect(issues[2].message).toContain('number 0 is not a whole number from 1 to 1000');
  });

  test('fails on a cluster listed twice', () => {
    expect(issuesOf(withSpec({ verify: { helloworld: { v1: ['cluster1', 'cluster1'] } } }))[0].path).toBe('spec.verify.helloworld.v1[1]');
  });
});

describe('spec.meshNetworks', () => {
  test('GIVEN explicit THEN it is kept; GIVEN labels or nothing THEN the spec carries nothing', () => {
    expect(validateMeshSpec(withSpec({ meshNetworks: 'explicit' })).meshNetworks).toBe('explicit');
    expect(validateMeshSpec(withSpec({ meshNetworks: 'labels' })).meshNetworks).toBeUndefined();
    expect(validateMeshSpec(meshInput(SEED_CLUSTERS)).meshNetworks).toBeUndefined();
  });

  test('fails on another value with a did-you-mean', () => {
    expect(issuesOf(withSpec({ meshNetworks: 'explict' }))).toEqual([{ path: 'spec.meshNetworks', message: '"explict" is not one of labels | explicit; did you mean "explicit"?' }]);
  });
});

describe('spec.clusters[].loadBalancer.metallb', () => {
  test('GIVEN addresses only THEN docker network kind, IPAddressPool mode', () => {
    const spec = validateMeshSpec(withMetallb([{ addresses: ['172.18.255.200-172.18.255.225'] }, { addresses: ['172.18.255.226-172.18.255.250'] }]));
    expect(spec.clusters[0].metallb).toEqual({ addresses: ['172.18.255.200-172.18.255.225'], dockerNetwork: 'kind', legacyConfigMap: false });
    expect(spec.clusters[1].metallb!.addresses).toEqual(['172.18.255.226-172.18.255.250']);
  });

  test('GIVEN the same range on two different docker networks THEN it is accepted', () => {
    const spec = validateMeshSpec(withMetallb([
      { addresses: ['192.168.49.20-192.168.49.29'], dockerNetwork: 'east', legacyConfigMap: true },
      { addresses: ['192.168.49.20-192.168.49.29'], dockerNetwork: 'west' },
    ]));
    expect(spec.clusters[0].metallb!.legacyConfigMap).toBe(true);
  });

  test('fails on overlapping ranges on one docker network with one line naming both paths', () => {
    const input = withMetallb([{ addresses: ['172.18.255.200-172.18.255.250'] }, { addresses: ['172.18.255.240/28'] }]);
    const issues = issuesOf(input);
    expect(issues).toEqual([{
      path: 'spec.clusters[1].loadBalancer.metallb.addresses[0]',
      message: '"172.18.255.240/28" overlaps spec.clusters[0].loadBalancer.metallb.addresses[0] ("172.18.255.200-172.18.255.250" of cluster cluster1) on docker network "kind"; give each cluster its own range (or set dockerNetwork if they are on different networks)',
    }]);
    expect(issues[0].message).not.toContain('\n');
  });

  test('fails on ranges that are not ranges, a bad docker network, a non-boolean legacyConfigMap, an unknown key', () => {
    const issues = issuesOf(withMetallb([{ addresses: ['172.18.255.250-172.18.255.200', 'x', 7], dockerNetwork: 'my net', legacyConfigMap: 'yes', adresses: [] }]));
    expect(issues.map((i) => i.path)).toEqual([
      'spec.clusters[0].loadBalancer.metallb.adresses',
      'spec.clusters[0].loadBalancer.metallb.addresses[0]',
      'spec.clusters[0].loadBalancer.metallb.addresses[1]',
      'spec.clusters[0].loadBalancer.metallb.addresses[2]',
      'spec.clusters[0].loadBalancer.metallb.dockerNetwork',
      'spec.clusters[0].loadBalancer.metallb.legacyConfigMap',
    ]);
    expect(issues[0].message).toContain('did you mean "addresses"?');
  });

  test('fails on a loadBalancer without metallb, and on an empty address list', () => {
    const input = meshInput(SEED_CLUSTERS);
    input.spec.clusters[0].loadBalancer = {};
    input.spec.clusters[1].loadBalancer = { metallb: { addresses: [] } };
    expect(issuesOf(input).map((i) => i.path)).toEqual(['spec.clusters[0].loadBalancer.metallb', 'spec.clusters[1].loadBalancer.metallb.addresses']);
  });

  test('GIVEN YAML THEN the loadBalancer section parses', () => {
    const spec = parseMeshSpecYaml([
      'apiVersion: meshgen/v1alpha1', 'kind: Mesh', 'metadata: {name: m}', 'spec:', '  clusters:',
      '    - {name: east, network: network1, role: primary, loadBalancer: {metallb: {addresses: ["192.168.49.20-192.168.49.29"], dockerNetwork: istio}}}',
    ].join('\n'));
    expect(spec.clusters[0].metallb).toEqual({ addresses: ['192.168.49.20-192.168.49.29'], dockerNetwork: 'istio', legacyConfigMap: false });
  });
});

describe('parseIpRange', () => {
  test.each([
    ['172.18.255.200-172.18.255.250', 4, 0xac12ffc8n, 0xac12fffan],
    ['192.168.10.0/24', 4, 0xc0a80a00n, 0xc0a80affn],
    ['192.168.10.7/32', 4, 0xc0a80a07n, 0xc0a80a07n],
    ['fc00:f853:ccd:e799::/124', 6, 0xfc00f8530ccde7990000000000000000n, 0xfc00f8530ccde799000000000000000fn],
    ['::1-::ff', 6, 1n, 255n],
  ])('GIVEN %s THEN IPv%d %s..%s', (text, family, first, last) => {
    expect(parseIpRange(text as string)).toEqual({ family, first, last });
  });

  test.each(['172.18.255.250-172.18.255.200', '10.0.0.1', '10.0.0.0/33', '10.0.0.1-::2', '1:2:3', '1::2::3', 'a.b.c.d/8'])('fails on %s', (text) => {
    expect(parseIpRange(text)).toBeUndefined();
  });

  test('THEN touching ranges do not overlap, shared ends do, families never do', () => {
    const r = (s: string) => parseIpRange(s)!;
    expect(rangesOverlap(r('10.0.0.0/25'), r('10.0.0.128/25'))).toBe(false);
    expect(rangesOverlap(r('10.0.0.0-10.0.0.128'), r('10.0.0.128/25'))).toBe(true);
    expect(rangesOverlap(r('0.0.0.0/0'), r('::/0'))).toBe(false);
  });
});

describe('spec.kiali', () => {
  test('GIVEN kiali: {} THEN it runs on the first primary with token auth', () => {
    expect(validateMeshSpec(withSpec({ kiali: {} }, THREE_CLUSTERS)).kiali).toEqual({ cluster: 'cluster1', auth: 'token' });
  });

  test('GIVEN a cluster and anonymous THEN they are kept', () => {
    expect(validateMeshSpec(withSpec({ kiali: { cluster: 'cluster2', auth: 'anonymous' } })).kiali).toEqual({ cluster: 'cluster2', auth: 'anonymous' });
  });

  test('fails on an unknown cluster and an unknown strategy, with did-you-means', () => {
    expect(issuesOf(withSpec({ kiali: { cluster: 'clustr1', auth: 'anonymus' } }))).toEqual([
      { path: 'spec.kiali.cluster', message: '"clustr1" is not a cluster of this mesh; name the cluster Kiali runs on, one of: cluster1, cluster2, did you mean "cluster1"?' },
      { path: 'spec.kiali.auth', message: '"anonymus" is not one of token | anonymous | openid | header; did you mean "anonymous"? (Kiali\'s auth.strategy; token is the default, anonymous lets anyone in)' },
    ]);
  });
});

describe('spec.kiali.federation', () => {
  test('GIVEN addresses of the other clusters THEN they are kept', () => {
    const spec = validateMeshSpec(withSpec({ kiali: { federation: { cluster3: 'prom.example.com', cluster2: '10.0.0.9' } } }, THREE_CLUSTERS));
    expect(spec.kiali!.federation).toEqual({ cluster2: '10.0.0.9', cluster3: 'prom.example.com' });
  });

  test('fails on the Kiali cluster itself, an unknown cluster, a bad address', () => {
    const issues = issuesOf(withSpec({ kiali: { federation: { cluster1: '10.0.0.1', clustr3: '10.0.0.3', cluster2: 'not an address' } } }, THREE_CLUSTERS));
    expect(issues.map((i) => i.path)).toEqual(['spec.kiali.federation.cluster1', 'spec.kiali.federation.cluster2', 'spec.kiali.federation.clustr3']);
    expect(issues[2].message).toContain('did you mean "cluster3"?');
  });

  test('fails when the address is the cluster\'s own east-west gateway address (two LoadBalancer Services, one address)', () => {
    const input = withMetallb([undefined, { addresses: ['172.18.255.226-172.18.255.250'] }]);
    input.spec.clusters[1].eastWestGateway = { address: '172.18.255.230' };
    input.spec.kiali = { federation: { cluster2: '172.18.255.230' } };
    expect(issuesOf(input)).toEqual([{
      path: 'spec.kiali.federation.cluster2',
      message: '"172.18.255.230" is cluster2\'s east-west gateway address (spec.clusters[1].eastWestGateway.address); the two LoadBalancer Services cannot share it (one would stay pending): give cluster2\'s Prometheus another free address',
    }]);
  });

  test('fails when the address is outside the cluster\'s MetalLB pool (meshgen pins it there)', () => {
    const input = withMetallb([undefined, { addresses: ['172.18.255.226-172.18.255.250'] }]);
    input.spec.kiali = { federation: { cluster2: '172.18.255.200' } };
    expect(issuesOf(input)).toEqual([{
      path: 'spec.kiali.federation.cluster2',
      message: '"172.18.255.200" is not in cluster2\'s MetalLB pool (172.18.255.226-172.18.255.250); pick a free address of spec.clusters[1].loadBalancer.metallb.addresses',
    }]);
  });
});
