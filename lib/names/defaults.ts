/**
 * Where meshgen keeps key material unless told otherwise, relative to the directory
 * it runs in. Both directories hold private keys: keep them out of Git.
 */

/** The PKI directory (spec.ca.dir, --pki-dir): the root and one intermediate CA per cluster. */
export const DEFAULT_PKI_DIR = '.meshgen/pki';

/** The secrets output (--secrets-out): cacerts Secrets, remote secrets and Kiali's secrets, per cluster. */
export const DEFAULT_SECRETS_DIR = '.meshgen/secrets';
