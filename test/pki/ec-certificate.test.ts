import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { createIntermediateCa, createRootCa, resolveProfile } from '../../lib/pki';
import { ECDSA_WITH_SHA256, isEcKey } from '../../lib/pki/ec-certificate';
import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { PkiError, SpecError } from '../../lib/errors';
import { meshInput } from '../helpers';
import { opensslVerify, rm, tempDir, testWithOpenssl, x509 } from './helpers';

const NOW = new Date('2026-03-01T12:00:00Z');
const EC = { keyAlgorithm: 'ecdsa-p256' as const, now: NOW };

describe('ECDSA P-256 CA (spec.ca.keyAlgorithm: ecdsa-p256)', () => {
  let root: { certPem: string; keyPem: string };
  let inter: { certPem: string; keyPem: string };

  beforeAll(async () => {
    // GIVEN a P-256 root and one P-256 intermediate (milliseconds each)
    root = await createRootCa(EC);
    inter = await createIntermediateCa('cluster1', root, EC);
  });

  test('keys are SEC 1 "EC PRIVATE KEY" on P-256, which istiod parses (ParsePemEncodedKey)', () => {
    for (const m of [root, inter]) {
      expect(m.keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
      expect(isEcKey(m.keyPem)).toBe(true);
      expect(x509(m.certPem).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
  });

  test('the intermediate is signed by the root with ecdsa-with-SHA256, names and key identifiers link', () => {
    const r = x509(root.certPem);
    const i = x509(inter.certPem);
    expect(i.checkIssued(r)).toBe(true);
    expect(i.verify(r.publicKey)).toBe(true);
    expect(r.verify(r.publicKey)).toBe(true);
    expect(i.issuer).toBe(r.subject);
    expect(i.subject).toBe('O=Istio\nCN=Intermediate CA\nL=cluster1');
    expect(i.subjectAltName).toBe('DNS:istiod.istio-system.svc');
    expect(i.ca && r.ca).toBe(true);
    expect(ECDSA_WITH_SHA256).toBe('1.2.840.10045.4.3.2');
  });

  testWithOpenssl('openssl verify -x509_strict accepts the chain, and a workload certificate issued by the intermediate', () => {
    const dir = tempDir();
    try {
      const f = (n: string, text: string) => { fs.writeFileSync(path.join(dir, n), text); return path.join(dir, n); };
      const rootFile = f('root-cert.pem', root.certPem);
      const caFile = f('ca-cert.pem', inter.certPem);
      const caKey = f('ca-key.pem', inter.keyPem);
      expect(opensslVerify(['-x509_strict', '-CAfile', rootFile, caFile])).toMatch(/: OK/);
      // a leaf as istiod would sign it for a workload (SPIFFE SAN)
      const ext = f('leaf.ext', 'subjectAltName=URI:spiffe://cluster.local/ns/default/sa/default\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
      execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', path.join(dir, 'leaf-key.pem'), '-subj', '/O=cluster.local', '-out', path.join(dir, 'leaf.csr')], { stdio: 'pipe' });
      execFileSync('openssl', ['x509', '-req', '-in', path.join(dir, 'leaf.csr'), '-CA', caFile, '-CAkey', caKey, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', path.join(dir, 'leaf.pem')], { stdio: 'pipe' });
      expect(opensslVerify(['-x509_strict', '-CAfile', rootFile, '-untrusted', caFile, path.join(dir, 'leaf.pem')])).toMatch(/: OK/);
    } finally {
      rm(dir);
    }
  });

  testWithOpenssl('keyUsage of the EC intermediate has no keyEncipherment (RFC 5480 3); the root keeps keyCertSign, cRLSign', () => {
    const text = (pem: string) => execFileSync('openssl', ['x509', '-noout', '-ext', 'keyUsage'], { input: pem, encoding: 'utf8' });
    expect(text(inter.certPem)).toMatch(/Digital Signature, Non Repudiation, Certificate Sign, CRL Sign/);
    expect(text(root.certPem)).toMatch(/Certificate Sign, CRL Sign/);
  });

  test('fails an unknown key algorithm, naming it and the choices', () => {
    expect(() => resolveProfile({ keyAlgorithm: 'ed25519' as never })).toThrow(PkiError);
    expect(() => resolveProfile({ keyAlgorithm: 'ed25519' as never })).toThrow(/keyAlgorithm: "ed25519" is not supported; use one of rsa, ecdsa-p256/);
  });
});

describe('spec.ca.keyAlgorithm', () => {
  const spec = (ca: Record<string, unknown>) => ({ ...meshInput([{ name: 'c1', network: 'n1', role: 'primary', address: '10.0.0.1' }]), spec: { ...meshInput([{ name: 'c1', network: 'n1', role: 'primary', address: '10.0.0.1' }]).spec, ca } });

  test('defaults to rsa and accepts ecdsa-p256', () => {
    expect(validateMeshSpec(spec({})).ca.keyAlgorithm).toBe('rsa');
    expect(validateMeshSpec(spec({ keyAlgorithm: 'ecdsa-p256' })).ca.keyAlgorithm).toBe('ecdsa-p256');
  });

  test('fails a misspelt algorithm with a did-you-mean', () => {
    expect(() => validateMeshSpec(spec({ keyAlgorithm: 'ecdsa-p265' }))).toThrow(SpecError);
    expect(() => validateMeshSpec(spec({ keyAlgorithm: 'ecdsa-p265' }))).toThrow(/spec\.ca\.keyAlgorithm: .*ecdsa-p256/);
  });

  test('fails keySize with ecdsa-p256, which has a fixed size', () => {
    expect(() => validateMeshSpec(spec({ keyAlgorithm: 'ecdsa-p256', keySize: 2048 }))).toThrow(/spec\.ca\.keySize: is for RSA keys/);
  });
});

describe('prepareMeshCa with keyAlgorithm ecdsa-p256', () => {
  test('GIVEN a new mesh THEN it makes a P-256 root and one intermediate per cluster that chain to it', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { prepareMeshCa } = require('../../lib/pki/mesh-ca') as typeof import('../../lib/pki/mesh-ca');
    const dir = tempDir();
    try {
      const input = meshInput([{ name: 'c1', network: 'n1', role: 'primary', address: '10.0.0.1' }, { name: 'c2', network: 'n2', role: 'primary', address: '10.0.0.2' }]);
      input.spec.ca = { keyAlgorithm: 'ecdsa-p256', dir: path.join(dir, 'pki') };
      const progress: string[] = [];
      const ca = await prepareMeshCa(validateMeshSpec(input), { cwd: dir, onProgress: (m) => progress.push(m) });
      expect(progress.filter((m) => m.startsWith('generating'))).toEqual(expect.arrayContaining([expect.stringMatching(/root CA key \(ECDSA P-256\)/)]));
      for (const c of ['c1', 'c2']) {
        const files = ca!.get(c)!;
        expect(files.caKey).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
        expect(x509(files.caCert).verify(x509(files.rootCert).publicKey)).toBe(true);
        expect(files.certChain).toBe(files.caCert + files.rootCert);
      }
    } finally {
      rm(dir);
    }
  });
});
