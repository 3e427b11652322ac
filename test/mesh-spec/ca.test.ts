import { validateMeshSpec } from '../../lib/mesh-spec/parse';
import { issuesOf, withSpec } from './helpers';

describe('spec.ca', () => {
  test('GIVEN no spec.ca THEN the CA is generated with RSA 4096 in .meshgen/pki', () => {
    expect(validateMeshSpec(withSpec({})).ca).toMatchObject({ mode: 'generated', dir: '.meshgen/pki', keyAlgorithm: 'rsa', keySize: 4096 });
  });

  test('fails on a provided root file with another mode, one line naming the field and the fix', () => {
    expect(issuesOf(withSpec({ ca: { mode: 'generated', rootCert: 'root-cert.pem' } }))).toEqual([
      { path: 'spec.ca.rootCert', message: 'is only used with mode: provided (mode is generated); set mode: provided or remove it' },
    ]);
  });

  test('fails on mode provided with only half a root, or with nothing', () => {
    expect(issuesOf(withSpec({ ca: { mode: 'provided', rootCert: 'root-cert.pem' } }))[0].path).toBe('spec.ca.rootKey');
    expect(issuesOf(withSpec({ ca: { mode: 'provided' } }))[0].message).toMatch(/^mode: provided needs rootCert \+ rootKey/);
  });

  test('fails on keySize with ecdsa-p256 keys', () => {
    expect(issuesOf(withSpec({ ca: { keyAlgorithm: 'ecdsa-p256', keySize: 2048 } }))[0]).toEqual({
      path: 'spec.ca.keySize', message: 'is for RSA keys; keyAlgorithm ecdsa-p256 has a fixed size, so remove keySize or set keyAlgorithm: rsa',
    });
  });

  test('fails on additionalRoots with a CA whose root meshgen does not hold', () => {
    expect(issuesOf(withSpec({ ca: { mode: 'cert-manager', additionalRoots: ['old-root.pem'] } }))[0].message).toMatch(/^is only used with mode: generated or provided \(mode is cert-manager\)/);
  });
});
