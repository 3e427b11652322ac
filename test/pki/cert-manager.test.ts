import Ajv from 'ajv';
import { App, Chart, Testing } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { CertManagerIstioCa, CertManagerIstioCaProps } from '../../lib/pki';

const CRDS = path.join(__dirname, '..', '..', 'crds', 'cert-manager');

function crdSchema(file: string): object {
  const crd = YAML.parse(fs.readFileSync(path.join(CRDS, file), 'utf8'));
  return crd.spec.versions.find((v: { name: string }) => v.name === 'v1').schema.openAPIV3Schema;
}

function synth(props: CertManagerIstioCaProps): any[] {
  const app = Testing.app();
  const chart = new Chart(app as App, 'cluster');
  new CertManagerIstioCa(chart, 'ca', props);
  return Testing.synth(chart);
}

describe('CertManagerIstioCa', () => {
  test('emits a CA Issuer on the root secret and the cacerts Certificate', () => {
    // GIVEN the chart of cluster2 WHEN the construct is added
    const [issuer, cert] = synth({ clusterName: 'cluster2' });
    // THEN the Issuer signs with the root Secret
    expect(issuer).toEqual({
      apiVersion: 'cert-manager.io/v1', kind: 'Issuer',
      metadata: { name: 'meshgen-root-ca', namespace: 'istio-system' },
      spec: { ca: { secretName: 'meshgen-root-ca' } },
    });
    // AND the Certificate is the Makefile's intermediate of cluster2 written to cacerts
    expect(cert.apiVersion).toBe('cert-manager.io/v1');
    expect(cert.kind).toBe('Certificate');
    expect(cert.metadata).toEqual({ name: 'cacerts', namespace: 'istio-system' });
    expect(cert.spec.isCA).toBe(true);
    expect(cert.spec.secretName).toBe('cacerts');
    expect(cert.spec.commonName).toBe('Intermediate CA');
    expect(cert.spec.subject).toEqual({ organizations: ['Istio'], localities: ['cluster2'] });
    expect(cert.spec.dnsNames).toEqual(['istiod.istio-system.svc']);
    expect(cert.spec.duration).toBe('17520h');
    expect(cert.spec.renewBefore).toBe('720h');
    expect(cert.spec.privateKey).toEqual({ algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' });
    expect(cert.spec.usages).toEqual(['cert sign', 'crl sign', 'digital signature', 'key encipherment']);
    expect(cert.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'meshgen-root-ca' });
  });

  test('follows the namespace and name options', () => {
    const [issuer, cert] = synth({ clusterName: 'c1', namespace: 'istio-prod', rootSecretName: 'root', issuerName: 'mesh-root', duration: '8760h', renewBefore: '360h', keySize: 2048 });
    expect(issuer.metadata.namespace).toBe('istio-prod');
    expect(issuer.spec.ca.secretName).toBe('root');
    expect(cert.spec.dnsNames).toEqual(['istiod.istio-prod.svc']);
    expect(cert.spec.issuerRef.name).toBe('mesh-root');
    expect(cert.spec.privateKey.size).toBe(2048);
  });

  test('both objects validate against the vendored CRD schemas', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
    const [issuer, cert] = synth({ clusterName: 'cluster1' });
    const vIssuer = ajv.compile(crdSchema('cert-manager.io_issuers.yaml'));
    const vCert = ajv.compile(crdSchema('cert-manager.io_certificates.yaml'));
    expect(vIssuer(issuer) ? [] : vIssuer.errors).toEqual([]);
    expect(vCert(cert) ? [] : vCert.errors).toEqual([]);
  });

  test('fails on a cluster name that is not a DNS label', () => {
    expect(() => synth({ clusterName: 'Cluster 1' })).toThrow('clusterName: "Cluster 1" is not valid; use lowercase letters, digits and \'-\' (e.g. cluster1)');
  });

  test('fails when renewBefore is not shorter than duration', () => {
    expect(() => synth({ clusterName: 'c1', duration: '720h', renewBefore: '720h' })).toThrow('renewBefore: "720h" is not shorter than duration "720h"');
  });

  test('fails on a key size cert-manager does not accept', () => {
    expect(() => synth({ clusterName: 'c1', keySize: 1024 })).toThrow('keySize: 1024 is not an RSA size cert-manager accepts');
  });
});
