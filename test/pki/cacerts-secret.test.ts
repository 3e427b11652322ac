import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import { PkiError } from '../../lib/errors';
import { cacertsSecret, cacertsSecretFromPki } from '../../lib/pki';
import { TEST_PKI } from './helpers';

const k8sDefs = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'k8s', 'v1.27.0-definitions.json'), 'utf8'));

describe('cacertsSecret', () => {
  test('is the Secret kubectl create secret generic cacerts --from-file makes', () => {
    // GIVEN the fixture PKI WHEN the Secret of cluster1 is built
    const secret = cacertsSecretFromPki(TEST_PKI, 'cluster1');
    // THEN it is an Opaque Secret named cacerts in istio-system with the four files in base64
    expect(secret.apiVersion).toBe('v1');
    expect(secret.kind).toBe('Secret');
    expect(secret.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
    expect(secret.type).toBe('Opaque');
    expect(Object.keys(secret.data)).toEqual(['ca-cert.pem', 'ca-key.pem', 'cert-chain.pem', 'root-cert.pem']);
    for (const [key, b64] of Object.entries(secret.data)) {
      expect(Buffer.from(b64, 'base64').equals(fs.readFileSync(path.join(TEST_PKI, 'cluster1', key)))).toBe(true);
    }
  });

  test('follows the namespace option', () => {
    const s = cacertsSecret({ caCert: 'a', caKey: 'b', rootCert: 'c', certChain: 'd' }, { namespace: 'istio-prod' });
    expect(s.metadata.namespace).toBe('istio-prod');
    expect(s.data['cert-chain.pem']).toBe(Buffer.from('d').toString('base64'));
  });

  test('validates against the Kubernetes 1.27 Secret schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    ajv.addFormat('int32', true).addFormat('int64', true).addFormat('byte', true);
    const validate = ajv.compile({ $ref: '#/definitions/io.k8s.api.core.v1.Secret', definitions: k8sDefs.definitions });
    const ok = validate(cacertsSecretFromPki(TEST_PKI, 'cluster2'));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  test('fails when the cluster has no intermediate', () => {
    expect(() => cacertsSecretFromPki(TEST_PKI, 'cluster9')).toThrow(PkiError);
  });
});
