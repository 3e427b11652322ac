import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  chainProblem, isExpired, isIssuedBy, isNotYetValid, isSelfSigned, keyBits, keyMatchesCertificate,
  notAfterIso, oneLineName, parseCertificate, parseCertificates, parsePrivateKey, pathLenConstraint, sameCertificate,
} from '../certificate-checks';
import { PkiError } from '../../errors';
import { CaMaterial } from '../profile';
import {
  CA_KEY_FILE, CLUSTER_CA_FILES, ClusterCaFiles, PkiHooks, PREVIOUS_DIR, ROOT_CERT_FILE, ROOT_KEY_FILE, CERT_CHAIN_FILE, CA_CERT_FILE,
  checkClusterNames, clusterFiles, commitPki, ensureTrailingNewline, listClusterDirs, readClusterCa, readInput, readRootState,
  rootFiles, withPkiLock,
} from './layout';

/** The smallest RSA key meshgen accepts for a CA it is given (NIST SP 800-131A; istiod's own floor is 2048). */
export const MIN_RSA_BITS = 2048;

/** "provided" mode, first form: the user's own root CA; meshgen then makes intermediates. */
export interface ImportRootOptions {
  readonly kind: 'root';
  /** The PKI directory. */
  readonly dir: string;
  /** Path of the user's root certificate (PEM, self-signed, CA:true, RSA). */
  readonly rootCert: string;
  /** Path of its private key (PEM, unencrypted). */
  readonly rootKey: string;
  /**
   * Replace a different root already in the PKI.
   * @default false
   */
  readonly force?: boolean;
  /** @default the current time */
  readonly now?: Date;
  readonly hooks?: PkiHooks;
}

/** "provided" mode, second form: a ready-made intermediate CA for one cluster. */
export interface ImportIntermediateOptions {
  readonly kind: 'intermediate';
  /** The PKI directory. */
  readonly dir: string;
  /** The cluster the intermediate is for. */
  readonly cluster: string;
  /** Path of the intermediate certificate (ca-cert.pem). */
  readonly caCert: string;
  /** Path of the intermediate's private key (ca-key.pem). */
  readonly caKey: string;
  /** Path of the chain (cert-chain.pem): the intermediate first, then up to the root. */
  readonly certChain: string;
  /** Path of the root certificate (root-cert.pem). */
  readonly rootCert: string;
  /**
   * Replace an intermediate the cluster already has (the old one goes to `previous/`).
   * @default false
   */
  readonly force?: boolean;
  /** @default the current time */
  readonly now?: Date;
  readonly hooks?: PkiHooks;
}

export type ImportProvidedOptions = ImportRootOptions | ImportIntermediateOptions;

export interface ImportReport {
  readonly kind: 'root' | 'intermediate';
  /** Files written, relative to the PKI directory. Empty when the same material was there. */
  readonly written: string[];
  /**
   * After a root import: clusters of the PKI whose intermediate is not under the new root
   * (rotate them). Empty otherwise.
   */
  readonly clustersNotUnderRoot: string[];
}

/**
 * Imports material the user provides, after checking it: the key matches the certificate,
 * every CA certificate has CA:true, is valid now and has a key of at least 2048 bits, the
 * intermediate chains to the root, the path length constraints allow the chain (a root
 * with pathlen:0 allows no intermediate), and no certificate outlives the root.
 * Every check runs before anything is written. Refuses to replace existing different
 * material unless `force` is true.
 */
export async function importProvided(opts: ImportProvidedOptions): Promise<ImportReport> {
  return opts.kind === 'root' ? importRoot(opts) : importIntermediate(opts);
}

