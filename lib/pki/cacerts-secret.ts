import { PKI_DEFAULTS } from './profile';
import { ClusterCaFiles, readClusterCa } from './pki-store';
import { CACERTS_SECRET_NAME } from '../names/objects';


export interface CacertsSecretOptions {
  /**
   * Namespace of the Secret: the namespace istiod runs in.
   * @default "istio-system"
   */
  readonly namespace?: string;
}

/** The plain Kubernetes object of the `cacerts` Secret. */
export interface CacertsSecret {
  readonly apiVersion: 'v1';
  readonly kind: 'Secret';
  readonly metadata: { readonly name: string; readonly namespace: string };
  readonly type: 'Opaque';
  /** base64 of each file, keys sorted as `kubectl` writes them. */
  readonly data: {
    readonly 'ca-cert.pem': string;
    readonly 'ca-key.pem': string;
    readonly 'cert-chain.pem': string;
    readonly 'root-cert.pem': string;
  };
}

/**
 * The `cacerts` Secret of one cluster, the same object as
 * `kubectl create secret generic cacerts -n istio-system --from-file=ca-cert.pem
 * --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem` makes
 * (type Opaque, each file base64 in `data`, byte for byte).
 */
export function cacertsSecret(files: ClusterCaFiles, opts: CacertsSecretOptions = {}): CacertsSecret {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: CACERTS_SECRET_NAME, namespace: opts.namespace ?? PKI_DEFAULTS.namespace },
    type: 'Opaque',
    data: {
      'ca-cert.pem': b64(files.caCert),
      'ca-key.pem': b64(files.caKey),
      'cert-chain.pem': b64(files.certChain),
      'root-cert.pem': b64(files.rootCert),
    },
  };
}

/** `cacertsSecret` of a cluster read from the PKI directory (throws PkiError if missing). */
export function cacertsSecretFromPki(dir: string, cluster: string, opts: CacertsSecretOptions = {}): CacertsSecret {
  return cacertsSecret(readClusterCa(dir, cluster), opts);
}
