import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { MemberPropagation } from '../../lib/karmada/propagation-policy';
import { validateObject } from '../../lib/schema';
import { docs, ROOT } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** The Karmada guide's YAML (CC-BY-4.0, see test/fixtures/upstream/NOTICE.md): [0] cacerts-propagation, [1] and [2] the ClusterOverridePolicies. */
const GUIDE = docs(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/karmada/istio-on-karmada-non-flat-network.yaml'), 'utf8'));

describe('MemberPropagation', () => {
  test('GIVEN the cacerts Secret and two members THEN it equals the guide\'s cacerts-propagation and validates', () => {
    const [p] = synth((c) => new MemberPropagation(c, 'p', {
      name: 'cacerts-propagation', namespace: 'istio-system',
      resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret', name: 'cacerts' }],
      clusterNames: ['member2', 'member1'],
    }));
    expect(p).toEqual(GUIDE[0]);
    expect(validateObject(p)).toEqual([]);
  });

  test('fails on an empty member list', () => {
    expect(() => synth((c) => new MemberPropagation(c, 'p', { name: 'x', namespace: 'n', resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret', name: 's' }], clusterNames: [] }))).toThrow('clusterNames is empty');
  });
});

describe('GIVEN a MemberPropagation with a cluster name that is not a DNS-1123 label', () => {
  test('fails at synth, naming the construct, the prop, the value and the fix', () => {
    const chart = new Chart(new App(), 'karmada');
    new MemberPropagation(chart, 'Propagation', {
      name: 'cacerts-propagation', namespace: 'istio-system',
      resourceSelectors: [{ apiVersion: 'v1', kind: 'Secret', name: 'cacerts' }], clusterNames: ['member1', 'Member_2'],
    });
    expect(() => chart.toJson()).toThrow(/\[karmada\/Propagation\] clusterNames\[1\]: "Member_2" is not a DNS-1123 label; use at most 63 lowercase/);
  });
});
