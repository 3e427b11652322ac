import { karmadaCacertsObjects } from '../../lib/karmada/cacerts';
import { ClusterCaFiles } from '../../lib/pki/pki-store';
import { validateObject } from '../../lib/schema';

const ca = (member: string): ClusterCaFiles => ({
  caCert: `ca-cert of ${member}\n`, caKey: `ca-key of ${member}\n`, certChain: `chain of ${member}\n`, rootCert: 'the root\n',
} as ClusterCaFiles);

const b64 = (s: string) => Buffer.from(s).toString('base64');

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
