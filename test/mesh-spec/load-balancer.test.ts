import { parseMeshSpecYaml, validateMeshSpec } from '../../lib/mesh-spec/parse';
import { issuesOf, withMetallb } from './helpers';
import { meshInput, SEED_CLUSTERS } from '../helpers';

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
