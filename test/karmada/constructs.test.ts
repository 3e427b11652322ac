import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { karmadaCacertsObjects } from '../../lib/karmada/cacerts';
import { NamespaceNetworkOverride } from '../../lib/karmada/cluster-override-policy';
import { IstioCrds } from '../../lib/karmada/istio-crds';
import { MemberOverride } from '../../lib/karmada/override-policy';
import { MemberPropagation } from '../../lib/karmada/propagation-policy';
import { ClusterCaFiles } from '../../lib/pki/pki-store';
import { validateObject } from '../../lib/schema';
import { docs, ROOT } from '../helpers';

function synth(build: (chart: Chart) => void): any[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

/** The Karmada guide's YAML (CC-BY-4.0, see test/fixtures/upstream/NOTICE.md): [0] cacerts-propagation, [1] and [2] the ClusterOverridePolicies. */
const GUIDE = docs(fs.readFileSync(path.join(ROOT, 'test/fixtures/upstream/karmada/istio-on-karmada-non-flat-network.yaml'), 'utf8'));

const ca = (member: string): ClusterCaFiles => ({
  caCert: `ca-cert of ${member}\n`, caKey: `ca-key of ${member}\n`, certChain: `chain of ${member}\n`, rootCert: 'the root\n',
} as ClusterCaFiles);
const b64 = (s: string) => Buffer.from(s).toString('base64');

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

describe('karmadaCacertsObjects', () => {
  const objects = karmadaCacertsObjects(new Map([['member2', ca('member2')], ['member1', ca('member1')]]), ['member2', 'member1'], 'istio-system');

  test('GIVEN two members THEN an OverridePolicy cacerts-<member> each, then the cacerts template', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['OverridePolicy/cacerts-member1', 'OverridePolicy/cacerts-member2', 'Secret/cacerts']);
  });

  test('GIVEN two members THEN each override replaces /data with that member\'s own intermediate, on that member only', () => {
    for (const [i, member] of ['member1', 'member2'].entries()) {
      const rule = objects[i].spec.overrideRules[0];
      expect(rule.targetCluster).toEqual({ clusterNames: [member] });
      expect(objects[i].spec.resourceSelectors).toEqual([{ apiVersion: 'v1', kind: 'Secret', name: 'cacerts' }]);
      expect(rule.overriders.plaintext).toEqual([{
        path: '/data', operator: 'replace',
        value: { 'ca-cert.pem': b64(`ca-cert of ${member}\n`), 'ca-key.pem': b64(`ca-key of ${member}\n`), 'cert-chain.pem': b64(`chain of ${member}\n`), 'root-cert.pem': b64('the root\n') },
      }]);
      expect(validateObject(objects[i])).toEqual([]);
    }
  });

  test('GIVEN two members THEN the template Secret is cacerts in istio-system and holds the root only, no key', () => {
    const secret = objects[2];
    expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
    expect(secret.data).toEqual({ 'root-cert.pem': b64('the root\n') });
    expect(validateObject(secret)).toEqual([]);
  });

  test('fails when a member has no intermediate', () => {
    expect(() => karmadaCacertsObjects(new Map([['member1', ca('member1')]]), ['member1', 'member2'], 'istio-system')).toThrow('no intermediate CA for member2');
  });
});

describe('IstioCrds', () => {
  test('GIVEN the vendored crd-all.gen.yaml THEN every CRD in it, unchanged, sorted by name', () => {
    const objects = synth((c) => new IstioCrds(c, 'crds'));
    const vendored = docs(fs.readFileSync(path.join(ROOT, 'crds/istio/crd-all.gen.yaml'), 'utf8'));
    const names = vendored.map((d) => d.metadata.name).sort();
    expect(objects.map((o) => o.metadata.name)).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['gateways.networking.istio.io', 'virtualservices.networking.istio.io', 'peerauthentications.security.istio.io']));
    const byName = new Map(vendored.map((d) => [d.metadata.name, d]));
    for (const o of objects) expect(o).toEqual(byName.get(o.metadata.name));
  });
});
