import { App, Chart } from 'cdk8s';
import { MemberOverride } from '../../lib/karmada/override-policy';
import { validateObject } from '../../lib/schema';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

describe('MemberOverride', () => {
  test('GIVEN a plaintext replace THEN an OverridePolicy for that member only, valid against the CRD', () => {
    const [p] = synth((c) => new MemberOverride(c, 'o', {
      name: 'job-m1', namespace: 'sample', member: 'm1',
      resourceSelector: { apiVersion: 'batch/v1', kind: 'Job', name: 'j' },
      plaintext: [{ path: '/spec/template/spec/containers/0/command/2', operator: 'replace', value: 'echo m1' }],
    }));
    expect([p.apiVersion, p.kind, p.metadata]).toEqual(['policy.karmada.io/v1alpha1', 'OverridePolicy', { name: 'job-m1', namespace: 'sample' }]);
    expect(p.spec.overrideRules).toEqual([{
      targetCluster: { clusterNames: ['m1'] },
      overriders: { plaintext: [{ path: '/spec/template/spec/containers/0/command/2', operator: 'replace', value: 'echo m1' }] },
    }]);
    expect(validateObject(p)).toEqual([]);
  });
});

describe('GIVEN a MemberOverride for a member that is not a DNS-1123 label', () => {
  test('fails at synth, naming the prop and the value', () => {
    const chart = new Chart(new App(), 'karmada');
    new MemberOverride(chart, 'Override', {
      name: 'cacerts-member1', namespace: 'istio-system', member: 'Member 1',
      resourceSelector: { apiVersion: 'v1', kind: 'Secret', name: 'cacerts' }, plaintext: [{ path: '/data/ca-cert.pem', operator: 'replace', value: 'x' }],
    });
    expect(() => chart.toJson()).toThrow(/\[karmada\/Override\] member: "Member 1" is not a DNS-1123 label/);
  });
});
