import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  chainProblem, daysLeft, isExpired, isIssuedBy, isNotYetValid, isSelfSigned, keyMatchesCertificate,
  notAfterIso, oneLineName, parseCertificate, parseCertificates, parsePrivateKey, sameCertificate,
} from './certificate-checks';
import { PkiError, reason } from '../errors';
import { isDnsLabel } from '../names/dns';
import {
  CaMaterial, PkiProfileOptions, ResolvedProfile, RsaKeyPem,
  buildIntermediateCertificate, buildRootCertificate, generateRsaKey, resolveProfile,
} from './profile';

/*
 * On-disk layout of a PKI directory (default .meshgen/pki/, chosen by the caller):
 *
 *   <dir>/root-cert.pem          root certificate            0644
 *   <dir>/root-key.pem           root private key            0600
 *   <dir>/<cluster>/ca-cert.pem  intermediate certificate    0644   \
 *   <dir>/<cluster>/ca-key.pem   intermediate private key    0600    | the four keys of
 *   <dir>/<cluster>/root-cert.pem  copy of the root          0644    | the cacerts Secret
 *   <dir>/<cluster>/cert-chain.pem intermediate, then root   0644   /
 *   <dir>/<cluster>/previous/    the four files replaced by the last rotate or forced import
 *
 * Directories are 0700. Material is never written in place: a new root (with the clusters
 * of the same run) is built in a temp directory beside <dir> and renamed to <dir>; a new
 * cluster is built in <dir>/.tmp-new-<cluster>-* and renamed to <dir>/<cluster>. A run
 * that dies leaves at most a .tmp-* directory, which the next run removes (or, for an
 * interrupted swap, .tmp-old-<cluster>-* is renamed back to <cluster>).
 */

export const ROOT_CERT_FILE = 'root-cert.pem';
export const ROOT_KEY_FILE = 'root-key.pem';
export const CA_CERT_FILE = 'ca-cert.pem';
export const CA_KEY_FILE = 'ca-key.pem';
export const CERT_CHAIN_FILE = 'cert-chain.pem';
/** Where rotateIntermediate and a forced importProvided keep the replaced files. */
export const PREVIOUS_DIR = 'previous';
/** The four files of a cluster directory, in the order of the cacerts Secret. */
export const CLUSTER_CA_FILES = [CA_CERT_FILE, CA_KEY_FILE, ROOT_CERT_FILE, CERT_CHAIN_FILE] as const;

const TMP_PREFIX = '.tmp-';
const KEY_MODE = 0o600;
const CERT_MODE = 0o644;
const DIR_MODE = 0o700;

/** The four PEM files of one cluster, as the `cacerts` Secret wants them. */
export interface ClusterCaFiles {
  /** ca-cert.pem: the cluster's intermediate certificate. */
  readonly caCert: string;
  /** ca-key.pem: the intermediate's private key. */
  readonly caKey: string;
  /** root-cert.pem: the mesh root certificate. */
  readonly rootCert: string;
  /** cert-chain.pem: the intermediate, then the root. */
  readonly certChain: string;
}

/** A step about to be made visible; tests use it to simulate a crash. */
export interface PkiCommitStep {
  /** What is committed: a whole new PKI directory, one cluster, a root import. */
  readonly kind: 'pki' | 'cluster' | 'rotate' | 'import-root' | 'import-intermediate';
  /** The path that is about to appear or be replaced. */
  readonly target: string;
  /** The temp directory holding the complete new material. */
  readonly tempDir: string;
}

/** Test seams. Not for production use. */
export interface PkiHooks {
  /** Called with the temp directory complete, just before it is renamed into place. */
  readonly beforeCommit?: (step: PkiCommitStep) => void | Promise<void>;
}

export interface EnsurePkiOptions extends PkiProfileOptions {
  /** The PKI directory, e.g. `.meshgen/pki`. Created (0700) when absent. */
  readonly dir: string;
  /** Clusters that need an intermediate CA. Names are DNS labels (e.g. cluster1). */
  readonly clusters: readonly string[];
  /**
   * Start of validity of new certificates.
   * @default the current time
   */
  readonly now?: Date;
  /** Receives one line per step (each key generation starts with "generating"). */
  readonly onProgress?: (msg: string) => void;
  /** Test seams. */
  readonly hooks?: PkiHooks;
}

