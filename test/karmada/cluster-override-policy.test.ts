import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { NamespaceNetworkOverride } from '../../lib/karmada/cluster-override-policy';
import { validateObject } from '../../lib/schema';
import { docs, ROOT } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** The Karmada guide's YAML (CC-BY-4.0, see test/fixtures/upstream/NOTICE.md): [0] cacerts-propagation, [1] and [2] the ClusterOverridePolicies. */
const GUIDE = docs(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/karmada/istio-on-karmada-non-flat-network.yaml'), 'utf8'));

describe('NamespaceNetworkOverride', () => {
  test('GIVEN the default form THEN a ClusterOverridePolicy istio-system-<member> adding only the network label with the labelsOverrider', () => {
    const [p] = synth((c) => new NamespaceNetworkOverride(c, 'o', { member: 'member1', network: 'network1' }));
    expect(p.metadata).toEqual({ name: 'istio-system-member1' });
    expect(p.spec.resourceSelectors).toEqual([{ apiVersion: 'v1', kind: 'Namespace', name: 'istio-system' }]);
    expect(p.spec.overrideRules).toEqual([{
      targetCluster: { clusterNames: ['member1'] },
      overriders: { labelsOverrider: [{ operator: 'add', value: { 'topology.istio.io/network': 'network1' } }] },
    }]);
    expect(validateObject(p)).toEqual([]);
  });

  test('GIVEN a remote THEN the controlPlaneClusters annotation is added with the annotationsOverrider, in both forms', () => {
    for (const form of ['labelsOverrider', 'plaintext'] as const) {
      const [p] = synth((c) => new NamespaceNetworkOverride(c, 'o', { member: 'member2', network: 'network2', controlPlaneClusters: ['member1'], form }));
      expect(p.spec.overrideRules[0].overriders.annotationsOverrider).toEqual([{ operator: 'add', value: { 'topology.istio.io/controlPlaneClusters': 'member1' } }]);
      expect(validateObject(p)).toEqual([]);
    }
  });

  test.each([['member1', 'network1', 1], ['member2', 'network2', 2]])('GIVEN form plaintext THEN %s\'s policy equals the Karmada guide\'s', (member, network, i) => {
    const [p] = synth((c) => new NamespaceNetworkOverride(c, 'o', { member, network, form: 'plaintext' }));
    expect(p).toEqual(GUIDE[i]);
    expect(validateObject(p)).toEqual([]);
  });

  test('GIVEN another Istio namespace THEN the policy selects and is named after it', () => {
    const [p] = synth((c) => new NamespaceNetworkOverride(c, 'o', { member: 'm', network: 'n', namespace: 'mesh-system' }));
    expect(p.metadata.name).toBe('mesh-system-m');
    expect(p.spec.resourceSelectors[0].name).toBe('mesh-system');
  });

  test('fails schema validation with an operator Karmada does not know (the check is real)', () => {
    const [p] = synth((c) => new NamespaceNetworkOverride(c, 'o', { member: 'm', network: 'n' }));
    p.spec.overrideRules[0].overriders.labelsOverrider[0].operator = 'merge';
    expect(validateObject(p)).not.toEqual([]);
  });
});

describe('GIVEN a NamespaceNetworkOverride with network "Not A Valid Label!!"', () => {
  test('fails at synth instead of rendering the label', () => {
    const chart = new Chart(new App(), 'karmada');
    new NamespaceNetworkOverride(chart, 'Labels', { member: 'member1', network: 'Not A Valid Label!!' });
    expect(() => chart.toJson()).toThrow(/\[karmada\/Labels\] network: "Not A Valid Label!!" is not a valid network name/);
  });
});
