import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { issuesOf, withSpec, withMetallb } from './helpers';
import { THREE_CLUSTERS } from '../helpers';

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