export interface PkiReport {
  readonly dir: string;
  /** True when this call made the root CA. */
  readonly rootCreated: boolean;
  /** Clusters that got a new intermediate in this call, sorted. */
  readonly createdClusters: string[];
  /** Clusters that already had one (left untouched), sorted. */
  readonly existingClusters: string[];
}

/**
 * Makes the root CA once and an intermediate CA for every cluster that lacks one.
 * Never regenerates existing material: a second call makes no key and changes no byte.
 * Keys of all new CAs are generated concurrently (native RSA, off the main thread).
 */
export async function ensurePki(opts: EnsurePkiOptions): Promise<PkiReport> {
  const profile = resolveProfile(opts);
  const dir = opts.dir;
  const clusters = checkClusterNames(opts.clusters);
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => undefined);

  recoverInterrupted(dir);
  const state = readRootState(dir);
  const existing = clusters.filter((c) => fs.existsSync(path.join(dir, c)));
  const missing = clusters.filter((c) => !existing.includes(c));
  for (const c of existing) checkClusterComplete(dir, c);

  if (state.kind === 'none') {
    const orphans = listClusterDirs(dir);
    if (orphans.length > 0) {
      if (missing.length === 0) {
        // Provided intermediates only (the root key stays with its owner): nothing to make.
        return { dir, rootCreated: false, createdClusters: [], existingClusters: existing };
      }
      throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: missing, so no intermediate can be made for ${missing.join(', ')} (the PKI already holds ${orphans.join(', ')}); set spec.ca.mode: provided with rootCert and rootKey, or provide the intermediates of ${missing.join(', ')}`, path.join(dir, ROOT_KEY_FILE));
    }
    if (fs.existsSync(dir) && !isEmptyDir(dir)) {
      throw new PkiError(`${dir}: holds files but no ${ROOT_CERT_FILE}, so it is not a meshgen PKI; empty it or choose another PKI directory`, dir);
    }
    await createFreshPki(dir, clusters, profile, now, progress, opts.hooks);
    return { dir, rootCreated: true, createdClusters: clusters, existingClusters: [] };
  }

  const root = loadRoot(dir, state);
  if (missing.length > 0) {
    const keys = await generateKeys(missing, profile, progress);
    for (const cluster of missing) {
      await commitNewCluster(dir, cluster, keys.get(cluster)!, root, profile, now, progress, opts.hooks);
    }
  }
  return { dir, rootCreated: false, createdClusters: missing, existingClusters: existing };
}

/** Reads the four cacerts files of one cluster. Throws PkiError when one is missing. */
export function readClusterCa(dir: string, cluster: string): ClusterCaFiles {
  checkClusterNames([cluster]);
  const read = (file: string): string => {
    const p = path.join(dir, cluster, file);
    try {
      return fs.readFileSync(p, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new PkiError(`${p}: missing; run "meshgen ca init" to create the intermediate CA of ${cluster}`, p);
      }
      throw new PkiError(`${p}: cannot be read (${reason(err)}); check the file's permissions`, p);
    }
  };
  return { caCert: read(CA_CERT_FILE), caKey: read(CA_KEY_FILE), rootCert: read(ROOT_CERT_FILE), certChain: read(CERT_CHAIN_FILE) };
}

export interface RotateIntermediateOptions extends PkiProfileOptions {
  /** The PKI directory. */
  readonly dir: string;
  /** The cluster whose intermediate CA is replaced. */
  readonly cluster: string;
  /** @default the current time */
  readonly now?: Date;
  readonly onProgress?: (msg: string) => void;
  readonly hooks?: PkiHooks;
}

export interface RotateReport {
  readonly cluster: string;
  /** Directory holding the replaced four files (`<dir>/<cluster>/previous`). */
  readonly previousDir: string;
  /** notAfter of the new intermediate, ISO 8601. */
  readonly notAfter: string;
}

/**
 * Replaces the intermediate CA of one cluster with a new one under the same root.
 * The replaced four files are kept in `<dir>/<cluster>/previous/` (only the last
 * generation: an older `previous/` is dropped). Refuses when the PKI has no usable root,
 * when the cluster has no intermediate yet (use ensurePki), or when the current
 * intermediate is not under this root (rotating would move the cluster to another root).
 */
