import * as fs from 'fs';
import * as path from 'path';
import { PkiError } from '../../lib/errors';
import {
  createIntermediateCa, createRootCa, istiodDnsName, randomSerial, resolveProfile,
} from '../../lib/pki';
import { FAST, ISTIO_CERTS, ext, forgeCert, opensslVerify, rm, tempDir, testWithOpenssl, x509 } from './helpers';

/** Node's crypto module itself (not an import wrapper), whose generateKeyPair lib/pki calls. */
const nodeCrypto: typeof import('crypto') = require('crypto');

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T12:00:00Z');

describe('profile (Istio Makefile.selfsigned.mk)', () => {
  let root: { certPem: string; keyPem: string };
  let inter: { certPem: string; keyPem: string };

  beforeAll(async () => {
    // GIVEN a root and one intermediate made with small keys
    root = await createRootCa({ ...FAST, now: NOW });
    inter = await createIntermediateCa('cluster1', root, { ...FAST, now: NOW });
  });

  test('the intermediate is signed by the root (Node X509Certificate)', () => {
    // WHEN the two are parsed by Node's own X.509 code
    const r = x509(root.certPem);
    const i = x509(inter.certPem);
    // THEN the names link and the signatures verify
    expect(i.checkIssued(r)).toBe(true);
    expect(i.verify(r.publicKey)).toBe(true);
    expect(r.checkIssued(r)).toBe(true);
    expect(r.verify(r.publicKey)).toBe(true);
    expect(r.ca).toBe(true);
    expect(i.ca).toBe(true);
  });

  testWithOpenssl('openssl verifies the intermediate against the root', () => {
    const dir = tempDir();
    try {
      fs.writeFileSync(path.join(dir, 'root-cert.pem'), root.certPem);
      fs.writeFileSync(path.join(dir, 'ca-cert.pem'), inter.certPem);
      // GIVEN/WHEN openssl verify -CAfile root-cert.pem ca-cert.pem  THEN OK
      expect(opensslVerify(['-auth_level', '0', '-CAfile', path.join(dir, 'root-cert.pem'), path.join(dir, 'ca-cert.pem')])).toMatch(/: OK/);
    } finally {
      rm(dir);
    }
  });

  test('root subject and issuer are O=Istio, CN=Root CA', () => {
    const r = x509(root.certPem);
    expect(r.subject).toBe('O=Istio\nCN=Root CA');
    expect(r.issuer).toBe(r.subject);
  });

  test('intermediate subject is O=Istio, CN=Intermediate CA, L=<cluster>; issuer is the root', () => {
    const i = x509(inter.certPem);
    expect(i.subject).toBe('O=Istio\nCN=Intermediate CA\nL=cluster1');
    expect(i.issuer).toBe('O=Istio\nCN=Root CA');
  });

  test('root basicConstraints: critical, CA:true, no pathlen', () => {
    const bc = ext<{ critical: boolean; cA: boolean; pathLenConstraint?: number }>(forgeCert(root.certPem), 'basicConstraints');
    expect(bc.critical).toBe(true);
    expect(bc.cA).toBe(true);
    expect(bc.pathLenConstraint).toBeUndefined();
  });

  test('intermediate basicConstraints: critical, CA:true, pathlen:0', () => {
    const bc = ext<{ critical: boolean; cA: boolean; pathLenConstraint?: number }>(forgeCert(inter.certPem), 'basicConstraints');
    expect(bc.critical).toBe(true);
    expect(bc.cA).toBe(true);
    expect(bc.pathLenConstraint).toBe(0);
  });

  test('root keyUsage: critical, keyCertSign and cRLSign only', () => {
    const ku = ext<Record<string, boolean>>(forgeCert(root.certPem), 'keyUsage');
    expect(ku.critical).toBe(true);
    expect(ku.keyCertSign).toBe(true);
    expect(ku.cRLSign).toBe(true);
    for (const bit of ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement']) {
      expect(ku[bit]).toBe(false);
    }
  });

  test('intermediate keyUsage: critical, upstream bits plus cRLSign', () => {
    const ku = ext<Record<string, boolean>>(forgeCert(inter.certPem), 'keyUsage');
    expect(ku.critical).toBe(true);
    for (const bit of ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyCertSign', 'cRLSign']) {
      expect(ku[bit]).toBe(true);
    }
    expect(ku.dataEncipherment).toBe(false);
    expect(ku.keyAgreement).toBe(false);
  });

  test('intermediate SAN is DNS:istiod.istio-system.svc', () => {
    expect(x509(inter.certPem).subjectAltName).toBe('DNS:istiod.istio-system.svc');
    expect(x509(root.certPem).subjectAltName).toBeUndefined();
  });

  test('subjectKeyIdentifier on both, authorityKeyIdentifier of the intermediate is the root SKI', () => {
    const rootSki = ext<{ subjectKeyIdentifier: string }>(forgeCert(root.certPem), 'subjectKeyIdentifier').subjectKeyIdentifier;
    const interSki = ext<{ subjectKeyIdentifier: string }>(forgeCert(inter.certPem), 'subjectKeyIdentifier').subjectKeyIdentifier;
    expect(rootSki).toMatch(/^[0-9a-f]{40}$/);
    expect(interSki).not.toBe(rootSki);
    // forge does not decode AKI; find the keyIdentifier [0] in the extension's DER
    const aki = ext<{ value: string }>(forgeCert(inter.certPem), 'authorityKeyIdentifier');
    expect(Buffer.from(aki.value, 'binary').toString('hex')).toBe(`30168014${rootSki}`);
  });

  test('validity: root 3650 days, intermediate 730 days, from now', () => {
    const r = x509(root.certPem);
    const i = x509(inter.certPem);
    expect(new Date(r.validFrom).getTime()).toBe(NOW.getTime());
    expect(new Date(r.validTo).getTime() - new Date(r.validFrom).getTime()).toBe(3650 * DAY);
    expect(new Date(i.validTo).getTime() - new Date(i.validFrom).getTime()).toBe(730 * DAY);
  });

  test('signatures are SHA-256 with RSA', () => {
    expect(forgeCert(root.certPem).siginfo.algorithmOid).toBe('1.2.840.113549.1.1.11');
    expect(forgeCert(inter.certPem).siginfo.algorithmOid).toBe('1.2.840.113549.1.1.11');
  });

  test('serial numbers are 16 random positive bytes', () => {
    const serials = [root.certPem, inter.certPem].map((p) => x509(p).serialNumber);
    for (const s of serials) {
      expect(s).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(s.startsWith('00')).toBe(false);
    }
    expect(new Set(Array.from({ length: 200 }, () => randomSerial())).size).toBe(200);
  });

  test('private keys are PKCS#1 PEM and match their certificates', () => {
    expect(inter.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(x509(inter.certPem).checkPrivateKey(require('crypto').createPrivateKey(inter.keyPem))).toBe(true);
    expect(x509(root.certPem).checkPrivateKey(require('crypto').createPrivateKey(root.keyPem))).toBe(true);
  });
});

describe('profile options', () => {
  test('the default profile is RSA 4096 with 3650/730 days', async () => {
    // GIVEN no options WHEN a root and an intermediate are made: Node is asked for 4096-bit RSA
    // keys, and answers with a committed 4096-bit key (Istio's sample; making two costs seconds)
    const key = nodeCrypto.createPrivateKey(fs.readFileSync(path.join(ISTIO_CERTS, 'ca-key-alt-2.pem')));
    const pair = [nodeCrypto.createPublicKey(key).export({ type: 'spki', format: 'pem' }), key.export({ type: 'pkcs1', format: 'pem' })];
    const asked: unknown[] = [];
    const spy = jest.spyOn(nodeCrypto, 'generateKeyPair').mockImplementation(((type: string, options: any, done: (...a: unknown[]) => void) => {
      asked.push({ type, modulusLength: options.modulusLength, publicExponent: options.publicExponent });
      setImmediate(() => done(null, ...pair));
    }) as any);
    let root: { certPem: string; keyPem: string };
    let inter: { certPem: string; keyPem: string };
    try {
      root = await createRootCa();
      inter = await createIntermediateCa('cluster1', root);
    } finally {
      spy.mockRestore();
    }
    expect(asked).toEqual([{ type: 'rsa', modulusLength: 4096, publicExponent: 0x10001 }, { type: 'rsa', modulusLength: 4096, publicExponent: 0x10001 }]);
    // THEN both keys are 4096-bit RSA and the lifetimes are the Makefile's
    for (const pem of [root.certPem, inter.certPem]) {
      expect(x509(pem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(4096);
    }
    const days = (pem: string): number => (new Date(x509(pem).validTo).getTime() - new Date(x509(pem).validFrom).getTime()) / DAY;
    expect(days(root.certPem)).toBe(3650);
    expect(days(inter.certPem)).toBe(730);
  });

  test('key size and lifetimes are configurable', async () => {
    const root = await createRootCa({ keySize: 1024, rootDays: 10, now: NOW });
    const inter = await createIntermediateCa('c2', root, { keySize: 1280, intermediateDays: 3, now: NOW });
    expect(x509(root.certPem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(1024);
    expect(x509(inter.certPem).publicKey.asymmetricKeyDetails?.modulusLength).toBe(1280);
    expect(new Date(x509(root.certPem).validTo).getTime()).toBe(NOW.getTime() + 10 * DAY);
    expect(new Date(x509(inter.certPem).validTo).getTime()).toBe(NOW.getTime() + 3 * DAY);
  });

  test('the SAN follows the Istio namespace', async () => {
    const root = await createRootCa(FAST);
    const inter = await createIntermediateCa('cluster1', root, { ...FAST, namespace: 'istio-prod' });
    expect(x509(inter.certPem).subjectAltName).toBe('DNS:istiod.istio-prod.svc');
    expect(istiodDnsName()).toBe('istiod.istio-system.svc');
  });

  test('fails on a key size that is not a multiple of 256 or too small', () => {
    expect(() => resolveProfile({ keySize: 1000 })).toThrow(PkiError);
    expect(() => resolveProfile({ keySize: 512 })).toThrow('keySize: 512 is not a supported RSA key size; use a multiple of 256 from 1024 to 16384 (default 4096)');
  });

  test('fails on a lifetime that is not a positive whole number of days', () => {
    expect(() => resolveProfile({ rootDays: 0 })).toThrow('rootDays: 0 is not a valid lifetime');
    expect(() => resolveProfile({ intermediateDays: 1.5 })).toThrow('intermediateDays: 1.5 is not a valid lifetime');
  });

  test('fails on a namespace that is not a DNS label', () => {
    expect(() => resolveProfile({ namespace: 'Istio_System' })).toThrow('namespace: "Istio_System" is not a valid Kubernetes namespace');
  });
});
