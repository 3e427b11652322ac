import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { issuesOf, withSpec } from './helpers';
import { meshInput, SEED_CLUSTERS, THREE_CLUSTERS } from '../helpers';

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