export async function rotateIntermediate(opts: RotateIntermediateOptions): Promise<RotateReport> {
  const profile = resolveProfile(opts);
  const dir = opts.dir;
  const [cluster] = checkClusterNames([opts.cluster]);
  const now = opts.now ?? new Date();
  const progress = opts.onProgress ?? (() => undefined);

  recoverInterrupted(dir);
  const state = readRootState(dir);
  if (state.kind === 'none') {
    throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: missing, so ${cluster} cannot get a new intermediate; run "meshgen ca init", or set spec.ca.mode: provided with rootCert and rootKey`, path.join(dir, ROOT_KEY_FILE));
  }
  const root = loadRoot(dir, state);
  const clusterDir = path.join(dir, cluster);
  if (!fs.existsSync(clusterDir)) {
    throw new PkiError(`${clusterDir}: missing, so there is nothing to rotate for cluster ${cluster}; run "meshgen ca init" to create its first intermediate`, clusterDir);
  }
  const current = readClusterCa(dir, cluster);
  const currentCert = parseCertificate(current.caCert, path.join(clusterDir, CA_CERT_FILE));
  if (!isIssuedBy(currentCert, parseCertificate(root.certPem, path.join(dir, ROOT_CERT_FILE)))) {
    throw new PkiError(`${path.join(clusterDir, CA_CERT_FILE)}: is not issued by ${path.join(dir, ROOT_CERT_FILE)}, so rotating would move ${cluster} to another root; import a new intermediate for it with "meshgen ca import --cluster ${cluster} --force" instead`, path.join(clusterDir, CA_CERT_FILE));
  }

  const keys = await generateKeys([cluster], profile, progress);
  const material = intermediateMaterial(cluster, keys.get(cluster)!, root, profile, now);
  const tmp = makeTempDir(dir, `new-${cluster}`);
  try {
    writeClusterFiles(tmp, material);
    writeClusterFiles(path.join(tmp, PREVIOUS_DIR), current);
    await opts.hooks?.beforeCommit?.({ kind: 'rotate', target: clusterDir, tempDir: tmp });
    swapDir(dir, cluster, tmp);
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  progress(`rotated the intermediate CA of ${cluster}; the previous one is in ${path.join(clusterDir, PREVIOUS_DIR)}`);
  const cert = parseCertificate(material.caCert, path.join(clusterDir, CA_CERT_FILE));
  return { cluster, previousDir: path.join(clusterDir, PREVIOUS_DIR), notAfter: notAfterIso(cert) };
}

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
 * every CA certificate has CA:true and is valid now, the intermediate chains to the root.
 * Refuses to replace existing different material unless `force` is true.
 */
export async function importProvided(opts: ImportProvidedOptions): Promise<ImportReport> {
  recoverInterrupted(opts.dir);
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

  const dir = opts.dir;
  const state = readRootState(dir);
  if (state.kind !== 'none') {
    const existingCertPath = path.join(dir, ROOT_CERT_FILE);
    const same = state.kind === 'both'
      && sameCertificate(parseCertificate(fs.readFileSync(existingCertPath, 'utf8'), existingCertPath), cert)
      && keyMatchesCertificate(parsePrivateKey(fs.readFileSync(path.join(dir, ROOT_KEY_FILE), 'utf8'), path.join(dir, ROOT_KEY_FILE)), cert);
    if (same) return { kind: 'root', written: [], clustersNotUnderRoot: clustersNotUnder(dir, cert) };
    if (!opts.force) {
      throw new PkiError(`${path.join(dir, ROOT_KEY_FILE)}: a different root is already there; keep it, or pass force: true (--force) to replace it, which breaks the trust of every cluster under the old root`, path.join(dir, ROOT_KEY_FILE));
    }
  }

  const material: CaMaterial = { certPem: ensureTrailingNewline(certPem), keyPem: ensureTrailingNewline(keyPem) };
  if (!fs.existsSync(dir) || isEmptyDir(dir)) {
    const tmp = makeSiblingTempDir(dir);
    try {
      writeRootFiles(tmp, material);
      await opts.hooks?.beforeCommit?.({ kind: 'import-root', target: dir, tempDir: tmp });
      fs.renameSync(tmp, dir);
    } catch (err) {
      removeQuietly(tmp);
      throw err;
    }
  } else {
    // The directory holds clusters: swap the two root files in, key first, each atomically.
    const tmp = makeTempDir(dir, 'root');
    try {
      writeRootFiles(tmp, material);
      await opts.hooks?.beforeCommit?.({ kind: 'import-root', target: dir, tempDir: tmp });
      fs.renameSync(path.join(tmp, ROOT_KEY_FILE), path.join(dir, ROOT_KEY_FILE));
      fs.renameSync(path.join(tmp, ROOT_CERT_FILE), path.join(dir, ROOT_CERT_FILE));
    } finally {
      removeQuietly(tmp);
    }
  }
  return { kind: 'root', written: [ROOT_CERT_FILE, ROOT_KEY_FILE], clustersNotUnderRoot: clustersNotUnder(dir, cert) };
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
  if (exists) {
    const current = readClusterCa(dir, cluster);
    if (CLUSTER_CA_FILES.every((_, i) => [current.caCert, current.caKey, current.rootCert, current.certChain][i] === [files.caCert, files.caKey, files.rootCert, files.certChain][i])) {
      return { kind: 'intermediate', written: [], clustersNotUnderRoot: [] };
    }
    if (!opts.force) {
      throw new PkiError(`${path.join(clusterDir, CA_KEY_FILE)}: cluster ${cluster} already has an intermediate CA; keep it, or pass force: true (--force) to replace it (the old files go to ${path.join(clusterDir, PREVIOUS_DIR)})`, path.join(clusterDir, CA_KEY_FILE));
    }
  }
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const tmp = makeTempDir(dir, `new-${cluster}`);
  try {
    writeClusterFiles(tmp, files);
    if (exists) writeClusterFiles(path.join(tmp, PREVIOUS_DIR), readClusterCa(dir, cluster));
    await opts.hooks?.beforeCommit?.({ kind: 'import-intermediate', target: clusterDir, tempDir: tmp });
    if (exists) swapDir(dir, cluster, tmp); else fs.renameSync(tmp, clusterDir);
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  return { kind: 'intermediate', written: CLUSTER_CA_FILES.map((f) => path.join(cluster, f)), clustersNotUnderRoot: [] };
}

/* ----------------------------------------------------------------------------------- */
/* status                                                                               */
/* ----------------------------------------------------------------------------------- */

export type PkiProblemCode =
  | 'missing' | 'unreadable' | 'expired' | 'not-yet-valid' | 'expires-soon'
  | 'chain-broken' | 'key-mismatch' | 'not-ca' | 'root-mismatch';

export interface PkiProblem {
  /** error: istiod would fail or trust breaks; warning: act soon. */
  readonly severity: 'error' | 'warning';
  readonly code: PkiProblemCode;
  /** One line: the file, what is wrong, the fix. */
  readonly message: string;
}

export interface CertificateInfo {
  /** e.g. "O=Istio, CN=Intermediate CA, L=cluster1" */
  readonly subject: string;
  readonly issuer: string;
  /** ISO 8601 */
  readonly notBefore: string;
  /** ISO 8601 */
  readonly notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  readonly daysLeft: number;
}

export interface RootStatus {
  /** Absent when root-cert.pem is missing or unreadable. */
  readonly certificate?: CertificateInfo;
  readonly hasKey: boolean;
  readonly problems: PkiProblem[];
}

export interface ClusterStatus {
  readonly cluster: string;
  /** The intermediate (ca-cert.pem); absent when missing or unreadable. */
  readonly certificate?: CertificateInfo;
  readonly problems: PkiProblem[];
}

export interface PkiStatus {
  readonly dir: string;
  readonly root: RootStatus;
  readonly clusters: ClusterStatus[];
  /** True when no problem of severity error was found. */
  readonly ok: boolean;
}

export interface PkiStatusOptions {
  /**
   * A certificate with fewer days left than this gets an `expires-soon` warning.
   * @default 30
   */
  readonly warnDays?: number;
}

/**
 * The state of the PKI for the given clusters: subject, issuer, validity and problems of
 * the root and of each intermediate. Pure data, reads only.
 */
export function pkiStatus(dir: string, clusters: readonly string[], now: Date = new Date(), opts: PkiStatusOptions = {}): PkiStatus {
  const warnDays = opts.warnDays ?? 30;
  const names = checkClusterNames(clusters);
  const rootStatus = statusOfRoot(dir, now, warnDays);
  const clusterStatuses = names.map((c) => statusOfCluster(dir, c, now, warnDays));
  const ok = [rootStatus.problems, ...clusterStatuses.map((s) => s.problems)].every((ps) => ps.every((p) => p.severity !== 'error'));
  return { dir, root: { certificate: rootStatus.certificate, hasKey: rootStatus.hasKey, problems: rootStatus.problems }, clusters: clusterStatuses, ok };
}

function statusOfRoot(dir: string, now: Date, warnDays: number): RootStatus & { cert?: crypto.X509Certificate } {
  const certPath = path.join(dir, ROOT_CERT_FILE);
  const keyPath = path.join(dir, ROOT_KEY_FILE);
  const problems: PkiProblem[] = [];
  const hasKey = fs.existsSync(keyPath);
  if (!fs.existsSync(certPath)) {
    // Provided intermediates without the root in the PKI are fine; the clusters say more.
    if (hasKey) problems.push(problem('error', 'missing', `${certPath}: missing while ${ROOT_KEY_FILE} is there; restore the root certificate`));
    return { hasKey, problems };
  }
  const loaded = tryLoadCert(certPath, problems);
  if (!loaded) return { hasKey, problems };
  validityProblems(loaded, certPath, now, warnDays, problems, 'root');
  if (!loaded.ca) problems.push(problem('error', 'not-ca', `${certPath}: has no CA:true basic constraint; replace it with a CA certificate`));
  if (hasKey) {
    try {
      if (!keyMatchesCertificate(parsePrivateKey(fs.readFileSync(keyPath, 'utf8'), keyPath), loaded)) {
        problems.push(problem('error', 'key-mismatch', `${keyPath}: does not match ${ROOT_CERT_FILE}; restore the matching root key`));
      }
    } catch (err) {
      problems.push(problem('error', 'unreadable', reason(err)));
    }
  }
  return { certificate: info(loaded, now), hasKey, problems, cert: loaded };
}

function statusOfCluster(dir: string, cluster: string, now: Date, warnDays: number): ClusterStatus {
  const clusterDir = path.join(dir, cluster);
  const problems: PkiProblem[] = [];
  const rotate = `run "meshgen ca rotate --cluster ${cluster}"`;
  const missing = CLUSTER_CA_FILES.filter((f) => !fs.existsSync(path.join(clusterDir, f)));
  if (missing.length === CLUSTER_CA_FILES.length) {
    problems.push(problem('error', 'missing', `${clusterDir}: no intermediate CA for ${cluster}; run "meshgen ca init"`));
    return { cluster, problems };
  }
  for (const f of missing) {
    problems.push(problem('error', 'missing', `${path.join(clusterDir, f)}: missing; restore it or ${rotate}`));
  }
  const caCertPath = path.join(clusterDir, CA_CERT_FILE);
  const cert = missing.includes(CA_CERT_FILE) ? undefined : tryLoadCert(caCertPath, problems);
  if (!cert) return { cluster, problems };

  validityProblems(cert, caCertPath, now, warnDays, problems, rotate);
  if (!cert.ca) problems.push(problem('error', 'not-ca', `${caCertPath}: has no CA:true basic constraint, so istiod cannot sign with it; ${rotate}`));
  const keyPath = path.join(clusterDir, CA_KEY_FILE);
  if (!missing.includes(CA_KEY_FILE)) {
    try {
      if (!keyMatchesCertificate(parsePrivateKey(fs.readFileSync(keyPath, 'utf8'), keyPath), cert)) {
        problems.push(problem('error', 'key-mismatch', `${keyPath}: does not match ${CA_CERT_FILE}; restore the matching key or ${rotate}`));
      }
    } catch (err) {
      problems.push(problem('error', 'unreadable', `${reason(err).replace(/;.*$/, '')}; restore it or ${rotate}`));
    }
  }
  const rootPath = path.join(clusterDir, ROOT_CERT_FILE);
  const root = missing.includes(ROOT_CERT_FILE) ? undefined : tryLoadCert(rootPath, problems);
  if (root) {
    const pkiRootPath = path.join(dir, ROOT_CERT_FILE);
    if (fs.existsSync(pkiRootPath)) {
      try {
        const pkiRoot = parseCertificate(fs.readFileSync(pkiRootPath, 'utf8'), pkiRootPath);
        if (!sameCertificate(pkiRoot, root)) {
          problems.push(problem('error', 'root-mismatch', `${rootPath}: is not the PKI root ${pkiRootPath}, so ${cluster} would not trust the other clusters; ${rotate}`));
        }
      } catch { /* reported with the root */ }
    }
    if (!isIssuedBy(cert, root)) {
      const chainPath = path.join(clusterDir, CERT_CHAIN_FILE);
      let linked = false;
      try { linked = chainLinksTo(cert, parseCertificates(fs.readFileSync(chainPath, 'utf8'), chainPath), root); } catch { /* below */ }
      if (!linked) problems.push(problem('error', 'chain-broken', `${caCertPath}: is not signed by ${ROOT_CERT_FILE} ("${oneLineName(root.subject)}"); ${rotate}`));
    }
    if (!missing.includes(CERT_CHAIN_FILE)) {
      const chainPath = path.join(clusterDir, CERT_CHAIN_FILE);
      try {
        const issue = chainProblem(cert, parseCertificates(fs.readFileSync(chainPath, 'utf8'), chainPath), root);
        if (issue) problems.push(problem('error', 'chain-broken', `${chainPath}: ${issue}; ${rotate}`));
      } catch (err) {
        problems.push(problem('error', 'unreadable', reason(err)));
      }
    }
  }
  return { cluster, certificate: info(cert, now), problems };
}

/* ----------------------------------------------------------------------------------- */
/* internals                                                                            */
/* ----------------------------------------------------------------------------------- */

type RootState = { kind: 'none' } | { kind: 'both' } | { kind: 'cert-only' } | { kind: 'key-only' };

function readRootState(dir: string): RootState {
  const cert = fs.existsSync(path.join(dir, ROOT_CERT_FILE));
  const key = fs.existsSync(path.join(dir, ROOT_KEY_FILE));
  if (cert && key) return { kind: 'both' };
  if (cert) return { kind: 'cert-only' };
  if (key) return { kind: 'key-only' };
  return { kind: 'none' };
}

/** Loads and checks the root pair; throws PkiError when a file is missing or they differ. */
function loadRoot(dir: string, state: RootState): CaMaterial {
  const certPath = path.join(dir, ROOT_CERT_FILE);
  const keyPath = path.join(dir, ROOT_KEY_FILE);
  if (state.kind === 'cert-only') {
    throw new PkiError(`${keyPath}: missing next to ${ROOT_CERT_FILE}, so no intermediate can be signed; restore the root key, or import the root with "meshgen ca import --root-cert ... --root-key ..."`, keyPath);
  }
  if (state.kind === 'key-only') {
    throw new PkiError(`${certPath}: missing next to ${ROOT_KEY_FILE}; restore the root certificate, or move ${dir} away to start a new PKI`, certPath);
  }
  const certPem = fs.readFileSync(certPath, 'utf8');
  const keyPem = fs.readFileSync(keyPath, 'utf8');
  const cert = parseCertificate(certPem, certPath);
  const key = parsePrivateKey(keyPem, keyPath);
  if (!keyMatchesCertificate(key, cert)) {
    throw new PkiError(`${keyPath}: does not match ${ROOT_CERT_FILE}; restore the matching root key (every intermediate depends on it)`, keyPath);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new PkiError(`${keyPath}: is a ${key.asymmetricKeyType} key; meshgen signs intermediates with RSA roots only, so provide the intermediates yourself ("meshgen ca import --cluster ...")`, keyPath);
  }
  return { certPem, keyPem };
}

function checkClusterNames(clusters: readonly string[]): string[] {
  clusters.forEach((c, i) => {
    if (typeof c !== 'string' || !isDnsLabel(c) || c === PREVIOUS_DIR) {
      throw new PkiError(`clusters[${i}]: "${c}" is not a valid cluster name for the PKI; use lowercase letters, digits and '-' (e.g. cluster1), not "${PREVIOUS_DIR}"`, `clusters[${i}]`);
    }
  });
  return [...new Set(clusters)].sort();
}

function checkClusterComplete(dir: string, cluster: string): void {
  for (const f of CLUSTER_CA_FILES) {
    const p = path.join(dir, cluster, f);
    if (!fs.existsSync(p)) {
      throw new PkiError(`${p}: missing from the intermediate CA of ${cluster}; restore it, or run "meshgen ca rotate --cluster ${cluster}" to make a new intermediate`, p);
    }
  }
}

function listClusterDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

function isEmptyDir(dir: string): boolean {
  return fs.readdirSync(dir).length === 0;
}

/** Undoes what an interrupted run left: temp directories, and a half-done swap. */
function recoverInterrupted(dir: string): void {
  const parent = path.dirname(path.resolve(dir));
  const base = path.basename(path.resolve(dir));
  if (fs.existsSync(parent)) {
    for (const name of fs.readdirSync(parent)) {
      if (name.startsWith(`.${base}${TMP_PREFIX}`)) removeQuietly(path.join(parent, name));
    }
  }
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir).sort()) {
    if (!name.startsWith(TMP_PREFIX)) continue;
    const full = path.join(dir, name);
    const old = /^\.tmp-old-(.+)-[A-Za-z0-9]{6}$/.exec(name);
    if (old && !fs.existsSync(path.join(dir, old[1]))) {
      fs.renameSync(full, path.join(dir, old[1])); // the swap died between its two renames
    } else {
      removeQuietly(full);
    }
  }
}

async function generateKeys(names: string[], profile: ResolvedProfile, progress: (m: string) => void): Promise<Map<string, RsaKeyPem>> {
  const keys = await Promise.all(names.map((name) => {
    progress(`generating ${name === '' ? 'root CA' : `intermediate CA for ${name}`} key (RSA ${profile.keySize})`);
    return generateRsaKey(profile.keySize);
  }));
  return new Map(names.map((n, i) => [n, keys[i]]));
}

function intermediateMaterial(cluster: string, key: RsaKeyPem, root: CaMaterial, profile: ResolvedProfile, now: Date): ClusterCaFiles {
  const caCert = buildIntermediateCertificate(cluster, key, root, profile, now);
  const rootCert = ensureTrailingNewline(root.certPem);
  return { caCert, caKey: key.privateKeyPem, rootCert, certChain: caCert + rootCert };
}

async function createFreshPki(
  dir: string, clusters: string[], profile: ResolvedProfile, now: Date,
  progress: (m: string) => void, hooks?: PkiHooks,
): Promise<void> {
  // The root key and all intermediate keys are independent: make them all at once.
  const keys = await generateKeys(['', ...clusters], profile, progress);
  const rootKey = keys.get('')!;
  const root: CaMaterial = { certPem: buildRootCertificate(rootKey, profile, now), keyPem: rootKey.privateKeyPem };
  const tmp = makeSiblingTempDir(dir);
  try {
    writeRootFiles(tmp, root);
    for (const cluster of clusters) {
      writeClusterFiles(path.join(tmp, cluster), intermediateMaterial(cluster, keys.get(cluster)!, root, profile, now));
    }
    await hooks?.beforeCommit?.({ kind: 'pki', target: dir, tempDir: tmp });
    fs.renameSync(tmp, dir); // replaces an empty <dir> too (POSIX rename)
    fsyncDir(path.dirname(path.resolve(dir)));
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  progress(`wrote the root CA and ${clusters.length} intermediate CA(s) to ${dir}`);
}

async function commitNewCluster(
  dir: string, cluster: string, key: RsaKeyPem, root: CaMaterial, profile: ResolvedProfile, now: Date,
  progress: (m: string) => void, hooks?: PkiHooks,
): Promise<void> {
  const target = path.join(dir, cluster);
  const tmp = makeTempDir(dir, `new-${cluster}`);
  try {
    writeClusterFiles(tmp, intermediateMaterial(cluster, key, root, profile, now));
    await hooks?.beforeCommit?.({ kind: 'cluster', target, tempDir: tmp });
    fs.renameSync(tmp, target);
    fsyncDir(dir);
  } catch (err) {
    removeQuietly(tmp);
    throw err;
  }
  progress(`wrote the intermediate CA of ${cluster} to ${target}`);
}

/** Replaces <dir>/<name> by `tmp`: rename the old one aside, the new one in, drop the old. */
function swapDir(dir: string, name: string, tmp: string): void {
  const target = path.join(dir, name);
  const aside = path.join(dir, `${TMP_PREFIX}old-${name}-${crypto.randomBytes(3).toString('hex')}`);
  fs.renameSync(target, aside);
  fs.renameSync(tmp, target); // a crash between the renames is undone by recoverInterrupted
  fsyncDir(dir);
  removeQuietly(aside);
}

function makeTempDir(dir: string, label: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  const tmp = path.join(dir, `${TMP_PREFIX}${label}-${crypto.randomBytes(3).toString('hex')}`);
  fs.mkdirSync(tmp, { mode: DIR_MODE });
  return tmp;
}

function makeSiblingTempDir(dir: string): string {
  const abs = path.resolve(dir);
  fs.mkdirSync(path.dirname(abs), { recursive: true, mode: DIR_MODE });
  return fs.mkdtempSync(path.join(path.dirname(abs), `.${path.basename(abs)}${TMP_PREFIX}`)); // 0700
}

function writeRootFiles(dir: string, root: CaMaterial): void {
  writeDurable(path.join(dir, ROOT_KEY_FILE), root.keyPem, KEY_MODE);
  writeDurable(path.join(dir, ROOT_CERT_FILE), ensureTrailingNewline(root.certPem), CERT_MODE);
}

function writeClusterFiles(dir: string, files: ClusterCaFiles): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  writeDurable(path.join(dir, CA_CERT_FILE), files.caCert, CERT_MODE);
  writeDurable(path.join(dir, CA_KEY_FILE), files.caKey, KEY_MODE);
  writeDurable(path.join(dir, ROOT_CERT_FILE), files.rootCert, CERT_MODE);
  writeDurable(path.join(dir, CERT_CHAIN_FILE), files.certChain, CERT_MODE);
}

/** Writes a new file with its final mode and flushes it to disk before any rename. */
function writeDurable(file: string, data: string, mode: number): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    fs.writeSync(fd, data);
    fs.fchmodSync(fd, mode); // not widened by an unusual umask, not narrowed either
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
  } catch { /* not supported on every platform; the rename is still atomic */ }
}

function removeQuietly(p: string): void {
  try { fs.rmSync(p, { recursive: true, force: true }); } catch { /* best effort */ }
}

function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PkiError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${reason(err)})`}; check the path`, file);
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
}

function chainLinksTo(leaf: crypto.X509Certificate, chain: crypto.X509Certificate[], root: crypto.X509Certificate): boolean {
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

function ensureTrailingNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

function tryLoadCert(file: string, problems: PkiProblem[]): crypto.X509Certificate | undefined {
  try {
    return parseCertificate(fs.readFileSync(file, 'utf8'), file);
  } catch (err) {
    problems.push(problem('error', 'unreadable', reason(err)));
    return undefined;
  }
}

function validityProblems(cert: crypto.X509Certificate, file: string, now: Date, warnDays: number, problems: PkiProblem[], fix: string): void {
  const left = daysLeft(cert, now);
  const action = fix === 'root' ? 'make a new root and rotate every cluster (plan a root rotation)' : fix;
  if (isExpired(cert, now)) {
    problems.push(problem('error', 'expired', `${file}: expired on ${notAfterIso(cert)}; ${action}`));
  } else if (isNotYetValid(cert, now)) {
    problems.push(problem('error', 'not-yet-valid', `${file}: not valid before ${new Date(cert.validFrom).toISOString()}; check the clock`));
  } else if (left < warnDays) {
    problems.push(problem('warning', 'expires-soon', `${file}: expires in ${left} day(s), on ${notAfterIso(cert)}; ${action}`));
  }
}

function info(cert: crypto.X509Certificate, now: Date): CertificateInfo {
  return {
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: notAfterIso(cert),
    daysLeft: daysLeft(cert, now),
  };
}

function problem(severity: PkiProblem['severity'], code: PkiProblemCode, message: string): PkiProblem {
  return { severity, code, message };
}