async function importRoot(opts: ImportRootOptions): Promise<ImportReport> {
  const now = opts.now ?? new Date();
  const certPem = readInput(opts.rootCert);
  const keyPem = readInput(opts.rootKey);
  const certs = parseCertificates(certPem, opts.rootCert);
  if (certs.length !== 1) {
    throw new PkiError(`${opts.rootCert}: holds ${certs.length} certificates; provide only the root certificate`, opts.rootCert);
  }
  const cert = certs[0];
  const key = parsePrivateKey(keyPem, opts.rootKey);
  checkCaCertificate(cert, opts.rootCert, now);
  if (!isSelfSigned(cert)) {
    throw new PkiError(`${opts.rootCert}: "${oneLineName(cert.subject)}" is not self-signed (issuer "${oneLineName(cert.issuer)}"); provide the root, or import this CA per cluster with --cluster as an intermediate`, opts.rootCert);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new PkiError(`${opts.rootKey}: is a ${key.asymmetricKeyType} key; meshgen signs intermediates with RSA roots only, so provide an RSA root or import ready-made intermediates per cluster`, opts.rootKey);
  }
  if (!keyMatchesCertificate(key, cert)) {
    throw new PkiError(`${opts.rootKey}: does not match ${opts.rootCert}; provide the private key of that certificate`, opts.rootKey);
  }
  if (pathLenConstraint(cert) === 0) {
    throw new PkiError(`${opts.rootCert}: "${oneLineName(cert.subject)}" has pathlen:0, which forbids the intermediate CA every cluster needs under it (each workload certificate would fail to verify); provide a root without a path length limit or with pathlen of at least 1`, opts.rootCert);
  }

  const dir = opts.dir;
  return withPkiLock(dir, async (lock) => {
    const state = readRootState(dir);
    if (state.kind !== 'none') {
      const existingCertPath = path.join(dir, ROOT_CERT_FILE);
      const same = state.kind === 'both'
        && sameCertificate(parseCertificate(fs.readFileSync(existingCertPath, 'utf8'), existingCertPath), cert)
        && keyMatchesCertificate(parsePrivateKey(fs.readFileSync(path.join(dir, ROOT_KEY_FILE), 'utf8'), path.join(dir, ROOT_KEY_FILE)), cert);
      if (same) return { kind: 'root' as const, written: [], clustersNotUnderRoot: clustersNotUnder(dir, cert) };
      if (!opts.force) {
        throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: a different root is already there; keep it, or pass force: true (--force) to replace it, which breaks the trust of every cluster under the old root`, path.join(dir, ROOT_KEY_FILE));
      }
    }
    const material: CaMaterial = { certPem: ensureTrailingNewline(certPem), keyPem: ensureTrailingNewline(keyPem) };
    await commitPki(dir, lock, { kind: 'import-root', target: dir }, rootFiles(material), opts.hooks);
    return { kind: 'root' as const, written: [ROOT_CERT_FILE, ROOT_KEY_FILE], clustersNotUnderRoot: clustersNotUnder(dir, cert) };
  });
}

async function importIntermediate(opts: ImportIntermediateOptions): Promise<ImportReport> {
  const [cluster] = checkClusterNames([opts.cluster]);
  const now = opts.now ?? new Date();
  const dir = opts.dir;
  const files: ClusterCaFiles = {
    caCert: readInput(opts.caCert),
    caKey: readInput(opts.caKey),
    rootCert: readInput(opts.rootCert),
    certChain: readInput(opts.certChain),
  };
  const caCert = parseCertificate(files.caCert, opts.caCert);
  const caKey = parsePrivateKey(files.caKey, opts.caKey);
  const root = parseCertificate(files.rootCert, opts.rootCert);
  const chain = parseCertificates(files.certChain, opts.certChain);
  if (!keyMatchesCertificate(caKey, caCert)) {
    throw new PkiError(`${opts.caKey}: does not match ${opts.caCert}; provide the private key of that certificate`, opts.caKey);
  }
  checkCaCertificate(caCert, opts.caCert, now);
  checkCaCertificate(root, opts.rootCert, now);
  if (!isSelfSigned(root)) {
    throw new PkiError(`${opts.rootCert}: "${oneLineName(root.subject)}" is not self-signed; provide the mesh's root certificate (the last one of the chain)`, opts.rootCert);
  }
  if (!isIssuedBy(caCert, root) && !chainLinksTo(caCert, chain, root)) {
    throw new PkiError(`${opts.caCert}: "${oneLineName(caCert.subject)}" does not chain to ${opts.rootCert} ("${oneLineName(root.subject)}"); provide the intermediate signed by that root, or the root that signed it`, opts.caCert);
  }
  const chainIssue = chainProblem(caCert, chain, root);
  if (chainIssue) {
    throw new PkiError(`${opts.certChain}: ${chainIssue}; provide the intermediate certificate first, then each CA up to the root`, opts.certChain);
  }
  chain.forEach((c) => { if (isExpired(c, now)) throw new PkiError(`${opts.certChain}: "${oneLineName(c.subject)}" expired on ${notAfterIso(c)}; provide a current chain`, opts.certChain); });
  checkPath(chain, root, opts);

  return withPkiLock(dir, async (lock) => {
    // One mesh, one root: the root must be the PKI's root and that of the other clusters.
    const pkiRootPath = path.join(dir, ROOT_CERT_FILE);
    if (fs.existsSync(pkiRootPath) && !sameCertificate(parseCertificate(fs.readFileSync(pkiRootPath, 'utf8'), pkiRootPath), root)) {
      throw new PkiError(`${opts.rootCert}: is not the root of this PKI (${pkiRootPath}, "${oneLineName(parseCertificate(fs.readFileSync(pkiRootPath, 'utf8'), pkiRootPath).subject)}"); all clusters of a mesh share one root, so provide an intermediate under it`, opts.rootCert);
    }
    for (const other of listClusterDirs(dir).filter((c) => c !== cluster)) {
      const p = path.join(dir, other, ROOT_CERT_FILE);
      if (fs.existsSync(p) && !sameCertificate(parseCertificate(fs.readFileSync(p, 'utf8'), p), root)) {
        throw new PkiError(`${opts.rootCert}: differs from the root of cluster ${other} (${p}); all clusters of a mesh share one root, so provide an intermediate under the same root`, opts.rootCert);
      }
    }

    const clusterDir = path.join(dir, cluster);
    const exists = fs.existsSync(clusterDir);
    const put = clusterFiles(cluster, files);
    if (exists) {
      const current = readClusterCa(dir, cluster);
      const same = (Object.keys(files) as (keyof ClusterCaFiles)[]).every((k) => current[k] === files[k]);
      if (same) return { kind: 'intermediate' as const, written: [], clustersNotUnderRoot: [] };
      if (!opts.force) {
        throw new PkiError(`${path.join(clusterDir, CA_KEY_FILE)}: cluster ${cluster} already has an intermediate CA; keep it, or pass force: true (--force) to replace it (the old files go to ${path.join(clusterDir, PREVIOUS_DIR)})`, path.join(clusterDir, CA_KEY_FILE));
      }
      for (const [k, v] of clusterFiles(`${cluster}/${PREVIOUS_DIR}`, current)) put.set(k, v);
    }
    await commitPki(dir, lock, { kind: 'import-intermediate', target: clusterDir }, put, opts.hooks);
    return { kind: 'intermediate' as const, written: CLUSTER_CA_FILES.map((f) => path.join(cluster, f)), clustersNotUnderRoot: [] };
  });
}

/**
 * The checks of a chain beyond signatures: every key at least 2048 bits, each CA's
 * pathlen allows the CAs under it, and nothing outlives the root.
 */
function checkPath(chain: crypto.X509Certificate[], root: crypto.X509Certificate, opts: ImportIntermediateOptions): void {
  const full = sameCertificate(chain[chain.length - 1], root) ? chain : [...chain, root];
  const files = [opts.caCert, ...full.slice(1, -1).map(() => opts.certChain), opts.rootCert];
  full.forEach((c, k) => {
    checkKeySize(c, files[k]);
    const limit = pathLenConstraint(c);
    if (k >= 1 && limit !== undefined && limit < k) {
      throw new PkiError(`${files[k]}: "${oneLineName(c.subject)}" has pathlen:${limit}, which forbids the ${k} CA(s) under it down to ${CA_CERT_FILE} (every workload certificate would fail to verify); provide a chain whose path length constraints allow it`, files[k]);
    }
    if (k < full.length - 1 && new Date(c.validTo).getTime() > new Date(root.validTo).getTime()) {
      throw new PkiError(`${files[k]}: "${oneLineName(c.subject)}" is valid until ${notAfterIso(c)}, after its root "${oneLineName(root.subject)}" expires (${notAfterIso(root)}); from then on nothing under it verifies, so provide an intermediate that ends by ${notAfterIso(root)}`, files[k]);
    }
  });
}

function checkKeySize(cert: crypto.X509Certificate, file: string): void {
  const { type, bits } = keyBits(cert);
  const min = type === 'rsa' ? MIN_RSA_BITS : 256;
  if (bits < min) {
    throw new PkiError(`${file}: "${oneLineName(cert.subject)}" has a ${bits}-bit ${type === 'rsa' ? 'RSA' : type} key; meshgen refuses CA keys under ${MIN_RSA_BITS} bits (RSA) or 256 bits (EC), so provide a stronger CA`, file);
  }
}

function checkCaCertificate(cert: crypto.X509Certificate, file: string, now: Date): void {
  if (!cert.ca) {
    throw new PkiError(`${file}: "${oneLineName(cert.subject)}" is not a CA certificate (no basicConstraints CA:true); provide a CA certificate`, file);
  }
  if (isExpired(cert, now)) {
    throw new PkiError(`${file}: "${oneLineName(cert.subject)}" expired on ${notAfterIso(cert)}; provide a certificate that is valid now`, file);
  }
  if (isNotYetValid(cert, now)) {
    throw new PkiError(`${file}: "${oneLineName(cert.subject)}" is not valid before ${new Date(cert.validFrom).toISOString()}; check the clock or provide a certificate that is valid now`, file);
  }
  checkKeySize(cert, file);
}

export function chainLinksTo(leaf: crypto.X509Certificate, chain: crypto.X509Certificate[], root: crypto.X509Certificate): boolean {
  return chainProblem(leaf, chain, root) === undefined;
}

function clustersNotUnder(dir: string, root: crypto.X509Certificate): string[] {
  return listClusterDirs(dir).filter((c) => {
    const p = path.join(dir, c, CA_CERT_FILE);
    if (!fs.existsSync(p)) return false;
    try {
      const cert = parseCertificate(fs.readFileSync(p, 'utf8'), p);
      const chainPath = path.join(dir, c, CERT_CHAIN_FILE);
      const chain = fs.existsSync(chainPath) ? parseCertificates(fs.readFileSync(chainPath, 'utf8'), chainPath) : [cert];
      return !isIssuedBy(cert, root) && !chainLinksTo(cert, chain, root);
    } catch {
      return true;
    }
  });
}
