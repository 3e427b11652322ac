import { Construct } from 'constructs';
import {
  Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages,
} from '../../imports/cert-manager-certificates-cert-manager.io';
import { Issuer } from '../../imports/cert-manager-issuers-cert-manager.io';
import { PkiError } from '../errors';
import { isDnsLabel, isDnsSubdomain } from '../names/dns';
import { INTERMEDIATE_CN, INTERMEDIATE_ORG, PKI_DEFAULTS, istiodDnsName } from './profile';
import { CACERTS_SECRET_NAME } from '../names/objects';

/*
 * cert-manager instead of files: the root key lives in a Secret the user creates in each
 * cluster (`kubectl create secret tls meshgen-root-ca -n istio-system --cert=root-cert.pem
 * --key=root-key.pem`), a CA Issuer signs with it, and a Certificate makes the cluster's
 * intermediate into the Secret `cacerts`. No private key ever goes into Git or a bundle.
 *
 * The Secret cert-manager writes is of type kubernetes.io/tls with the keys tls.crt
 * (the intermediate), tls.key (its key) and ca.crt (the CA that signed it: the root),
 * not ca-cert.pem/ca-key.pem/root-cert.pem/cert-chain.pem. istiod reads that format too:
 * istio/istio PR #39732 ("Tls cert cacerts secret format", merged July 2022, answering
 * issue #38528) taught `detectSigningCABundle` in pilot/pkg/bootstrap/istio_ca.go to look
 * for tls.crt in the mounted cacerts directory first; when present it signs with
 * tls.crt/tls.key, uses ca.crt as the root cert and tls.crt + ca.crt as the chain,
 * otherwise it falls back to the ca-cert.pem files. (Our reading: shipped in Istio 1.15
 * and later; older istiod needs the classic four files.) Limits to know:
 * - the root key sits in every cluster (in the root Secret); for an offline root use the
 *   files mode, or an external issuer (Vault, istio-csr);
 * - cert-manager writes no pathlen:0 basic constraint and no nonRepudiation bit, unlike
 *   the Makefile profile; istiod does not need them;
 * - after cert-manager renews the intermediate, check that your istiod release reloads
 *   the mounted cacerts files (recent ones watch them); otherwise restart istiod.
 */

export interface CertManagerIstioCaProps {
  /** The cluster this chart is for: its Certificate gets `L=<clusterName>`. */
  readonly clusterName: string;
  /**
   * Namespace istiod runs in; the Issuer, the Certificate and both Secrets live there.
   * @default "istio-system"
   */
  readonly namespace?: string;
  /**
   * The kubernetes.io/tls Secret (tls.crt, tls.key) holding the mesh root CA, created by
   * the user in each cluster before cert-manager can issue.
   * @default "meshgen-root-ca"
   */
  readonly rootSecretName?: string;
  /**
   * Name of the CA Issuer.
   * @default "meshgen-root-ca"
   */
  readonly issuerName?: string;
  /**
   * Lifetime of the intermediate, a Go duration.
   * @default "17520h" (730 days, the Makefile's INTERMEDIATE_DAYS)
   */
  readonly duration?: string;
  /**
   * How long before expiry cert-manager renews the intermediate, a Go duration.
   * @default "720h" (30 days)
   */
  readonly renewBefore?: string;
  /**
   * RSA key size of the intermediate.
   * @default 4096
   */
  readonly keySize?: number;
}

const isGoDuration = (s: string) => /^(\d+(\.\d+)?(h|m|s|ms))+$/.test(s);

/**
 * The cert-manager alternative to plug-in CA files, for one cluster: an Issuer of kind CA
 * backed by the root Secret, and the Certificate `cacerts` (isCA) whose Secret istiod
 * reads. Put one in each cluster's chart.
 */
export class CertManagerIstioCa extends Construct {
  /** The Issuer (cert-manager.io/v1). */
  public readonly issuer: Issuer;
  /** The Certificate `cacerts` (cert-manager.io/v1). */
  public readonly certificate: Certificate;

  constructor(scope: Construct, id: string, props: CertManagerIstioCaProps) {
    super(scope, id);
    const namespace = props.namespace ?? PKI_DEFAULTS.namespace;
    const rootSecretName = props.rootSecretName ?? 'meshgen-root-ca';
    const issuerName = props.issuerName ?? 'meshgen-root-ca';
    const duration = props.duration ?? `${PKI_DEFAULTS.intermediateDays * 24}h`;
    const renewBefore = props.renewBefore ?? '720h';
    const keySize = props.keySize ?? PKI_DEFAULTS.keySize;

    check('clusterName', props.clusterName, isDnsLabel, 'lowercase letters, digits and \'-\' (e.g. cluster1)');
    check('namespace', namespace, isDnsLabel, 'a Kubernetes namespace name (e.g. istio-system)');
    check('rootSecretName', rootSecretName, isDnsSubdomain, 'a Kubernetes Secret name (e.g. meshgen-root-ca)');
    check('issuerName', issuerName, isDnsSubdomain, 'a Kubernetes object name (e.g. meshgen-root-ca)');
    check('duration', duration, isGoDuration, 'a Go duration in hours (e.g. 17520h)');
    check('renewBefore', renewBefore, isGoDuration, 'a Go duration in hours (e.g. 720h)');
    if (goDurationSeconds(renewBefore) >= goDurationSeconds(duration)) {
      throw new PkiError(`renewBefore: "${renewBefore}" is not shorter than duration "${duration}"; use a renewBefore shorter than the lifetime (e.g. 720h)`, 'renewBefore');
    }
    if (![2048, 3072, 4096, 8192].includes(keySize)) {
      throw new PkiError(`keySize: ${keySize} is not an RSA size cert-manager accepts; use 2048, 3072, 4096 or 8192`, 'keySize');
    }

    this.issuer = new Issuer(this, 'issuer', {
      metadata: { name: issuerName, namespace },
      spec: { ca: { secretName: rootSecretName } },
    });

    this.certificate = new Certificate(this, 'certificate', {
      metadata: { name: CACERTS_SECRET_NAME, namespace },
      spec: {
        isCa: true,
        secretName: CACERTS_SECRET_NAME,
        commonName: INTERMEDIATE_CN,
        subject: { organizations: [INTERMEDIATE_ORG], localities: [props.clusterName] },
        dnsNames: [istiodDnsName(namespace)],
        duration,
        renewBefore,
        privateKey: {
          algorithm: CertificateSpecPrivateKeyAlgorithm.RSA,
          size: keySize,
          rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
        },
        usages: [
          CertificateSpecUsages.CERT_SIGN,
          CertificateSpecUsages.CRL_SIGN,
          CertificateSpecUsages.DIGITAL_SIGNATURE,
          CertificateSpecUsages.KEY_ENCIPHERMENT,
        ],
        issuerRef: { group: 'cert-manager.io', kind: 'Issuer', name: issuerName },
      },
    });
  }
}

function check(field: string, value: string, valid: (s: string) => boolean, expected: string): void {
  if (typeof value !== 'string' || !valid(value)) {
    throw new PkiError(`${field}: "${value}" is not valid; use ${expected}`, field);
  }
}

function goDurationSeconds(d: string): number {
  const unit: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  let total = 0;
  for (const m of d.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(m[1]) * unit[m[2]];
  return total;
}
